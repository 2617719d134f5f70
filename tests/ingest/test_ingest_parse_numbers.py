"""Number columns read in array passes give what :func:`parse_values` gives one by one."""

from __future__ import annotations

import numpy as np
import pandas as pd

from samverkansvav.ingest.cells import Collector
from samverkansvav.ingest.extract import Columns
from samverkansvav.ingest.long import _float_column
from samverkansvav.ingest.normalise import (
    PLAIN_SHARES,
    amount_parser,
    parse_numbers,
    parse_values,
    plain_amount,
    plain_amounts,
    plain_share,
)
from samverkansvav.ingest.state import SheetState
from samverkansvav.ingest.values import parse_share
from samverkansvav.reference import load_parties
from samverkansvav.reference.name_cache import NameCache

_COLUMNS = Columns(label={"share": "Andel %", "annual_cost": "Årskostnad"})


def _table(field: str, cells: list) -> pd.DataFrame:
    return pd.DataFrame({"_row": list(range(2, 2 + len(cells))), field: pd.Series(cells, dtype=object)})


def _issues(out: Collector) -> list[tuple]:
    return [(i.level, i.code, i.message, i.row, i.column, i.arrangement) for i in out.issues]


def _both(field: str, cells: list, func, plain, plain_numbers) -> tuple:
    """(parse_numbers' column and issues, parse_values' column and issues)."""
    names = NameCache(load_parties())
    keys = [f"a{k}" for k in range(len(cells))]
    found = []
    for fast in (True, False):
        out = Collector("x.csv")
        state = SheetState(names, out, display_name={k: k.upper() for k in keys})
        table = _table(field, cells)
        what = "share" if field == "share" else "amount"
        if fast:
            values = parse_numbers(
                state,
                table,
                field,
                func,
                _COLUMNS,
                what=what,
                keys=keys,
                plain=plain,
                plain_numbers=plain_numbers,
            )
        else:
            values = parse_values(state, table, field, func, _COLUMNS, what=what, keys=keys, plain=plain)
        found.append((_float_column(values), _issues(out), sorted(state.bad_keys)))
    return found[0], found[1]


def _same(fast: tuple, slow: tuple) -> None:
    assert type(fast[0]) is type(slow[0])
    if isinstance(slow[0], np.ndarray):
        assert fast[0].dtype == slow[0].dtype
        np.testing.assert_array_equal(fast[0], slow[0])
    else:
        assert fast[0] == slow[0]
    assert fast[1:] == slow[1:]


def test_plain_amounts_are_multiplied_and_blank_cells_are_nan():
    cells = ["1250", None, "17,5", "1250", "3.25"]
    fast, slow = _both(
        "annual_cost", cells, amount_parser(1000.0), plain_amount(1000.0), plain_amounts(1000.0)
    )
    _same(fast, slow)
    np.testing.assert_array_equal(fast[0], [1250000.0, np.nan, 17500.0, 1250000.0, 3250.0])
    assert fast[1] == []


def test_plain_shares_are_rounded_and_out_of_range_ones_are_errors_in_row_order():
    cells = ["150", "12,5", "x %", "0.1", "150", "33.333333333333"]
    fast, slow = _both("share", cells, parse_share, plain_share, PLAIN_SHARES)
    _same(fast, slow)
    assert fast[0][1] == 0.125 and fast[0][3] == 0.001
    assert fast[0][5] == round(33.333333333333 / 100.0, 10)
    # Rows 2 and 6 hold 150 (out of range), row 4 text that is no share.
    assert [issue[3] for issue in fast[1]] == [2, 4, 6]
    assert fast[2] == ["a0", "a2", "a4"]


def test_other_texts_go_through_the_parser():
    cells = ["1 250 000", "2 500 kr", "1250", ""]
    fast, slow = _both("annual_cost", cells, amount_parser(1.0), plain_amount(1.0), plain_amounts(1.0))
    _same(fast, slow)
    np.testing.assert_array_equal(fast[0], [1250000.0, 2500.0, 1250.0, np.nan])


def test_cells_that_are_not_text_fall_back_to_parse_values():
    cells = [1250.0, "17,5", None]
    fast, slow = _both("annual_cost", cells, amount_parser(1.0), plain_amount(1.0), plain_amounts(1.0))
    _same(fast, slow)
    np.testing.assert_array_equal(fast[0], [1250.0, 17.5, np.nan])


def test_a_value_that_is_no_float_falls_back_to_parse_values():
    def whole(value):
        return (7, None) if value == "sju" else amount_parser(1.0)(value)

    cells = ["sju", "12"]
    fast, slow = _both("annual_cost", cells, whole, plain_amount(1.0), plain_amounts(1.0))
    _same(fast, slow)
    assert fast[0] == [7, 12.0]


def test_a_missing_column_is_none_on_every_row():
    out = Collector("x.csv")
    state = SheetState(NameCache(load_parties()), out)
    table = _table("share", ["1"])
    found = parse_numbers(
        state,
        table,
        "annual_cost",
        amount_parser(1.0),
        _COLUMNS,
        what="amount",
        keys=None,
        plain=plain_amount(1.0),
        plain_numbers=plain_amounts(1.0),
    )
    assert found == [None]
