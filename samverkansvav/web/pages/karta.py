"""Karta: municipalities at their coordinates, each arrangement a star from its provider.

URL: ``/karta?matt=<metric>&former=a,b&omraden=x,y&lan=<code>&fokus=<kod>&kommuner=a,b``.
A county (``lan``), a municipality with its partners (``fokus``) or an own
selection (``kommuner``, as on Översikt) is zoomed to and named. Clicking a
municipality (or choosing one in the list) opens ``/kommun?kod=<kod>``.
"""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from samverkansvav.figures.svgmap import cooperation_map
from samverkansvav.model import has_area
from samverkansvav.web import ids
from samverkansvav.web.components import graph, kommun_options, lan_dropdown, message
from samverkansvav.web.i18n import app_language, form_labels, t
from samverkansvav.web.layout import nav_href
from samverkansvav.web.page import Page, PageContext, QueryParam, context_for, parse_query

__all__ = [
    "PAGE",
    "METRICS",
    "MAX_STAR_MEMBERS",
    "map_stars",
    "map_points",
    "map_focus",
    "render_map",
    "map_update",
    "profile_target",
    "layout",
    "register",
]

PATH = "/karta"
#: Component id of the "municipality and its partners" chooser (this page only).
MAP_FOCUS = "map-focus"
MAP_KOMMUNER = "map-kommuner"
#: Arrangements with more members than this are not drawn (a national star would cover the map).
MAX_STAR_MEMBERS = 120
#: Metrics the map can colour by (the first is the default) and how their steps are cut.
METRICS: tuple[str, ...] = (
    "systemledningsindex",
    "n_arrangements",
    "n_partners",
    "dependency_share",
    "provider_hhi",
    "population",
)
METRIC_KIND: dict[str, str] = {
    "n_arrangements": "count",
    "n_partners": "count",
    "dependency_share": "share",
    "population": "count",
}


def _arrangements(
    bundle, *, forms=None, areas=None, lan: str | None = None, fokus: str | None = None, kommuner=None
) -> pd.DataFrame:
    arr = bundle.arrangements
    if kommuner:
        arr = arr[arr.index.isin(bundle.region_arrangement_ids(list(kommuner)) or set())]
    if forms:
        arr = arr[arr["form"].isin(set(forms))]
    if areas:
        arr = arr[arr["area"].map(lambda value: has_area(value, areas))]
    if lan:
        arr = arr[arr.index.isin(bundle.arrangements_by_lan.get(lan, frozenset()))]
    if fokus:
        mine = set(bundle.memberships.loc[bundle.memberships["party_id"] == fokus, "arrangement_id"])
        arr = arr[arr.index.isin(mine)]
    return arr


def _coords(bundle) -> pd.DataFrame:
    parties = bundle.parties
    return parties.loc[parties["lat"].notna() & parties["lon"].notna(), ["lat", "lon"]].astype(float)


def map_stars(
    bundle,
    *,
    forms=None,
    areas=None,
    lan: str | None = None,
    fokus: str | None = None,
    kommuner=None,
    lang: str = "sv",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Spokes and hubs of the arrangements after the filters.

    Every arrangement is a star from its provider: the host municipality for
    host-based forms, else the seat (``seat``) when it is a municipality with
    coordinates, else the centre of its members. One spoke per member that is not
    the hub itself. Returns ``(stars, hubs)``: stars with ``arrangement_id``,
    ``member``, ``hub_id`` (the host's party id, or empty), ``form``, ``hub_lat``,
    ``hub_lon``, ``lat``, ``lon``, ``hover``;
    hubs (seats and centres, not municipalities) with ``arrangement_id``, ``form``,
    ``lat``, ``lon``, ``hover``.
    """
    arr = _arrangements(bundle, forms=forms, areas=areas, lan=lan, fokus=fokus, kommuner=kommuner)
    arr = arr[arr["n_members"] <= MAX_STAR_MEMBERS]
    coords = _coords(bundle)
    labels = form_labels(lang)
    star_rows, hub_rows = [], []
    for aid, a in zip(arr.index, arr.to_dict("records")):
        members = [m for m in a["members"] if m in coords.index]
        if len(members) < 2 and not (
            len(members) == 1 and a["provider"] in coords.index and a["provider"] != members[0]
        ):
            continue
        provider, seat = a["provider"], a.get("seat")
        form_label = labels.get(a["form"], a["form"])
        if isinstance(provider, str) and provider in coords.index:
            hub, hub_id = coords.loc[provider], provider
            who = t("map.provider_host", lang, name=bundle.name(provider))
        elif isinstance(seat, str) and seat in coords.index:
            hub, hub_id = coords.loc[seat], None
            who = t("map.provider_seat", lang, name=a["provider_name"] or a["name"], seat=bundle.name(seat))
        else:
            hub, hub_id = coords.loc[members].mean(), None
            who = (
                t("map.provider_none", lang)
                if a["form"] == "informell"
                else t("map.provider_entity", lang, name=a["provider_name"])
                if isinstance(a["provider_name"], str)
                else t("map.provider_unknown", lang)
            )
        hover = f"<b>{a['name']}</b><br>{form_label}<br>{who}"
        if hub_id is None:
            hub_rows.append(
                {
                    "arrangement_id": aid,
                    "form": a["form"],
                    "lat": float(hub["lat"]),
                    "lon": float(hub["lon"]),
                    "hover": hover,
                }
            )
        for m in members:
            if m == hub_id:
                continue
            star_rows.append(
                {
                    "arrangement_id": aid,
                    "member": m,
                    "hub_id": hub_id or "",
                    "form": a["form"],
                    "hub_lat": float(hub["lat"]),
                    "hub_lon": float(hub["lon"]),
                    "lat": float(coords.at[m, "lat"]),
                    "lon": float(coords.at[m, "lon"]),
                    "hover": hover + "<br>" + t("map.member", lang, name=bundle.name(m)),
                }
            )
    stars = pd.DataFrame(
        star_rows,
        columns=["arrangement_id", "member", "hub_id", "form", "hub_lat", "hub_lon", "lat", "lon", "hover"],
    )
    hubs = pd.DataFrame(hub_rows, columns=["arrangement_id", "form", "lat", "lon", "hover"])
    return stars, hubs


def map_points(bundle, metric: str) -> pd.DataFrame:
    """Every municipality (all are drawn, for context), with the metric in ``value``."""
    parties = bundle.parties
    shown = [p for p in bundle.kommun_ids if p in parties.index]
    points = parties.loc[
        shown, ["name", "lat", "lon", "population", "population_year", "population_precision"]
    ].copy()
    if metric == "population":
        points["value"] = pd.to_numeric(points["population"], errors="coerce")
    else:
        points["value"] = bundle.metrics[metric].reindex(points.index).astype(float)
    return points


def map_focus(
    bundle, *, lan: str | None, fokus: str | None, stars: pd.DataFrame, kommuner=None
) -> list[str] | None:
    """Party ids to zoom to and name: a municipality and its partners on the map, an own
    selection of municipalities, or a county's municipalities."""
    if fokus and fokus in bundle.parties.index:
        return sorted({fokus} | set(stars["member"]))
    picked = [k for k in (kommuner or []) if k in bundle.parties.index]
    if picked:
        return sorted(set(picked))
    if lan:
        return bundle.region_party_ids(lan=lan) or None
    return None


def _background(bundle, boundaries: dict | None):
    """Layout shapes of the background and the note to write on it (schematic or none)."""
    from samverkansvav.figures.background import boundary_shapes, schematic_shapes

    if boundaries:
        return bundle._cached(("map-boundaries", id(boundaries)), lambda: boundary_shapes(boundaries)), False
    return bundle._cached(
        "map-schematic",
        lambda: schematic_shapes(
            _coords(bundle).loc[[k for k in bundle.kommun_ids if k in _coords(bundle).index]]
        ),
    ), True


def render_map(
    bundle,
    *,
    metric: str | None,
    forms,
    areas,
    lan: str | None,
    lang: str,
    boundaries: dict | None = None,
    fokus: str | None = None,
    kommuner=None,
    boundaries_configured: bool | None = None,
):
    """The map figure and the note under it (a plain function: tests call it).

    ``boundaries_configured`` is kept for callers of the earlier signature; the
    background is the boundary file when given, else a schematic one.
    """
    metric = metric if metric in METRICS else METRICS[0]
    fokus = fokus if fokus in bundle.parties.index else None
    kommuner = [k for k in (kommuner or []) if k in bundle.parties.index]
    stars, hubs = map_stars(
        bundle, forms=forms, areas=areas, lan=lan, fokus=fokus, kommuner=kommuner, lang=lang
    )
    points = map_points(bundle, metric)
    focus_ids = map_focus(bundle, lan=lan, fokus=fokus, stars=stars, kommuner=kommuner)
    shapes, schematic = _background(bundle, boundaries)
    fig = cooperation_map(
        points,
        stars,
        hubs=hubs,
        focus_ids=focus_ids,
        background=shapes,
        background_note=t("map.schematic", lang) if schematic else None,
        metric_label=t(f"metric.{metric}", lang),
        metric_kind=METRIC_KIND.get(metric, "number"),
        form_labels=form_labels(lang),
        labels={"municipalities": t("map.municipalities", lang), "names": t("map.names", lang)},
        revision=f"{lan or ''}|{fokus or ''}|{','.join(kommuner)}",
    )
    notes = []
    if bundle.arrangements.empty:
        notes.append(message(t("empty.no_data", lang)))
    elif stars.empty:
        notes.append(message(t("empty.filtered", lang), kind="warning"))
    else:
        notes.append(
            html.P(
                t("map.stars_count", lang, a=stars["arrangement_id"].nunique(), n=len(stars)),
                className="muted",
            )
        )
    big = bundle.arrangements[bundle.arrangements["n_members"] > MAX_STAR_MEMBERS]
    if forms:
        big = big[big["form"].isin(set(forms))]
    if len(big):
        notes.append(
            html.P(t("map.big_arrangements", lang, n=len(big), max=MAX_STAR_MEMBERS), className="muted")
        )
    if fokus:
        query = {"lang": lang} if lang != app_language() else {}
        notes.append(
            html.P(
                [
                    dcc.Link(
                        t("map.link_profile", lang, name=bundle.name(fokus)),
                        href=nav_href("/kommun", query, kod=fokus),
                    ),
                    " · ",
                    dcc.Link(t("map.link_network", lang), href=nav_href("/natverk", query, fokus=fokus)),
                ],
                className="crosslinks",
            )
        )
    return fig, notes


def map_update(
    bundle,
    *,
    metric: str | None,
    forms,
    areas,
    lan: str | None,
    lang: str,
    fokus: str | None = None,
    kommuner=None,
    boundaries_configured: bool = False,
):
    """What the filter callback sends: a ``Patch`` of the traces and the view, plus the note.

    The background (shapes in the layout, hundreds of kB with a boundary file) was
    sent with the page and stays in the browser; only traces and the view change.
    """
    from dash import Patch

    # The background is not patched, so which one is computed here does not matter.
    fig, notes = render_map(
        bundle, metric=metric, forms=forms, areas=areas, lan=lan, lang=lang, fokus=fokus, kommuner=kommuner
    )
    patch = Patch()
    patch["data"] = [trace.to_plotly_json() for trace in fig.data]
    patch["layout"]["xaxis"]["range"] = list(fig.layout.xaxis.range)
    patch["layout"]["yaxis"]["range"] = list(fig.layout.yaxis.range)
    patch["layout"]["yaxis"]["scaleratio"] = fig.layout.yaxis.scaleratio
    patch["layout"]["uirevision"] = fig.layout.uirevision
    return patch, notes


def profile_target(kod: str | None, search: str | None) -> tuple[str, str]:
    """Pathname and query of the profile of ``kod`` (language and date kept)."""
    if not kod:
        raise PreventUpdate
    href = nav_href("/kommun", parse_query(search), kod=str(kod))
    path, _, query = href.partition("?")
    return path, ("?" + query) if query else ""


def clicked_kommun(click_data: dict | None) -> str | None:
    """The party id of a clicked municipality marker, if any."""
    for point in (click_data or {}).get("points", []):
        value = point.get("customdata")
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            return str(value)
    return None


def layout(ctx: PageContext):
    lang, bundle = ctx.lang, ctx.bundle
    metric = ctx.param("matt", METRICS[0])
    forms = [f for f in ctx.param_list("former") if f in bundle.forms]
    areas = [a for a in ctx.param_list("omraden") if a in bundle.areas]
    lan = ctx.param("lan")
    fokus = ctx.param("fokus")
    fokus = fokus if fokus in bundle.parties.index else None
    kommuner = [k for k in ctx.param_list("kommuner") if k in bundle.parties.index]
    fig, notes = render_map(
        bundle,
        metric=metric,
        forms=forms,
        areas=areas,
        lan=lan,
        lang=lang,
        boundaries=ctx.boundaries,
        fokus=fokus,
        kommuner=kommuner,
    )
    labels = form_labels(lang)
    return html.Div(
        [
            html.H2(t("map.title", lang)),
            html.P(t("map.intro_stars", lang), className="intro"),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label(t("filter.metric", lang), htmlFor=ids.MAP_METRIC),
                            dcc.Dropdown(
                                id=ids.MAP_METRIC,
                                value=metric if metric in METRICS else METRICS[0],
                                clearable=False,
                                options=[{"label": t(f"metric.{m}", lang), "value": m} for m in METRICS],
                            ),
                        ],
                        className="control",
                    ),
                    html.Div(
                        [
                            html.Label(t("filter.forms", lang), htmlFor=ids.MAP_FORMS),
                            dcc.Dropdown(
                                id=ids.MAP_FORMS,
                                multi=True,
                                value=forms,
                                placeholder=t("filter.all", lang),
                                options=[{"label": labels[f], "value": f} for f in bundle.forms],
                            ),
                        ],
                        className="control",
                    ),
                    html.Div(
                        [
                            html.Label(t("filter.areas", lang), htmlFor=ids.MAP_AREAS),
                            dcc.Dropdown(
                                id=ids.MAP_AREAS,
                                multi=True,
                                value=areas,
                                placeholder=t("filter.all", lang),
                                options=[{"label": a, "value": a} for a in bundle.areas],
                            ),
                        ],
                        className="control",
                    ),
                    lan_dropdown(ids.MAP_LAN, bundle, lan, lang),
                    html.Div(
                        [
                            html.Label(t("map.focus", lang), htmlFor=MAP_FOCUS),
                            dcc.Dropdown(
                                id=MAP_FOCUS,
                                options=kommun_options(bundle),
                                value=fokus,
                                placeholder=t("filter.municipality_placeholder", lang),
                            ),
                        ],
                        className="control",
                    ),
                    html.Div(
                        [
                            html.Label(t("filter.kommuner", lang), htmlFor=MAP_KOMMUNER),
                            dcc.Dropdown(
                                id=MAP_KOMMUNER,
                                multi=True,
                                value=kommuner,
                                options=kommun_options(bundle),
                                placeholder=t("filter.municipality_placeholder", lang),
                            ),
                        ],
                        className="control",
                    ),
                    html.Div(
                        [
                            html.Label(t("map.open_profile", lang), htmlFor=ids.MAP_KOMMUN),
                            dcc.Dropdown(
                                id=ids.MAP_KOMMUN,
                                options=kommun_options(bundle),
                                value=None,
                                placeholder=t("filter.municipality_placeholder", lang),
                            ),
                        ],
                        className="control",
                    ),
                ],
                className="controls controls-compact",
            ),
            graph(ids.MAP_GRAPH, fig, filename="samverkanskarta"),
            html.Div(notes, id=ids.MAP_MESSAGE),
            html.P(t("figure.png_hint", lang), className="muted"),
        ]
    )


def register(app, state) -> None:
    @app.callback(
        Output(ids.MAP_GRAPH, "figure"),
        Output(ids.MAP_MESSAGE, "children"),
        Input(ids.MAP_METRIC, "value"),
        Input(ids.MAP_FORMS, "value"),
        Input(ids.MAP_AREAS, "value"),
        Input(ids.MAP_LAN, "value"),
        Input(MAP_FOCUS, "value"),
        Input(MAP_KOMMUNER, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _update(metric, forms, areas, lan, fokus, kommuner, search):
        c = context_for(state, search)
        return map_update(
            c.bundle,
            metric=metric,
            forms=forms,
            areas=areas,
            lan=lan,
            lang=c.lang,
            fokus=fokus,
            kommuner=kommuner,
            boundaries_configured=bool(c.boundaries),
        )

    @app.callback(
        Output(ids.URL, "pathname", allow_duplicate=True),
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.MAP_GRAPH, "clickData"),
        Input(ids.MAP_KOMMUN, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _open_profile(click_data, chosen, search):
        from dash import ctx as dash_ctx

        kod = chosen if dash_ctx.triggered_id == ids.MAP_KOMMUN else clicked_kommun(click_data)
        return profile_target(kod, search)


PAGE = Page(
    path=PATH,
    nav_key="nav.karta",
    layout=layout,
    register=register,
    params=(
        QueryParam("matt", ids.MAP_METRIC),
        QueryParam("former", ids.MAP_FORMS, multi=True),
        QueryParam("omraden", ids.MAP_AREAS, multi=True),
        QueryParam("lan", ids.MAP_LAN),
        QueryParam("fokus", MAP_FOCUS),
        QueryParam("kommuner", MAP_KOMMUNER, multi=True),
    ),
)
