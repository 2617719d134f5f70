"""Headers read by their words when no variant matches: members and costs."""

from __future__ import annotations

import pytest

from samverkansvav.cli import main
from samverkansvav.ingest import read_register

ALE, KUNGALV = "1440", "1482"


def issues(result, code):
    return [i for i in result.report.issues if i.code == code]


@pytest.mark.parametrize(
    "header",
    [
        "Samverkande kommuner",
        "Medverkande kommuner",
        "Deltagande parter",
        "Ingående parter",
        "Samverkanskommuner",
        "Berörda kommuner",
    ],
)
def test_member_headers_by_meaning_pass_check(write_xlsx, capsys, header):
    path = write_xlsx(
        {
            "Samverkan": [
                ["Namn", "Form", "Område", "Värdkommun", header],
                ["Lönenämnden", "gemensam nämnd", "lön", "Ale", "Ale, Kungälv"],
            ]
        }
    )
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    assert "0 fel" in capsys.readouterr().out
    result = read_register(path)
    assert sorted(result.web.memberships["party_id"]) == [ALE, KUNGALV]
    info = issues(result, "header_by_meaning")
    assert [(i.level, i.column) for i in info] == [("info", header)]
    assert "Medlemmar" in info[0].message


def test_annual_cost_by_meaning_is_read_in_its_unit(write_xlsx):
    path = write_xlsx(
        {
            "Samverkan": [
                ["Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Årlig kostnad (tkr)"],
                ["Lön", "avtal", "lön", "Ale", "Ale, Kungälv", 125],
            ]
        }
    )
    result = read_register(path, reporter="Kungälv")
    assert result.ok, result.report.issues
    costs = dict(zip(result.web.memberships["party_id"], result.web.memberships["annual_cost"]))
    assert costs[KUNGALV] == 125_000.0


def test_a_cost_column_that_is_not_read_is_a_warning_naming_it(write_xlsx):
    path = write_xlsx(
        {
            "Samverkan": [
                [
                    "Namn",
                    "Form",
                    "Medlemmar",
                    "Årskostnad (kr)",
                    "Årlig kostnad",
                    "Kostnad per deltagande kommun",
                ],
                ["Lön", "avtal", "Ale, Kungälv", 100, 200, 300],
            ]
        }
    )
    result = read_register(path, reporter="Ale")
    warned = issues(result, "unread_cost_column")
    assert [(i.level, i.column) for i in warned] == [
        ("varning", "Årlig kostnad"),
        ("varning", "Kostnad per deltagande kommun"),
    ]
    assert "'Årlig kostnad'" in warned[0].message and "'Årskostnad (kr)'" in warned[0].message
    # The exact header is the one read.
    assert result.web.memberships.set_index("party_id").loc[ALE, "annual_cost"] == 100.0
    assert "Årlig kostnad" not in " ".join(i.message for i in issues(result, "unknown_columns"))


def test_two_member_candidates_are_an_error_naming_both(write_xlsx):
    path = write_xlsx(
        {
            "Samverkan": [
                ["Namn", "Form", "Berörda kommuner", "Deltagande parter"],
                ["Lön", "avtal", "Ale, Kungälv", "Ale, Kungälv"],
            ]
        }
    )
    result = read_register(path)
    assert not result.ok
    errors = [i for i in result.report.issues if i.level == "fel"]
    assert [i.code for i in errors] == ["ambiguous_header"]
    assert "'Berörda kommuner'" in errors[0].message and "'Deltagande parter'" in errors[0].message


def test_two_cost_candidates_without_years_are_a_warning_and_neither_is_read(write_xlsx):
    path = write_xlsx(
        {
            "Samverkan": [
                ["Namn", "Form", "Medlemmar", "Årlig kostnad", "Total avgift"],
                ["Lön", "avtal", "Ale, Kungälv", 100, 200],
            ]
        }
    )
    result = read_register(path, reporter="Ale")
    warned = issues(result, "ambiguous_header")
    assert [(i.level) for i in warned] == ["varning"]
    assert "'Årlig kostnad'" in warned[0].message and "'Total avgift'" in warned[0].message
    assert result.web.memberships["annual_cost"].isna().all()


def test_cost_columns_with_years_use_the_latest(write_xlsx):
    path = write_xlsx(
        {
            "Samverkan": [
                ["Namn", "Form", "Medlemmar", "Årlig kostnad 2023", "Årlig kostnad 2024"],
                ["Lön", "avtal", "Ale, Kungälv", 100, 200],
            ]
        }
    )
    result = read_register(path, reporter="Ale")
    assert result.ok
    assert result.web.memberships.set_index("party_id").loc[ALE, "annual_cost"] == 200.0
    assert [i.column for i in issues(result, "several_cost_years")] == ["Årlig kostnad 2024"]


def test_an_exact_header_wins_and_counts_are_not_members(write_xlsx, write_csv):
    exact = write_xlsx(
        {
            "Samverkan": [
                ["Namn", "Form", "Medlemmar", "Berörda kommuner"],
                ["Lön", "avtal", "Ale, Kungälv", "Ale"],
            ]
        }
    )
    result = read_register(exact)
    assert result.ok and not issues(result, "header_by_meaning")
    assert sorted(result.web.memberships["party_id"]) == [ALE, KUNGALV]
    counted = write_xlsx(
        {"Samverkan": [["Namn", "Form", "Antal kommuner"], ["Lön", "avtal", 2]]}, name="n.xlsx"
    )
    assert [i.code for i in read_register(counted).report.issues if i.level == "fel"] == ["missing_column"]
    # A long form's member column rules out a members list: it stays the long form.
    long = write_csv(
        [
            ["Namn", "Form", "Medlem", "Berörda kommuner"],
            ["Lön", "avtal", "Ale", "Ale, Kungälv"],
            ["Lön", "avtal", "Kungälv", "Ale, Kungälv"],
        ]
    )
    result = read_register(long)
    assert result.ok and result.layout == "lång"


def test_medlemskap_fee_table_cost_by_meaning(write_xlsx):
    rows = [["Id", "Namn", "Form", "Medlemmar"], ["lon", "Lön", "kommunalförbund", "Ale, Kungälv"]]
    fees = [["Id", "Medlem", "Årlig avgift"], ["lon", "Ale", "1 000"], ["lon", "Kungälv", "2 500"]]
    result = read_register(write_xlsx({"Samverkan": rows, "Medlemskap": fees}))
    assert result.ok, result.report.issues
    costs = dict(zip(result.web.memberships["party_id"], result.web.memberships["annual_cost"]))
    assert costs == {ALE: 1000.0, KUNGALV: 2500.0}
