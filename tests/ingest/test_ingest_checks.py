"""Register checks: each error, warning and info, with the row Excel shows."""

from __future__ import annotations

from samverkansvav.ingest import read_register
from samverkansvav.ingest.checks import arrangement_findings

HEADER = ["Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Startdatum", "Slutdatum", "Årskostnad (kr)"]


def issues(result, level):
    return [(i.code, i.row) for i in result.report.issues if i.level == level]


def test_planted_errors_are_each_named_with_their_row(write_xlsx):
    sheet = [
        ["Samverkansregister"],  # row 1: title
        HEADER,  # row 2
        ["OK", "GN", "IT", "Ale", "Ale, Kungälv", "2020-01-01", "", ""],  # row 3: fine
        ["", "GN", "IT", "Ale", "Ale, Kungälv", "", "", ""],  # row 4: no name
        ["Okänd form", "kooperativ", "IT", "", "Ale, Kungälv", "", "", ""],  # row 5
        ["En medlem", "KF", "IT", "", "Ale", "", "", ""],  # row 6: too few members
        ["Felstavad", "KF", "IT", "", "Ale, Kungälvv", "", "", ""],  # row 7: unknown member
        ["Värd utanför", "GN", "IT", "Lerum", "Ale, Kungälv", "", "", ""],  # row 8
        ["Datum", "KF", "IT", "", "Ale, Kungälv", "snart", "", ""],  # row 9: bad date
        ["Belopp", "KF", "IT", "", "Ale, Kungälv", "", "", "tio tusen"],  # row 10: bad amount
    ]
    result = read_register(write_xlsx({"Samverkan": sheet}), reporter="Ale")
    assert issues(result, "fel") == [
        ("missing_name", 4),
        ("unknown_form", 5),
        ("bad_date", 9),
        ("bad_amount", 10),
        ("unknown_member", 7),
        ("too_few_members", 6),
        ("host_not_member", 8),
    ]
    assert result.web is None
    # The good row is still usable for a preview.
    assert result.usable_web.arrangements["name"].tolist() == ["OK"]


def test_unknown_member_suggests_the_closest_name(write_xlsx):
    sheet = [HEADER, ["X", "KF", "IT", "", "Ale, Kungälvv", "", "", ""]]
    result = read_register(write_xlsx({"Samverkan": sheet}))
    error = result.report.errors[0]
    assert "Menade du Kungälv?" in error.message
    assert (error.column, error.row, error.arrangement) == ("Medlemmar", 2, "X")


def test_unknown_form_names_accepted_values(write_xlsx):
    result = read_register(write_xlsx({"Samverkan": [HEADER, ["X", "kooperativ", "IT", "", "Ale, Lerum"]]}))
    assert "kommunalförbund" in result.report.errors[0].message


def test_warnings(write_xlsx):
    sheet = [
        HEADER,
        ["GN utan värd", "GN", "IT", "", "Ale, Kungälv", "", "", ""],  # row 2
        ["Avtal utan värd", "avtal", "IT", "", "Ale, Kungälv", "", "", ""],  # row 3
        ["Krisledningsnämnd", "GN", "krisberedskap", "Ale", "Ale, Kungälv", "", "", ""],  # row 4
        ["Beredskapsförbund", "KF", "krisberedskap", "", "Ale, Kungälv", "", "", ""],  # row 5
        ["Taxeförbund", "KF", "avgiftstaxor för tillsyn", "", "Ale, Kungälv", "", "", ""],  # row 6
        ["Baklänges", "KF", "IT", "", "Ale, Kungälv", "2024-01-01", "2023-01-01", ""],  # row 7
    ]
    result = read_register(write_xlsx({"Samverkan": sheet}))
    assert issues(result, "varning") == [
        ("host_missing", 2),
        ("host_missing", 3),
        ("gn_beredskap", 4),
        ("kf_beredskap", 5),
        ("kf_avgiftstaxa", 6),
        ("end_before_start", 7),
    ]
    assert result.ok  # warnings do not block


def test_duplicate_arrangement_described_differently_is_a_warning(write_xlsx):
    sheet = [
        HEADER,
        ["Lön", "GN", "IT", "Ale", "Ale, Kungälv"],
        ["Lön", "GN", "IT", "Ale", "Ale, Kungälv, Lerum"],
    ]
    result = read_register(write_xlsx({"Samverkan": sheet}))
    dup = [i for i in result.report.warnings if i.code == "duplicate_arrangement"]
    assert [(i.row, "beskrivs olika" in i.message) for i in dup] == [(3, True)]
    assert len(result.web.arrangements) == 1


def test_infos(write_xlsx):
    header = HEADER + ["Mål", "Ansvarig", "Senast utvärderad"]
    sheet = [
        header,
        ["Avtal", "avtal", "IT", "Ale", "Ale, Kungälv", "", "", "", "Mål", "KS", "2024-01-01"],  # row 2
        ["Utan mål", "KF", "IT", "", "Ale, Kungälv", "", "", "", "", "KS", "2024-01-01"],  # row 3
        ["Nytt område", "KF", "Gravplatser", "", "Ale, Kungälv", "", "", "", "Mål", "KS", "2024-01-01"],
    ]
    result = read_register(write_xlsx({"Samverkan": sheet}))
    assert issues(result, "info") == [("lou_check", 2), ("missing_follow_up", 3), ("unknown_area", 4)]
    assert result.web.arrangements.set_index("name").loc["Nytt område", "area"] == "Gravplatser"


def test_missing_follow_up_columns_is_one_file_level_info(write_xlsx):
    result = read_register(write_xlsx({"Samverkan": [HEADER, ["X", "KF", "IT", "", "Ale, Lerum"]]}))
    assert issues(result, "info") == [("missing_follow_up_columns", None)]


def test_host_for_a_federation_is_read_as_seat(write_xlsx):
    result = read_register(write_xlsx({"Samverkan": [HEADER, ["X", "KF", "IT", "Ale", "Ale, Lerum"]]}))
    arr = result.web.arrangements.iloc[0]
    assert (arr["host"], arr["seat"]) == (None, "1440")
    assert ("host_for_entity", 2) in issues(result, "info")


def test_issue_list_is_capped_with_a_summary(write_csv):
    from samverkansvav.ingest.register import cap_issues
    from samverkansvav.report import Issue

    many = [Issue("info", "x", "m")] * 5 + [Issue("fel", "y", "m")] * 2
    capped = cap_issues(many, limit=3)
    # Both errors are kept (in file order) before infos; the 4 dropped infos are summed up.
    assert [i.code for i in capped] == ["x", "y", "y", "more_issues"]
    assert capped[-1].level == "info" and "4 problem" in capped[-1].message


def test_findings_read_the_same_for_every_arrangement_they_concern():
    present = {"goal", "owner", "last_evaluated"}
    first = {"name": "Lön", "form": "avtalssamverkan", "area": "lön", "host": None, "goal": "Billigare"}
    second = {"name": "IT", "form": "avtalssamverkan", "area": "IT", "host": None, "owner": "Kim"}
    a = arrangement_findings(first, present_fields=present)
    b = arrangement_findings(second, present_fields=present)
    assert [f.code for f in a] == [f.code for f in b] == ["host_missing", "lou_check", "missing_follow_up"]
    assert a[0] == b[0]
    assert a[0].message == (
        "Ingen värdkommun angiven för avtalssamverkan; beroendet kan inte knytas till någon utförare."
    )
    assert (a[2].message, a[2].field) == (
        "Uppföljning saknas: ansvarig, datum för senaste utvärdering är inte angivet.",
        "owner",
    )
    assert (b[2].message, b[2].field) == (
        "Uppföljning saknas: mål, datum för senaste utvärdering är inte angivet.",
        "goal",
    )
