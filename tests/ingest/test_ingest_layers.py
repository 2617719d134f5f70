"""The ingest layers on plain frames: extract, normalise (long), assemble, cells.

Each layer is a function of a frame (and a SheetState), so it is tested here without
a file: the expected values are worked out by hand from the few rows below.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from samverkansvav.ingest.assemble import build_web, finish
from samverkansvav.ingest.cells import (
    Collector,
    blank_codes,
    factorize_cells,
    factorize_mapped,
    frame_records,
)
from samverkansvav.ingest.extract import map_headers, prepare_table
from samverkansvav.ingest.long import read_long
from samverkansvav.ingest.normalise import arrangement_values
from samverkansvav.ingest.readers import RawSheet
from samverkansvav.ingest.state import SheetState
from samverkansvav.reference import load_parties
from samverkansvav.reference.name_cache import NameCache

LONG_ROWS = [
    ["Namn", "Form", "Område", "Värdkommun", "Kommunkod", "Medlem"],
    ["IT-nämnd", "gemensam nämnd", "IT", "Falun", "2080", "Falun"],
    ["IT-nämnd", "gemensam nämnd", "IT", "Falun", "2081", "Borlänge"],
    [None, None, None, None, None, None],
    ["Totalt", None, None, None, None, None],
    ["Lönecenter ", "avtalssamverkan", "#REF!", "Borlänge", "2081", "Borlänge"],
    ["Lönecenter", "avtalssamverkan", "", "Borlänge", "2080", "Falun"],
]


def _sheet(rows: list[list]) -> RawSheet:
    return RawSheet(name=None, frame=pd.DataFrame(rows, dtype=object))


def _state(out: Collector) -> SheetState:
    return SheetState(NameCache(load_parties()), out)


def test_extract_prepares_clean_cells_with_excel_rows():
    raw, out = _sheet(LONG_ROWS), Collector("x.csv")
    cols = map_headers(raw, 0, out)
    assert cols.index == {"name": 0, "form": 1, "area": 2, "host": 3, "member_code": 4, "member": 5}
    table = prepare_table(raw, 0, cols, out, max_rows=100)
    # Row 4 (blank) and row 5 (Totalt, no form, no member) are dropped; Excel rows stay.
    assert table["_row"].tolist() == [2, 3, 6, 7]
    # Text is stripped, and an error value becomes an empty cell with an error.
    assert table["name"].tolist() == ["IT-nämnd", "IT-nämnd", "Lönecenter", "Lönecenter"]
    assert table["area"].isna().tolist() == [False, False, True, False]
    assert table["area"].fillna("?").tolist() == ["IT", "IT", "?", ""]
    assert [(i.code, i.row, i.column) for i in out.issues] == [
        ("total_row", None, None),
        ("cell_error", 6, "Område"),
    ]


def test_prepare_refuses_more_rows_than_the_limit():
    raw, out = _sheet(LONG_ROWS), Collector("x.csv")
    cols = map_headers(raw, 0, out)
    assert prepare_table(raw, 0, cols, out, max_rows=3) is None
    assert out.issues[-1].code == "too_many_rows"
    assert "4 rader; gränsen är 3" in out.issues[-1].message


def test_normalise_reads_arrangement_values_once_per_row():
    raw, out = _sheet(LONG_ROWS), Collector("x.csv")
    cols = map_headers(raw, 0, out)
    table = prepare_table(raw, 0, cols, out, max_rows=100)
    state = _state(out)
    frame = arrangement_values(state, table, cols)
    assert frame["form"].tolist() == ["gemensam_namnd"] * 2 + ["avtalssamverkan"] * 2
    assert frame["_key"].tolist() == ["it-namnd--gemensam_namnd"] * 2 + ["lonecenter--avtalssamverkan"] * 2
    assert frame["_row"].tolist() == [2, 3, 6, 7]
    assert frame["area"].fillna("?").tolist() == ["IT", "IT", "?", "?"]


def test_long_then_assemble_gives_members_hosts_and_roles():
    raw, out = _sheet(LONG_ROWS), Collector("x.csv")
    cols = map_headers(raw, 0, out)
    table = prepare_table(raw, 0, cols, out, max_rows=100)
    state = _state(out)
    state.layout, state.labels, state.present = "lång", dict(cols.label), set(cols.index)
    read_long(state, table, cols)
    assert [rec["_key"] for rec in state.arrangements] == [
        "it-namnd--gemensam_namnd",
        "lonecenter--avtalssamverkan",
    ]
    assert state.member_frame[["_key", "party_id", "_row"]].values.tolist() == [
        ["it-namnd--gemensam_namnd", "2080", 2],
        ["it-namnd--gemensam_namnd", "2081", 3],
        ["lonecenter--avtalssamverkan", "2081", 6],
        ["lonecenter--avtalssamverkan", "2080", 7],
    ]
    finish(state)
    web = build_web(state, only_valid=True)
    assert web.arrangements.set_index("id")["host"].to_dict() == {
        "it-namnd--gemensam_namnd": "2080",
        "lonecenter--avtalssamverkan": "2081",
    }
    # Gemensam nämnd: the host is värd; avtalssamverkan: the host performs (utförare)
    # for the other member (uppdragsgivare).
    roles = web.memberships.set_index(["arrangement_id", "party_id"])["role"].to_dict()
    assert roles == {
        ("it-namnd--gemensam_namnd", "2080"): "värd",
        ("it-namnd--gemensam_namnd", "2081"): "medlem",
        ("lonecenter--avtalssamverkan", "2081"): "utförare",
        ("lonecenter--avtalssamverkan", "2080"): "uppdragsgivare",
    }


def test_frame_records_give_none_for_nan_outside_float_columns():
    frame = pd.DataFrame(
        {
            "text": pd.Series(["a", np.nan, None], dtype=object),
            "number": [1.5, np.nan, 2.0],
            "pair": pd.Series([("x",), (), None], dtype=object),
        }
    )
    records = frame_records(frame)
    assert [r["text"] for r in records] == ["a", None, None]
    # A float column keeps its NaN (a missing number), like to_dict("records").
    assert records[1]["number"] != records[1]["number"]
    assert [r["pair"] for r in records] == [("x",), (), None]


def test_blank_codes_mark_missing_and_empty_text():
    column = pd.Series(["a", "", None, "a", 0, ""], dtype=object)
    codes, uniques = factorize_cells(column)
    assert blank_codes(codes, uniques).tolist() == [False, True, True, False, False, True]
    codes, uniques = factorize_cells(pd.Series(["a", None], dtype=object))
    assert blank_codes(codes, uniques).tolist() == [False, True]


def test_prepare_gives_the_codes_of_the_cleaned_columns():
    rows = [
        ["Namn", "Form", "Område", "Värdkommun", "Kommunkod", "Medlem"],
        ["Lön ", "avtal", "#REF!", "Ale", 1440, "Ale"],
        ["Lön", "avtal", "IT", "Ale", "1440", "Ale"],
        ["IT", "avtal", None, "Ale", 1482, "Kungälv"],
        [" Lön", "avtal", "IT ", "Ale", 1440, "Ale"],
    ]
    raw, out = _sheet(rows), Collector("x.csv")
    cols = map_headers(raw, 0, out)
    codes: dict = {}
    table = prepare_table(raw, 0, cols, out, max_rows=100, codes=codes)
    assert set(codes) == set(cols.index)
    # "Lön " and " Lön" clean to "Lön": one distinct value, first seen on row 2.
    assert codes["name"][0].tolist() == [0, 0, 1, 0]
    assert codes["name"][1].tolist() == ["Lön", "IT"]
    # The error value becomes blank (-1) like the empty cell.
    assert codes["area"][0].tolist() == [-1, 0, -1, 0]
    assert codes["area"][1].tolist() == ["IT"]
    # A number and its text are two values, as in the column itself.
    assert codes["member_code"][0].tolist() == [0, 1, 2, 0]
    assert codes["member_code"][1].tolist() == [1440, "1440", 1482]
    for fld, (fld_codes, uniques) in codes.items():
        expected_codes, expected_uniques = factorize_cells(table[fld])
        assert fld_codes.tolist() == expected_codes.tolist()
        assert list(uniques) == list(expected_uniques)


def test_factorize_mapped_keeps_the_order_of_first_appearance():
    column = pd.Series([" b", "a", None, "b", "", "a "], dtype=object)
    codes, uniques = factorize_mapped(factorize_cells(column), lambda v: (v or "").strip())
    # Stripped: "b", "a", "", "b", "", "a": the blank cell's "" comes third, as over the rows.
    assert codes.tolist() == [0, 1, 2, 0, 2, 1]
    assert uniques.tolist() == ["b", "a", ""]
    codes, uniques = factorize_mapped(factorize_cells(pd.Series(["x", "y"], dtype=object)), str.upper)
    assert (codes.tolist(), uniques.tolist()) == ([0, 1], ["X", "Y"])
