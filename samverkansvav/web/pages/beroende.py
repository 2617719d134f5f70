"""Beroende och risk: ranked providers and concentration, who depends on whom, fragile arrangements.

Nationally the picture is a ranking (providers by dependent municipalities and
functions, municipalities by concentration); the member × provider matrix is
drawn only for a selection small enough to label (a county).

URL: ``/beroende?lan=<code>``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from dash import html

from samverkansvav.figures.matrix import dependency_heatmap
from samverkansvav.web import ids
from samverkansvav.web.components import data_table, graph, lan_page, message, section
from samverkansvav.web.i18n import form_labels, t

if TYPE_CHECKING:
    from samverkansvav.web.data import Bundle

__all__ = [
    "PAGE",
    "dependency_tables",
    "provider_counts",
    "one_row_per_arrangement",
    "distinct_texts_by_key",
    "map_each_distinct",
    "ranked_figures",
    "matrix_block",
    "render_dependency",
    "layout",
    "register",
]

PATH = "/beroende"


def dependency_tables(bundle: Bundle, *, lan: str | None, lang: str) -> dict[str, pd.DataFrame]:
    """Tables of the view for a region (plain DataFrames; tests check them by hand).

    Keys: ``edges`` (member → provider, for the matrix), ``providers``,
    ``municipalities``, ``two_member``, ``evaluation``.
    """
    region = bundle.region_party_ids(lan=lan)
    arr_ids = bundle.region_arrangement_ids(region)
    labels = form_labels(lang)
    edges = bundle.dependency_edges
    if region is not None:
        edges = edges[edges["member"].isin(set(region))]
    if len(edges):
        providers = provider_counts(edges)
        kind = dict(zip(bundle.provider_ranking["provider"], bundle.provider_ranking["kind"]))
        providers["name"] = providers["provider"].map(bundle.name)
        providers["kind"] = providers["provider"].map(lambda p: t(f"kind.{kind.get(p, 'kommun')}", lang))
        providers = providers.sort_values(
            ["n_dependents", "n_functions", "provider"], ascending=[False, False, True]
        ).reset_index(drop=True)
    else:
        providers = pd.DataFrame(columns=["provider", "name", "kind", "n_dependents", "n_functions", "areas"])
    metrics = bundle.metrics.loc[bundle.metrics["n_arrangements"] > 0]
    if region is not None:
        metrics = metrics.loc[metrics.index.isin(set(region))]
    municipalities = metrics.sort_values(
        ["provider_hhi", "dependency_share", "kommunkod"], ascending=[False, False, True]
    )[
        [
            "namn",
            "n_arrangements",
            "dependency_share",
            "provider_hhi",
            "top_provider_name",
            "top_provider_share",
        ]
    ]

    def in_region(frame: pd.DataFrame) -> pd.DataFrame:
        if arr_ids is None or frame.empty:
            return frame
        return frame[frame["id"].isin(arr_ids)]

    risks = bundle.risks
    two = in_region(risks["two_member"]).copy()
    two["form"] = two["form"].map(lambda f: labels.get(f, f))
    two["members"] = two["member_names"].map(lambda ms: ", ".join(ms))
    evaluation = in_region(risks["evaluation"]).copy()
    evaluation["reason"] = map_each_distinct(
        evaluation["reason"],
        lambda r: t("reason.no_evaluation", lang) if r == "saknas" else t("reason.old_evaluation", lang),
    )
    no_goal = in_region(risks["no_goal"]).copy()
    no_goal["reason"] = t("reason.no_goal", lang)
    no_goal["last_evaluated"] = (
        no_goal["id"].map(bundle.arrangements["last_evaluated"]) if len(no_goal) else None
    )
    unmanaged = pd.concat([evaluation, no_goal], ignore_index=True)
    if len(unmanaged):
        unmanaged = one_row_per_arrangement(unmanaged)
        unmanaged["form"] = unmanaged["form"].map(lambda f: labels.get(f, f))
    else:
        unmanaged = pd.DataFrame(columns=["id", "name", "form", "area", "reason", "last_evaluated"])
    return {
        "edges": edges,
        "providers": providers,
        "municipalities": municipalities,
        "two_member": two,
        "evaluation": unmanaged,
    }


def provider_counts(edges: pd.DataFrame) -> pd.DataFrame:
    """Per provider (sorted): dependent members, functions, and its distinct areas as sorted text.

    Columns ``provider``, ``n_dependents``, ``n_functions``, ``areas`` (``", "``-joined,
    missing areas left out, ``""`` when none).
    """
    providers = (
        edges.groupby("provider")
        .agg(n_dependents=("member", "nunique"), n_functions=("arrangement_id", "nunique"))
        .reset_index()
    )
    areas = distinct_texts_by_key(edges["provider"], edges["area"])
    providers["areas"] = pd.Series(
        [", ".join(areas.get(p, ())) for p in providers["provider"]], index=providers.index
    )
    return providers


def one_row_per_arrangement(unmanaged: pd.DataFrame) -> pd.DataFrame:
    """Merge an arrangement's rows (one per reason) into one, its distinct reasons sorted and joined.

    Grouped by ``id``, ``name``, ``form``, ``area`` (missing keys kept, keys sorted);
    ``last_evaluated`` is the group's first non-missing value. Reasons are translated
    texts, never missing, so their distinct texts are their distinct values.
    """
    by_arrangement = unmanaged.groupby(["id", "name", "form", "area"], dropna=False, sort=True)
    reasons = distinct_texts_by_key(pd.Series(by_arrangement.ngroup().to_numpy()), unmanaged["reason"])
    merged = by_arrangement.agg(last_evaluated=("last_evaluated", "first")).reset_index()
    # ngroup numbers the groups in the order agg lists them, so group i is row i.
    merged.insert(
        merged.columns.get_loc("last_evaluated"),
        "reason",
        pd.Series([", ".join(reasons.get(i, ())) for i in range(len(merged))]),
    )
    return merged


def distinct_texts_by_key(keys: pd.Series, values: pd.Series) -> dict[Hashable, list[str]]:
    """Per key: its distinct non-missing values as text (``str(v)``), sorted.

    ``keys`` and ``values`` are aligned by position. Duplicate (key, value) pairs are
    dropped in one vectorised step first, so the Python loop only sees distinct pairs
    (a grouped lambda would build a Series for every key).
    """
    pairs = pd.DataFrame({"key": keys.to_numpy(), "value": values.to_numpy()})
    pairs = pairs[pairs["value"].notna()].drop_duplicates()
    texts: dict[Hashable, set[str]] = {}
    for key, value in zip(pairs["key"].tolist(), pairs["value"].tolist()):
        texts.setdefault(key, set()).add(str(value))
    return {key: sorted(values) for key, values in texts.items()}


def map_each_distinct(values: pd.Series, translate: Callable[[object], object]) -> pd.Series:
    """``values.map(translate)``, calling ``translate`` once per distinct value.

    Missing values (``None``, NaN) count as one value, so ``translate`` must treat them alike.
    The distinct values are mapped as a slice of ``values`` itself, so the result's
    dtype is inferred exactly as ``values.map`` would.
    """
    codes, _ = pd.factorize(values, use_na_sentinel=False)
    first_rows = np.unique(codes, return_index=True)[1]
    translated = values.iloc[first_rows].map(translate)
    return translated.take(codes).set_axis(values.index)


#: Rows in the ranked charts.
RANKED_ROWS = 20
#: The who-depends-on-whom matrix is drawn only when it can be labelled: at most this
#: many municipalities (rows) and providers (columns), e.g. one county.
MATRIX_MAX_ROWS = 40
MATRIX_MAX_COLUMNS = 30


def ranked_figures(bundle: Bundle, data: dict, *, lang: str):
    """Ranked charts: providers by dependent municipalities and functions; municipalities by concentration."""
    from samverkansvav.figures.charts import ranked_chart

    providers = data["providers"].head(RANKED_ROWS)
    by_provider = ranked_chart(
        [f"{n} ({k})" for n, k in zip(providers["name"], providers["kind"])],
        {
            t("col.n_dependents", lang): providers["n_dependents"].astype(int).tolist(),
            t("col.n_functions", lang): providers["n_functions"].astype(int).tolist(),
        },
        hover=[str(a) for a in providers["areas"]],
    )
    # Equal concentration: more functions with someone else first (1.0 of one function is not news).
    n_dep = data["edges"].groupby("member")["arrangement_id"].nunique()
    municipalities = data["municipalities"].assign(n_dep=lambda f: f.index.map(n_dep).fillna(0).astype(int))
    municipalities = (
        municipalities[municipalities["provider_hhi"] > 0]
        .sort_values(["provider_hhi", "n_dep", "namn"], ascending=[False, False, True], kind="stable")
        .head(RANKED_ROWS)
    )
    hhi_label = t("metric.provider_hhi", lang)
    by_concentration = ranked_chart(
        municipalities["namn"].astype(str).tolist(),
        {hhi_label: [round(float(v), 2) for v in municipalities["provider_hhi"]]},
        texts={
            hhi_label: [
                t(
                    "dependency.hhi_text_one" if int(k) == 1 else "dependency.hhi_text",
                    lang,
                    hhi=f"{float(v):.2f}",
                    n=int(k),
                )
                for v, k in zip(municipalities["provider_hhi"], municipalities["n_dep"])
            ]
        },
        hover=[
            t(
                "dependency.top_provider",
                lang,
                name=n if isinstance(n, str) else "–",
                share=f"{float(s):.0%}" if pd.notna(s) else "–",
            )
            for n, s in zip(municipalities["top_provider_name"], municipalities["top_provider_share"])
        ],
        value_label=t("metric.provider_hhi", lang),
    )
    return by_provider, by_concentration


def matrix_block(bundle: Bundle, edges: pd.DataFrame, *, lang: str):
    """The matrix when it is small enough to label, else a note asking for a county."""
    if edges.empty:
        return message(t("empty.filtered", lang), kind="warning")
    rows, columns = edges["member"].nunique(), edges["provider"].nunique()
    if rows > MATRIX_MAX_ROWS or columns > MATRIX_MAX_COLUMNS:
        return message(
            t(
                "dependency.matrix_too_big",
                lang,
                rows=rows,
                columns=columns,
                max_rows=MATRIX_MAX_ROWS,
                max_columns=MATRIX_MAX_COLUMNS,
            ),
            kind="muted",
        )
    fig = dependency_heatmap(
        edges,
        names=bundle.names,
        member_label=t("col.municipality", lang),
        provider_label=t("col.provider", lang),
        value_label=t("col.n_functions", lang),
        height=max(320, 140 + 24 * rows),
    )
    return graph("dependency-matrix", fig, filename="beroendematris")


def render_dependency(bundle: Bundle, *, lan: str | None, lang: str):
    """The dependency content (a plain function: tests call it)."""
    if bundle.memberships.empty:
        return message(t("empty.no_data", lang))
    data = dependency_tables(bundle, lan=lan, lang=lang)
    by_provider, by_concentration = ranked_figures(bundle, data, lang=lang)
    if data["edges"].empty:
        # Nothing to rank: say so instead of drawing empty axes.
        ranked = message(t("dependency.none_in_region", lang), kind="muted")
    else:
        ranked = _ranked_sections(by_provider, by_concentration, lang)
    return _page(bundle, data, ranked, lang)


def _ranked_sections(by_provider, by_concentration, lang: str) -> html.Div:
    return html.Div(
        [
            section(
                t("dependency.ranked_providers", lang),
                graph("dependency-ranked-providers", by_provider, filename="utforare-rangordnade"),
                help_text=t("dependency.ranked_providers_help", lang),
            ),
            section(
                t("dependency.ranked_municipalities", lang),
                graph("dependency-ranked-municipalities", by_concentration, filename="koncentration"),
                help_text=t("explain.provider_hhi", lang),
            ),
        ],
        className="grid-2",
    )


def _page(bundle: Bundle, data: dict, ranked, lang: str) -> html.Div:
    return html.Div(
        [
            ranked,
            section(
                t("dependency.matrix", lang),
                matrix_block(bundle, data["edges"], lang=lang),
                help_text=t("dependency.matrix_help", lang),
            ),
            html.Div(
                [
                    section(
                        t("dependency.providers", lang),
                        data_table(
                            "beroende-utforare",
                            data["providers"],
                            [
                                ("name", "col.provider"),
                                ("kind", "col.provider_kind"),
                                ("n_dependents", "col.n_dependents"),
                                ("n_functions", "col.n_functions"),
                                ("areas", "col.areas"),
                            ],
                            lang,
                        ),
                    ),
                    section(
                        t("dependency.municipalities", lang),
                        data_table(
                            "beroende-kommuner",
                            data["municipalities"],
                            [
                                ("namn", "col.municipality"),
                                ("provider_hhi", "metric.provider_hhi"),
                                ("dependency_share", "metric.dependency_share"),
                                ("n_arrangements", "metric.n_arrangements"),
                                ("top_provider_name", "metric.top_provider_name"),
                                ("top_provider_share", "metric.top_provider_share"),
                            ],
                            lang,
                        ),
                        help_text=t("explain.provider_hhi", lang) + " " + t("explain.dependency_share", lang),
                    ),
                ],
                className="grid-2",
            ),
            html.Div(
                [
                    section(
                        t("dependency.two_member", lang),
                        data_table(
                            "beroende-tva-medlemmar",
                            data["two_member"],
                            [
                                ("name", "col.arrangement"),
                                ("form", "col.form"),
                                ("area", "col.area"),
                                ("members", "col.members"),
                            ],
                            lang,
                        ),
                        help_text=t("dependency.two_member_help", lang),
                    ),
                    section(
                        t("dependency.evaluation", lang),
                        data_table(
                            "beroende-uppfoljning",
                            data["evaluation"],
                            [
                                ("name", "col.arrangement"),
                                ("form", "col.form"),
                                ("area", "col.area"),
                                ("reason", "col.reason"),
                                ("last_evaluated", "col.last_evaluated"),
                            ],
                            lang,
                        ),
                        help_text=t("dependency.evaluation_help", lang),
                    ),
                ],
                className="grid-2",
            ),
        ]
    )


PAGE = lan_page(
    path=PATH,
    nav_key="nav.beroende",
    text_key="dependency",
    dropdown_id=ids.DEP_LAN,
    content_id=ids.DEP_CONTENT,
    render=render_dependency,
)
layout, register = PAGE.layout, PAGE.register
