"""Nätverk: the cooperation network in dash-cytoscape, laid out for reading.

URL: ``/natverk?vy=projektion|bipartit&fokus=<kod>&lan=<code>``.

Positions, node sizes and which names are shown are computed in Python
(:func:`samverkansvav.figures.network.place_nodes`, seeded) and cached per view.
Hovering a node names it with its figures (client-side, no round trip);
clicking it opens a side panel with its arrangements, partners and dependency
and links on to the profile, the map and the scenario.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import dash_cytoscape as cyto
import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from samverkansvav.figures.network import kommun_nodes, place_nodes, tie_edges, view_elements, view_stylesheet
from samverkansvav.figures.palette import FORM_COLOURS, FORM_SHAPES, community_colour
from samverkansvav.web import ids
from samverkansvav.web.components import (
    control,
    lan_dropdown,
    message,
    municipality_dropdown,
    party_options,
    register_option_search,
)
from samverkansvav.web.i18n import form_labels, t
from samverkansvav.web.layout import kommun_links, nav_href
from samverkansvav.web.page import Page, PageContext, QueryParam, context_for, parse_query

if TYPE_CHECKING:
    from samverkansvav.web.data import Bundle

__all__ = [
    "PAGE",
    "MODES",
    "MAX_NODES",
    "MAX_EDGES",
    "PANEL_ID",
    "HOVER_ID",
    "render_network",
    "node_panel",
    "strongest_edges",
    "layout",
    "register",
]

PATH = "/natverk"
MODES: tuple[str, ...] = ("projektion", "bipartit")
#: Above these sizes the picture is unreadable and the payload heavy: ask for a narrower view.
MAX_NODES = 1500
MAX_EDGES = 3000
#: Component ids of this page only.
PANEL_ID = "network-panel"
PANEL_CLOSE = "network-panel-close"
HOVER_ID = "network-hover"
#: Groups named in the note under the controls.
SHOWN_GROUPS = 8
#: Items listed per heading in the side panel.
PANEL_ITEMS = 12


def strongest_edges(
    bundle: Bundle,
    *,
    focus: str | None = None,
    lan: str | None = None,
    limit: int = MAX_EDGES,
    parties: frozenset[str] | None = None,
):
    """Co-membership edges to draw: the focus's neighbourhood or a län's members, strongest first.

    At most ``limit`` edges; the focus's own edges are always kept. National
    arrangements join every municipality to every other, so without a limit the
    picture (and the page) would drown in tens of thousands of edges. ``parties``
    keeps only edges between those parties (``None`` = all).
    """
    edges = bundle.comembership
    if parties is not None:
        edges = edges[edges["a"].isin(parties) & edges["b"].isin(parties)]
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


def _pct(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):.0%}"


def _kommun_nodes(bundle: Bundle, party_ids, lang: str) -> pd.DataFrame:
    metrics = bundle.metrics
    hover = {}
    for pid in party_ids:
        m = metrics.loc[pid] if pid in metrics.index else None
        hover[pid] = t(
            "network.hover_kommun",
            lang,
            name=bundle.name(pid),
            n=int(m["n_arrangements"]) if m is not None else 0,
            p=int(m["n_partners"]) if m is not None else 0,
            d=_pct(m["dependency_share"]) if m is not None else "–",
        )
    return kommun_nodes(
        party_ids,
        name=bundle.name,
        n_arrangements=metrics["n_arrangements"],
        communities=bundle.communities,
        hover=hover,
    )


def _view(bundle: Bundle, *, mode: str, focus: str | None, lan: str | None, lang: str):
    """Nodes and edges of one view (before placement), or ``None`` when it is too big."""
    if mode == "projektion":
        # Only municipalities: a region or a national agency in every samordningsförbund
        # would otherwise sit in the middle as the biggest hub and pull the picture
        # together; the bipartite view shows them with their arrangements.
        kommuner = frozenset(bundle.kommun_ids)
        edges = strongest_edges(bundle, focus=focus, lan=lan, parties=kommuner)
        keep = set(edges["a"]) | set(edges["b"]) | ({focus} if focus else set())
        if not focus and not lan:
            keep |= set(bundle.member_ids) & kommuner
        return _kommun_nodes(bundle, keep, lang), tie_edges(edges)
    mem = bundle.memberships[["arrangement_id", "party_id"]]
    if focus:
        mem = mem[mem["arrangement_id"].isin(set(mem.loc[mem["party_id"] == focus, "arrangement_id"]))]
    elif lan:
        mem = mem[mem["arrangement_id"].isin(bundle.arrangements_by_lan.get(lan, frozenset()))]
    if not focus and mem["arrangement_id"].nunique() + mem["party_id"].nunique() > MAX_NODES:
        return None
    nodes = _kommun_nodes(bundle, set(mem["party_id"]), lang)
    labels = form_labels(lang)
    arr = bundle.arrangements.loc[sorted(set(mem["arrangement_id"]))]
    arr_nodes = pd.DataFrame(
        {
            # Long arrangement names on a few short lines (cytoscape breaks at the newlines).
            "label": [textwrap.fill(str(n), width=28, break_long_words=False) for n in arr["name"]],
            "kind": "arrangemang",
            "importance": arr["n_members"].astype(float).to_numpy(),
            "colour": [FORM_COLOURS.get(f, "#777777") for f in arr["form"]],
            "hover": [
                t("network.hover_arrangement", lang, name=n, form=labels.get(f, f), m=int(k))
                for n, f, k in zip(arr["name"], arr["form"], arr["n_members"])
            ],
            "form": arr["form"].astype(str).to_numpy(),
        },
        index=pd.Index([f"a:{a}" for a in arr.index], dtype=object),
    )
    nodes = pd.concat([nodes, arr_nodes])
    edge_frame = pd.DataFrame(
        {
            "id": [f"m:{a}|{p}" for a, p in zip(mem["arrangement_id"], mem["party_id"])],
            "source": mem["party_id"].astype(str).to_numpy(),
            "target": [f"a:{a}" for a in mem["arrangement_id"]],
            "weight": 1,
        }
    )
    return nodes, edge_frame


def _placed(
    bundle: Bundle, nodes: pd.DataFrame, edges: pd.DataFrame, *, key: tuple, focus: str | None
) -> pd.DataFrame:
    def compute():
        frame = nodes[["label", "importance"]].assign(
            group=[
                bundle.communities.get(k) if kind == "kommun" else None
                for k, kind in zip(nodes.index, nodes["kind"])
            ]
        )
        return place_nodes(frame, zip(edges["source"], edges["target"], edges["weight"]), focus=focus)

    return bundle._cached(("natverk-view",) + key, compute)


def _groups(bundle: Bundle, nodes: pd.DataFrame, lang: str) -> html.Div | None:
    """Swatches of the groups (communities) in the view, each named by its busiest member."""
    kommuner = nodes[nodes["kind"] == "kommun"]
    if kommuner.empty:
        return None
    frame = kommuner.assign(group=[bundle.communities.get(p) for p in kommuner.index])
    frame = frame[frame["group"].notna()]
    if frame.empty:
        return None
    sizes = frame.groupby("group").size().sort_values(ascending=False, kind="stable")
    items = []
    for group in sizes.index[:SHOWN_GROUPS]:
        members = frame[frame["group"] == group].sort_values(["importance", "label"], ascending=[False, True])
        name = str(members["label"].iloc[0])
        items.append(
            html.Span(
                [
                    html.Span(
                        className="swatch swatch-round", style={"background": community_colour(int(group))}
                    ),
                    t("network.group_named", lang, name=name, n=len(members)),
                ],
                className="legend-item",
            )
        )
    return html.Div([html.B(t("network.groups", lang) + ": ")] + items, className="legend")


def render_network(bundle: Bundle, *, mode: str | None, focus: str | None, lan: str | None, lang: str):
    """Cytoscape elements and a note with the view's groups (a plain function: tests call it)."""
    mode = mode if mode in MODES else MODES[0]
    if bundle.memberships.empty:
        return [], message(t("empty.no_data", lang))
    if focus and focus not in bundle.member_ids:
        return [], message(t("empty.no_arrangements", lang, name=bundle.name(focus)))
    view = _view(bundle, mode=mode, focus=focus, lan=lan, lang=lang)
    if view is None:
        n = bundle.memberships["arrangement_id"].nunique() + bundle.memberships["party_id"].nunique()
        return [], message(t("empty.network_too_big", lang, n=n), kind="warning")
    nodes, edges = view
    if nodes.empty:
        return [], message(t("empty.filtered", lang), kind="warning")
    placed = _placed(bundle, nodes, edges, key=(mode, focus or "", lan or ""), focus=focus)
    elements = view_elements(nodes, edges, placed, focus=focus)
    n_edges = sum(1 for e in elements if "source" in e["data"])
    note = html.Div(
        [
            html.P(
                t(
                    "network.summary_labels",
                    lang,
                    n=len(nodes),
                    e=n_edges,
                    shown=int(placed["labelled"].sum()),
                ),
                className="muted",
            ),
            _groups(bundle, nodes, lang),
        ]
    )
    return elements, note


def _legend(lang: str, mode: str) -> html.Div:
    items = [
        html.Span(
            [
                html.Span(className="swatch swatch-round", style={"background": "#bbbbbb"}),
                t("network.legend_colour", lang),
            ],
            className="legend-item",
        ),
        html.Span(t("network.legend_size", lang), className="legend-item"),
        html.Span(t("network.legend_edges", lang), className="legend-item"),
        html.Span(t("network.legend_click", lang), className="legend-item"),
    ]
    if mode == "bipartit":
        labels = form_labels(lang)
        shape_names = {
            "round-rectangle": "▢",
            "diamond": "◆",
            "triangle": "▲",
            "hexagon": "⬢",
            "star": "★",
            "pentagon": "⬟",
            "octagon": "⯃",
            "vee": "V",
        }
        items += [
            html.Span(
                [
                    html.Span(shape_names.get(FORM_SHAPES[f], "■"), style={"color": FORM_COLOURS[f]}),
                    labels[f],
                ],
                className="legend-item",
            )
            for f in FORM_SHAPES
        ]
    return html.Div(
        [html.B(t("network.legend", lang) + ": ")] + items, className="legend", id="network-legend"
    )


# ------------------------------------------------------------------ the side panel
def _links(kod: str, query: dict, lang: str) -> html.Div:
    return kommun_links(
        kod,
        query,
        lang,
        [
            ("network.link_profile", "/kommun", "kod", "network-link-profile"),
            ("network.link_map", "/karta", "fokus", "network-link-map"),
            ("network.link_ego", "/natverk", "fokus", "network-link-ego"),
            ("network.link_scenario", "/scenario", "kod", "network-link-scenario"),
        ],
    )


def _arrangement_panel(bundle: Bundle, aid: str, query: dict, lang: str) -> list:
    if aid not in bundle.arrangements.index:
        return []
    a = bundle.arrangements.loc[aid]
    labels = form_labels(lang)
    provider = (
        a["provider_name"] if isinstance(a["provider_name"], str) else t("network.provider_unknown", lang)
    )
    members = sorted(a["members"], key=bundle.name)
    return [
        html.H3(str(a["name"])),
        html.P(
            f"{labels.get(a['form'], a['form'])} · {a['area'] if isinstance(a['area'], str) else '–'}",
            className="muted",
        ),
        html.P([html.B(t("col.provider", lang) + ": "), str(provider)]),
        html.H4(t("network.panel_members", lang, n=len(members))),
        html.Ul([html.Li(dcc.Link(bundle.name(m), href=nav_href("/kommun", query, kod=m))) for m in members]),
    ]


def node_panel(bundle: Bundle, node_id: str | None, *, lang: str, search: str | None = None) -> list:
    """The side panel of a clicked node (a plain function: tests call it).

    A municipality: its figures, arrangements, strongest partners, the providers it
    depends on (with unknown providers in the same place), and links to its
    profile, the map, its own network and the exit scenario. An arrangement: form,
    provider and members.
    """
    if not node_id:
        return []
    query = parse_query(search)
    node_id = str(node_id)
    if node_id.startswith("a:"):
        body = _arrangement_panel(bundle, node_id[2:], query, lang)
    else:
        body = _kommun_panel(bundle, node_id, query, lang)
    if not body:
        return []
    close = html.Button(
        "×", id=PANEL_CLOSE, className="panel-close", title=t("network.panel_close", lang), n_clicks=0
    )
    return [close] + body


def _kommun_panel(bundle: Bundle, kod: str, query: dict, lang: str) -> list:
    if kod not in bundle.metrics.index:
        return []
    m = bundle.metrics.loc[kod]
    labels = form_labels(lang)
    own = bundle.memberships[bundle.memberships["party_id"] == kod].sort_values(["name", "arrangement_id"])
    arrangements = [
        html.Li([str(n), html.Span(f" · {labels.get(f, f)}", className="muted")])
        for n, f in zip(own["name"], own["form"])
    ]
    edges = bundle.comembership
    mine = edges[(edges["a"] == kod) | (edges["b"] == kod)]
    partners = mine.assign(other=mine["a"].where(mine["a"] != kod, mine["b"]))
    partners = partners.assign(other_name=partners["other"].map(bundle.name)).sort_values(
        ["shared", "other_name"], ascending=[False, True]
    )
    partner_items = [
        html.Li(t("network.partner_shared", lang, name=n, n=int(s)))
        for n, s in zip(partners["other_name"].head(PANEL_ITEMS), partners["shared"].head(PANEL_ITEMS))
    ]
    dep = bundle.dependency_edges
    dep = dep[dep["member"] == kod]
    providers = (
        dep.groupby("provider")["arrangement_id"].nunique().sort_values(ascending=False, kind="stable")
    )
    dep_items = [
        html.Li(t("network.depends_on", lang, name=bundle.name(p), n=int(n)))
        for p, n in providers.head(PANEL_ITEMS).items()
    ]
    unknown = int(m.get("n_unknown_provider", 0) or 0)
    if unknown:
        dep_items.append(
            html.Li(t("network.unknown_providers", lang, n=unknown), className="unknown-provider")
        )

    def more(items, total):
        if total > PANEL_ITEMS:
            items = items + [html.Li(t("network.more", lang, n=total - PANEL_ITEMS), className="muted")]
        return items

    return [
        html.H3(bundle.name(kod), id="network-panel-title"),
        html.P(
            t(
                "network.hover_kommun",
                lang,
                name=bundle.name(kod),
                n=int(m["n_arrangements"]),
                p=int(m["n_partners"]),
                d=_pct(m["dependency_share"]),
            ),
            className="muted",
        ),
        _links(kod, query, lang),
        html.H4(t("network.panel_arrangements", lang, n=len(arrangements))),
        html.Ul(more(arrangements[:PANEL_ITEMS], len(arrangements))),
        html.H4(t("network.panel_partners", lang, n=len(partners))),
        html.Ul(more(partner_items, len(partners))),
        html.H4(t("network.panel_dependency", lang)),
        html.Ul(dep_items) if dep_items else html.P(t("network.no_dependency", lang), className="muted"),
    ]


def layout(ctx: PageContext):
    lang, bundle = ctx.lang, ctx.bundle
    mode = ctx.param("vy", MODES[0])
    mode = mode if mode in MODES else MODES[0]
    focus = ctx.param("fokus")
    lan = ctx.param("lan")
    elements, note = render_network(bundle, mode=mode, focus=focus, lan=lan, lang=lang)
    return html.Div(
        [
            html.H2(t("network.title", lang)),
            html.P(t("network.intro_readable", lang), className="intro"),
            html.Div(
                [
                    control(
                        t("filter.mode", lang),
                        dcc.RadioItems(
                            id=ids.NET_MODE,
                            value=mode,
                            inline=True,
                            options=[{"label": " " + t(f"mode.{m}", lang), "value": m} for m in MODES],
                        ),
                        label_for=False,
                    ),
                    control(
                        t("filter.focus", lang),
                        municipality_dropdown(ids.NET_FOCUS, bundle, lang, value=focus),
                    ),
                    lan_dropdown(ids.NET_LAN, bundle, lan, lang),
                    html.Div(
                        [html.Button(t("network.png", lang), id=ids.NET_PNG, className="btn", n_clicks=0)],
                        className="control",
                        style={"flex": "0 0 auto", "minWidth": "auto"},
                    ),
                ],
                className="controls",
            ),
            html.Div(
                [
                    cyto.Cytoscape(
                        id=ids.NET_GRAPH,
                        elements=elements,
                        layout={"name": "preset", "fit": True, "padding": 24},
                        stylesheet=view_stylesheet(),
                        className="cy cy-view",
                        minZoom=0.1,
                        maxZoom=4,
                        # dash-cytoscape's default inline style is a fixed 600 × 600 px square.
                        style={"width": "100%", "height": "calc(100vh - 300px)", "minHeight": "540px"},
                        boxSelectionEnabled=False,
                        autoungrabify=True,
                    ),
                    html.Div(id=HOVER_ID, className="network-hover", role="status"),
                    html.Aside(id=PANEL_ID, className="network-panel", **{"aria-live": "polite"}),
                ],
                className="network-stage",
            ),
            # Legend and groups under the canvas: the picture starts above the fold.
            _legend(lang, mode),
            html.Div(note, id=ids.NET_MESSAGE),
        ]
    )


def register(app, state) -> None:
    register_option_search(app, ids.NET_FOCUS, state, party_options)

    @app.callback(
        Output(ids.NET_GRAPH, "elements"),
        Output(ids.NET_MESSAGE, "children"),
        Output(PANEL_ID, "children", allow_duplicate=True),
        Input(ids.NET_MODE, "value"),
        Input(ids.NET_FOCUS, "value"),
        Input(ids.NET_LAN, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _network(mode, focus, lan, search):
        c = context_for(state, search)
        elements, note = render_network(c.bundle, mode=mode, focus=focus, lan=lan, lang=c.lang)
        return elements, note, []

    @app.callback(
        Output(PANEL_ID, "children"),
        Input(ids.NET_GRAPH, "tapNodeData"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _panel(node, search):
        if not node:
            raise PreventUpdate
        c = context_for(state, search)
        return node_panel(c.bundle, node.get("id"), lang=c.lang, search=search)

    @app.callback(
        Output(PANEL_ID, "children", allow_duplicate=True),
        Input(PANEL_CLOSE, "n_clicks"),
        prevent_initial_call=True,
    )
    def _close(n_clicks):
        if not n_clicks:
            raise PreventUpdate
        return []

    # Hover text is in the node's data: shown in the browser without a round trip.
    app.clientside_callback(
        "function(node) { return node && node.hover ? node.hover : ''; }",
        Output(HOVER_ID, "children"),
        Input(ids.NET_GRAPH, "mouseoverNodeData"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.NET_GRAPH, "generateImage"), Input(ids.NET_PNG, "n_clicks"), prevent_initial_call=True
    )
    def _png(n_clicks):
        if not n_clicks:
            raise PreventUpdate
        return {"type": "png", "action": "download", "filename": "samverkansnatverk"}


PAGE = Page(
    path=PATH,
    nav_key="nav.natverk",
    layout=layout,
    register=register,
    params=(
        QueryParam("vy", ids.NET_MODE),
        QueryParam("fokus", ids.NET_FOCUS),
        QueryParam("lan", ids.NET_LAN),
    ),
)
