"""A blank area beside filled-in ones is warned about, whichever reader read the cells.

A column of text with some blanks comes back from pandas with NaN for the blanks, not
None; the check for a missing area must see those blanks as blank.
"""

from __future__ import annotations

from samverkansvav.ingest import read_register

WIDE = [
    ["Namn", "Form", "Område", "Medlemmar"],
    ["IT-nämnd", "gemensam nämnd", "IT", "Ale, Kungälv"],
    ["Lön", "avtalssamverkan", "", "Ale, Kungälv"],
]


def _missing_areas(result) -> list[tuple[str, int, str, str]]:
    return [
        (issue.code, issue.row, issue.column, issue.arrangement)
        for issue in result.report.issues
        if issue.code == "missing_area"
    ]


def test_one_blank_area_among_filled_ones_in_a_csv(write_csv):
    result = read_register(write_csv(WIDE), reporter="1440")
    assert result.ok
    # Row 3 of the file (the header is row 1): Lön has no area; IT-nämnd has one.
    assert _missing_areas(result) == [("missing_area", 3, "Område", "Lön")]


def test_one_blank_area_among_filled_ones_in_a_workbook(write_xlsx):
    rows = [row[:2] + [row[2] or None] + row[3:] for row in WIDE]
    result = read_register(write_xlsx({"Samverkan": rows}), reporter="1440")
    assert _missing_areas(result) == [("missing_area", 3, "Område", "Lön")]


def test_every_area_blank_is_one_warning_per_row(write_csv):
    rows = [WIDE[0]] + [row[:2] + [""] + row[3:] for row in WIDE[1:]]
    result = read_register(write_csv(rows), reporter="1440")
    assert _missing_areas(result) == [
        ("missing_area", 2, "Område", "IT-nämnd"),
        ("missing_area", 3, "Område", "Lön"),
    ]


def test_one_blank_area_in_a_register_with_one_row_per_member(write_csv):
    rows = [
        ["Namn", "Form", "Område", "Medlem"],
        ["IT-nämnd", "gemensam nämnd", "IT", "Ale"],
        ["IT-nämnd", "gemensam nämnd", "IT", "Kungälv"],
        ["Lön", "avtalssamverkan", "", "Ale"],
        ["Lön", "avtalssamverkan", "", "Kungälv"],
    ]
    result = read_register(write_csv(rows), reporter="1440")
    assert result.ok
    # The arrangement's rows say the same, so its first row (4) carries the warning.
    assert _missing_areas(result) == [("missing_area", 4, "Område", "Lön")]
