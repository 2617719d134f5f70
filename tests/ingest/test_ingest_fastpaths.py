"""Shortcuts taken for speed give exactly the answers of the slow path.

Each test pins a case where a shortcut could go wrong: the resolver is skipped for a
code written beside its own party name, but not when that name is ambiguous; plain
numbers skip the Swedish rewriting; empty columns to the right of a sheet are dropped.
"""

from __future__ import annotations

import pandas as pd

from samverkansvav.ingest import read_register
from samverkansvav.ingest.readers import _filled_width
from samverkansvav.ingest.values import parse_number, parse_share

LONG_HEADER = ["arrangemang", "form", "omrade", "medlem_kommunkod", "medlem_namn"]


def _parties() -> pd.DataFrame:
    # C3/C4 share a name; D1/D2 share "Delta (x)" while D3 is plain "Delta".
    rows = [
        ("C1", "Alfa (1)"),
        ("C2", "Alfa"),
        ("C3", "Gamma"),
        ("C4", "Gamma"),
        ("D1", "Delta (x)"),
        ("D2", "Delta (x)"),
        ("D3", "Delta"),
        ("E1", "Eta"),
    ]
    return pd.DataFrame({"id": [r[0] for r in rows], "name": [r[1] for r in rows], "kind": "kommun"})


def test_code_with_own_or_ambiguous_name_resolves_like_the_resolver(write_csv):
    rows = [
        LONG_HEADER,
        ["A", "KF", "IT", "C1", "Alfa (1)"],
        ["A", "KF", "IT", "E1", "Eta"],  # rows 2-3: own name
        ["B", "KF", "IT", "C3", "Gamma"],
        ["B", "KF", "IT", "E1", "Eta"],  # rows 4-5: name ambiguous → code
        ["C", "KF", "IT", "C2", "Alfa (1)"],
        ["C", "KF", "IT", "E1", "Eta"],  # row 6: name is C1 ≠ C2
        ["D", "KF", "IT", "D1", "Delta (x)"],
        ["D", "KF", "IT", "E1", "Eta"],
    ]  # row 8: "(x)" dropped → D3 ≠ D1
    result = read_register(write_csv(rows), parties=_parties())
    assert [(i.code, i.row) for i in result.report.errors] == [
        ("member_code_name_mismatch", 6),
        ("member_code_name_mismatch", 8),
    ]
    web = result.usable_web
    assert web.members_of("a--kommunalforbund") == ["C1", "E1"]
    assert web.members_of("b--kommunalforbund") == ["C3", "E1"]


def test_plain_id_is_resolved_with_the_resolvers_casefold_rule(write_csv):
    # "c1" is no party id as written, but ids match case-insensitively: C1.
    rows = [LONG_HEADER, ["A", "KF", "IT", "c1", ""], ["A", "KF", "IT", "e1", ""]]
    result = read_register(write_csv(rows), parties=_parties())
    assert result.ok
    assert result.web.members_of("a--kommunalforbund") == ["C1", "E1"]


def test_plain_numbers_read_as_before():
    # 1250 → 1250.0; "-3,5" has a decimal comma → -3.5; a lone comma is decimal: "1,250" → 1.25.
    assert parse_number("1250") == (1250.0, None)
    assert parse_number("-3,5") == (-3.5, None)
    assert parse_number("1,250") == (1.25, None)
    assert parse_number("007") == (7.0, None)
    # 6.76 % → 0.0676 as a fraction.
    assert parse_share("6.76") == (0.0676, None)


def test_filled_width_ignores_empty_cells_on_the_right():
    # Widest filled cell: column index 3 in the last row → width 4.
    rows = [("a", None, None, None, None), (None,) * 5, (None, None, None, 1, None)]
    assert _filled_width(rows) == 4
    assert _filled_width([]) == 0


def test_wide_sheet_with_far_right_value_is_still_reported(write_xlsx):
    # 4 headers + 196 empty cells put "x" in column 201, one beyond the 200 read.
    sheet = [
        ["Namn", "Form", "Område", "Medlemmar"] + [None] * 196 + ["x"],
        ["IT-nämnden", "kommunalförbund", "IT", "Ale, Kungälv"],
    ]
    result = read_register(write_xlsx({"Samverkan": sheet}))
    assert [i.code for i in result.report.warnings if i.code == "too_many_columns"] == ["too_many_columns"]
    assert len(result.web.arrangements) == 1
