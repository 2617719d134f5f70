"""Kommunprofil: one municipality's arrangements, index, dependencies, partners and data gaps.

URL: ``/kommun?kod=<kommunkod>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import dash_cytoscape as cyto
import numpy as np
import pandas as pd
from dash import Input, Output, State, dcc, html

from samverkansvav.figures.network import view_stylesheet
from samverkansvav.ingest.values import is_blank
from samverkansvav.model import HOST_FORMS
from samverkansvav.web import ids
from samverkansvav.web.components import (
    control,
    data_table,
    message,
    municipality_dropdown,
    party_options,
    register_option_search,
    section,
    stat,
)
from samverkansvav.web.data import GAP_COLUMNS, joined_names, missing_mask
from samverkansvav.web.history_view import history_section
from samverkansvav.web.i18n import INDEX_COMPONENTS_EN, TEXTS, app_language, form_labels, t
from samverkansvav.web.layout import kommun_links
from samverkansvav.web.page import Page, PageContext, QueryParam, build_query, context_for, parse_query

if TYPE_CHECKING:
    from samverkansvav.web.data import Bundle

__all__ = [
    "PAGE",
    "layout",
    "render_profile",
    "profile_tables",
    "population_text",
    "rank_text",
    "cross_links",
    "register",
    "ego_elements",
    "history_slot",
    "render_history",
    "name_list",
]

PATH = "/kommun"
EGO_ID = "profile-ego"
#: Where the Historik section arrives, in a request of its own after the profile is shown.
HISTORY_SLOT = "profile-history-slot"
#: The municipality whose history the slot waits for (its appearance triggers the request).
HISTORY_KOD = "profile-history-kod"


def population_text(row: pd.Series, lang: str) -> str:
    """Population with its year and precision, e.g. ``50 323 (2024, exakt)``."""
    pop = row.get("population")
    if pop is None or pd.isna(pop):
        return t("profile.population_unknown", lang)
    value = f"{int(pop):,}".replace(",", " ")
    year = row.get("population_year")
    year = "?" if year is None or pd.isna(year) else str(int(float(year)))
    precision = row.get("population_precision")
    if precision is None or pd.isna(precision):
        precision = "?"
    elif f"precision.{precision}" in TEXTS:
        precision = t(f"precision.{precision}", lang)
    else:
        precision = str(precision)  # a user's own parties table may use other words
    return t("profile.population_value", lang, value=value, year=year, precision=precision)


def _component_texts(lang: str):
    from samverkansvav.analysis.metrics import index_components

    for key, label, explanation, weight in index_components():
        if lang == "en" and key in INDEX_COMPONENTS_EN:
            label, explanation = INDEX_COMPONENTS_EN[key]
        yield key, label, explanation, weight


def rank_text(bundle: Bundle, kod: str, column: str, lang: str) -> str:
    """The place of ``kod`` among its county's municipalities on ``column``, ties shown as ties.

    Highest value first: ``plats 2 av 5 i länet``, or with equal values
    ``delad plats 1–3 av 5 i länet`` (never a place of its own for a tie).
    """
    parties = bundle.parties
    if kod not in parties.index or column not in bundle.metrics:
        return ""
    lan = parties.at[kod, "lan_code"]
    lan_of = parties["lan_code"].reindex(bundle.kommun_ids)
    peers = [
        k
        for k in lan_of.index[lan_of.eq(lan).fillna(False).to_numpy(dtype=bool)]
        if k in bundle.metrics.index
    ]
    if kod not in peers:
        return ""
    values = pd.to_numeric(bundle.metrics.loc[peers, column], errors="coerce").fillna(0.0).round(9)
    mine = float(values.loc[kod])
    higher = int((values > mine).sum())
    equal = int((values == mine).sum())
    if equal > 1:
        return t("profile.rank_shared", lang, low=higher + 1, high=higher + equal, of=len(peers))
    return t("profile.rank", lang, rank=higher + 1, of=len(peers))


#: Arrangement names listed in one cell of the dependency table; the rest are counted.
NAMES_PER_CELL = 20


def name_list(names: Iterable[str], lang: str, *, limit: int = NAMES_PER_CELL) -> str:
    """Sorted names, ", "-joined; beyond ``limit`` the rest are counted, not listed.

    Examples
    --------
    >>> name_list(["b", "a", "c"], "sv", limit=2)
    'a, b … och 1 till'
    """
    ordered = sorted(map(str, names))
    text = ", ".join(ordered[:limit])
    if len(ordered) > limit:
        text += " " + t("network.more", lang, n=len(ordered) - limit)
    return text


def _arrangement_rows(bundle: Bundle, own: pd.DataFrame, kod: str, lang: str) -> pd.DataFrame:
    """The profile's arrangement table, column by column (no Python loop over the rows)."""
    arr = bundle.arrangements
    forms = form_labels(lang)
    # Forms in their usual order (FORMS), then by name (Bundle.profile_order).
    rank = bundle.profile_order["by_form"].reindex(own["arrangement_id"].to_numpy()).to_numpy()
    own = own.iloc[np.argsort(rank, kind="stable")]
    facts = arr.reindex(own["arrangement_id"].to_numpy())
    # An ended arrangement without an end date is in force on every date before today
    # (CooperationWeb.current_on): on a past date the reader must see its end is unknown.
    ended_undated = facts["status"].eq("avslutad").to_numpy(dtype=bool) & missing_mask(facts["end"])
    names = facts["name"].astype(str).to_numpy(dtype=object)
    title = np.where(ended_undated, names + f" ({t('profile.ended_date_unknown', lang)})", names)
    roles = {r.removeprefix("role."): t(r, lang) for r in _ROLE_KEYS}
    role = own["role"].map(lambda r: roles.get(r, r) if isinstance(r, str) else r)
    provider = facts["provider"]
    # No provider: informal cooperation has none; a host-based form's host is not named.
    no_provider = missing_mask(provider)
    provider_text = np.where(
        no_provider,
        np.where(facts["form"].eq("informell"), t("value.none", lang), t("value.not_named", lang)),
        np.where(
            provider.eq(kod).fillna(False), t("value.self", lang), facts["provider_name"].astype(object)
        ),
    )
    arrangements = pd.DataFrame(
        {
            "arrangement": title,
            "form": facts["form"].map(lambda f: forms.get(f, f)).to_numpy(dtype=object),
            "area": facts["area"].to_numpy(dtype=object),
            "role": role.to_numpy(dtype=object),
            "partners": joined_names(facts["members"], bundle.names, leave_out=kod),
            "provider": provider_text,
            "cost": pd.to_numeric(own["annual_cost"], errors="coerce").to_numpy(),
            "notice": pd.to_numeric(facts["notice_months"], errors="coerce").to_numpy(),
            "last_evaluated": facts["last_evaluated"].to_numpy(dtype=object),
        }
    )
    return arrangements


def _gap_rows(bundle: Bundle, own: pd.DataFrame, kod: str, lang: str) -> pd.DataFrame:
    """Each own arrangement's data gaps as one row; the same combination of gaps is worded once."""
    arr = bundle.arrangements
    own_ids = set(own["arrangement_id"])
    own_arr = arr.loc[arr.index.isin(own_ids)]
    own_arr = own_arr.iloc[
        np.argsort(bundle.profile_order["by_name"].reindex(own_arr.index).to_numpy(), kind="stable")
    ]
    if own_arr.empty:
        return pd.DataFrame(columns=["gap", "arrangement"])
    own_costs = own.drop_duplicates("arrangement_id").set_index("arrangement_id")["annual_cost"]
    flags = np.column_stack(
        [
            # For the profile, what matters is this municipality's own cost.
            missing_mask(own_costs.reindex(own_arr.index))
            if gap == "gap_no_cost"
            else own_arr[gap].to_numpy(dtype=bool)
            for gap in GAP_COLUMNS
        ]
    )
    labels = [t(gap.replace("gap_", "gap."), lang) for gap in GAP_COLUMNS]
    codes = flags.astype(np.int64) @ (1 << np.arange(len(GAP_COLUMNS), dtype=np.int64))
    wording = {
        int(code): ", ".join(label for bit, label in enumerate(labels) if int(code) >> bit & 1)
        for code in np.unique(codes)
    }
    found = codes > 0
    return pd.DataFrame(
        {
            "gap": pd.Series(codes[found]).map(wording).to_numpy(dtype=object),
            "arrangement": own_arr["name"].to_numpy(dtype=object)[found],
        }
    )


def profile_tables(bundle: Bundle, kod: str, lang: str) -> dict[str, pd.DataFrame]:
    """The profile's tables for ``kod`` (plain DataFrames; tests check them by hand).

    Keys: ``arrangements``, ``index``, ``dependency``, ``gaps``. Built column by
    column, so a municipality in 100,000 arrangements is quick; computed once per
    bundle, municipality and language (treat the frames as read-only).
    """
    return bundle._cached(("profile-tables", kod, lang), lambda: _profile_tables(bundle, kod, lang))


def _profile_tables(bundle: Bundle, kod: str, lang: str) -> dict[str, pd.DataFrame]:
    mem = bundle.memberships
    own = mem[mem["party_id"] == kod]
    arr = bundle.arrangements
    arrangements = _arrangement_rows(bundle, own, kod, lang)

    metrics = bundle.metrics.loc[kod] if kod in bundle.metrics.index else None
    ranks = bundle.ranks.loc[kod] if kod in bundle.ranks.index else None
    lan = bundle.parties.at[kod, "lan_code"] if kod in bundle.parties.index else None
    of = bundle.lan_sizes.get("" if lan is None or pd.isna(lan) else str(lan), 0)
    count_column = {
        "arrangements": "n_arrangements",
        "partners": "n_partners",
        "constellations": "n_constellations",
        "forms": "n_forms",
        "areas": "n_areas",
        "hosted": "n_hosted",
        "own_governance": "n_own_governance",
        "joint_committee": "n_joint_committee",
        "unknown_provider": "n_unknown_provider",
    }
    index_rows = []
    for key, label, explanation, weight in _component_texts(lang):
        count = (
            int(metrics[count_column[key]]) if metrics is not None and count_column.get(key) in metrics else 0
        )
        points = float(metrics[f"sli_{key}"]) if metrics is not None else 0.0
        rank = ranks.get(f"sli_{key}") if ranks is not None else None
        index_rows.append(
            {
                "component": label,
                "count": count,
                "weight": weight,
                "points": points,
                "rank": rank_text(bundle, kod, f"sli_{key}", lang) if rank is not None and of else "",
                "explanation": explanation,
            }
        )
    total = float(metrics["systemledningsindex"]) if metrics is not None else 0.0
    total_rank = ranks.get("systemledningsindex") if ranks is not None else None
    index_rows.append(
        {
            "component": t("sli.total", lang),
            "count": None,
            "weight": None,
            "points": total,
            "rank": rank_text(bundle, kod, "systemledningsindex", lang)
            if total_rank is not None and of
            else "",
            "explanation": t("explain.systemledningsindex", lang),
        }
    )
    index = pd.DataFrame(index_rows)

    edges = bundle.dependency_edges
    dep = edges[edges["member"] == kod]
    if len(dep):
        dep = dep.assign(arrangement=dep["arrangement_id"].map(arr["name"]))
        dependency = (
            dep.groupby(["provider", "area"], dropna=False)
            .agg(
                n_functions=("arrangement_id", "nunique"),
                arrangements=("arrangement", lambda s: name_list(s, lang)),
            )
            .reset_index()
        )
        dependency["provider_name"] = dependency["provider"].map(lambda p: bundle.name(p))
        dependency = dependency.sort_values(
            ["n_functions", "provider_name", "area"], ascending=[False, True, True]
        )
        dependency = dependency[["provider_name", "area", "n_functions", "arrangements"]].reset_index(
            drop=True
        )
    else:
        dependency = pd.DataFrame(columns=["provider_name", "area", "n_functions", "arrangements"])
    # Host-based arrangements without a named host: an unknown provider, in the same table.
    unknown = arr.loc[arr.index.isin(set(own["arrangement_id"]))]
    unknown = unknown[unknown["form"].isin(HOST_FORMS) & unknown["provider"].isna()]
    if len(unknown):
        rows = (
            unknown.groupby(unknown["area"].fillna("–"))["name"]
            .agg(lambda s: name_list(s, lang))
            .reset_index()
        )
        extra = pd.DataFrame(
            {
                "provider_name": t("network.provider_unknown", lang),
                "area": rows["area"],
                "n_functions": unknown.groupby(unknown["area"].fillna("–")).size().to_numpy(),
                "arrangements": rows["name"],
            }
        )
        dependency = pd.concat([dependency, extra], ignore_index=True)

    gap_rows = []
    if kod in bundle.parties.index:
        party = bundle.parties.loc[kod]
        if party.get("population") is None or pd.isna(party.get("population")):
            gap_rows.append({"gap": t("gap.population", lang), "arrangement": ""})
        elif (
            not is_blank(party.get("population_precision"))
            and str(party.get("population_precision")) != "exakt"
        ):
            year = party.get("population_year")
            gap_rows.append(
                {
                    "gap": t(
                        "gap.population_rounded",
                        lang,
                        precision=party.get("population_precision"),
                        year="?" if year is None or pd.isna(year) else int(float(year)),
                    ),
                    "arrangement": "",
                }
            )
    gaps = pd.DataFrame(gap_rows, columns=["gap", "arrangement"])
    own_gaps = _gap_rows(bundle, own, kod, lang)
    if len(own_gaps):
        gaps = pd.concat([gaps, own_gaps], ignore_index=True) if len(gaps) else own_gaps
    return {"arrangements": arrangements, "index": index, "dependency": dependency, "gaps": gaps}


_ROLE_KEYS = {"role.värd", "role.medlem", "role.utförare", "role.uppdragsgivare"}


#: Partners shown in the profile's ego network (the strongest ties).
EGO_PARTNERS = 25
#: The ego network's canvas (half the page width, 420 px high) for its layout.
EGO_BOX = (660.0, 400.0)


def ego_elements(bundle: Bundle, kod: str) -> list[dict]:
    """The municipality, its ``EGO_PARTNERS`` strongest partners and the ties among them."""
    edges = bundle.comembership
    own = edges[(edges["a"] == kod) | (edges["b"] == kod)]
    own = own.assign(other=own["a"].where(own["a"] != kod, own["b"]))
    top = own.sort_values(["shared", "other"], ascending=[False, True]).head(EGO_PARTNERS)
    keep = set(top["other"]) | {kod}
    ties = edges[edges["a"].isin(keep) & edges["b"].isin(keep)]
    from samverkansvav.figures.network import kommun_nodes, place_nodes, tie_edges, view_elements

    nodes = kommun_nodes(
        keep,
        name=bundle.name,
        n_arrangements=bundle.metrics["n_arrangements"],
        communities=bundle.communities,
    )
    edges = tie_edges(ties)
    # Its own layout, not the national one: there Hedemora, Ludvika and Borlänge share a spot.
    placed = bundle._cached(
        ("profile-ego", kod),
        lambda: place_nodes(
            nodes[["label", "importance"]],
            zip(edges["source"], edges["target"], edges["weight"]),
            focus=kod,
            box=EGO_BOX,
        ),
    )
    return view_elements(nodes, edges, placed, focus=kod)


def _dependency_card(metrics, lang: str) -> html.Div:
    """Dependency share, with arrangements whose provider is unknown in the same card.

    The share counts only named providers; without the second line "0 %" would
    read as "depends on no one" for a municipality whose host is simply not named.
    """
    card = stat(
        t("metric.dependency_share", lang),
        f"{float(metrics['dependency_share']):.0%}",
        explanation=t("explain.dependency_share", lang),
        stat_id="profile-dependency-share",
    )
    unknown = int(metrics.get("n_unknown_provider", 0) or 0)
    if unknown:
        card.children.insert(
            2,
            html.Div(
                t("profile.unknown_in_card", lang, n=unknown),
                className="stat-unknown",
                id="profile-unknown-provider",
            ),
        )
    return card


def cross_links(kod: str, query: dict, lang: str) -> html.Div:
    """Links from a municipality to its map view, its network and its exit scenario."""
    return kommun_links(
        kod,
        query,
        lang,
        [
            ("network.link_map", "/karta", "fokus", "profile-link-map"),
            ("network.link_ego", "/natverk", "fokus", "profile-link-network"),
            ("network.link_scenario", "/scenario", "kod", "profile-link-scenario"),
        ],
    )


def render_profile(bundle: Bundle, kod: str | None, lang: str, *, search: str | None = None):
    """The profile content for ``kod`` (a plain function: tests call it directly)."""
    if not kod:
        return message(t("empty.choose_municipality", lang))
    if kod not in bundle.parties.index:
        return message(t("empty.unknown_municipality", lang, kod=kod), kind="warning")
    party = bundle.parties.loc[kod]
    header = html.Div(
        [
            html.H2(f"{party['name']} ({kod})", id="profile-name"),
            html.Span([html.B(t("profile.lan", lang) + ": "), str(party.get("lan_name") or "–")]),
            html.Span(
                [html.B(t("profile.population", lang) + ": "), population_text(party, lang)],
                id="profile-population",
            ),
            cross_links(
                kod,
                parse_query(search)
                if search is not None
                else ({"lang": lang} if lang != app_language() else {}),
                lang,
            ),
        ],
        className="profile-head",
    )
    metrics = bundle.metrics.loc[kod] if kod in bundle.metrics.index else None
    if metrics is None or int(metrics["n_arrangements"]) == 0:
        return html.Div([header, message(t("empty.no_arrangements", lang, name=party["name"]))])
    tables = profile_tables(bundle, kod, lang)
    stats = html.Div(
        [
            stat(
                t("metric.n_arrangements", lang),
                int(metrics["n_arrangements"]),
                explanation=t("explain.n_arrangements", lang),
                stat_id="profile-n-arrangements",
            ),
            stat(
                t("metric.n_partners", lang),
                int(metrics["n_partners"]),
                explanation=t("explain.n_partners", lang),
                stat_id="profile-n-partners",
            ),
            stat(
                t("metric.systemledningsindex", lang),
                f"{float(metrics['systemledningsindex']):.2f}",
                explanation=t("explain.systemledningsindex", lang),
                stat_id="profile-sli",
            ),
            _dependency_card(metrics, lang),
            stat(
                t("metric.provider_hhi", lang),
                f"{float(metrics['provider_hhi']):.2f}",
                explanation=t("explain.provider_hhi", lang),
                stat_id="profile-hhi",
            ),
        ],
        className="stats",
    )
    ego = ego_elements(bundle, kod)
    return html.Div(
        [
            header,
            stats,
            section(
                t("profile.arrangements", lang),
                data_table(
                    f"kommun-{kod}-arrangemang",
                    tables["arrangements"],
                    [
                        ("arrangement", "col.arrangement"),
                        ("form", "col.form"),
                        ("area", "col.area"),
                        ("role", "col.role"),
                        ("partners", "col.partners"),
                        ("provider", "col.provider"),
                        ("cost", "col.cost"),
                        ("notice", "col.notice"),
                        ("last_evaluated", "col.last_evaluated"),
                    ],
                    lang,
                    hide_empty=True,
                ),
            ),
            section(
                t("profile.index", lang),
                data_table(
                    f"kommun-{kod}-index",
                    tables["index"],
                    [
                        ("component", "sli.component"),
                        ("count", "sli.count"),
                        ("weight", "sli.weight"),
                        ("points", "sli.points"),
                        ("rank", "sli.rank"),
                        ("explanation", "sli.explanation"),
                    ],
                    lang,
                ),
                help_text=t("profile.index_help", lang),
            ),
            html.Div(
                [
                    section(
                        t("profile.dependency", lang),
                        data_table(
                            f"kommun-{kod}-beroende",
                            tables["dependency"],
                            [
                                ("provider_name", "col.provider"),
                                ("area", "col.area"),
                                ("n_functions", "col.n_functions"),
                                ("arrangements", "col.arrangements"),
                            ],
                            lang,
                        ),
                        help_text=t("profile.dependency_help", lang),
                    ),
                    section(
                        t("profile.ego", lang),
                        cyto.Cytoscape(
                            id=EGO_ID,
                            elements=ego,
                            layout={"name": "preset", "fit": True},
                            stylesheet=view_stylesheet(),
                            style={"width": "100%", "height": "420px"},
                            userZoomingEnabled=True,
                            minZoom=0.2,
                            maxZoom=4,
                            autoungrabify=True,
                        ),
                    ),
                ],
                className="grid-2",
            ),
            section(
                t("profile.gaps", lang),
                data_table(
                    f"kommun-{kod}-luckor",
                    tables["gaps"],
                    [("gap", "col.gap"), ("arrangement", "col.arrangement")],
                    lang,
                )
                if len(tables["gaps"])
                else message(t("profile.no_gaps", lang), kind="muted"),
            ),
            history_slot(kod, lang),
        ]
    )


def history_slot(kod: str, lang: str) -> html.Div:
    """A place for the Historik section, filled by :func:`render_history` once the profile is shown.

    The history of a municipality in many arrangements takes seconds to compute
    (every membership period, event and year); the rest of the profile need not
    wait for it.
    """
    return html.Div(
        [
            dcc.Store(id=HISTORY_KOD, data=kod),
            dcc.Loading(
                html.Div(message(t("profile.history_loading", lang), kind="muted"), id=HISTORY_SLOT),
                type="default",
            ),
        ]
    )


def render_history(bundle: Bundle, kod: str | None, lang: str):
    """The Historik section for ``kod`` (``None`` when there is no such municipality)."""
    if not kod or kod not in bundle.parties.index:
        return None
    return history_section(bundle, kod, lang)


def layout(ctx: PageContext):
    kod = ctx.param("kod")
    return html.Div(
        [
            html.H2(t("profile.title", ctx.lang)),
            html.P(t("profile.intro", ctx.lang), className="intro"),
            html.Div(
                [
                    control(
                        t("filter.municipality", ctx.lang),
                        municipality_dropdown(ids.PROFILE_KOMMUN, ctx.bundle, ctx.lang, value=kod),
                    )
                ],
                className="controls",
            ),
            html.Div(_content(ctx, kod), id=ids.PROFILE_CONTENT),
        ]
    )


def _content(ctx: PageContext, kod: str | None) -> list:
    # What other registers say differently about this municipality's arrangements, then the profile.
    from samverkansvav.web.disagreements import disagreement_block

    return [
        disagreement_block(ctx.state, kod, ctx.lang, names=ctx.bundle.names),
        render_profile(ctx.bundle, kod, ctx.lang, search=build_query(ctx.query)),
    ]


def register(app, state) -> None:
    register_option_search(app, ids.PROFILE_KOMMUN, state, party_options)

    @app.callback(
        Output(ids.PROFILE_CONTENT, "children"),
        Input(ids.PROFILE_KOMMUN, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _profile(kod, search):
        return _content(context_for(state, search), kod)

    @app.callback(
        Output(HISTORY_SLOT, "children"),
        Input(HISTORY_KOD, "data"),
        State(ids.URL, "search"),
    )
    def _history(kod, search):
        c = context_for(state, search)
        return render_history(c.bundle, kod, c.lang)


PAGE = Page(
    path=PATH,
    nav_key="nav.kommunprofil",
    layout=layout,
    register=register,
    params=(QueryParam("kod", ids.PROFILE_KOMMUN),),
)
