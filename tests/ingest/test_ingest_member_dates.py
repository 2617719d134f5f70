"""Dated memberships: "Medlem från"/"Medlem till" and their variants in the long form and
on the Medlemskap sheet; metrics on a date count exactly the members of that day."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from samverkansvav.cli import main
from samverkansvav.ingest import read_register
from samverkansvav.ingest.headers import match_header

ALE, KUNGALV, STENUNGSUND = "1440", "1482", "1415"


@pytest.mark.parametrize(
    "header,field",
    [
        ("Medlem från", "member_start"),
        ("Medlem till", "member_end"),
        ("Inträde", "member_start"),
        ("Inträdesdatum", "member_start"),
        ("Utträde", "member_end"),
        ("Utträdesdatum", "member_end"),
        ("Medlem fr.o.m.", "member_start"),
        ("Medlem t.o.m.", "member_end"),
    ],
)
def test_membership_date_headers(header, field):
    assert match_header(header).field == field


def _metrics(path, day: str, capsys) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["metrics", str(path), "--date", day, "--format", "json"]) == 0
    return {r["kommunkod"]: r for r in json.loads(capsys.readouterr().out)}


def test_metrics_change_exactly_on_the_join_and_leave_dates(write_csv, capsys):
    path = write_csv(
        [
            ["Namn", "Form", "Område", "Medlem", "Inträde", "Utträde"],
            ["IT-förbundet", "kommunalförbund", "IT", "Ale", "", ""],
            ["IT-förbundet", "kommunalförbund", "IT", "Kungälv", "2020-03-01", ""],
            ["IT-förbundet", "kommunalförbund", "IT", "Stenungsund", "", "2022-06-30"],
        ]
    )
    result = read_register(path)
    assert result.ok, result.report.issues
    dates = dict(
        zip(
            result.web.memberships["party_id"],
            zip(result.web.memberships["start"], result.web.memberships["end"]),
        )
    )
    assert dates[KUNGALV] == (dt.date(2020, 3, 1), None)
    assert dates[STENUNGSUND] == (None, dt.date(2022, 6, 30))

    def partners(day: str) -> dict[str, int]:
        found = _metrics(path, day, capsys)
        return {k: r["n_partners"] for k, r in found.items() if r["n_arrangements"]}

    # The day before Kungälv joins: Ale and Stenungsund only.
    assert partners("2020-02-29") == {ALE: 1, STENUNGSUND: 1}
    # The day Kungälv joins: all three.
    assert partners("2020-03-01") == {ALE: 2, KUNGALV: 2, STENUNGSUND: 2}
    # Stenungsund's last day: still all three.
    assert partners("2022-06-30") == {ALE: 2, KUNGALV: 2, STENUNGSUND: 2}
    # The day after Stenungsund leaves: Ale and Kungälv.
    assert partners("2022-07-01") == {ALE: 1, KUNGALV: 1}


def test_medlemskap_sheet_dates_and_a_former_member(write_xlsx):
    rows = [
        ["Id", "Namn", "Form", "Område", "Medlemmar"],
        ["lon", "Lönenämnden", "kommunalförbund", "lön", "Ale, Kungälv"],
    ]
    medlemskap = [
        ["Id", "Medlem", "Medlem fr.o.m.", "Medlem t.o.m."],
        ["lon", "Kungälv", "2021-01-01", ""],
        ["lon", "Stenungsund", "", "2020-12-31"],
    ]
    result = read_register(write_xlsx({"Samverkan": rows, "Medlemskap": medlemskap}))
    assert result.ok, result.report.issues
    assert "share_not_member" not in [i.code for i in result.report.issues]
    web = result.web
    assert web.current_on(dt.date(2020, 12, 31)).members_of("lon") == [STENUNGSUND, ALE]
    assert web.current_on(dt.date(2021, 1, 1)).members_of("lon") == [ALE, KUNGALV]


def test_membership_dates_that_cannot_be_read_or_are_reversed(write_xlsx, write_csv):
    rows = [
        ["Id", "Namn", "Form", "Område", "Medlemmar"],
        ["lon", "Lönenämnden", "kommunalförbund", "lön", "Ale, Kungälv"],
    ]
    medlemskap = [
        ["Id", "Medlem", "Inträdesdatum", "Utträdesdatum"],
        ["lon", "Kungälv", "snart", ""],
        ["lon", "Ale", "2022-01-01", "2021-01-01"],
    ]
    result = read_register(write_xlsx({"Samverkan": rows, "Medlemskap": medlemskap}))
    bad = [i for i in result.report.issues if i.code == "bad_date"]
    assert [(i.level, i.sheet, i.row, i.column) for i in bad] == [("fel", "Medlemskap", 2, "Inträdesdatum")]
    reversed_ = [i for i in result.report.issues if i.code == "member_end_before_start"]
    assert [(i.level, i.row) for i in reversed_] == [("varning", 3)]
    long = write_csv(
        [
            ["Namn", "Form", "Medlem", "Medlem från", "Medlem till"],
            ["X", "kommunalförbund", "Ale", "2022-01-01", "2021-01-01"],
            ["X", "kommunalförbund", "Kungälv", "", ""],
        ]
    )
    issues = read_register(long).report.issues
    assert [(i.code, i.row, i.column) for i in issues if i.code == "member_end_before_start"] == [
        ("member_end_before_start", 2, "Medlem till")
    ]


def test_member_dates_beside_a_members_list_are_a_warning(write_xlsx):
    rows = [
        ["Namn", "Form", "Medlemmar", "Utträde"],
        ["Lön", "kommunalförbund", "Ale, Kungälv", "2020-12-31"],
    ]
    result = read_register(write_xlsx({"Samverkan": rows}))
    warned = [i for i in result.report.issues if i.code == "member_dates_not_read"]
    assert [(i.level, i.column) for i in warned] == [("varning", "Utträde")]
    assert result.web.memberships["end"].isna().all()
