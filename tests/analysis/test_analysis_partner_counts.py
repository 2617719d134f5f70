"""Distinct co-members: the mask path for large webs counts exactly what the pairs path counts."""

from __future__ import annotations

import random

import numpy as np
import pytest

from samverkansvav.analysis import _tables
from samverkansvav.analysis._tables import partner_counts, prepare
from samverkansvav.model import CooperationWeb


def _random_web(seed: int, *, n_parties: int, n_arrangements: int, max_size: int) -> CooperationWeb:
    rng = random.Random(seed)
    ids = [f"p{i:04d}" for i in range(n_parties)]
    parties = [{"id": pid, "name": pid.upper(), "kind": "kommun"} for pid in ids]
    arrangements, memberships = [], []
    for a in range(n_arrangements):
        aid = f"a{a:03d}"
        arrangements.append({"id": aid, "name": aid, "form": "informell", "area": "IT"})
        for pid in rng.sample(ids, rng.randint(1, max_size)):
            memberships.append({"arrangement_id": aid, "party_id": pid})
    return CooperationWeb.from_records(parties=parties, arrangements=arrangements, memberships=memberships)


def _pairs_only(inc) -> list[int]:
    return partner_counts(inc, sparse_above=10**12).tolist()


def test_hand_counted_web_on_both_paths(build_web, monkeypatch):
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
    expected = [3, 3, 3, 4, 2, 1]
    # Only the largest arrangement ("a") is a mask bit: b and c are counted as pairs.
    monkeypatch.setattr(_tables, "_MASK_BITS", 1)
    assert partner_counts(inc, sparse_above=0).tolist() == expected


@pytest.mark.parametrize("bits", [1, 5, 64])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mask_path_equals_pairs_path_on_random_webs(seed, bits, monkeypatch):
    # 120 arrangements: with 64 mask bits, 56 still go through the pairs.
    inc = prepare(_random_web(seed, n_parties=300, n_arrangements=120, max_size=40))
    monkeypatch.setattr(_tables, "_MASK_BITS", bits)
    assert partner_counts(inc, sparse_above=0).tolist() == _pairs_only(inc)


def test_party_only_in_large_arrangements_and_isolated_parties(monkeypatch):
    web = CooperationWeb.from_records(
        parties=[{"id": p, "name": p, "kind": "kommun"} for p in ("p1", "p2", "p3", "p4")],
        arrangements=[
            {"id": "big", "name": "Big", "form": "informell", "area": "IT"},
            {"id": "solo", "name": "Solo", "form": "informell", "area": "IT"},
        ],
        memberships=[{"arrangement_id": "big", "party_id": p} for p in ("p1", "p2", "p3")]
        + [{"arrangement_id": "solo", "party_id": "p4"}],
    )
    inc = prepare(web)
    monkeypatch.setattr(_tables, "_MASK_BITS", 1)
    assert partner_counts(inc, sparse_above=0).tolist() == [2, 2, 2, 0]
    assert np.array_equal(partner_counts(inc, sparse_above=0), partner_counts(inc))
