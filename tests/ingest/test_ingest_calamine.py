"""The calamine reader gives what the openpyxl reader gave, and refuses what it must.

Every register here is read twice: normally (calamine) and with the openpyxl
fallback forced, and the two readings must be identical: same issues on the same
rows and columns, same arrangements and memberships.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib

import pandas as pd
import pytest

from samverkansvav.ingest import UnreadableFile, read_register
from samverkansvav.ingest import workbook as workbook_module
from samverkansvav.ingest.container import sniff, verify_zip_members
from samverkansvav.ingest.readers import WorkbookSource
from samverkansvav.ingest.workbook import CalamineSource, open_workbook

HEADER = [
    "Namn",
    "Form",
    "Område",
    "Värdkommun",
    "Medlemmar",
    "Startdatum",
    "Slutdatum",
    "Årskostnad (kr)",
    "Uppsägningstid (mån)",
]
ROWS = [
    [
        "Lönenämnden",
        "gemensam nämnd",
        "löneadministration",
        "Falun",
        "Falun, Borlänge",
        dt.datetime(2020, 1, 1),
        None,
        1250000.5,
        12,
    ],
    [
        "Räddningstjänsten",
        "kommunalförbund",
        "räddningstjänst",
        None,
        "2080; 2081",
        "2015-07-01",
        "tills vidare",
        "12 832 tkr",
        "6",
    ],
    ["Stockholmsnätverket", "informell", "IT", None, "0180, 0181", 43831, "31/12/2026", 0, None],
    ["Påhittet", "påhittad form", "IT", "Falun", "Falun, Gagnef", "1.3.2024", None, "inget belopp", 1.5],
]


def _both(path, monkeypatch, **kwargs):
    calamine = read_register(path, **kwargs)
    with monkeypatch.context() as patched:
        # every grid counts as too large for calamine: the whole workbook goes to openpyxl
        patched.setattr(workbook_module, "_FAR_COLUMN", re.compile(rb'r="'))
        patched.setattr(workbook_module, "MAX_GRID_CELLS", 0)
        fallback = read_register(path, **kwargs)
    return calamine, fallback


def _assert_same(a, b) -> None:
    assert [(i.level, i.code, i.sheet, i.row, i.column, i.message) for i in a.report] == [
        (i.level, i.code, i.sheet, i.row, i.column, i.message) for i in b.report
    ]
    pd.testing.assert_frame_equal(a.usable_web.arrangements, b.usable_web.arrangements)
    pd.testing.assert_frame_equal(a.usable_web.memberships, b.usable_web.memberships)


def test_register_reads_the_same_with_calamine_and_openpyxl(write_xlsx, monkeypatch):
    path = write_xlsx({"Samverkan": [["Register 2024"], HEADER] + ROWS})
    calamine, fallback = _both(path, monkeypatch, reporter="Falun")
    _assert_same(calamine, fallback)
    assert {i.row for i in calamine.report.errors} == {6}, calamine.report.as_text()
    arrs = calamine.usable_web.arrangements.set_index("name")
    assert arrs.loc["Lönenämnden", "start"] == dt.date(2020, 1, 1)
    assert arrs.loc["Stockholmsnätverket", "start"] == dt.date(2020, 1, 1)  # serial 43831


def test_1904_hidden_sheet_and_merged_host_read_the_same(write_xlsx, monkeypatch):
    rows = [
        HEADER[:5],
        ["Lönenämnden", "gemensam nämnd", "löneadministration", "Falun", "Falun, Borlänge"],
        ["IT-nämnden", "gemensam nämnd", "IT", None, "Falun, Gagnef"],
    ]
    path = write_xlsx(
        {"Listor": [["Form"], ["gemensam nämnd"]], "Blad1": rows},
        hidden=("Listor",),
        merged={"Blad1": ["D2:D3"]},
        epoch_1904=True,
    )
    calamine, fallback = _both(path, monkeypatch)
    _assert_same(calamine, fallback)
    assert set(calamine.web.arrangements["host"]) == {"2080"}  # Falun, filled down the merged range
    assert any(i.code == "merged_cells" for i in calamine.report)


def test_calamine_is_used_for_a_plain_workbook(write_xlsx):
    data = write_xlsx({"Samverkan": [HEADER] + ROWS}).read_bytes()
    source = open_workbook(data, "r.xlsx", "xlsx", max_rows=100, max_columns=200)
    assert isinstance(source, CalamineSource)
    head = source.head("Samverkan", rows=3)
    # openpyxl's conventions: None for empty, int for whole numbers
    assert head[1][6] is None and head[1][8] == 12 and type(head[1][8]) is int
    assert head[1][7] == 1250000.5


def test_a_cell_in_xfd300_goes_to_openpyxl_and_reads_as_before(write_xlsx):
    path = write_xlsx({"Samverkan": [HEADER] + ROWS})
    before = read_register(path)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb["Samverkan"]["XFD300"] = "långt bort"  # 300 × 16 384 cells: too large a grid for calamine
    wb.save(path)
    source = open_workbook(path.read_bytes(), path.name, "xlsx", max_rows=100, max_columns=200)
    assert isinstance(source, WorkbookSource)
    source.close()
    result = read_register(path)
    # openpyxl reads up to column 201 only: the far cell is never materialised
    assert [(i.code, i.row) for i in result.report] == [(i.code, i.row) for i in before.report]
    assert {i.row for i in result.report.errors} == {5}


def test_a_far_cell_in_a_small_grid_stays_with_calamine_and_is_reported(write_xlsx):
    path = write_xlsx({"Samverkan": [HEADER] + ROWS})
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb["Samverkan"]["XFD2"] = "långt bort"  # 5 rows × 16 384 columns: small enough
    wb.save(path)
    source = open_workbook(path.read_bytes(), path.name, "xlsx", max_rows=100, max_columns=200)
    assert isinstance(source, CalamineSource)
    result = read_register(path)
    assert any(i.code == "too_many_columns" for i in result.report), result.report.as_text()
    assert {i.row for i in result.report.errors} == {5}


def test_grid_size_is_measured_from_the_farthest_reference():
    xml = b'<sheetData><row r="1"><c r="A1"/></row><row r="120000"><c r="AB120000"/></row></sheetData>'
    assert workbook_module._grid_cells(xml) == 120_000 * 28


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_sniff_recognises_ods_and_xls():
    ods = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})
    assert sniff(ods, "r.ods") == "ods"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "Workbook".encode("utf-16-le") + b"\x00" * 100
    assert sniff(ole, "r.xls") == "xls"
    odt = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    with pytest.raises(UnreadableFile, match="inget kalkylblad"):
        sniff(odt, "r.odt")


def test_xml_part_with_a_dtd_is_refused_before_any_parser():
    data = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/styles.xml": b'<?xml version="1.0"?>\n<!-- a comment -->\n<!DOCTYPE s [<!ENTITY a "b">]><s/>',
        }
    )
    with pytest.raises(UnreadableFile, match="DTD") as caught:
        verify_zip_members(data, "r.xlsx")
    assert "xl/styles.xml" in caught.value.message


def test_member_inflating_to_more_than_its_header_says_is_refused():
    body = b"<worksheet>" + b" " * 100_000 + b"</worksheet>"
    data = bytearray(_zip({"xl/worksheets/sheet1.xml": body}))
    # Both headers claim 2 000 bytes; the CRC stays that of the whole body.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature)
        data[at + offset : at + offset + 4] = (2000).to_bytes(4, "little")
    with pytest.raises(UnreadableFile, match="zip-bomb"):
        verify_zip_members(bytes(data), "r.xlsx")
    assert zlib.crc32(body) != 0  # the refusal is about the size, not a broken checksum


def test_verified_members_are_returned_as_stored():
    data = _zip({"a.xml": b"<a/>", "b.xml": b"<b/>"})
    assert verify_zip_members(data, "r.xlsx", keep=("b.xml",)) == {"b.xml": b"<b/>"}


def test_merged_ranges_are_written_as_excel_ranges():
    assert workbook_module._range_text((2, 4), (4, 4)) == "E3:E5"
    assert workbook_module._range_text((0, 0), (0, 27)) == "A1:AB1"
    assert workbook_module._range_text((5, 1), (5, 1)) == "B6"
