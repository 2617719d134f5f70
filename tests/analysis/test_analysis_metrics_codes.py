"""Hand-computed checks of the code-based paths of the metrics: the text-id
preparation against pandas' own join, dense and sorted distinct counts, and the
provider concentration."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from samverkansvav.analysis import _tables
from samverkansvav.analysis._tables import prepare
from samverkansvav.analysis.metrics import _nunique_by_row, _provider_concentration, municipality_metrics
from samverkansvav.model import CooperationWeb


@pytest.fixture
def untidy_web() -> CooperationWeb:
    """Repeats, blanks and a membership of an unknown arrangement."""
    return CooperationWeb.from_records(
        parties=[{"id": "1", "name": "Ett"}, {"id": "2", "name": "Två"}, {"id": "10", "name": "Tio"}],
        arrangements=[
            {"id": "y", "name": "Y", "form": "gemensam_namnd", "area": "IT; skola", "host": "2"},
            {"id": "x", "name": "X", "form": "avtalssamverkan", "area": "IT", "host": " "},
            {"id": "x", "name": "X igen", "form": "bolag", "area": None, "host": "1"},
        ],
        memberships=[
            {"arrangement_id": "x", "party_id": "2", "annual_cost": 5},
            {"arrangement_id": "x", "party_id": "1", "annual_cost": 3},
            {"arrangement_id": "x", "party_id": "2", "annual_cost": 7},  # repeat: the 5 stays
            {"arrangement_id": "y", "party_id": " ", "annual_cost": 1},  # blank party
            {"arrangement_id": "q", "party_id": "1", "annual_cost": 1},  # unknown arrangement
            {"arrangement_id": "y", "party_id": "10", "annual_cost": 2},
            {"arrangement_id": "y", "party_id": "2", "annual_cost": None},
        ],
    )


def test_text_ids_are_prepared_as_by_the_general_join(untidy_web):
    inc = prepare(untidy_web)
    # Sorted as text: "1" < "10" < "2"; arrangements "x" < "y"; first repeat wins.
    assert inc.party_ids.tolist() == ["1", "10", "2"]
    assert inc.arrangement_ids.tolist() == ["x", "y"]
    assert list(zip(inc.cols.tolist(), inc.rows.tolist())) == [(0, 0), (0, 2), (1, 1), (1, 2)]
    assert inc.members["annual_cost"].tolist()[:2] == [3.0, 5.0]
    assert inc.members["host"].isna().tolist() == [True, True, False, False]  # " " is no host
    assert inc.members["form"].tolist() == ["avtalssamverkan"] * 2 + ["gemensam_namnd"] * 2

    facts = _tables._arrangement_facts(untidy_web)
    members = pd.DataFrame(
        {
            "arrangement_id": untidy_web.memberships["arrangement_id"].astype(object).to_numpy(),
            "party_id": untidy_web.memberships["party_id"].astype(object).to_numpy(),
            "annual_cost": pd.to_numeric(untidy_web.memberships["annual_cost"]).to_numpy(dtype=float),
        }
    )
    general = _tables._prepare_general(members, facts)
    pd.testing.assert_frame_equal(inc.members, general.members)
    assert inc.party_ids.tolist() == general.party_ids.tolist()
    assert inc.rows.tolist() == general.rows.tolist() and inc.cols.tolist() == general.cols.tolist()


def test_ids_that_are_not_text_take_the_general_path():
    web = CooperationWeb.from_records(
        parties=[],
        arrangements=[{"id": 1, "name": "X", "form": "bolag", "area": "IT", "host": None}],
        memberships=[{"arrangement_id": 1, "party_id": 2}, {"arrangement_id": 1, "party_id": 3}],
    )
    inc = prepare(web)
    assert inc.party_ids.tolist() == [2, 3]
    assert inc.rows.tolist() == [0, 1]


def test_distinct_values_per_row_dense_and_sorted_agree(monkeypatch):
    rows = np.array([0, 0, 0, 2, 2, 1])
    values = np.array([3, 3, 1, 0, 4, 4])
    assert _nunique_by_row(rows, values, 4).tolist() == [2, 1, 2, 0]
    import samverkansvav.analysis.metrics as metrics

    monkeypatch.setattr(metrics, "_DENSE_CELLS", 0)  # force the sorting path
    assert _nunique_by_row(rows, values, 4).tolist() == [2, 1, 2, 0]


def test_provider_concentration_by_hand():
    # Party 0 depends on providers 1, 1, 0 (codes in text order); party 2 on 2 and 0
    # (a tie: the provider that sorts first wins); party 1 on nobody.
    rows = np.array([0, 0, 0, 2, 2])
    codes = np.array([1, 1, 0, 2, 0])
    n_dep = np.array([3, 0, 2])
    hhi, top, share = _provider_concentration(rows, codes, 3, n_dep, 3)
    assert hhi.tolist() == pytest.approx([(2 / 3) ** 2 + (1 / 3) ** 2, 0.0, 0.5])
    assert top.tolist() == [1, -1, 0]
    assert share.tolist() == pytest.approx([2 / 3, 0.0, 0.5])


def test_top_provider_ties_go_to_the_id_first_as_text():
    web = CooperationWeb.from_records(
        parties=[{"id": p, "name": f"P{p}"} for p in ("1", "2", "10")],
        arrangements=[
            {"id": "a", "name": "A", "form": "avtalssamverkan", "area": "IT", "host": "2"},
            {"id": "b", "name": "B", "form": "avtalssamverkan", "area": "IT", "host": "10"},
        ],
        memberships=[
            {"arrangement_id": "a", "party_id": "1"},
            {"arrangement_id": "a", "party_id": "2"},
            {"arrangement_id": "b", "party_id": "1"},
            {"arrangement_id": "b", "party_id": "10"},
        ],
    )
    m = municipality_metrics(web)
    assert m.loc["1", "top_provider"] == "10"  # "10" < "2" as text
    assert m.loc["1", "top_provider_name"] == "P10"
    assert m.loc["1", "provider_hhi"] == 0.5
    assert m.loc["2", "top_provider"] is None and m.loc["2", "top_provider_name"] is None
    asked = municipality_metrics(web, party_ids=["2", "nobody"])
    assert asked["n_arrangements"].tolist() == [1, 0]
    assert asked["top_provider"].tolist() == [None, None]
    assert asked["namn"].tolist() == ["P2", "nobody"]
    assert np.isnan(asked.loc["nobody", "dependency_share_cost"])
