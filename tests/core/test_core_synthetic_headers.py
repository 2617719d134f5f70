"""The synthetic registers head their columns with the field table's headers, unchanged."""

from __future__ import annotations

import csv

from samverkansvav.synthetic import LONG_HEADERS, WIDE_HEADERS, generate, write_files

#: The headers as they were written by hand before the field table named them.
WIDE_AS_WRITTEN = (
    "Id",
    "Namn",
    "Form",
    "Område",
    "Värdkommun",
    "Säte",
    "Medlemmar",
    "Startdatum",
    "Slutdatum",
    "Uppsägningstid (mån)",
    "Ansvarig",
    "Mål",
    "Senast utvärderad",
)
LONG_AS_WRITTEN = (
    "Id",
    "Namn",
    "Form",
    "Område",
    "Värdkommun",
    "Säte",
    "Kommunkod",
    "Medlem",
    "Roll",
    "Andel %",
    "Årskostnad (kr)",
    "Startdatum",
    "Slutdatum",
    "Mål",
    "Senast utvärderad",
)


def test_generated_headers_are_the_ones_written_by_hand():
    assert WIDE_HEADERS == WIDE_AS_WRITTEN
    assert LONG_HEADERS == LONG_AS_WRITTEN


def test_written_files_carry_the_headers(tmp_path):
    from openpyxl import load_workbook

    paths = write_files(generate("sverige", seed=2, n_arrangements=5), tmp_path)
    with open(paths["long"], encoding="utf-8-sig", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == LONG_AS_WRITTEN
    sheet = load_workbook(paths["wide"], read_only=True).worksheets[0]
    assert next(sheet.iter_rows(max_row=1, values_only=True)) == WIDE_AS_WRITTEN
