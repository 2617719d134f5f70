"""Karta: municipalities at their coordinates, each arrangement a star from its provider.

URL: ``/karta?matt=<metric>&former=a,b&omraden=x,y&lan=<code>&fokus=<kod>&kommuner=a,b``.
A county (``lan``), a municipality with its partners (``fokus``) or an own
selection (``kommuner``, as on Översikt) is zoomed to and named. Clicking a
municipality (or choosing one in the list) opens ``/kommun?kod=<kod>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from dash import Input, Output, State, dcc, html

from samverkansvav.figures.map import point_frame
from samverkansvav.figures.svgmap import cooperation_map
from samverkansvav.model import has_area
from samverkansvav.web import ids
from samverkansvav.web.components import (
    control,
    graph,
    lan_dropdown,
    message,
    municipality_dropdown,
    party_options,
    register_option_search,
)
from samverkansvav.web.i18n import app_language, form_labels, t
from samverkansvav.web.layout import nav_href, profile_location
from samverkansvav.web.page import Page, PageContext, QueryParam, context_for

if TYPE_CHECKING:
    from samverkansvav.web.data import Bundle

__all__ = [
    "PAGE",
    "METRICS",
    "MAX_STAR_MEMBERS",
    "map_stars",
    "merge_shared_lines",
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
    bundle: Bundle, *, forms=None, areas=None, lan: str | None = None, fokus: str | None = None, kommuner=None
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


def _coords(bundle: Bundle) -> pd.DataFrame:
    parties = bundle.parties
    return parties.loc[parties["lat"].notna() & parties["lon"].notna(), ["lat", "lon"]].astype(float)


def map_stars(
    bundle: Bundle,
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
    star_columns = ["arrangement_id", "member", "hub_id", "form", "hub_lat", "hub_lon", "lat", "lon", "hover"]
    hub_columns = ["arrangement_id", "form", "lat", "lon", "hover"]
    # One row per (arrangement, member with coordinates), in the arrangements' order and
    # each arrangement's member order; computed column-wise (a register may hold 100,000).
    spokes = arr["members"].explode().dropna().rename("member")
    spokes = spokes[spokes.isin(coords.index)]
    position = pd.Series(np.arange(len(arr)), index=arr.index)
    spokes = pd.DataFrame(
        {"arrangement_id": spokes.index.to_numpy(dtype=object), "member": spokes.to_numpy(dtype=object)}
    )
    spokes["order"] = position.reindex(spokes["arrangement_id"]).to_numpy()
    n_drawn = spokes.groupby("arrangement_id").size().reindex(arr.index, fill_value=0)
    first = spokes.drop_duplicates("arrangement_id").set_index("arrangement_id")["member"].reindex(arr.index)
    provider = arr["provider"].where(arr["provider"].map(lambda p: isinstance(p, str)), None)
    seat = arr["seat"] if "seat" in arr else pd.Series(None, index=arr.index, dtype=object)
    provider_placed = provider.isin(coords.index).to_numpy(dtype=bool)
    seat_placed = (seat.map(lambda v: isinstance(v, str)) & seat.isin(coords.index)).to_numpy(dtype=bool)
    keep = (n_drawn >= 2).to_numpy() | (
        (n_drawn == 1).to_numpy() & provider_placed & (provider != first).to_numpy(dtype=bool)
    )
    arr, provider, seat = arr[keep], provider[keep], seat[keep]
    provider_placed, seat_placed = provider_placed[keep], seat_placed[keep]
    spokes = spokes[spokes["arrangement_id"].isin(set(arr.index))]
    if arr.empty:
        return pd.DataFrame(columns=star_columns), pd.DataFrame(columns=hub_columns)

    # The hub: the provider municipality, else the seat, else the centre of the members.
    centre = spokes.join(coords, on="member").groupby("arrangement_id")[["lat", "lon"]].mean()
    hub = centre.reindex(arr.index)
    at_provider = coords.reindex(provider.to_numpy())
    at_seat = coords.reindex(seat.to_numpy())
    use_seat = seat_placed & ~provider_placed
    hub_lat = np.where(provider_placed, at_provider["lat"], np.where(use_seat, at_seat["lat"], hub["lat"]))
    hub_lon = np.where(provider_placed, at_provider["lon"], np.where(use_seat, at_seat["lon"], hub["lon"]))
    hub_id = np.where(provider_placed, provider.to_numpy(dtype=object), None)

    labels = form_labels(lang)
    said: dict[tuple, str] = {}  # the same words for the same provider, worded once

    def who(kind: str, *args) -> str:
        key = (kind, *args)
        if key not in said:
            if kind == "host":
                said[key] = t("map.provider_host", lang, name=bundle.name(args[0]))
            elif kind == "seat":
                said[key] = t("map.provider_seat", lang, name=args[0], seat=bundle.name(args[1]))
            elif kind == "entity":
                said[key] = t("map.provider_entity", lang, name=args[0])
            else:
                said[key] = t(f"map.provider_{kind}", lang)
        return said[key]

    hovers = []
    for p, s_, placed, at_seat_, name, form, provider_name in zip(
        provider,
        seat,
        provider_placed,
        use_seat,
        arr["name"],
        arr["form"],
        arr["provider_name"],
    ):
        if placed:
            text = who("host", p)
        elif at_seat_:
            text = who("seat", provider_name or name, s_)
        elif form == "informell":
            text = who("none")
        elif isinstance(provider_name, str):
            text = who("entity", provider_name)
        else:
            text = who("unknown")
        hovers.append(f"<b>{name}</b><br>{labels.get(form, form)}<br>{text}")
    facts = pd.DataFrame(
        {
            "hub_id": hub_id,
            "form": arr["form"].to_numpy(dtype=object),
            "hub_lat": hub_lat,
            "hub_lon": hub_lon,
        },
        index=arr.index,
    )
    facts["hover"] = hovers
    hubs = facts[facts["hub_id"].isna()].reset_index(names="arrangement_id")
    hubs = hubs.rename(columns={"hub_lat": "lat", "hub_lon": "lon"})[hub_columns]
    hubs[["lat", "lon"]] = hubs[["lat", "lon"]].astype(float)

    stars = spokes.join(facts, on="arrangement_id").join(coords, on="member")
    stars = stars[stars["member"].to_numpy(dtype=object) != stars["hub_id"].to_numpy(dtype=object)]
    stars = stars.sort_values("order", kind="stable")
    member_text = {m: t("map.member", lang, name=bundle.name(m)) for m in set(stars["member"])}
    stars["hover"] = [h + "<br>" + member_text[m] for h, m in zip(stars["hover"], stars["member"])]
    stars["hub_id"] = stars["hub_id"].map(lambda v: v if isinstance(v, str) else "")
    stars[["hub_lat", "hub_lon", "lat", "lon"]] = stars[["hub_lat", "hub_lon", "lat", "lon"]].astype(float)
    return stars[star_columns].reset_index(drop=True), hubs.reset_index(drop=True)


#: Arrangements named in the hover of a line that several arrangements share.
NAMES_PER_LINE = 5


def merge_shared_lines(stars: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One spoke per line drawn: spokes of the same form between the same two points become one.

    Its hover names the first :data:`NAMES_PER_LINE` arrangements and counts the rest
    (a register of 100,000 agreements between two municipalities is one line, not
    100,000 lines on top of each other).
    """
    if stars.empty:
        return stars
    line = ["form", "hub_lat", "hub_lon", "lat", "lon"]
    group = stars.groupby(line, sort=False, dropna=False)
    size = group["hover"].transform("size")
    if int(size.max()) == 1:
        return stars
    rank = group.cumcount()
    shown = stars[rank < NAMES_PER_LINE]
    texts = shown.groupby(line, sort=False, dropna=False)["hover"].agg("<br>—<br>".join)
    merged = stars[rank == 0].copy()
    keys = pd.MultiIndex.from_frame(merged[line])
    merged["hover"] = texts.reindex(keys).to_numpy(dtype=object)
    more = (size[rank == 0] - NAMES_PER_LINE).to_numpy()
    merged["hover"] = [
        h + "<br>" + t("network.more", lang, n=int(m)) if m > 0 else h for h, m in zip(merged["hover"], more)
    ]
    return merged.reset_index(drop=True)


def map_points(bundle: Bundle, metric: str) -> pd.DataFrame:
    """Every municipality (all are drawn, for context), with the metric in ``value``."""
    parties = bundle.parties
    shown = [p for p in bundle.kommun_ids if p in parties.index]
    points = point_frame(parties, shown)
    if metric == "population":
        points["value"] = pd.to_numeric(points["population"], errors="coerce")
    else:
        points["value"] = bundle.metrics[metric].reindex(points.index).astype(float)
    return points


def map_focus(
    bundle: Bundle, *, lan: str | None, fokus: str | None, stars: pd.DataFrame, kommuner=None
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


def _background(bundle: Bundle, boundaries: dict | None):
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
    bundle: Bundle,
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
        merge_shared_lines(stars, lang),
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
    bundle: Bundle,
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
    return profile_location(kod, search)


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
                    control(
                        t("filter.metric", lang),
                        dcc.Dropdown(
                            id=ids.MAP_METRIC,
                            value=metric if metric in METRICS else METRICS[0],
                            clearable=False,
                            options=[{"label": t(f"metric.{m}", lang), "value": m} for m in METRICS],
                        ),
                    ),
                    control(
                        t("filter.forms", lang),
                        dcc.Dropdown(
                            id=ids.MAP_FORMS,
                            multi=True,
                            value=forms,
                            placeholder=t("filter.all", lang),
                            options=[{"label": labels[f], "value": f} for f in bundle.forms],
                        ),
                    ),
                    control(
                        t("filter.areas", lang),
                        dcc.Dropdown(
                            id=ids.MAP_AREAS,
                            multi=True,
                            value=areas,
                            placeholder=t("filter.all", lang),
                            options=[{"label": a, "value": a} for a in bundle.areas],
                        ),
                    ),
                    lan_dropdown(ids.MAP_LAN, bundle, lan, lang),
                    control(
                        t("map.focus", lang),
                        municipality_dropdown(MAP_FOCUS, bundle, lang, value=fokus),
                    ),
                    control(
                        t("filter.kommuner", lang),
                        municipality_dropdown(MAP_KOMMUNER, bundle, lang, multi=True, value=kommuner),
                    ),
                    control(
                        t("map.open_profile", lang),
                        municipality_dropdown(ids.MAP_KOMMUN, bundle, lang),
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
    register_option_search(app, MAP_FOCUS, state, party_options)
    register_option_search(app, MAP_KOMMUNER, state, party_options)
    register_option_search(app, ids.MAP_KOMMUN, state, party_options)

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
