"""Two neighbours' registers describing the same kommunalförbund with different member
lists: the merge keeps the arrangement once and reports the conflict naming both files."""

from __future__ import annotations

from samverkansvav.ingest import load_registers, merge_results, read_register

# Lysekil 1484, Munkedal 1430, Uddevalla 1485
NAME = "Räddningstjänstförbundet Mitt Bohuslän"


def test_each_register_reads_cleanly_with_its_reporter(neighbour_registers):
    lysekil, munkedal = (read_register(p) for p in neighbour_registers)
    assert lysekil.ok and munkedal.ok
    assert set(lysekil.web.arrangements["reported_by"]) == {"1484"}
    assert set(munkedal.web.arrangements["reported_by"]) == {"1430"}


def test_member_conflict_names_both_files_and_both_lists(neighbour_registers, find):
    web, report = merge_results([read_register(p) for p in neighbour_registers])
    conflicts = [i for i in report if i.level == "varning" and "conflict" in i.code]
    assert len(conflicts) == 1
    text = f"{conflicts[0].file} {conflicts[0].message}"
    assert "lysekil_register.xlsx" in text and "munkedal_register.xlsx" in text
    assert "Lysekil" in conflicts[0].message  # the member one file has and the other lacks
    assert conflicts[0].arrangement == NAME


def test_merged_federation_is_one_arrangement(neighbour_registers, members):
    web, _ = merge_results([read_register(p) for p in neighbour_registers])
    assert list(web.arrangements["name"]) == [NAME]
    # The union of what the files say; the conflict warning tells the user to reconcile.
    assert set(members(web, NAME)) == {"1484", "1430", "1485"}


def test_load_registers_reports_the_same_conflict(neighbour_registers):
    web, report = load_registers(list(neighbour_registers))
    assert web is not None
    assert [i.code for i in report if i.level == "varning" and "conflict" in i.code] == ["conflict_members"]


def test_register_with_errors_is_not_merged(neighbour_registers, misspelled_register):
    results = [read_register(p) for p in (*neighbour_registers, misspelled_register)]
    web, report = merge_results(results)
    # Only the two error-free registers are merged; the misspelled one contributes nothing.
    assert "Överförmyndare Umeåregionen" not in set(web.arrangements["name"])
    assert NAME in set(web.arrangements["name"])
