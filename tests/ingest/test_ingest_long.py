"""Long registers (one row per arrangement × member), including the real data as-is."""

from __future__ import annotations

import datetime as dt

from samverkansvav.ingest import read_register

LONG_HEADER = ["arrangemang", "form", "omrade", "medlem_kommunkod", "medlem_namn", "vardkommun"]


def test_long_csv_groups_rows_into_arrangements(write_csv):
    rows = [LONG_HEADER,
            ["Överförmyndarnämnden", "gemensam_namnd", "överförmyndare", "0428", "Vingåker", "Flen"],
            ["Överförmyndarnämnden", "gemensam_namnd", "överförmyndare", "482", "Flen", "Flen"],
            ["Överförmyndarnämnden", "gemensam_namnd", "överförmyndare", "0461", "Gnesta", "Flen"],
            ["Brandförbundet", "KF", "räddningstjänst", "", "Ale", ""],
            ["Brandförbundet", "KF", "räddningstjänst", "", "Kungälv", ""]]
    result = read_register(write_csv(rows, sep=","))
    assert result.ok and result.layout == "lång"
    assert len(result.web.arrangements) == 2
    # "482" is padded to kommunkod 0482 (Flen), the host.
    assert result.web.members_of("overformyndarnamnden--gemensam_namnd") == ["0428", "0461", "0482"]
    assert result.web.arrangements.set_index("name").loc["Överförmyndarnämnden", "host"] == "0482"


def test_long_code_and_name_disagreeing_is_an_error(write_csv):
    rows = [LONG_HEADER,
            ["X", "KF", "IT", "0428", "Gnesta", ""],
            ["X", "KF", "IT", "0461", "Gnesta", ""]]
    result = read_register(write_csv(rows))
    assert [(i.code, i.row) for i in result.report.errors] == [("member_code_name_mismatch", 2)]


def test_long_rows_that_disagree_are_a_warning(write_csv):
    rows = [LONG_HEADER,
            ["X", "KF", "IT", "0428", "Vingåker", ""],
            ["X", "KF", "avfall", "0461", "Gnesta", ""]]
    result = read_register(write_csv(rows))
    assert [(i.code, i.row) for i in result.report.warnings] == [("inconsistent_rows", 3)]
    assert result.web.arrangements.iloc[0]["area"] == "IT"  # the first row wins


def test_long_role_column_names_the_host(write_csv):
    rows = [["arrangemang", "form", "omrade", "medlem", "roll"],
            ["Lön", "avtal", "lön", "Ale", "utförare"],
            ["Lön", "avtal", "lön", "Lerum", "uppdragsgivare"]]
    result = read_register(write_csv(rows))
    assert result.web.arrangements.iloc[0]["host"] == "1440"  # Ale


def test_real_data_loads_as_is(shared_data):
    result = read_register(shared_data / "samverkan_verklig.csv")
    assert result.layout == "lång"
    assert len(result.usable_web.arrangements) + len(
        {i.arrangement for i in result.report.errors}) == 100
    # The only error: the Jämtland nämnd names Region Jämtland Härjedalen as host but the
    # source's member rows list only the eight municipalities (a host must be one of the members).
    assert [(i.code, i.row) for i in result.report.errors] == [("host_not_member", 187)]
    host_gaps = [i for i in result.report.warnings if i.code == "host_missing"]
    assert len(host_gaps) == 20


def test_demo_data_has_no_errors_and_reports_host_gaps(repo_root):
    result = read_register(repo_root / "data" / "demo_samverkan.csv")
    assert result.ok
    assert len(result.web.arrangements) == 100
    assert len([i for i in result.report.warnings if i.code == "host_missing"]) >= 1
    arr = result.web.arrangements.set_index("id")
    # Read from the demo's status/date columns (Mitt Bohuslän merged into a new federation).
    assert arr.loc["raddningstjanstforbundet-mitt-bohuslan", "status"] == "avslutad"
    assert arr.loc["raddningstjanstforbundet-mitt-bohuslan", "end"] == dt.date(2024, 12, 31)


def test_load_demo_web_is_cached_and_complete():
    from samverkansvav.demo import demo_report, load_demo_web

    web = load_demo_web()
    assert len(web.arrangements) == 100
    assert load_demo_web().arrangements.equals(web.arrangements)
    assert not demo_report().has_errors
