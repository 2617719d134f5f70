"""Grouped text columns of the Beroende page and the UpSet figure.

Each helper replaced a groupby with a per-group Python lambda; the reference
functions below are those lambdas, and every case compares the helper with its
reference (values, order, dtypes) and with hand-computed values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from samverkansvav.figures.upset import member_set_counts
from samverkansvav.web.pages.beroende import (
    distinct_texts_by_key,
    map_each_distinct,
    one_row_per_arrangement,
    provider_counts,
)


def reference_provider_counts(edges: pd.DataFrame) -> pd.DataFrame:
    return (
        edges.groupby("provider")
        .agg(
            n_dependents=("member", "nunique"),
            n_functions=("arrangement_id", "nunique"),
            areas=("area", lambda s: ", ".join(sorted({str(v) for v in s if pd.notna(v)}))),
        )
        .reset_index()
    )


def reference_one_row_per_arrangement(unmanaged: pd.DataFrame) -> pd.DataFrame:
    return (
        unmanaged.groupby(["id", "name", "form", "area"], dropna=False, sort=True)
        .agg(
            reason=("reason", lambda s: ", ".join(sorted(set(s)))),
            last_evaluated=("last_evaluated", "first"),
        )
        .reset_index()
    )


def reference_member_set_counts(memberships: pd.DataFrame, *, min_size: int = 2) -> pd.DataFrame:
    if memberships.empty:
        return pd.DataFrame(
            {"members": pd.Series(dtype=object), "n": pd.Series(dtype=int), "size": pd.Series(dtype=int)}
        )
    sets = memberships.groupby("arrangement_id")["party_id"].agg(lambda s: tuple(sorted(set(s))))
    counts = sets.value_counts().rename("n").reset_index()
    counts.columns = ["members", "n"]
    counts["size"] = counts["members"].map(len)
    counts = counts[counts["size"] >= min_size]
    counts = counts.assign(_key=counts["members"].map(lambda t: ",".join(t)))
    counts = counts.sort_values(["n", "size", "_key"], ascending=[False, False, True], kind="stable")
    return counts.drop(columns="_key").reset_index(drop=True).astype({"n": int, "size": int})


def assert_same(new: pd.DataFrame, old: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(new, old, check_exact=True)
    assert list(new.dtypes) == list(old.dtypes)


def edges_frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["member", "provider", "arrangement_id", "area"])
    # The bundle hands the page object-dtype text columns.
    return frame.astype(object)


# --- provider areas ---------------------------------------------------------------------------


def test_provider_areas_skip_missing_deduplicate_and_sort() -> None:
    edges = edges_frame(
        [
            ("m1", "p2", "a1", "skola"),
            ("m2", "p2", "a1", "skola"),  # the same area twice
            ("m1", "p2", "a2", None),
            ("m3", "p2", "a3", float("nan")),
            ("m1", "p2", "a4", "IT"),  # upper case sorts before lower case
            ("m1", "p1", "a5", None),  # a provider with no known area
            ("m2", "p3", "a6", "vatten"),
            ("m2", "p3", "a6", "vatten"),  # a duplicate row
            ("m1", "p3", "a7", "avfall"),
        ]
    )
    new = provider_counts(edges)
    assert_same(new, reference_provider_counts(edges))
    assert new.to_dict("list") == {
        "provider": ["p1", "p2", "p3"],
        "n_dependents": [1, 3, 2],
        "n_functions": [1, 4, 2],
        "areas": ["", "IT, skola", "avfall, vatten"],
    }


def test_provider_areas_one_row_and_non_text_areas() -> None:
    # 1 and "1" are the same text; a number is written as str() writes it.
    edges = edges_frame([("m1", "p1", "a1", 1), ("m1", "p1", "a2", "1"), ("m2", "p1", "a3", 2.5)])
    new = provider_counts(edges)
    assert_same(new, reference_provider_counts(edges))
    assert new["areas"].tolist() == ["1, 2.5"]


def test_distinct_texts_by_key_empty() -> None:
    assert distinct_texts_by_key(pd.Series([], dtype=object), pd.Series([], dtype=object)) == {}
    assert distinct_texts_by_key(pd.Series(["k"]), pd.Series([None])) == {}


# --- one row per arrangement -------------------------------------------------------------------


def unmanaged_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "name", "form", "area", "reason", "last_evaluated"])


def test_reasons_merged_per_arrangement_with_missing_keys() -> None:
    unmanaged = unmanaged_frame(
        [
            ("b", "B", "avtal", "skola", "Mål saknas", None),
            ("a", "A", "avtal", None, "Aldrig utvärderad", None),  # a missing area is its own group
            ("b", "B", "avtal", "skola", "Aldrig utvärderad", "2020-01-01"),
            ("a", "A", "avtal", None, "Mål saknas", "2019-05-05"),
            ("a", "A", "avtal", None, "Mål saknas", "2018-01-01"),  # a repeated reason
            ("c", "C", None, "vatten", "Mål saknas", None),  # a missing form
            ("a", "A", "avtal", "IT", "Mål saknas", None),  # same id, another area: another row
        ]
    )
    new = one_row_per_arrangement(unmanaged)
    assert_same(new, reference_one_row_per_arrangement(unmanaged))
    assert new.to_dict("list") == {
        "id": ["a", "a", "b", "c"],
        "name": ["A", "A", "B", "C"],
        "form": ["avtal", "avtal", "avtal", np.nan],
        "area": ["IT", np.nan, "skola", "vatten"],
        "reason": [
            "Mål saknas",
            "Aldrig utvärderad, Mål saknas",
            "Aldrig utvärderad, Mål saknas",
            "Mål saknas",
        ],
        "last_evaluated": [np.nan, "2019-05-05", "2020-01-01", np.nan],
    }


def test_one_arrangement_one_reason() -> None:
    unmanaged = unmanaged_frame([("x", "X", "nämnd", "IT", "Mål saknas", None)])
    new = one_row_per_arrangement(unmanaged)
    assert_same(new, reference_one_row_per_arrangement(unmanaged))
    assert new["reason"].tolist() == ["Mål saknas"]


# --- map each distinct value once --------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        pd.Series(["saknas", "gammal", "saknas", None, "saknas"], index=[5, 3, 9, 1, 0], name="reason"),
        pd.Series(["saknas", "gammal"], dtype="str"),
        pd.Series([], dtype=object),
        pd.Series([], dtype="str"),
    ],
)
def test_map_each_distinct_is_series_map(values: pd.Series) -> None:
    calls: list = []

    def translate(r):
        calls.append(r)
        return "ingen" if r == "saknas" else "gammal"

    expected = values.map(lambda r: "ingen" if r == "saknas" else "gammal")
    pd.testing.assert_series_equal(map_each_distinct(values, translate), expected, check_exact=True)
    assert len(calls) == values.nunique(dropna=False)


# --- member sets -------------------------------------------------------------------------------


def memberships_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["arrangement_id", "party_id"])


@pytest.mark.parametrize("min_size", [1, 2, 3])
def test_member_sets_match_reference(min_size: int) -> None:
    memberships = memberships_frame(
        [
            ("x", "b"),
            ("x", "a"),
            ("y", "a"),
            ("y", "b"),
            ("y", "b"),  # a duplicate row: still the set {a, b}
            ("z", "c"),  # a one-member set
            ("w", "c"),
            ("w", "d"),  # {c, d} ties with {a, b}? no: {a, b} occurs twice
            ("v", "d"),
            ("v", "e"),  # {d, e} ties with {c, d}: sorted by the joined ids
            ("u", "a"),
            ("u", "b"),
            ("u", "c"),
            (None, "q"),  # no arrangement: left out
        ]
    )
    new = member_set_counts(memberships, min_size=min_size)
    assert_same(new, reference_member_set_counts(memberships, min_size=min_size))
    expected = [
        (("a", "b"), 2, 2),
        (("a", "b", "c"), 1, 3),
        (("c", "d"), 1, 2),
        (("d", "e"), 1, 2),
        (("c",), 1, 1),
    ]
    assert list(new.itertuples(index=False, name=None)) == [r for r in expected if r[2] >= min_size]


def test_member_sets_empty_and_all_below_min_size() -> None:
    empty = memberships_frame([])
    assert_same(member_set_counts(empty), reference_member_set_counts(empty))
    singles = memberships_frame([("x", "a"), ("y", "b")])
    new = member_set_counts(singles)
    assert_same(new, reference_member_set_counts(singles))
    assert new.empty


def test_member_sets_text_dtype_columns() -> None:
    memberships = memberships_frame([("x", "a"), ("x", "b"), ("y", "b"), ("y", "a")]).astype("str")
    new = member_set_counts(memberships)
    assert_same(new, reference_member_set_counts(memberships))
    assert new.to_dict("records") == [{"members": ("a", "b"), "n": 2, "size": 2}]
