"""Scenario: what happens if a municipality leaves, or a host stops providing.

URL: ``/scenario?typ=utträde&kod=<kommunkod>&arr=<id>,<id>`` (``arr`` empty = every
current arrangement of the municipality), ``/scenario?typ=värd&kod=<kommunkod>`` or
``/scenario?typ=ansluta&kod=<kommunkod>&omrade=<område>`` (where could the
municipality join: the current arrangements of that area it is not in, nearest
first, and the municipalities already hosting the area).

The scenario itself is computed per request by :mod:`samverkansvav.scenarios`
(it is what the user asked for, and it takes well under a second on the demo
data); the map, the network layout and the names come from the precomputed
bundle. The result is shown beside the current state: the map and the network
with the lost links marked, the before/after figures, the per-arrangement
outcome, the cost table, the functions to rebuild, who loses their only provider
and the checklist per arrangement (in the page's language, from the checklist
table's Swedish and English columns; legal references as Swedish law writes
them). "Ladda ner Excel" exports every part as its own sheet, after a cover
sheet, in the page's language, through :func:`.scenario_export.scenario_workbook`;
"Skriv ut" opens the browser's print dialog (controls carry the ``no-print`` class).

The page is three modules: this one (layout, callbacks, the page entry),
:mod:`.scenario_render` (selection, computation, rendered content, download) and
:mod:`.scenario_tables` (display tables); their entry points are importable from
here. Its texts (keys ``scenario.*``) live in :mod:`..i18n` with every other label;
the words of a result come from :mod:`samverkansvav.scenarios.text`.

Examples
--------
>>> checklist_topic("Förbundsordning", "en"), checklist_topic("Förbundsordning", "sv")
('Federation charter', 'Förbundsordning')
>>> checklist_topic("Något nytt", "en")  # a topic the checklist table does not know stays
'Något nytt'
"""

from __future__ import annotations

from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from samverkansvav.web import ids
from samverkansvav.web.components import (
    capped_options,
    control,
    municipality_dropdown,
    party_options,
    register_option_search,
    searchable_dropdown,
)
from samverkansvav.web.i18n import t
from samverkansvav.web.page import Page, PageContext, QueryParam, context_for
from samverkansvav.web.pages.scenario_render import (
    EXIT,
    HOST,
    JOIN,
    KINDS,
    area_options,
    arrangement_options,
    compute_scenario,
    lost_links,
    match_area,
    normalise_kind,
    render_scenario,
    scenario_download,
    scenario_elements,
)
from samverkansvav.web.pages.scenario_tables import (
    checklist_topic,
    exit_tables,
    format_km,
    format_kr,
    format_percent,
    host_tables,
    join_tables,
)

__all__ = [
    "PAGE",
    "PATH",
    "EXIT",
    "HOST",
    "JOIN",
    "KINDS",
    "PRINT_JS",
    "normalise_kind",
    "format_kr",
    "format_percent",
    "format_km",
    "checklist_topic",
    "arrangement_options",
    "area_options",
    "match_area",
    "join_tables",
    "compute_scenario",
    "lost_links",
    "scenario_elements",
    "exit_tables",
    "host_tables",
    "render_scenario",
    "scenario_download",
    "layout",
    "arrangement_choices",
    "register",
]

PATH = "/scenario"
#: Clientside print: the browser's own print dialog gives a clean PDF.
PRINT_JS = "function(n) { if (n) { window.print(); } return n || 0; }"


# ------------------------------------------------------------------ page
def layout(ctx: PageContext):
    lang, bundle = ctx.lang, ctx.bundle
    raw_kind = ctx.param("typ")
    kind = normalise_kind(raw_kind) or EXIT
    kod = ctx.param("kod")
    arr = ctx.param_list("arr")
    area = ctx.param("omrade")
    areas = area_options(bundle)
    options = arrangement_options(bundle, kod, lang)
    known_options = {o["value"] for o in options}
    return html.Div(
        [
            html.H2(t("scenario.title", lang)),
            html.P(t("scenario.intro", lang), className="intro no-print"),
            html.Div(
                [
                    control(
                        t("scenario.type", lang),
                        dcc.RadioItems(
                            id=ids.SCENARIO_TYPE,
                            value=kind,
                            options=[
                                {"label": " " + t(f"scenario.type.{k}", lang), "value": k} for k in KINDS
                            ],
                        ),
                        label_for=False,
                    ),
                    control(
                        t("scenario.kommun", lang),
                        municipality_dropdown(ids.SCENARIO_KOMMUN, bundle, lang, value=kod),
                    ),
                    control(
                        t("scenario.arrangements", lang),
                        searchable_dropdown(
                            ids.SCENARIO_ARRANGEMENTS,
                            options,
                            multi=True,
                            value=[a for a in arr if a in known_options],
                            placeholder=t("scenario.arrangements_all", lang),
                        ),
                        help_text=t("scenario.arrangements_help", lang),
                        id=ids.SCENARIO_ARRANGEMENTS_BLOCK,
                        style=_block_style(kind, EXIT),
                    ),
                    control(
                        t("scenario.area", lang),
                        dcc.Dropdown(
                            id=ids.SCENARIO_AREA,
                            options=areas,
                            value=match_area(bundle, area) if area else None,
                            placeholder=t("scenario.area_placeholder", lang),
                        ),
                        id=ids.SCENARIO_AREA_BLOCK,
                        style=_block_style(kind, JOIN),
                    ),
                    html.Div(
                        [
                            html.Button(
                                t("scenario.excel", lang), id=ids.SCENARIO_EXCEL, className="btn", n_clicks=0
                            ),
                            html.Button(
                                t("scenario.print", lang),
                                id=ids.SCENARIO_PRINT,
                                className="btn btn-light",
                                n_clicks=0,
                            ),
                            dcc.Download(id=ids.SCENARIO_DOWNLOAD),
                            dcc.Store(id=ids.SCENARIO_PRINTED, data=0),
                        ],
                        className="control table-actions",
                        style={"flex": "0 0 auto", "minWidth": "auto"},
                    ),
                ],
                className="controls no-print",
            ),
            html.Div(
                render_scenario(
                    bundle,
                    kind=raw_kind,
                    kod=kod,
                    arrangement_ids=arr,
                    lang=lang,
                    boundaries=ctx.boundaries,
                    area=area,
                ),
                id=ids.SCENARIO_CONTENT,
            ),
        ]
    )


def _block_style(kind: str | None, shown_for: str) -> dict:
    """Show a control block only for the scenario type it belongs to (hidden, not removed:
    the URL sync and the callbacks need every control in the page)."""
    return {} if (normalise_kind(kind) or EXIT) == shown_for else {"display": "none"}


def arrangement_choices(state, kod: str | None, search: str | None) -> tuple[list[dict], list]:
    """The arrangement options sent when ``kod`` is chosen (the first of them), and the choice.

    A new municipality starts from "all its arrangements" (an empty choice); typing
    in the dropdown finds the rest (:func:`register_option_search`).
    """
    c = context_for(state, search)
    return capped_options(arrangement_options(c.bundle, kod, c.lang)), []


def register(app, state) -> None:
    @app.callback(
        Output(ids.SCENARIO_ARRANGEMENTS, "options"),
        Output(ids.SCENARIO_ARRANGEMENTS, "value"),
        Input(ids.SCENARIO_KOMMUN, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _choices(kod, search):
        return arrangement_choices(state, kod, search)

    # The arrangements are searched among the chosen municipality's own; the scenario
    # type does not change that list (the block is only shown for an exit).
    register_option_search(
        app,
        ids.SCENARIO_ARRANGEMENTS,
        state,
        arrangement_options,
        depends_on=[State(ids.SCENARIO_KOMMUN, "value")],
        allow_duplicate=True,
        localised=True,
    )
    register_option_search(app, ids.SCENARIO_KOMMUN, state, party_options)

    @app.callback(
        Output(ids.SCENARIO_ARRANGEMENTS_BLOCK, "style"),
        Output(ids.SCENARIO_AREA_BLOCK, "style"),
        Input(ids.SCENARIO_TYPE, "value"),
        prevent_initial_call=True,
    )
    def _blocks(kind):
        return _block_style(kind, EXIT), _block_style(kind, JOIN)

    @app.callback(
        Output(ids.SCENARIO_CONTENT, "children"),
        Input(ids.SCENARIO_TYPE, "value"),
        Input(ids.SCENARIO_KOMMUN, "value"),
        Input(ids.SCENARIO_ARRANGEMENTS, "value"),
        Input(ids.SCENARIO_AREA, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _render(kind, kod, arrangement_ids, area, search):
        c = context_for(state, search)
        return render_scenario(
            c.bundle,
            kind=kind,
            kod=kod,
            arrangement_ids=arrangement_ids,
            lang=c.lang,
            boundaries=c.boundaries,
            area=area,
        )

    @app.callback(
        Output(ids.SCENARIO_DOWNLOAD, "data"),
        Input(ids.SCENARIO_EXCEL, "n_clicks"),
        State(ids.SCENARIO_TYPE, "value"),
        State(ids.SCENARIO_KOMMUN, "value"),
        State(ids.SCENARIO_ARRANGEMENTS, "value"),
        State(ids.SCENARIO_AREA, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _excel(n_clicks, kind, kod, arrangement_ids, area, search):
        if not n_clicks:
            raise PreventUpdate
        c = context_for(state, search)
        data = scenario_download(
            c.bundle, kind=kind, kod=kod, arrangement_ids=arrangement_ids, lang=c.lang, area=area
        )
        if data is None:
            raise PreventUpdate
        return data

    app.clientside_callback(
        PRINT_JS,
        Output(ids.SCENARIO_PRINTED, "data"),
        Input(ids.SCENARIO_PRINT, "n_clicks"),
        prevent_initial_call=True,
    )


PAGE = Page(
    path=PATH,
    nav_key="nav.scenario",
    layout=layout,
    register=register,
    params=(
        QueryParam("typ", ids.SCENARIO_TYPE),
        QueryParam("kod", ids.SCENARIO_KOMMUN),
        QueryParam("arr", ids.SCENARIO_ARRANGEMENTS, multi=True),
        QueryParam("omrade", ids.SCENARIO_AREA),
    ),
)
