"""Nätverk: the cooperation network in dash-cytoscape, with preset (seeded) positions.

URL: ``/natverk?vy=projektion|bipartit&fokus=<kod>&lan=<code>``.
"""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate
import dash_cytoscape as cyto

from samverkansvav.figures.network import bipartite_elements, network_stylesheet, projection_elements
from samverkansvav.figures.palette import FORM_COLOURS, FORM_SHAPES
from samverkansvav.web import ids
from samverkansvav.web.components import kommun_options, lan_dropdown, message
from samverkansvav.web.i18n import form_labels, t
from samverkansvav.web.page import Page, PageContext, QueryParam, context_for

__all__ = ["PAGE", "MODES", "MAX_NODES", "MAX_EDGES", "render_network", "strongest_edges", "layout", "register"]

PATH = "/natverk"
MODES: tuple[str, ...] = ("projektion", "bipartit")
#: Above these sizes the picture is unreadable and the payload heavy: ask for a narrower view.
MAX_NODES = 1500
MAX_EDGES = 3000


def strongest_edges(bundle, *, focus: str | None = None, lan: str | None = None, limit: int = MAX_EDGES):
    """Co-membership edges to draw: the focus's neighbourhood or a län's members, strongest first.

    At most ``limit`` edges; the focus's own edges are always kept. National
    arrangements join every municipality to every other, so without a limit the
    picture (and the page) would drown in tens of thousands of edges.
    """
    edges = bundle.comembership
    if focus:
        near = set(edges.loc[edges["a"] == focus, "b"]) | set(edges.loc[edges["b"] == focus, "a"]) | {focus}
        edges = edges[edges["a"].isin(near) & edges["b"].isin(near)]
    elif lan:
        arr_ids = bundle.arrangements_by_lan.get(lan, frozenset())
        keep = set(bundle.memberships.loc[bundle.memberships["arrangement_id"].isin(arr_ids), "party_id"])
        edges = edges[edges["a"].isin(keep) & edges["b"].isin(keep)]
    if len(edges) <= limit:
        return edges
    own = (edges["a"] == focus) | (edges["b"] == focus) if focus else pd.Series(False, index=edges.index)
    rest = edges[~own]  # the bundle keeps co-membership sorted strongest first
    return pd.concat([edges[own], rest.head(max(limit - int(own.sum()), 0))])


def _nodes(bundle):
    frame = bundle.metrics[["namn"]].rename(columns={"namn": "name"})
    frame = frame.loc[frame.index.isin(bundle.member_ids)]
    return frame.assign(community=[bundle.communities.get(p) for p in frame.index])


def render_network(bundle, *, mode: str | None, focus: str | None, lan: str | None, lang: str):
    """Cytoscape elements and a note (a plain function: tests call it)."""
    mode = mode if mode in MODES else MODES[0]
    if bundle.memberships.empty:
        return [], message(t("empty.no_data", lang))
    if focus and focus not in bundle.member_ids:
        name = bundle.name(focus)
        return [], message(t("empty.no_arrangements", lang, name=name))
    nodes = _nodes(bundle)
    if mode == "projektion":
        edges = strongest_edges(bundle, focus=focus, lan=lan)
        keep = set(edges["a"]) | set(edges["b"]) | ({focus} if focus else set())
        nodes = nodes.loc[nodes.index.isin(keep)]
        elements = projection_elements(nodes, edges, bundle.projection_positions(), focus=focus)
    else:
        mem = bundle.memberships[["arrangement_id", "party_id"]]
        positions = bundle.bipartite_positions()
        if lan and not focus:
            mem = mem[mem["arrangement_id"].isin(bundle.arrangements_by_lan.get(lan, frozenset()))]
        n_nodes = mem["arrangement_id"].nunique() + mem["party_id"].nunique()
        if not focus and n_nodes > MAX_NODES:
            return [], message(t("empty.network_too_big", lang, n=n_nodes), kind="warning")
        elements = bipartite_elements(nodes, bundle.arrangements[["name", "form"]], mem, positions,
                                      form_labels=form_labels(lang), focus=focus)
        note = None
    if not elements:
        return [], message(t("empty.filtered", lang), kind="warning")
    n_edges = sum(1 for e in elements if "source" in e["data"])
    note = html.P(t("network.summary", lang, n=len(elements) - n_edges, e=n_edges), className="muted")
    return elements, note


def _legend(lang: str) -> html.Div:
    labels = form_labels(lang)
    shape_names = {"round-rectangle": "▢", "diamond": "◆", "triangle": "▲", "hexagon": "⬢", "star": "★",
                   "pentagon": "⬟", "octagon": "⯃", "vee": "V"}
    items = [html.Span([html.Span("●", style={"color": "#777"}), t("network.shape.kommun", lang)],
                       className="legend-item")]
    items += [html.Span([html.Span(shape_names.get(FORM_SHAPES[f], "■"), style={"color": FORM_COLOURS[f]}),
                         labels[f]], className="legend-item") for f in FORM_SHAPES]
    return html.Div([html.B(t("network.legend_forms", lang) + ": ")] + items, className="legend")


def layout(ctx: PageContext):
    lang, bundle = ctx.lang, ctx.bundle
    mode = ctx.param("vy", MODES[0])
    mode = mode if mode in MODES else MODES[0]
    focus = ctx.param("fokus")
    lan = ctx.param("lan")
    elements, note = render_network(bundle, mode=mode, focus=focus, lan=lan, lang=lang)
    return html.Div([
        html.H2(t("network.title", lang)),
        html.P(t("network.intro", lang), className="intro"),
        html.Div([
            html.Div([html.Label(t("filter.mode", lang)),
                      dcc.RadioItems(id=ids.NET_MODE, value=mode, inline=True,
                                     options=[{"label": " " + t(f"mode.{m}", lang), "value": m} for m in MODES])],
                     className="control"),
            html.Div([html.Label(t("filter.focus", lang), htmlFor=ids.NET_FOCUS),
                      dcc.Dropdown(id=ids.NET_FOCUS, value=focus, options=kommun_options(bundle),
                                   placeholder=t("filter.municipality_placeholder", lang))], className="control"),
            lan_dropdown(ids.NET_LAN, bundle, lan, lang),
            html.Div([html.Button(t("network.png", lang), id=ids.NET_PNG, className="btn", n_clicks=0)],
                     className="control", style={"flex": "0 0 auto", "minWidth": "auto"}),
        ], className="controls"),
        _legend(lang),
        html.Div(note, id=ids.NET_MESSAGE),
        cyto.Cytoscape(id=ids.NET_GRAPH, elements=elements, layout={"name": "preset", "fit": True},
                       stylesheet=network_stylesheet(), className="cy", minZoom=0.05, maxZoom=5),
    ])


def register(app, state) -> None:
    @app.callback(Output(ids.NET_GRAPH, "elements"), Output(ids.NET_MESSAGE, "children"),
                  Input(ids.NET_MODE, "value"), Input(ids.NET_FOCUS, "value"), Input(ids.NET_LAN, "value"),
                  State(ids.URL, "search"), prevent_initial_call=True)
    def _network(mode, focus, lan, search):
        c = context_for(state, search)
        return render_network(c.bundle, mode=mode, focus=focus, lan=lan, lang=c.lang)

    @app.callback(Output(ids.NET_GRAPH, "generateImage"), Input(ids.NET_PNG, "n_clicks"),
                  prevent_initial_call=True)
    def _png(n_clicks):
        if not n_clicks:
            raise PreventUpdate
        return {"type": "png", "action": "download", "filename": "samverkansnatverk"}


PAGE = Page(path=PATH, nav_key="nav.natverk", layout=layout, register=register, params=(
    QueryParam("vy", ids.NET_MODE), QueryParam("fokus", ids.NET_FOCUS), QueryParam("lan", ids.NET_LAN)))
