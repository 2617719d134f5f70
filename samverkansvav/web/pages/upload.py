"""Ladda upp page (being built)."""

from __future__ import annotations

from dash import html

from samverkansvav.web.i18n import TEXTS, t
from samverkansvav.web.page import Page, PageContext

TEXTS.update({"nav.upload": {"sv": "Ladda upp", "en": "Upload"}})


def layout(ctx: PageContext):
    return html.Div(html.H2(t("nav.upload", ctx.lang)))


PAGE = Page(path="/ladda-upp", nav_key="nav.upload", layout=layout)
