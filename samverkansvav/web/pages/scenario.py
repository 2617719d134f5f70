"""Scenario page (being built)."""

from __future__ import annotations

from dash import html

from samverkansvav.web.i18n import TEXTS, t
from samverkansvav.web.page import Page, PageContext

TEXTS.update({"nav.scenario": {"sv": "Scenario", "en": "Scenario"}})


def layout(ctx: PageContext):
    return html.Div(html.H2(t("nav.scenario", ctx.lang)))


PAGE = Page(path="/scenario", nav_key="nav.scenario", layout=layout)
