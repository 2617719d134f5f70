"""The page shell: URL, navigation bar (built from the page registry), language and date.

The navigation bar is re-rendered with the page by the router, so its labels
follow the language and its links keep ``lang`` and ``datum`` in the URL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from dash import dcc, html
from dash.exceptions import PreventUpdate

from samverkansvav.web import ids
from samverkansvav.web.i18n import LANGUAGES, t
from samverkansvav.web.page import Page, build_query, parse_query

__all__ = ["shell", "navbar", "nav_href", "profile_location", "kommun_links", "GLOBAL_PARAMS"]

#: Query parameters that survive navigation between pages.
GLOBAL_PARAMS: tuple[str, ...] = ("lang", "datum")


def shell() -> html.Div:
    """The static app layout; the router fills the navbar and the page."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dcc.Store(id=ids.URL_STATE, data=None),
            html.Header(id=ids.NAVBAR, className="navbar"),
            html.Main(id=ids.PAGE, className="page"),
        ],
        className="app",
    )


def nav_href(path: str, query: Mapping[str, str], **extra: str) -> str:
    """``path`` with the global query parameters of ``query`` (and ``extra``) kept."""
    kept = {k: v for k, v in query.items() if k in GLOBAL_PARAMS}
    kept.update(extra)
    return path + build_query(kept)


def profile_location(kod: str | None, search: str | None) -> tuple[str, str]:
    """Pathname and query of the profile of ``kod`` (language and date kept); nothing when empty.

    Examples
    --------
    >>> profile_location("0180", "?lang=en&lan=01&datum=2024-01-01")
    ('/kommun', '?datum=2024-01-01&kod=0180&lang=en')
    """
    if not kod:
        raise PreventUpdate
    href = nav_href("/kommun", parse_query(search), kod=str(kod))
    path, _, query = href.partition("?")
    return path, ("?" + query) if query else ""


def kommun_links(
    kod: str, query: Mapping[str, str], lang: str, targets: Sequence[tuple[str, str, str, str]]
) -> html.Div:
    """Buttons that open ``kod`` in other views, the page's language and date kept.

    ``targets`` are ``(i18n key of the text, path, query parameter naming kod, id)``.
    """
    return html.Div(
        [
            dcc.Link(
                t(text_key, lang),
                href=nav_href(path, query, **{param: kod}),
                className="btn panel-link",
                id=link_id,
            )
            for text_key, path, param, link_id in targets
        ],
        className="panel-links",
    )


def navbar(pages: Sequence[Page], pathname: str, query: Mapping[str, str], lang: str, on: dt.date) -> list:
    """Brand, one link per registered page, the date picker and the language switch."""
    links = []
    for page in pages:
        if not page.in_nav:
            continue
        active = pathname == page.path or (page.path == "/" and pathname in ("", "/"))
        links.append(
            dcc.Link(
                t(page.nav_key, lang),
                href=nav_href(page.path, query),
                className="nav-link active" if active else "nav-link",
                id=f"nav-{page.path.strip('/') or 'oversikt'}",
            )
        )
    return [
        html.Div(
            [
                html.Span(t("app.title", lang), className="brand"),
                html.Span(t("app.tagline", lang), className="tagline"),
            ],
            className="brand-block",
        ),
        html.Nav(links, className="nav-links"),
        html.Div(
            [
                html.Label(
                    [t("date.label", lang)],
                    htmlFor=ids.DATE,
                    className="control-label",
                    title=t("date.help", lang),
                ),
                dcc.DatePickerSingle(
                    id=ids.DATE,
                    date=on.isoformat(),
                    display_format="YYYY-MM-DD",
                    first_day_of_week=1,
                    clearable=False,
                ),
            ],
            className="nav-control",
        ),
        html.Div(
            [
                html.Span(t("lang.label", lang), className="control-label"),
                dcc.RadioItems(
                    id=ids.LANG,
                    options=[{"label": " Svenska", "value": "sv"}, {"label": " English", "value": "en"}],
                    value=lang if lang in LANGUAGES else "sv",
                    inline=True,
                    className="lang-switch",
                    inputClassName="lang-input",
                ),
            ],
            className="nav-control",
        ),
    ]
