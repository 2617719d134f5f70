"""Karta: municipalities at their coordinates, co-membership lines by form.

URL: ``/karta?matt=<metric>&former=a,b&omraden=x,y&lan=<code>``. Clicking a
municipality (or choosing one in the list) opens ``/kommun?kod=<kod>``.
"""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from samverkansvav.figures.map import map_figure
from samverkansvav.web import ids
from samverkansvav.web.data import MAX_LINE_MEMBERS
from samverkansvav.web.components import graph, kommun_options, lan_dropdown, message
from samverkansvav.web.i18n import form_labels, t
from samverkansvav.web.layout import nav_href
from samverkansvav.web.page import Page, PageContext, QueryParam, context_for, parse_query

__all__ = ["PAGE", "METRICS", "map_links", "map_points", "render_map", "map_update", "profile_target", "layout", "register"]

PATH = "/karta"
#: Most lines drawn on one map.
MAX_LINES = 6000
#: Metrics the map can colour by (the first is the default).
METRICS: tuple[str, ...] = ("systemledningsindex", "n_arrangements", "n_partners", "dependency_share",
                            "provider_hhi", "population")


def map_links(bundle, *, forms=None, areas=None, lan: str | None = None) -> pd.DataFrame:
    """Co-membership lines after the filters: columns a, b, form, n (shared arrangements of that form)."""
    links = bundle.links
    if forms:
        links = links[links["form"].isin(set(forms))]
    if areas:
        links = links[links["area"].isin(set(areas))]
    if lan:
        links = links[links["arrangement_id"].isin(bundle.arrangements_by_lan.get(lan, frozenset()))]
    if links.empty:
        return pd.DataFrame({"a": [], "b": [], "form": [], "n": []})
    out = links.groupby(["a", "b", "form"], sort=True).size().rename("n").reset_index()
    if len(out) > MAX_LINES:
        # The strongest ties tell the story; thousands of faint lines only add weight.
        out = out.sort_values(["n", "a", "b", "form"], ascending=[False, True, True, True]).head(MAX_LINES)
        out = out.sort_values(["a", "b", "form"]).reset_index(drop=True)
    return out


def map_points(bundle, metric: str, *, lan: str | None = None, links: pd.DataFrame | None = None) -> pd.DataFrame:
    """Municipalities to draw, with the metric in ``value`` (the län's kommuner and their partners)."""
    parties = bundle.parties
    shown = list(bundle.kommun_ids)
    if lan:
        shown = [p for p in shown if parties.at[p, "lan_code"] == lan]
        if links is not None and len(links):
            shown = sorted(set(shown) | set(links["a"]) | set(links["b"]))
    points = parties.loc[[p for p in shown if p in parties.index],
                         ["name", "lat", "lon", "population", "population_year", "population_precision"]].copy()
    if metric == "population":
        points["value"] = pd.to_numeric(points["population"], errors="coerce")
    else:
        points["value"] = bundle.metrics[metric].reindex(points.index).astype(float)
    return points


def render_map(bundle, *, metric: str | None, forms, areas, lan: str | None, lang: str,
               boundaries: dict | None = None, boundaries_configured: bool | None = None):
    """The map figure and the note under it (a plain function: tests call it).

    ``boundaries_configured`` says whether to leave out the "no boundaries" note
    (default: whether ``boundaries`` is given).
    """
    metric = metric if metric in METRICS else METRICS[0]
    links = map_links(bundle, forms=forms, areas=areas, lan=lan)
    points = map_points(bundle, metric, lan=lan, links=links)
    labels = {"municipalities": t("map.municipalities", lang), "population": t("map.population", lang),
              "population_unknown": t("map.population_unknown", lang), "lost": t("map.lost", lang),
              "highlight": t("map.highlight", lang)}
    fig = map_figure(points, links, metric_label=t(f"metric.{metric}", lang), form_labels=form_labels(lang),
                     boundaries=boundaries, labels=labels)
    notes = []
    if bundle.links.empty:
        notes.append(message(t("empty.no_data", lang)))
    elif links.empty:
        notes.append(message(t("empty.filtered", lang), kind="warning"))
    else:
        endpoints = len(set(links["a"]) | set(links["b"]))
        notes.append(html.P(t("map.links_count", lang, n=len(links), m=endpoints), className="muted"))
    if len(links) >= MAX_LINES:
        notes.append(html.P(t("map.lines_capped", lang, n=MAX_LINES), className="muted"))
    big = bundle.arrangements[bundle.arrangements["n_members"] > MAX_LINE_MEMBERS]
    if forms:
        big = big[big["form"].isin(set(forms))]
    if len(big):
        notes.append(html.P(t("map.big_arrangements", lang, n=len(big), max=MAX_LINE_MEMBERS), className="muted"))
    if not (bool(boundaries) if boundaries_configured is None else boundaries_configured):
        notes.append(html.P(t("map.no_boundaries", lang), className="muted"))
    return fig, notes


def map_update(bundle, *, metric: str | None, forms, areas, lan: str | None, lang: str,
               boundaries_configured: bool = False):
    """What the filter callback sends: a ``Patch`` of the traces and the view, plus the note.

    The boundary layer (hundreds of kB of GeoJSON) was sent with the page and stays
    in the browser; only traces, centre and zoom change when a filter changes.
    """
    from dash import Patch

    fig, notes = render_map(bundle, metric=metric, forms=forms, areas=areas, lan=lan, lang=lang,
                            boundaries=None, boundaries_configured=boundaries_configured)
    patch = Patch()
    patch["data"] = [trace.to_plotly_json() for trace in fig.data]
    patch["layout"]["map"]["center"] = fig.layout.map.center.to_plotly_json()
    patch["layout"]["map"]["zoom"] = fig.layout.map.zoom
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
    fig, notes = render_map(bundle, metric=metric, forms=forms, areas=areas, lan=lan, lang=lang,
                            boundaries=ctx.boundaries)
    labels = form_labels(lang)
    return html.Div([
        html.H2(t("map.title", lang)),
        html.P(t("map.intro", lang), className="intro"),
        html.Div([
            html.Div([html.Label(t("filter.metric", lang), htmlFor=ids.MAP_METRIC),
                      dcc.Dropdown(id=ids.MAP_METRIC, value=metric if metric in METRICS else METRICS[0],
                                   clearable=False,
                                   options=[{"label": t(f"metric.{m}", lang), "value": m} for m in METRICS])],
                     className="control"),
            html.Div([html.Label(t("filter.forms", lang), htmlFor=ids.MAP_FORMS),
                      dcc.Dropdown(id=ids.MAP_FORMS, multi=True, value=forms, placeholder=t("filter.all", lang),
                                   options=[{"label": labels[f], "value": f} for f in bundle.forms])],
                     className="control"),
            html.Div([html.Label(t("filter.areas", lang), htmlFor=ids.MAP_AREAS),
                      dcc.Dropdown(id=ids.MAP_AREAS, multi=True, value=areas, placeholder=t("filter.all", lang),
                                   options=[{"label": a, "value": a} for a in bundle.areas])],
                     className="control"),
            lan_dropdown(ids.MAP_LAN, bundle, lan, lang),
            html.Div([html.Label(t("map.open_profile", lang), htmlFor=ids.MAP_KOMMUN),
                      dcc.Dropdown(id=ids.MAP_KOMMUN, options=kommun_options(bundle), value=None,
                                   placeholder=t("filter.municipality_placeholder", lang))],
                     className="control"),
        ], className="controls"),
        graph(ids.MAP_GRAPH, fig, filename="samverkanskarta"),
        html.Div(notes, id=ids.MAP_MESSAGE),
        html.P(t("figure.png_hint", lang), className="muted"),
    ])


def register(app, state) -> None:
    @app.callback(
        Output(ids.MAP_GRAPH, "figure"), Output(ids.MAP_MESSAGE, "children"),
        Input(ids.MAP_METRIC, "value"), Input(ids.MAP_FORMS, "value"), Input(ids.MAP_AREAS, "value"),
        Input(ids.MAP_LAN, "value"), State(ids.URL, "search"), prevent_initial_call=True,
    )
    def _update(metric, forms, areas, lan, search):
        c = context_for(state, search)
        return map_update(c.bundle, metric=metric, forms=forms, areas=areas, lan=lan, lang=c.lang,
                          boundaries_configured=bool(c.boundaries))

    @app.callback(
        Output(ids.URL, "pathname", allow_duplicate=True), Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.MAP_GRAPH, "clickData"), Input(ids.MAP_KOMMUN, "value"), State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _open_profile(click_data, chosen, search):
        from dash import ctx as dash_ctx

        kod = chosen if dash_ctx.triggered_id == ids.MAP_KOMMUN else clicked_kommun(click_data)
        return profile_target(kod, search)


PAGE = Page(path=PATH, nav_key="nav.karta", layout=layout, register=register, params=(
    QueryParam("matt", ids.MAP_METRIC), QueryParam("former", ids.MAP_FORMS, multi=True),
    QueryParam("omraden", ids.MAP_AREAS, multi=True), QueryParam("lan", ids.MAP_LAN),
))
