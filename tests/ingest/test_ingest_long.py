"""Long registers (one row per arrangement × member), including the real data as-is."""

from __future__ import annotations

import datetime as dt

from samverkansvav.ingest import read_register

LONG_HEADER = ["arrangemang", "form", "omrade", "medlem_kommunkod", "medlem_namn", "vardkommun"]


def test_long_csv_groups_rows_into_arrangements(write_csv):
    rows = [
        LONG_HEADER,
        ["Överförmyndarnämnden", "gemensam_namnd", "överförmyndare", "0428", "Vingåker", "Flen"],
        ["Överförmyndarnämnden", "gemensam_namnd", "överförmyndare", "482", "Flen", "Flen"],
        ["Överförmyndarnämnden", "gemensam_namnd", "överförmyndare", "0461", "Gnesta", "Flen"],
        ["Brandförbundet", "KF", "räddningstjänst", "", "Ale", ""],
        ["Brandförbundet", "KF", "räddningstjänst", "", "Kungälv", ""],
    ]
    result = read_register(write_csv(rows, sep=","))
    assert result.ok and result.layout == "lång"
    assert len(result.web.arrangements) == 2
    # "482" is padded to kommunkod 0482 (Flen), the host.
    assert result.web.members_of("overformyndarnamnden--gemensam_namnd") == ["0428", "0461", "0482"]
    assert result.web.arrangements.set_index("name").loc["Överförmyndarnämnden", "host"] == "0482"


def test_long_code_and_name_disagreeing_is_an_error(write_csv):
    rows = [LONG_HEADER, ["X", "KF", "IT", "0428", "Gnesta", ""], ["X", "KF", "IT", "0461", "Gnesta", ""]]
    result = read_register(write_csv(rows))
    assert [(i.code, i.row) for i in result.report.errors] == [("member_code_name_mismatch", 2)]


def test_long_rows_that_disagree_are_a_warning(write_csv):
    rows = [
        LONG_HEADER,
        ["X", "KF", "IT", "0428", "Vingåker", ""],
        ["X", "KF", "avfall", "0461", "Gnesta", ""],
    ]
    result = read_register(write_csv(rows))
    assert [(i.code, i.row) for i in result.report.warnings] == [("inconsistent_rows", 3)]
    assert result.web.arrangements.iloc[0]["area"] == "IT"  # the first row wins


def test_long_role_column_names_the_host(write_csv):
    rows = [
        ["arrangemang", "form", "omrade", "medlem", "roll"],
        ["Lön", "avtal", "lön", "Ale", "utförare"],
        ["Lön", "avtal", "lön", "Lerum", "uppdragsgivare"],
    ]
    result = read_register(write_csv(rows))
    assert result.web.arrangements.iloc[0]["host"] == "1440"  # Ale


def _id_of(result, word: str) -> str:
    arr = result.web.arrangements
    hits = arr.loc[arr["name"].str.contains(word) & arr["form"].eq("gemensam_namnd"), "id"].tolist()
    assert len(hits) == 1, hits
    return hits[0]


def test_real_data_loads_as_is(shared_data):
    result = read_register(shared_data / "samverkan_verklig.csv")
    assert result.layout == "lång"
    assert result.ok, result.report.as_text()
    assert len(result.web.arrangements) == 205
    # The Jämtland nämnd names Region Jämtland Härjedalen as host, but the source's member
    # rows list only the eight municipalities: the host column itself says the region takes
    # part, so it is added as host (a warning), not refused.
    added = [(i.code, i.row) for i in result.report.warnings if i.code == "host_added_as_member"]
    assert added == [("host_added_as_member", 187)]
    nämnd = result.web.arrangements.set_index("id").loc[_id_of(result, "Jämtland")]
    assert nämnd["host"] == "R23"
    assert "R23" in result.web.members_of(nämnd.name)
    assert len(result.web.members_of(nämnd.name)) == 9
    # 52 arrangements of a host-based form have an empty vardkommun in the source.
    host_gaps = [i for i in result.report.warnings if i.code == "host_missing"]
    assert len(host_gaps) == 52
    # Former members are kept with their last day: 40 ended memberships in the source.
    assert int(result.web.memberships["end"].notna().sum()) == 40


def test_demo_data_has_no_errors_and_reports_host_gaps(repo_root):
    result = read_register(repo_root / "data" / "demo_samverkan.csv")
    assert result.ok
    assert len(result.web.arrangements) == 205
    assert len([i for i in result.report.warnings if i.code == "host_missing"]) >= 1
    arr = result.web.arrangements.set_index("id")
    # Read from the demo's status/date columns (Mitt Bohuslän merged into a new federation).
    assert arr.loc["raddningstjanstforbundet-mitt-bohuslan", "status"] == "avslutad"
    assert arr.loc["raddningstjanstforbundet-mitt-bohuslan", "end"] == dt.date(2024, 12, 31)


def test_load_demo_web_is_cached_and_complete():
    from samverkansvav.demo import demo_report, load_demo_web

    web = load_demo_web()
    assert len(web.arrangements) == 205
    # Former members stay in the web with their last day (40 in the source).
    assert int(web.memberships["end"].notna().sum()) == 40
    assert load_demo_web().arrangements.equals(web.arrangements)
    assert not demo_report().has_errors


def test_long_form_host_without_a_member_row_is_added_with_a_warning(tmp_path):
    # Long form: the host column names Region Skåne (R12), whose own member row is missing.
    path = tmp_path / "lang.csv"
    path.write_text(
        "arrangemang;form;omrade;medlem;vardkommun\n"
        "Krisnämnden;gemensam nämnd;krisberedskap;Lund;Region Skåne\n"
        "Krisnämnden;gemensam nämnd;krisberedskap;Eslöv;Region Skåne\n",
        encoding="utf-8",
    )
    result = read_register(path)
    assert result.ok
    added = [i for i in result.report.warnings if i.code == "host_added_as_member"]
    assert [(i.row, i.column) for i in added] == [(2, "vardkommun")]
    arrangement_id = result.web.arrangements.iloc[0]["id"]
    assert result.web.members_of(arrangement_id) == ["1281", "1285", "R12"]  # Lund, Eslöv, Region Skåne
    roles = result.web.memberships.set_index("party_id")["role"].to_dict()
    assert roles["R12"] == "värd"


def test_wide_form_host_outside_the_member_list_stays_an_error(tmp_path):
    # Wide form: the member cell is the full list "incl. the host", so a host outside it is a
    # contradiction in the row, not a missing row.
    path = tmp_path / "bred.csv"
    path.write_text(
        "Namn;Form;Område;Värdkommun;Medlemmar\nLön;avtalssamverkan;löneadministration;Lund;Eslöv, Höör\n",
        encoding="utf-8",
    )
    result = read_register(path)
    assert [(i.code, i.row) for i in result.report.errors] == [("host_not_member", 2)]


def test_long_member_listed_twice_is_a_warning_and_counts_once(write_csv):
    # Ale appears on rows 2 and 4 of the same arrangement: row 4 is skipped with a
    # warning naming that row, and the arrangement keeps its two distinct members.
    rows = [
        LONG_HEADER,
        ["Lönecenter", "avtal", "lön", "1440", "Ale", "Ale"],
        ["Lönecenter", "avtal", "lön", "1489", "Alingsås", "Ale"],
        ["Lönecenter", "avtal", "lön", "1440", "Ale", "Ale"],
    ]
    result = read_register(write_csv(rows))
    assert result.ok
    assert [(i.code, i.row) for i in result.report.warnings] == [("duplicate_member", 4)]
    assert result.web.members_of(result.web.arrangements.iloc[0]["id"]) == ["1440", "1489"]
