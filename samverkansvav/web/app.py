"""The app factory: ``create_app(config=None, *, web=None) -> dash.Dash``.

Routing is our own (one ``dcc.Location`` and a router callback) rather than
``dash.page_registry``: the registry is process-global, and tests build many
apps side by side. Each call of :func:`create_app` makes a new app with its own
:class:`~samverkansvav.web.data.DataState`; nothing is shared between apps.

URL handling, in short:

- the router renders navbar + page from ``pathname`` and ``search``;
- page controls write their selection into ``search`` silently (the router sees
  the URL it was told about in the ``url-state`` store and does not re-render);
- the language switch and the date picker change ``search`` *without* telling
  the store, so the router re-renders everything in the new language / on the
  new date;
- links and map clicks change ``pathname`` (and ``search``): a normal navigation.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dash import MATCH, Dash, Input, Output, State, ctx, html
from dash.exceptions import PreventUpdate

from samverkansvav.config import Config, load_config
from samverkansvav.model import CooperationWeb, empty_web
from samverkansvav.web import ids
from samverkansvav.web.auth import install_auth
from samverkansvav.web.components import export_table, message
from samverkansvav.web.data import DataState, today
from samverkansvav.web.i18n import APP_LANGUAGE_KEY, app_language, normalise_lang, t
from samverkansvav.web.layout import navbar, shell
from samverkansvav.web.page import Page, build_query, context_for, parse_date, parse_query
from samverkansvav.web.pages import load_pages

__all__ = ["create_app", "render", "sync_query", "switch_language", "switch_date", "load_boundaries"]

log = logging.getLogger(__name__)


def load_boundaries(path: str | Path | None) -> dict | None:
    """The boundary GeoJSON (coordinates rounded), or ``None`` when not configured or unreadable."""
    if not path:
        return None
    from samverkansvav.figures.map import simplify_geojson

    try:
        with open(path, encoding="utf-8") as handle:
            return simplify_geojson(json.load(handle))
    except (OSError, ValueError) as exc:
        # A missing boundary file must not stop the dashboard: the map is clean without it.
        log.warning("Kommungränser kunde inte läsas från %s: %s", path, exc)
        return None


def _page_for(pages: Sequence[Page], pathname: str | None) -> Page | None:
    path = (pathname or "/").rstrip("/") or "/"
    for page in pages:
        if page.path == path:
            return page
    return None


def render(
    pages: Sequence[Page], state: DataState, pathname: str | None, search: str | None
) -> tuple[list, Any]:
    """Navbar and page content for a URL (the router, as a plain function).

    An unknown path gives a "not found" note; an exception in a page gives a
    short message (logged with its traceback on the server), never a traceback
    in the browser.
    """
    query = parse_query(search)
    lang = normalise_lang(query.get("lang"))
    on = parse_date(query.get("datum"), today())
    nav = navbar(pages, pathname or "/", query, lang, on)
    page = _page_for(pages, pathname)
    if page is None:
        return nav, html.Div([html.H2(t("notfound.title", lang)), message(t("notfound.text", lang))])
    try:
        ctx = context_for(state, search)
        if not page.cache_layout:
            return nav, page.layout(ctx)
        key = (page.path, lang, build_query(dict(sorted(query.items()))))
        return nav, ctx.bundle.cached_layout(key, lambda: page.layout(ctx))
    except Exception:  # noqa: BLE001 - the user gets a message, the log gets the traceback
        log.exception("Vyn %s kunde inte visas (sökning %r)", page.path, search)
        return nav, html.Div(
            [html.H2(t("error.title", lang)), message(t("error.text", lang), kind="warning")]
        )


def sync_query(search: str | None, params: dict[str, Any]) -> str:
    """``search`` with ``params`` set (``None``/empty removes one), normalised."""
    query: dict[str, Any] = parse_query(search)
    for key, value in params.items():
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value if v not in (None, ""))
        query[key] = value
    return build_query(query)


def switch_language(lang: str | None, search: str | None) -> str:
    """The query string after choosing ``lang`` (the app's default language is left out)."""
    lang = normalise_lang(lang)
    return sync_query(search, {"lang": None if lang == app_language() else lang})


def switch_date(date: str | None, search: str | None, *, default: dt.date | None = None) -> str:
    """The query string after choosing an analysis date (today is the default and left out)."""
    default = default or today()
    chosen = parse_date(date, default)
    return sync_query(search, {"datum": None if chosen == default else chosen.isoformat()})


def _register_shell(app: Dash, pages: Sequence[Page], state: DataState) -> None:
    @app.callback(
        Output(ids.NAVBAR, "children"),
        Output(ids.PAGE, "children"),
        Output(ids.URL_STATE, "data"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
        State(ids.URL_STATE, "data"),
    )
    def _route(pathname, search, url_state):
        if pathname is None:
            raise PreventUpdate
        search = search or ""
        if url_state and url_state.get("path") == pathname and url_state.get("search") == search:
            raise PreventUpdate  # the page itself wrote this URL: nothing to re-render
        nav, content = render(pages, state, pathname, search)
        return nav, content, {"path": pathname, "search": search}

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.LANG, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _language(lang, search):
        new = switch_language(lang, search)
        if new == (search or ""):
            raise PreventUpdate
        return new

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.DATE, "date"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _date(date, search):
        new = switch_date(date, search)
        if new == (search or ""):
            raise PreventUpdate
        return new

    @app.callback(
        Output(ids.download(MATCH), "data"),
        Input(ids.excel_button(MATCH), "n_clicks"),
        Input(ids.csv_button(MATCH), "n_clicks"),
        State(ids.grid(MATCH), "virtualRowData"),
        State(ids.grid(MATCH), "rowData"),
        State(ids.grid(MATCH), "columnDefs"),
        prevent_initial_call=True,
    )
    def _download(_excel, _csv, visible_rows, all_rows, column_defs):
        trigger = ctx.triggered_id
        if not trigger or not ctx.triggered[0].get("value"):
            raise PreventUpdate
        kind = "excel" if trigger["type"] == "excel-button" else "csv"
        rows = visible_rows if visible_rows is not None else all_rows
        return export_table(kind, rows, column_defs, trigger["name"])

    for page in pages:
        if page.params:
            _register_sync(app, page)


def _register_sync(app: Dash, page: Page) -> None:
    """Mirror a page's controls into the URL query without re-rendering the page."""

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.URL_STATE, "data", allow_duplicate=True),
        [Input(p.component_id, p.prop) for p in page.params],
        State(ids.URL, "search"),
        State(ids.URL, "pathname"),
        prevent_initial_call=True,
    )
    def _sync(*args):
        *values, search, pathname = args
        if ((pathname or "/").rstrip("/") or "/") != page.path:
            raise PreventUpdate
        new = sync_query(search, {p.name: v for p, v in zip(page.params, values)})
        if new == (search or ""):
            raise PreventUpdate
        return new, {"path": pathname, "search": new}


def _base_web(config: Config) -> CooperationWeb:
    """The data every stored register is merged onto: the demo data, or no arrangements."""
    from samverkansvav.reference import load_parties

    parties = load_parties(config.parties_file) if config.parties_file else None
    if config.include_demo_data:
        from samverkansvav.demo import load_demo_web

        return load_demo_web(parties)
    return empty_web(parties if parties is not None else load_parties())


def _stored_web(config: Config, base: CooperationWeb):
    """Open the register store and merge its latest versions onto ``base``.

    A store that cannot be opened (read-only disk, database down) must not stop
    the reading views: the dashboard starts on ``base`` and the upload page says
    what is wrong when someone tries to save.
    """
    from samverkansvav.store import Store
    from samverkansvav.web.data import StoredSource

    try:
        store = Store.from_config(config)
        source = StoredSource(store, base)
        generation = source.generation()
        web, found = source.load()
        return store, (web, found, source, generation)
    except Exception:  # noqa: BLE001 - any store failure degrades to read-only
        log.exception("Registerdatabasen kunde inte öppnas; visar bara grunddatan.")
        return None, (base, (), None, None)


def create_app(config: Config | None = None, *, web: CooperationWeb | None = None) -> Dash:
    """A new dashboard app on ``web``.

    Without ``web`` the app shows the stored registers (the database named by
    ``config``) merged onto the embedded demo data (unless
    ``config.include_demo_data`` is off); with ``web`` it shows exactly that web
    (tests, ``app.py --data``) and opens the store only when someone uploads.

    ``config`` defaults to :func:`~samverkansvav.config.load_config` (environment
    settings). ``config.boundaries_geojson`` draws municipal boundaries on the
    map; ``config.parties_file`` replaces the reference parties of the demo data.
    The app's data lives in ``app.server.config["SAMVERKANSVAV_STATE"]`` (a
    :class:`DataState`; an upload page swaps the dataset with ``set_web``).
    """
    config = config or load_config()
    store = base_web = source = None
    found: tuple = ()
    if web is None:
        base_web = _base_web(config)
        store, (web, found, source, generation) = _stored_web(config, base_web)
    state = DataState(web, boundaries=load_boundaries(config.boundaries_geojson), disagreements=found)
    if source is not None:
        # Every worker follows the database: a save through any worker is served by all.
        state.follow(source, generation=generation)
    pages = load_pages()
    app = Dash(
        __name__,
        title="Samverkansväv",
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
        assets_folder=str(Path(__file__).resolve().parent / "assets"),
    )
    app.layout = shell()
    _register_shell(app, pages, state)
    for page in pages:
        if page.register is not None:
            page.register(app, state)
    app.server.config["SAMVERKANSVAV_STATE"] = state
    app.server.config["SAMVERKANSVAV_CONFIG"] = config
    app.server.config[APP_LANGUAGE_KEY] = config.language
    app.server.config["SAMVERKANSVAV_PAGES"] = pages
    if store is not None:
        # The upload page merges newly saved registers onto the same base data.
        app.server.config["SAMVERKANSVAV_STORE"] = store
        app.server.config["SAMVERKANSVAV_BASE_WEB"] = base_web
    install_auth(app, config)
    # Warm the default bundle, its network layout and every page's default view so
    # the first visitor does not wait (gunicorn's preload shares them with workers).
    state.bundle().projection_positions()
    with app.server.app_context():  # so the views are warmed in the app's own language
        for page in pages:
            if page.cache_layout:
                render(pages, state, page.path, "")
    return app
