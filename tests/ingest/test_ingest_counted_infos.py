"""Infos beyond what the capped report lists are counted, not built, with the same report."""

from samverkansvav.ingest.cells import Collector
from samverkansvav.ingest.register import cap_issues
from samverkansvav.report import ERROR, INFO, WARNING


def _fill(out: Collector) -> None:
    # Four infos, a warning, two infos, an error: in file order.
    for n in range(4):
        out.add(INFO, "i", f"info {n}", row=n + 2)
    out.add(WARNING, "w", "warning", row=6)
    out.add(INFO, "i", "info 4", row=7)
    out.add(INFO, "i", "info 5", row=8)
    out.add(ERROR, "e", "error", row=9)


def test_collector_keeps_the_first_infos_and_counts_the_rest():
    out = Collector("r.csv", keep_infos=3)
    _fill(out)
    assert [i.message for i in out.issues] == ["info 0", "info 1", "info 2", "warning", "error"]
    assert out.more_infos == 3


def test_capped_report_is_the_same_whether_late_infos_are_built_or_counted():
    every, counted = Collector("r.csv"), Collector("r.csv", keep_infos=3)
    _fill(every)
    _fill(counted)
    expected = cap_issues(every.issues, limit=3)
    got = cap_issues(counted.issues, limit=3, more_infos=counted.more_infos, file="r.csv")
    assert got == expected
    # Kept: the error and the warning first, then the first info; 5 infos dropped.
    assert [i.message for i in got[:3]] == ["info 0", "warning", "error"]
    assert got[-1].message == "Ytterligare 5 problem visas inte (0 fel, 0 varningar, 5 info)."
    assert (got[-1].level, got[-1].file) == (INFO, "r.csv")


def test_only_counted_infos_dropped_still_give_a_summary():
    out = Collector("r.csv", keep_infos=2)
    for n in range(5):
        out.add(INFO, "i", f"info {n}")
    got = cap_issues(out.issues, limit=2, more_infos=out.more_infos, file="r.csv")
    assert [i.message for i in got[:2]] == ["info 0", "info 1"]
    assert got[-1].message == "Ytterligare 3 problem visas inte (0 fel, 0 varningar, 3 info)."
