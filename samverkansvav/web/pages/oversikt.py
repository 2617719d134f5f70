"""Översikt: headline figures for all Sweden, a län or a hand-picked set of municipalities.

URL: ``/?lan=<code>&kommuner=a,b``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from dash import Input, Output, State, html

from samverkansvav.figures.charts import bar_chart
from samverkansvav.figures.palette import FORM_COLOURS
from samverkansvav.model import FORMS
from samverkansvav.web import ids
from samverkansvav.web.components import (
    control,
    data_table,
    graph,
    lan_dropdown,
    message,
    municipality_dropdown,
    party_options,
    register_option_search,
    searchable_dropdown,
    section,
    stat,
)
from samverkansvav.web.data import GAP_COLUMNS, count_by_area
from samverkansvav.web.history_view import region_history
from samverkansvav.web.i18n import form_labels, t
from samverkansvav.web.layout import profile_location
from samverkansvav.web.page import Page, PageContext, QueryParam, context_for

if TYPE_CHECKING:
    from samverkansvav.web.data import Bundle

__all__ = ["PAGE", "SEARCH_ID", "overview_numbers", "render_overview", "search_target", "layout", "register"]

PATH = "/"
#: The municipality search (this page only): choosing one opens its profile.
SEARCH_ID = "overview-search"


def overview_numbers(bundle: Bundle, *, lan: str | None = None, kommuner=None) -> dict:
    """Headline numbers and tables of a region (plain values; tests check them by hand).

    The region's arrangements are those with at least one member in it; its
    municipalities are the region's kommuner with at least one arrangement.
    """
    region = bundle.region_party_ids(lan=lan, kommuner=kommuner)
    arr_ids = bundle.region_arrangement_ids(region)
    arr = (
        bundle.arrangements
        if arr_ids is None
        else bundle.arrangements.loc[bundle.arrangements.index.isin(arr_ids)]
    )
    mem = (
        bundle.memberships
        if arr_ids is None
        else bundle.memberships[bundle.memberships["arrangement_id"].isin(arr_ids)]
    )
    metrics = bundle.metrics.loc[[k for k in bundle.kommun_ids if k in bundle.metrics.index]]
    if region is not None:
        metrics = metrics.loc[metrics.index.isin(set(region))]
    active = metrics[metrics["n_arrangements"] > 0]
    by_form = arr["form"].value_counts()
    by_form = by_form.reindex([f for f in FORMS if f in by_form.index])
    by_area = count_by_area(arr["area"])
    gaps = {g: int(arr[g].sum()) for g in GAP_COLUMNS}
    return {
        "n_municipalities": int(len(active)),
        "n_arrangements": int(len(arr)),
        "n_memberships": int(len(mem)),
        "n_with_gaps": int(arr[list(GAP_COLUMNS)].any(axis=1).sum()) if len(arr) else 0,
        "by_form": by_form,
        "by_area": by_area,
        "gaps": gaps,
        "most_complex": active.sort_values(
            ["systemledningsindex", "kommunkod"], ascending=[False, True]
        ).head(10),
        "most_dependent": active.sort_values(
            ["dependency_share", "provider_hhi", "kommunkod"], ascending=[False, False, True]
        ).head(10),
        "sources": arr["source"].dropna().astype(str).value_counts().head(15),
    }


def render_overview(bundle: Bundle, *, lan: str | None, kommuner, lang: str):
    """The overview content (a plain function: tests call it)."""
    numbers = overview_numbers(bundle, lan=lan, kommuner=kommuner)
    if numbers["n_arrangements"] == 0:
        key = "empty.no_data" if bundle.arrangements.empty else "empty.filtered"
        return message(t(key, lang), kind="warning")
    labels = form_labels(lang)
    complex_ = numbers["most_complex"][["namn", "systemledningsindex", "n_arrangements", "n_partners"]]
    dependent = numbers["most_dependent"][["namn", "dependency_share", "provider_hhi", "top_provider_name"]]
    gaps = pd.DataFrame(
        [{"gap": t(g.replace("gap_", "gap."), lang), "count": n} for g, n in numbers["gaps"].items()]
    )
    sources = [html.Li(f"{src} ({n})") for src, n in numbers["sources"].items()]
    sources += [html.Li(s) for s in bundle.web.sources]
    return html.Div(
        [
            html.Div(
                [
                    stat(
                        t("overview.n_municipalities", lang),
                        numbers["n_municipalities"],
                        stat_id="ov-n-municipalities",
                    ),
                    stat(
                        t("overview.n_arrangements", lang),
                        numbers["n_arrangements"],
                        stat_id="ov-n-arrangements",
                    ),
                    stat(
                        t("overview.n_memberships", lang),
                        numbers["n_memberships"],
                        stat_id="ov-n-memberships",
                    ),
                    stat(
                        t("overview.n_gaps", lang),
                        numbers["n_with_gaps"],
                        stat_id="ov-n-gaps",
                        explanation=t("overview.gaps_help", lang),
                    ),
                ],
                className="stats",
            ),
            html.Div(
                [
                    section(
                        t("overview.by_form", lang),
                        graph(
                            "ov-by-form",
                            bar_chart(
                                numbers["by_form"],
                                labels=labels,
                                colours=FORM_COLOURS,
                                value_label=t("overview.n_arrangements", lang),
                            ),
                            filename="arrangemang-per-form",
                        ),
                    ),
                    section(
                        t("overview.by_area", lang),
                        graph(
                            "ov-by-area",
                            bar_chart(
                                numbers["by_area"].head(20),
                                horizontal=True,
                                value_label=t("overview.n_arrangements", lang),
                                height=max(320, 22 * min(len(numbers["by_area"]), 20)),
                            ),
                            filename="arrangemang-per-omrade",
                        ),
                    ),
                ],
                className="grid-2",
            ),
            html.Div(
                [
                    section(
                        t("overview.most_complex", lang),
                        data_table(
                            "oversikt-komplexitet",
                            complex_,
                            [
                                ("namn", "col.municipality"),
                                ("systemledningsindex", "metric.systemledningsindex"),
                                ("n_arrangements", "metric.n_arrangements"),
                                ("n_partners", "metric.n_partners"),
                            ],
                            lang,
                        ),
                        help_text=t("explain.systemledningsindex", lang),
                    ),
                    section(
                        t("overview.most_dependent", lang),
                        data_table(
                            "oversikt-beroende",
                            dependent,
                            [
                                ("namn", "col.municipality"),
                                ("dependency_share", "metric.dependency_share"),
                                ("provider_hhi", "metric.provider_hhi"),
                                ("top_provider_name", "metric.top_provider_name"),
                            ],
                            lang,
                        ),
                        help_text=t("explain.dependency_share", lang) + " " + t("explain.provider_hhi", lang),
                    ),
                ],
                className="grid-2",
            ),
            html.Div(
                [
                    section(
                        t("overview.gaps", lang),
                        data_table(
                            "oversikt-luckor", gaps, [("gap", "col.gap"), ("count", "col.count")], lang
                        ),
                        help_text=t("overview.gaps_help", lang),
                    ),
                    section(
                        t("overview.sources", lang),
                        html.Ul(sources)
                        if sources
                        else message(t("overview.sources_none", lang), kind="muted"),
                        html.P(t("overview.population_note", lang), className="muted"),
                    ),
                ],
                className="grid-2",
            ),
            region_history(bundle, lan=lan, kommuner=kommuner, lang=lang),
        ]
    )


def layout(ctx: PageContext):
    lang, bundle = ctx.lang, ctx.bundle
    lan = ctx.param("lan")
    kommuner = [k for k in ctx.param_list("kommuner") if k in bundle.parties.index]
    return html.Div(
        [
            html.H2(t("overview.title", lang)),
            html.P(t("overview.intro", lang), className="intro"),
            control(
                t("overview.search", lang),
                searchable_dropdown(
                    SEARCH_ID,
                    party_options(bundle),
                    value=None,
                    searchable=True,
                    placeholder=t("overview.search_placeholder", lang),
                ),
                help_text=t("overview.search_help", lang),
                class_name="control search-control",
            ),
            html.Div(
                [
                    lan_dropdown(ids.OV_LAN, bundle, lan, lang),
                    control(
                        t("filter.kommuner", lang),
                        municipality_dropdown(ids.OV_KOMMUNER, bundle, lang, multi=True, value=kommuner),
                        help_text=t("filter.kommuner_help", lang),
                    ),
                ],
                className="controls",
            ),
            html.Div(render_overview(bundle, lan=lan, kommuner=kommuner, lang=lang), id=ids.OV_CONTENT),
        ]
    )


def search_target(kod: str | None, search: str | None) -> tuple[str, str]:
    """Pathname and query of the profile chosen in the search box (language and date kept)."""
    return profile_location(kod, search)


def register(app, state) -> None:
    register_option_search(app, SEARCH_ID, state, party_options)
    register_option_search(app, ids.OV_KOMMUNER, state, party_options)

    @app.callback(
        Output(ids.URL, "pathname", allow_duplicate=True),
        Output(ids.URL, "search", allow_duplicate=True),
        Input(SEARCH_ID, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _search(kod, search):
        return search_target(kod, search)

    @app.callback(
        Output(ids.OV_CONTENT, "children"),
        Input(ids.OV_LAN, "value"),
        Input(ids.OV_KOMMUNER, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _overview(lan, kommuner, search):
        c = context_for(state, search)
        return render_overview(c.bundle, lan=lan, kommuner=kommuner, lang=c.lang)


PAGE = Page(
    path=PATH,
    nav_key="nav.oversikt",
    layout=layout,
    register=register,
    params=(QueryParam("lan", ids.OV_LAN), QueryParam("kommuner", ids.OV_KOMMUNER, multi=True)),
)
