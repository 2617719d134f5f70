"""workbook_bytes: user text is never a formula; read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samverkansvav.export import safe_sheet_names, workbook_bytes

HOSTILE = [
    '=HYPERLINK("http://evil.example","Klicka")',
    "=1+1",
    "+46 8 123",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "=cmd|' /C calc'!A0",
    "0180",
    "http://example.com",
]


def _sheet(data: bytes, name: str):
    return openpyxl.load_workbook(io.BytesIO(data))[name]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_a_string_cell(text):
    ws = _sheet(workbook_bytes({"Data": pd.DataFrame({"namn": [text]})}), "Data")
    cell = ws["A2"]
    assert cell.data_type == "s"
    assert cell.value == text
    assert cell.hyperlink is None


def test_carriage_return_start_is_text_too():
    ws = _sheet(workbook_bytes({"Data": pd.DataFrame({"t": ["\r=1+1"]})}), "Data")
    # xlsxwriter stores CR as the escape _x000D_, which Excel shows as CR; never a formula
    assert ws["A2"].data_type == "s"
    assert ws["A2"].value in {"\r=1+1", "_x000D_=1+1"}


def test_no_cell_anywhere_is_a_formula():
    frame = pd.DataFrame({"a": HOSTILE, "b": range(len(HOSTILE))})
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"A": frame, "B": frame})))
    kinds = {c.data_type for ws in wb for row in ws.iter_rows() for c in row}
    assert "f" not in kinds


def test_numbers_stay_numbers_including_negative():
    frame = pd.DataFrame({"kr": [-5, 2.5, np.int64(7), np.float64(-0.25), 1_250_000.5]})
    ws = _sheet(workbook_bytes({"D": frame}), "D")
    values = [(c.value, c.data_type) for (c,) in ws.iter_rows(min_row=2)]
    assert values == [(-5, "n"), (2.5, "n"), (7, "n"), (-0.25, "n"), (1_250_000.5, "n")]


def test_missing_values_are_empty_cells():
    frame = pd.DataFrame(
        {
            "a": [np.nan, 1.0, 2.0],
            "b": [None, "x", pd.NA],
            "c": [pd.NaT, pd.Timestamp("2024-01-01"), pd.NaT],
            "d": [1, 2, 3],
        }
    )
    ws = _sheet(workbook_bytes({"D": frame}), "D")
    assert [c.value for c in ws[2]][:3] == [None, None, None]
    assert ws["B4"].value is None and ws["D2"].value == 1


def test_dates_are_date_cells():
    frame = pd.DataFrame({"slut": [dt.date(2023, 6, 30), dt.datetime(2024, 1, 2, 3, 4)]})
    ws = _sheet(workbook_bytes({"D": frame}), "D")
    assert ws["A2"].is_date and ws["A2"].value == dt.datetime(2023, 6, 30)
    assert ws["A3"].is_date and ws["A3"].value == dt.datetime(2024, 1, 2, 3, 4)
    assert ws["A2"].number_format == "yyyy-mm-dd"


def test_booleans_and_sequences():
    frame = pd.DataFrame({"b": [True], "lista": [("0180", "0181")]})
    ws = _sheet(workbook_bytes({"D": frame}), "D")
    assert (ws["A2"].value, ws["A2"].data_type) == (True, "b")
    assert ws["B2"].value == "0180, 0181"


def test_named_index_becomes_the_first_column():
    frame = pd.DataFrame({"n": [3]}, index=pd.Index(["0180"], name="kommunkod"))
    ws = _sheet(workbook_bytes({"D": frame}), "D")
    assert [c.value for c in ws[1]] == ["kommunkod", "n"]
    assert ws["A2"].value == "0180"


def test_headers_bold_frozen_and_columns_sized():
    frame = pd.DataFrame({"k": ["en lång text om samverkan i regionen"]})
    ws = _sheet(workbook_bytes({"D": frame}), "D")
    assert ws["A1"].font.b
    assert ws.freeze_panes == "A2"
    # 35 characters + 2 of padding, well above the default width (~8.43)
    assert ws.column_dimensions["A"].width > 30


def test_sheet_names_are_sanitised_unique_and_ordered():
    frames = {
        "a[b]:c*?/\\": pd.DataFrame(),
        "Data": pd.DataFrame(),
        "data": pd.DataFrame(),
        "x" * 40: pd.DataFrame(),
        "History": pd.DataFrame(),
    }
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(frames)))
    assert wb.sheetnames == ["a_b__c____", "Data", "data (2)", "x" * 31, "History_"]


def test_sheet_name_collision_after_truncation():
    names = safe_sheet_names(["y" * 35, "y" * 36])
    # both cut to 31 'y'; the second becomes 27 'y' + " (2)" (31 characters)
    assert names == ["y" * 31, "y" * 27 + " (2)"]
    assert all(len(n) <= 31 for n in names)


def test_empty_mapping_still_gives_a_valid_workbook():
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes({})))
    assert wb.sheetnames == ["Tomt"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_printable_text_round_trips_as_text(text):
    ws = _sheet(workbook_bytes({"D": pd.DataFrame({"t": [text]})}), "D")
    assert ws["A2"].data_type == "s"
    assert ws["A2"].value == text


def test_number_formats_and_wrapped_columns_per_sheet():
    from samverkansvav.export import PERCENT

    frame = pd.DataFrame({"Kommun": ["A", "B"], "Andel": [0.5, None], "Fråga": ["lång " * 30, "kort"]})
    data = workbook_bytes(
        {"Blad": frame, "Annat": frame},
        number_formats={"Blad": {"Andel": PERCENT}},
        wrap_columns={"Blad": ["Fråga"]},
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Blad"]
    # 0.5 stays the number 0.5 and shows as 50.0 %; the missing share stays an empty cell.
    assert (sheet["B2"].value, sheet["B2"].number_format) == (0.5, "0.0%")
    assert sheet["B3"].value is None
    assert sheet["C2"].alignment.wrap_text is True and sheet["A2"].alignment.wrap_text is not True
    # Formats apply only to the sheet they are given for.
    assert book["Annat"]["B2"].number_format == "General"
