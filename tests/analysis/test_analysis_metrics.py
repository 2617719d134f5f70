"""Hand-computed per-municipality metrics."""

from __future__ import annotations

import math
from dataclasses import fields, replace

import pandas as pd
import pytest

from samverkansvav.analysis._tables import partner_counts, prepare
from samverkansvav.analysis.metrics import (
    DEFAULT_WEIGHTS,
    METRIC_COLUMNS,
    IndexWeights,
    index_components,
    municipality_metrics,
)
from samverkansvav.model import CooperationWeb, empty_web


# small_web: gn (GN, host A: A B C), kf (förbund: A B C), av (avtal, host B: B D),
# inf (informell: C D), gn2 (GN without host: A D). E has no arrangement.
def test_small_web_counts(small_web):
    m = municipality_metrics(small_web)
    assert list(m.index) == ["0001", "0002", "0003", "0004"]  # E is not a member
    # A: gn, kf, gn2 -> partners B, C, D; forms {gn, kf}; member sets {ABC}, {AD}
    # B: gn, kf, av  -> partners A, C, D; forms {gn, kf, av}; sets {ABC}, {BD}
    # C: gn, kf, inf -> partners A, B, D; forms {gn, kf, inf}; sets {ABC}, {CD}
    # D: av, inf, gn2 -> partners B, C, A; three forms; sets {BD}, {CD}, {AD}
    assert m["n_arrangements"].tolist() == [3, 3, 3, 3]
    assert m["n_partners"].tolist() == [3, 3, 3, 3]
    assert m["n_forms"].tolist() == [2, 3, 3, 3]
    assert m["n_areas"].tolist() == [3, 3, 3, 3]
    assert m["n_constellations"].tolist() == [2, 2, 2, 3]
    assert m["n_hosted"].tolist() == [1, 1, 0, 0]  # A hosts gn, B hosts av
    assert m["n_unknown_provider"].tolist() == [1, 0, 0, 1]  # gn2 has no host: A and D
    assert m["n_own_governance"].tolist() == [1, 1, 1, 0]  # kf
    assert m["n_joint_committee"].tolist() == [2, 1, 1, 1]  # gn (A B C), gn2 (A D)


def test_small_web_dependency(small_web):
    m = municipality_metrics(small_web)
    # D(A) = {kf} (gn is hosted by A itself, gn2 has no host) -> 1/3
    # D(B) = {gn -> A, kf -> kf} (av is B's own) -> 2/3
    # D(C) = {gn -> A, kf -> kf} (inf creates no dependency) -> 2/3
    # D(D) = {av -> B} (inf none, gn2 unknown) -> 1/3
    assert m["dependency_share"].tolist() == pytest.approx([1 / 3, 2 / 3, 2 / 3, 1 / 3])
    # HHI: A 1² = 1; B (1/2)² + (1/2)² = 0.5; C 0.5; D 1
    assert m["provider_hhi"].tolist() == pytest.approx([1.0, 0.5, 0.5, 1.0])
    # B and C tie between "0001" and "kf": the id sorting first as text wins.
    assert m["top_provider"].tolist() == ["kf", "0001", "0001", "0002"]
    assert m["top_provider_name"].tolist() == ["Räddningsförbundet", "A", "A", "B"]
    assert m["top_provider_share"].tolist() == pytest.approx([1.0, 0.5, 0.5, 1.0])
    assert m["dependency_share_cost"].isna().all()  # no costs recorded


def test_small_web_index(small_web):
    m = municipality_metrics(small_web)
    # A: 3·1 + 3·0.25 + 2·1 + 2·1 + 3·0.5 + 1·2 + 1·1.5 + 2·1 + 1·0.5 = 15.25
    # B: 3 + 0.75 + 2 + 3 + 1.5 + 2 + 1.5 + 1 + 0 = 14.75
    # C: 3 + 0.75 + 2 + 3 + 1.5 + 0 + 1.5 + 1 + 0 = 12.75
    # D: 3 + 0.75 + 3 + 3 + 1.5 + 0 + 0 + 1 + 0.5 = 12.75
    assert m["systemledningsindex"].tolist() == pytest.approx([15.25, 14.75, 12.75, 12.75])
    sli = [c for c in m.columns if c.startswith("sli_")]
    assert m[sli].sum(axis=1).tolist() == pytest.approx(m["systemledningsindex"].tolist())
    assert m.loc["0001", "sli_hosted"] == 2.0 and m.loc["0002", "sli_own_governance"] == 1.5


def test_columns_and_components_agree(small_web):
    m = municipality_metrics(small_web)
    keys = [key for key, *_ in index_components()]
    assert keys == [f.name for f in fields(IndexWeights)]
    assert list(m.columns) == list(METRIC_COLUMNS) + [f"sli_{k}" for k in keys]
    for key, label, text, weight in index_components():
        assert label and len(text) > 20 and weight == getattr(DEFAULT_WEIGHTS, key)
    # hosting and own governance weigh more than a plain (contract) arrangement
    assert DEFAULT_WEIGHTS.hosted > DEFAULT_WEIGHTS.own_governance > 0


def test_custom_weights_isolate_one_component(small_web):
    weights = IndexWeights(**{f.name: 0.0 for f in fields(IndexWeights)})
    weights = replace(weights, hosted=1.0)
    m = municipality_metrics(small_web, weights=weights)
    assert m["systemledningsindex"].tolist() == [1.0, 1.0, 0.0, 0.0]  # = n_hosted


def test_party_without_arrangements_and_order(small_web):
    m = municipality_metrics(small_web, party_ids=["0005", "0002", "0005"])
    assert list(m.index) == ["0005", "0002"]  # given order, duplicates dropped
    e = m.loc["0005"]
    assert e["namn"] == "E" and e["n_arrangements"] == 0 and e["n_partners"] == 0
    assert e["dependency_share"] == 0.0 and e["provider_hhi"] == 0.0
    assert e["top_provider"] is None and e["top_provider_name"] is None
    assert e["systemledningsindex"] == 0.0
    assert m.loc["0002", "n_arrangements"] == 3
    # a party unknown to the parties table is still reported, named by its id
    assert municipality_metrics(small_web, party_ids=["9999"]).loc["9999", "namn"] == "9999"


def test_hostless_gemensam_namnd_is_a_gap_not_a_dependency(build_web):
    web = build_web([{"id": "g", "form": "gemensam_namnd", "area": "IT"}], {"g": "12"})
    m = municipality_metrics(web)
    # neither member depends on anyone known: 0/1; one unknown provider each
    assert m["dependency_share"].tolist() == [0.0, 0.0]
    assert m["n_unknown_provider"].tolist() == [1, 1]
    assert m["top_provider"].tolist() == [None, None]
    assert m["n_hosted"].tolist() == [0, 0]


def test_federation_is_the_provider(build_web):
    web = build_web(
        [
            {"id": "vatten", "form": "kommunalforbund", "area": "VA", "seat": "0001"},
            {"id": "b", "form": "bolag", "area": "avfall"},
        ],
        {"vatten": "123", "b": "12"},
    )
    m = municipality_metrics(web)
    # 0001 is the seat, not a host: it depends on the federation like the others.
    # 0001: D = {vatten, b} -> share 1, HHI (1/2)²·2 = 0.5, tie -> "b" < "vatten"
    assert m.loc["0001", "dependency_share"] == 1.0
    assert m.loc["0001", "provider_hhi"] == 0.5
    assert m.loc["0001", "top_provider"] == "b" and m.loc["0001", "top_provider_name"] == "B"
    assert m.loc["0003", "top_provider_name"] == "VATTEN"
    assert m["n_hosted"].tolist() == [0, 0, 0]
    assert m["n_own_governance"].tolist() == [2, 2, 1]


def test_informal_cooperation_creates_no_dependency(build_web):
    web = build_web([{"id": "n", "form": "informell", "area": "nätverk", "host": "0001"}], {"n": "123"})
    m = municipality_metrics(web)
    assert m["dependency_share"].tolist() == [0.0, 0.0, 0.0]
    assert m["n_unknown_provider"].tolist() == [0, 0, 0]
    assert m["n_partners"].tolist() == [2, 2, 2]
    # index of 0001: 1 + 2·0.25 + 1 + 1 + 0.5 + 2 (named as host) = 6.0
    assert m.loc["0001", "systemledningsindex"] == 6.0


def test_three_providers_hhi_and_top(build_web):
    web = build_web(
        [
            {"id": "a1", "form": "avtalssamverkan", "area": "IT", "host": "0002"},
            {"id": "a2", "form": "avtalssamverkan", "area": "lön", "host": "0002"},
            {"id": "a3", "form": "avtalssamverkan", "area": "IT", "host": "0003"},
            {"id": "a4", "form": "avtalssamverkan", "area": "IT", "host": "0001"},
        ],
        {"a1": "12", "a2": "12", "a3": "13", "a4": "14"},
    )
    one = municipality_metrics(web).loc["0001"]
    # A = 4, D = {a1 -> 2, a2 -> 2, a3 -> 3}: share 3/4, HHI (2/3)² + (1/3)² = 5/9
    assert one["dependency_share"] == pytest.approx(0.75)
    assert one["provider_hhi"] == pytest.approx(5 / 9)
    assert one["top_provider"] == "0002" and one["top_provider_share"] == pytest.approx(2 / 3)
    # member sets {12} (a1, a2), {13}, {14}: three constellations; areas IT, lön
    assert one["n_constellations"] == 3 and one["n_areas"] == 2 and one["n_hosted"] == 1


def test_tie_between_two_hosts_goes_to_lowest_id(build_web):
    web = build_web(
        [
            {"id": "x", "form": "avtalssamverkan", "area": "IT", "host": "0003"},
            {"id": "y", "form": "gemensam_namnd", "area": "ÖF", "host": "0002"},
        ],
        {"x": "13", "y": "12"},
    )
    one = municipality_metrics(web).loc["0001"]
    assert one["top_provider"] == "0002" and one["top_provider_share"] == 0.5  # 1 of 2


ARRS = [
    {"id": "av", "form": "avtalssamverkan", "area": "IT", "host": "0002"},
    {"id": "kf", "form": "kommunalforbund", "area": "RT"},
    {"id": "inf", "form": "informell", "area": "nät"},
]
MEMBERS = {"av": "12", "kf": "12", "inf": "12"}


def test_cost_weighted_share_known(build_web):
    costs = {("av", "1"): 300.0, ("kf", "1"): 100.0, ("inf", "1"): 100.0, ("av", "2"): 50.0}
    m = municipality_metrics(build_web(ARRS, MEMBERS, costs=costs))
    # 0001: D = {av, kf}: (300 + 100) / (300 + 100 + 100) = 0.8
    assert m.loc["0001", "dependency_share_cost"] == pytest.approx(0.8)
    # count-based share for comparison: 2/3
    assert m.loc["0001", "dependency_share"] == pytest.approx(2 / 3)
    # 0002 has a cost only on av (its own): kf and inf unknown -> NaN
    assert math.isnan(m.loc["0002", "dependency_share_cost"])


def test_cost_weighted_share_unknown_or_zero(build_web):
    one_missing = {("av", "1"): 300.0, ("kf", "1"): 100.0}  # inf unknown
    m = municipality_metrics(build_web(ARRS, MEMBERS, costs=one_missing))
    assert math.isnan(m.loc["0001", "dependency_share_cost"])
    zeros = {("av", "1"): 0.0, ("kf", "1"): 0.0, ("inf", "1"): 0.0}
    m = municipality_metrics(build_web(ARRS, MEMBERS, costs=zeros))
    assert math.isnan(m.loc["0001", "dependency_share_cost"])  # 0 / 0 is not a share
    own = {("av", "2"): 10.0, ("kf", "2"): 0.0, ("inf", "2"): 30.0}
    m = municipality_metrics(build_web(ARRS, MEMBERS, costs=own))
    # 0002 hosts av: D = {kf}: 0 / (10 + 0 + 30) = 0.0
    assert m.loc["0002", "dependency_share_cost"] == 0.0


def test_duplicate_membership_rows_count_once(build_web):
    web = build_web([{"id": "x", "form": "avtalssamverkan", "area": "IT", "host": "0001"}], {"x": "122"})
    m = municipality_metrics(web)
    assert m["n_arrangements"].tolist() == [1, 1] and m["n_partners"].tolist() == [1, 1]


def test_membership_of_unknown_arrangement_is_ignored(small_web):
    extra = pd.concat(
        [small_web.memberships, pd.DataFrame([{"arrangement_id": "ghost", "party_id": "0005"}])]
    )
    web = CooperationWeb(small_web.parties, small_web.arrangements, extra)
    assert "0005" not in municipality_metrics(web).index


def test_empty_web_gives_empty_frame():
    m = municipality_metrics(empty_web())
    assert m.empty and "systemledningsindex" in m.columns


def test_records_hold_plain_python_values(small_web):
    record = municipality_metrics(small_web).reset_index(drop=True).to_dict("records")[0]
    assert type(record["n_arrangements"]) is int
    assert type(record["provider_hhi"]) is float


def test_partner_counts_numpy_equals_sparse(build_web):
    web = build_web(
        [
            {"id": "a", "form": "informell", "area": "x"},
            {"id": "b", "form": "informell", "area": "x"},
            {"id": "c", "form": "informell", "area": "x"},
        ],
        {"a": "1234", "b": "45", "c": "56"},
    )
    inc = prepare(web)
    # 1: 2 3 4 | 2: 1 3 4 | 3: 1 2 4 | 4: 1 2 3 5 | 5: 4 6 | 6: 5
    assert partner_counts(inc).tolist() == [3, 3, 3, 4, 2, 1]
    assert partner_counts(inc, sparse_above=0).tolist() == [3, 3, 3, 4, 2, 1]  # B·Bᵀ path


def test_current_on_filter_is_respected(build_web):
    import datetime as dt

    web = build_web(
        [
            {
                "id": "old",
                "form": "avtalssamverkan",
                "area": "IT",
                "host": "0002",
                "end": dt.date(2020, 1, 1),
            },
            {"id": "new", "form": "kommunalforbund", "area": "RT"},
        ],
        {"old": "12", "new": "13"},
    )
    m = municipality_metrics(web.current_on(dt.date(2024, 1, 1)))
    assert list(m.index) == ["0001", "0003"]  # 0002 only in the ended arrangement
    assert m.loc["0001", "n_partners"] == 1
