"""The ``progress`` callback of read_register and the ``check --progress`` bar."""

from __future__ import annotations

import json

import pytest

from samverkansvav.cli import main
from samverkansvav.ingest import read_register, read_register_bytes
from samverkansvav.ingest import register as register_module
from samverkansvav.ingest.register import PROGRESS_STAGES

ROWS = [
    ["Namn", "Form", "Område", "Värdkommun", "Medlemmar"],
    ["Lönecenter", "avtalssamverkan", "löneadministration", "Falun", "Falun, Borlänge"],
    ["Räddningstjänst", "kommunalförbund", "räddningstjänst", "", "Falun, Borlänge, Säter"],
]
# A small file has fewer rows than one reading tick, so no "Läser rader" stage.
FULL_RUN = [
    "Filen öppnad",
    "Rader inlästa",
    "Rubriker tolkade",
    "Värden tolkade",
    "Medlemmar matchade",
    "Kontroller klara",
    "Klar",
]


def record(path, **options):
    calls: list[tuple[str, float]] = []
    result = read_register(path, progress=lambda stage, fraction: calls.append((stage, fraction)), **options)
    return result, calls


def assert_monotonic_to_one(calls):
    fractions = [f for _, f in calls]
    assert fractions == sorted(fractions)
    assert all(0.0 <= f <= 1.0 for f in fractions)
    assert calls[-1] == ("Klar", 1.0)
    assert {stage for stage, _ in calls} <= set(PROGRESS_STAGES)


def test_xlsx_stages_in_order(write_xlsx):
    _, calls = record(write_xlsx({"Samverkan": ROWS}))
    assert [stage for stage, _ in calls] == FULL_RUN
    assert_monotonic_to_one(calls)


def test_csv_stages_in_order(write_csv):
    _, calls = record(write_csv(ROWS))
    assert [stage for stage, _ in calls] == FULL_RUN
    assert_monotonic_to_one(calls)


def test_long_layout_has_the_same_stages(write_csv):
    rows = [
        ["Namn", "Form", "Område", "medlem_kommunkod", "medlem_namn"],
        ["Lönecenter", "avtalssamverkan", "IT", "2080", "Falun"],
        ["Lönecenter", "avtalssamverkan", "IT", "2081", "Borlänge"],
    ]
    result, calls = record(write_csv(rows))
    assert result.layout == "lång"
    assert [stage for stage, _ in calls] == FULL_RUN


def test_file_without_header_jumps_to_done(write_csv):
    result, calls = record(write_csv([["x", "y"], ["1", "2"]]))
    assert result.report.has_errors
    assert calls == [("Filen öppnad", 0.05), ("Klar", 1.0)]


def test_result_is_the_same_with_and_without_progress(write_csv):
    path = write_csv(ROWS + [["Trasig", "kooperativ", "IT", "", "Falun, Atlantis"]])
    plain = read_register(path)
    with_progress, _ = record(path)
    assert with_progress.report.as_records() == plain.report.as_records()
    assert with_progress.sha256 == plain.sha256
    assert with_progress.usable_web.arrangements.equals(plain.usable_web.arrangements)


def test_read_register_bytes_passes_progress_on(write_csv):
    path = write_csv(ROWS)
    calls = []
    read_register_bytes(path.read_bytes(), file_name="x.csv", progress=lambda s, f: calls.append(s))
    assert calls == FULL_RUN


def test_workbook_rows_are_counted_while_read(write_xlsx, monkeypatch):
    monkeypatch.setattr(register_module, "_ROWS_PER_TICK", 2)
    rows = ROWS + [[f"Nätverk {i}", "informell", "IT", "", "Falun, Borlänge"] for i in range(4)]
    _, calls = record(write_xlsx({"Samverkan": rows}))
    reading = [f for stage, f in calls if stage == "Läser rader"]
    # 7 rows in the <dimension>; a tick every 2 rows → after rows 2, 4, 6:
    # 0.05 + 0.65 * 2/7 = 0.235714, 0.05 + 0.65 * 4/7 = 0.421429, 0.05 + 0.65 * 6/7 = 0.607143
    assert reading == pytest.approx([0.235714, 0.421429, 0.607143], abs=1e-6)
    assert_monotonic_to_one(calls)


def test_check_progress_goes_to_stderr_only(write_csv, capsys):
    path = str(write_csv(ROWS))
    assert main(["check", path]) == 0
    plain = capsys.readouterr()
    assert plain.err == ""  # captured stderr is no terminal and the file is small: no bar
    assert main(["check", path, "--progress"]) == 0
    shown = capsys.readouterr()
    assert shown.out == plain.out
    assert "\r" not in shown.out
    assert shown.err.startswith("\rregister.csv: Filen öppnad [")
    assert shown.err.endswith("\n")
    # The last redraw (padded over the longer line before it): 30 of 30 cells filled.
    assert shown.err.split("\r")[-1].rstrip() == "register.csv: Klar [" + "#" * 30 + "] 100 %"


def test_check_json_is_unchanged_by_progress(write_csv, capsys):
    path = str(write_csv(ROWS))
    assert main(["check", path, "--format", "json"]) == 0
    plain = capsys.readouterr().out
    assert main(["check", path, "--format", "json", "--progress"]) == 0
    shown = capsys.readouterr()
    assert shown.out == plain
    assert json.loads(shown.out)["counts"]["fel"] == 0
    assert "Klar" in shown.err


def test_check_progress_ends_the_line_for_an_unreadable_file(tmp_path, capsys):
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"<html>not a workbook</html>")
    assert main(["check", str(fake), "--progress"]) == 2
    captured = capsys.readouterr()
    assert "KAN INTE LÄSAS" in captured.out
    assert captured.err == ""  # the workbook fails before the first stage: no half-drawn bar
