"""Exports keep user text inert.

A register may hold text such as ``=HYPERLINK("http://x","y")`` typed by anyone
who can upload. When the tool later hands a table back as ``.xlsx`` or ``.csv``,
that text must open as text, never run as a formula; real numbers, negative
ones included, must stay numbers that sum.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

# Text a spreadsheet would run (or half-run) as a formula when it starts a cell.
PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "+cmd",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
    "=1+1",
    "-",
]


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": PAYLOADS,
            "number": [-5, -2.5, 0, 3, -1_250_000.5, 7, -0.25, 1, -3],
        }
    )


def _ooxml_text(value: str) -> str:
    """Undo OOXML's ``_xHHHH_`` escapes (how xlsxwriter stores CR; Excel decodes them, openpyxl does not)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        return "".join(zf.read(n).decode("utf-8") for n in names)


def test_workbook_writes_every_payload_as_a_string_cell(export, frame):
    data = export.workbook_bytes({"Samverkan": frame})
    ws = openpyxl.load_workbook(io.BytesIO(data))["Samverkan"]
    cells = [ws.cell(row=r, column=1) for r in range(2, 2 + len(PAYLOADS))]
    got = [(_ooxml_text(c.value), c.data_type) for c in cells]
    # the exact text comes back, typed as a string ('s'), never a formula ('f')
    assert got == [(p, "s") for p in PAYLOADS]


def test_workbook_contains_no_formula_element(export, frame):
    data = export.workbook_bytes({"Samverkan": frame, "=Blad": frame.rename(columns={"text": "=SUM(1)"})})
    xml = _sheet_xml(data)
    assert "<f>" not in xml and "<f " not in xml


def test_workbook_header_payload_is_text(export, frame):
    data = export.workbook_bytes({"Blad": frame.rename(columns={"text": "=SUM(A2:A9)"})})
    ws = openpyxl.load_workbook(io.BytesIO(data))["Blad"]
    assert (ws["A1"].value, ws["A1"].data_type) == ("=SUM(A2:A9)", "s")


def test_workbook_negative_numbers_stay_numbers(export, frame):
    data = export.workbook_bytes({"Samverkan": frame})
    ws = openpyxl.load_workbook(io.BytesIO(data))["Samverkan"]
    numbers = [ws.cell(row=r, column=2) for r in range(2, 2 + len(frame))]
    assert [c.data_type for c in numbers] == ["n"] * len(frame)
    assert [c.value for c in numbers] == [-5, -2.5, 0, 3, -1_250_000.5, 7, -0.25, 1, -3]
    # sum by hand: -5 - 2.5 + 0 + 3 - 1 250 000.5 + 7 - 0.25 + 1 - 3 = -1 250 000.25
    assert sum(c.value for c in numbers) == -1_250_000.25


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM so Swedish Excel reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_prefixes_every_payload(export, frame):
    rows = _csv_rows(export.csv_bytes(frame))
    assert [r[0] for r in rows[1:]] == ["'" + p for p in PAYLOADS]


def test_csv_no_text_field_starts_with_a_trigger(export, frame):
    rows = _csv_rows(export.csv_bytes(frame.rename(columns={"text": "@kolumn"})))
    text_fields = [rows[0][0]] + [r[0] for r in rows[1:]]
    assert not [f for f in text_fields if f[:1] in ("=", "+", "-", "@", "\t", "\r", "\x00")]


def test_csv_negative_numbers_stay_unprefixed_numbers(export, frame):
    rows = _csv_rows(export.csv_bytes(frame))
    # decimal comma by default; no apostrophe on numbers, so Excel still sums them
    assert [r[1] for r in rows[1:]] == ["-5", "-2,5", "0", "3", "-1250000,5", "7", "-0,25", "1", "-3"]


def test_csv_text_that_looks_negative_is_still_text(export):
    # "-5" typed as text is text: neutralised; -5 as a number is a number.
    rows = _csv_rows(export.csv_bytes(pd.DataFrame({"a": ["-5"], "b": [-5]})))
    assert rows[1] == ["'-5", "-5"]


def test_round_trip_through_xlsx_keeps_payload_inert_after_reimport(export, frame, tmp_path):
    # Export, save, load again: what a user re-uploads is still plain text.
    path = tmp_path / "export.xlsx"
    path.write_bytes(export.workbook_bytes({"Samverkan": frame}))
    back = pd.read_excel(path, sheet_name="Samverkan", dtype=object)
    assert [_ooxml_text(v) for v in back["text"]] == PAYLOADS
