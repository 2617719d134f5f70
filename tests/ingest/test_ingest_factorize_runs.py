"""Columns of repeated neighbouring cells are factorised from their runs alone, with
the codes and uniques of ``pd.factorize``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from samverkansvav.ingest import cells
from samverkansvav.ingest.cells import _factorize_runs, _mostly_runs, factorize_cells


def _same_as_pandas(values: list) -> tuple[np.ndarray, list]:
    series = pd.Series(values, dtype=object)
    codes, uniques = factorize_cells(series)
    expected_codes, expected_uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    np.testing.assert_array_equal(codes, expected_codes)
    assert codes.dtype == expected_codes.dtype
    # The very objects pandas keeps (1.0 rather than 1 or True, say).
    assert [(type(u), u) for u in uniques.tolist()] == [(type(u), u) for u in expected_uniques.tolist()]
    return codes, uniques.tolist()


def test_runs_give_the_codes_and_uniques_of_first_appearance():
    codes, uniques = _factorize_runs(np.array(["a", "a", "b", "b", "a", None, None, "c"], dtype=object))
    assert codes.tolist() == [0, 0, 1, 1, 0, -1, -1, 2]
    assert uniques.tolist() == ["a", "b", "c"]


def test_equal_numbers_of_other_types_keep_the_first_one():
    codes, uniques = _factorize_runs(
        np.array([1.0, 1, True, "1", float("nan"), float("nan"), 2], dtype=object)
    )
    assert codes.tolist() == [0, 0, 0, 1, -1, -1, 2]
    assert [(type(u), u) for u in uniques.tolist()] == [(float, 1.0), (str, "1"), (int, 2)]


def test_a_cell_without_a_plain_comparison_is_factorised_directly():
    assert _factorize_runs(np.array(["a", pd.NA, pd.NA], dtype=object)) is None
    values = ["x"] * 3000 + [pd.NA] * 10
    # The last sampled pair compares pd.NA with pd.NA: no answer, so no runs.
    assert not _mostly_runs(np.array(values, dtype=object))
    codes, uniques = factorize_cells(pd.Series(values, dtype=object))
    assert codes.tolist() == [0] * 3000 + [-1] * 10 and uniques.tolist() == ["x"]


def test_long_columns_of_runs_take_the_run_path_with_the_same_answer(monkeypatch):
    taken = []
    real = cells._factorize_runs

    def spy(array):
        taken.append(len(array))
        return real(array)

    monkeypatch.setattr(cells, "_factorize_runs", spy)
    rows = [f"arr{k // 5}" for k in range(5000)]
    rows[7] = None
    rows[12:14] = [1, 1.0]
    _same_as_pandas(rows)
    assert taken == [5000]


def test_short_or_changing_columns_are_factorised_directly(monkeypatch):
    monkeypatch.setattr(cells, "_factorize_runs", lambda array: (_ for _ in ()).throw(AssertionError))
    _same_as_pandas(["a", "a", "b"])  # too short to look for runs
    _same_as_pandas([f"member{k}" for k in range(5000)])  # every cell differs from the one above


def test_mostly_runs_judges_pairs_spread_over_the_column():
    # Blank at the top, all different below: a sample at the top alone would see runs.
    values = [""] * 1000 + [str(k) for k in range(4000)]
    assert not _mostly_runs(np.array(values, dtype=object))
    assert _mostly_runs(np.array([str(k // 4) for k in range(4000)], dtype=object))
    assert not _mostly_runs(np.array(["a"] * 100, dtype=object))
