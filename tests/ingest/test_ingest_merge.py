"""Merging registers: matching, conflicts naming each file, and the merge rules."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from samverkansvav.ingest import load_registers, merge_results, read_register

HEADER = ["Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Årskostnad (kr)"]


@pytest.fixture
def two_registers(write_csv):
    a = write_csv(
        [
            HEADER,
            ["IT-nämnden", "GN", "IT", "Ale", "Ale, Kungälv", "100 000"],
            ["Lön", "avtal", "lön", "Ale", "Ale, Lerum", "5 000"],
        ],
        name="ale.csv",
    )
    b = write_csv(
        [HEADER, ["IT-nämnden", "gemensam nämnd", "IT", "Kungälv", "Ale, Kungälv, Stenungsund", "250 000"]],
        name="kungalv.csv",
        sep=",",
        encoding="cp1252",
    )
    return read_register(a, reporter="Ale"), read_register(b, reporter="Kungälv")


def test_members_conflict_names_each_file_and_takes_the_union(two_registers):
    web, report = merge_results(list(two_registers))
    conflict = [i for i in report.warnings if i.code == "conflict_members"][0]
    assert "ale.csv anger medlemmarna Ale, Kungälv" in conflict.message
    assert "kungalv.csv anger medlemmarna Ale, Kungälv, Stenungsund" in conflict.message
    assert web.members_of("it-namnden--gemensam_namnd") == ["1415", "1440", "1482"]


def test_host_conflict_leaves_host_unknown(two_registers):
    web, report = merge_results(list(two_registers))
    assert [i.code for i in report.warnings] == ["conflict_members", "conflict_host"]
    assert web.arrangements.set_index("id").loc["it-namnden--gemensam_namnd", "host"] is None


def test_each_reporters_own_cost_is_kept(two_registers):
    web, _ = merge_results(list(two_registers))
    mem = web.memberships[web.memberships["arrangement_id"] == "it-namnden--gemensam_namnd"].set_index(
        "party_id"
    )
    assert mem.loc["1440", "annual_cost"] == 100_000.0  # Ale's own figure
    assert mem.loc["1482", "annual_cost"] == 250_000.0  # Kungälv's own figure
    assert len(web.arrangements) == 2


def test_form_conflict_by_id(write_csv):
    header = ["Id", *HEADER[:5]]
    a = read_register(write_csv([header, ["x1", "Lön", "avtal", "lön", "Ale", "Ale, Lerum"]], name="a.csv"))
    b = read_register(write_csv([header, ["x1", "Lön", "GN", "lön", "Ale", "Ale, Lerum"]], name="b.csv"))
    c = read_register(write_csv([header, ["x1", "Lön", "GN", "lön", "Ale", "Ale, Lerum"]], name="c.csv"))
    web, report = merge_results([a, b, c])
    assert [i.code for i in report.warnings] == ["conflict_form"]
    assert web.arrangements.iloc[0]["form"] == "gemensam_namnd"  # two of three registers


def test_register_with_errors_is_not_merged(write_csv):
    good = read_register(write_csv([HEADER, ["A", "KF", "IT", "", "Ale, Lerum", ""]], name="good.csv"))
    bad = read_register(write_csv([HEADER, ["B", "??", "IT", "", "Ale, Lerum", ""]], name="bad.csv"))
    web, report = merge_results([good, bad])
    assert web.arrangements["name"].tolist() == ["A"]
    assert [(i.code, i.file) for i in report.infos] == [("not_merged", "bad.csv")]


def test_load_registers_reports_unreadable_files(tmp_path, write_csv):
    pdf = tmp_path / "x.xlsx"
    pdf.write_bytes(b"%PDF-1.4")
    good = write_csv([HEADER, ["A", "KF", "IT", "", "Ale, Lerum", ""]])
    web, report = load_registers([pdf, good])
    assert len(web.arrangements) == 1
    assert [i.code for i in report.errors] == ["unreadable"]


def test_a_single_register_merges_to_the_tables_a_full_merge_builds(write_csv):
    path = write_csv(
        [
            HEADER + ["Startdatum", "Andel"],
            ["IT-nämnden", "GN", "IT", "Ale", "Ale, Kungälv", "100 000", "2020-01-01", ""],
            ["Lön", "avtal", "lön", "Ale", "Ale, Lerum", "", "", "0,5"],
            ["Räddning", "kommunalförbund", "", "", "Kungälv, Lerum", "", "", ""],
        ],
        name="ale.csv",
    )
    result = read_register(path, reporter="Ale")
    assert result.ok and result.settled
    web, report = merge_results([result])
    # The same register without the "already merged" mark goes through the whole merge.
    full_web, full_report = merge_results([replace(result, settled=False)])
    assert len(report) == len(full_report) == 0
    assert web.arrangements["id"].tolist() == [
        "it-namnden--gemensam_namnd",
        "lon--avtalssamverkan",
        "raddning--kommunalforbund",
    ]
    for name in ("parties", "arrangements", "memberships"):
        fast, full = getattr(web, name), getattr(full_web, name)
        pd.testing.assert_frame_equal(fast, full)
        assert fast.map(type).equals(full.map(type))
    assert web.sources == full_web.sources == ("ale.csv",)
