"""Överlapp: co-membership heatmap by community, recurring member sets, same partners in different forms.

URL: ``/overlapp?lan=<code>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from dash import html

from samverkansvav.figures.matrix import comembership_heatmap
from samverkansvav.figures.upset import upset_figure
from samverkansvav.web import ids
from samverkansvav.web.components import data_table, graph, lan_page, message, section
from samverkansvav.web.i18n import form_labels, t

if TYPE_CHECKING:
    from samverkansvav.web.data import Bundle

__all__ = ["PAGE", "MAX_MATRIX", "overlap_tables", "render_overlap", "layout", "register"]

PATH = "/overlapp"
#: Largest heatmap drawn (rows = columns); beyond it the most active municipalities are shown.
MAX_MATRIX = 80


def overlap_tables(bundle: Bundle, *, lan: str | None, lang: str) -> dict:
    """The matrix, member sets and same-partner constellations of a region (plain values)."""
    region = bundle.region_party_ids(lan=lan)
    arr_ids = bundle.region_arrangement_ids(region)
    members = (
        bundle.memberships
        if arr_ids is None
        else bundle.memberships[bundle.memberships["arrangement_id"].isin(arr_ids)]
    )
    # The matrix is of municipalities: a region or a national agency in every
    # samordningsförbund would top it; the member sets below still name them.
    ids_ = sorted(set(members["party_id"]) & set(bundle.kommun_ids))
    if region is not None:
        # The län's own municipalities; partners outside it would crowd the matrix.
        ids_ = [p for p in ids_ if p in set(region)]
    truncated = False
    matrix = bundle.comembership_matrix
    counts = bundle.metrics["n_arrangements"].reindex(ids_).fillna(0)
    if len(ids_) > MAX_MATRIX:
        ids_ = list(counts.sort_values(ascending=False, kind="stable").index[:MAX_MATRIX])
        truncated = True
    sub = matrix.reindex(index=ids_, columns=ids_, fill_value=0)
    sets = bundle.member_sets
    if arr_ids is not None and len(sets):
        wanted = set(region or [])
        sets = sets[sets["members"].map(lambda ms: bool(wanted.intersection(ms)))]
    labels = form_labels(lang)
    same = bundle.same_partners
    if len(same) and region is not None:
        same = same[same["members"].map(lambda ms: bool(set(region).intersection(ms)))]
    same_rows = (
        pd.DataFrame(
            {
                "members": [", ".join(bundle.name(p) for p in ms) for ms in same["members"]],
                "arrangements": [
                    ", ".join(
                        str(bundle.arrangements.at[a, "name"]) if a in bundle.arrangements.index else a
                        for a in arr
                    )
                    for arr in same["arrangement_ids"]
                ],
                "forms": [", ".join(labels.get(f, f) for f in fs) for fs in same["forms"]],
            }
        )
        if len(same)
        else pd.DataFrame(columns=["members", "arrangements", "forms"])
    )
    return {"matrix": sub, "truncated": truncated, "sets": sets.reset_index(drop=True), "same": same_rows}


def render_overlap(bundle: Bundle, *, lan: str | None, lang: str):
    """The overlap content (a plain function: tests call it)."""
    if bundle.memberships.empty:
        return message(t("empty.no_data", lang))
    data = overlap_tables(bundle, lan=lan, lang=lang)
    if data["matrix"].empty:
        return message(t("empty.filtered", lang), kind="warning")
    heat = comembership_heatmap(
        data["matrix"],
        communities=bundle.communities,
        names=bundle.names,
        value_label=t("col.arrangements", lang),
    )
    upset = upset_figure(data["sets"], names=bundle.names, count_label=t("col.arrangements", lang))
    return html.Div(
        [
            section(
                t("overlap.heatmap", lang),
                message(t("overlap.matrix_too_big", lang, n=MAX_MATRIX), kind="muted")
                if data["truncated"]
                else None,
                graph("overlap-heatmap", heat, filename="gemensamma-arrangemang"),
                help_text=t("overlap.heatmap_help", lang),
            ),
            section(
                t("overlap.upset", lang),
                graph("overlap-upset", upset, filename="medlemskretsar")
                if len(data["sets"])
                else message(t("empty.no_rows", lang), kind="muted"),
                help_text=t("overlap.upset_help", lang),
            ),
            section(
                t("overlap.same_partners", lang),
                data_table(
                    "overlapp-samma-parter",
                    data["same"],
                    [
                        ("members", "col.members"),
                        ("arrangements", "col.arrangements"),
                        ("forms", "col.forms"),
                    ],
                    lang,
                ),
                help_text=t("overlap.same_partners_help", lang),
            ),
        ]
    )


PAGE = lan_page(
    path=PATH,
    nav_key="nav.overlapp",
    text_key="overlap",
    dropdown_id=ids.OVL_LAN,
    content_id=ids.OVL_CONTENT,
    render=render_overlap,
)
layout, register = PAGE.layout, PAGE.register
