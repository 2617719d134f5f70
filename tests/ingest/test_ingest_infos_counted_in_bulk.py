"""Infos beyond the kept ones are counted in bulk while settling, the report unchanged."""

from __future__ import annotations

from samverkansvav.ingest.cells import Collector
from tests.ingest.test_ingest_assemble_fast import MIXED_MEMBERS, MIXED_RECORDS, _both_ways


def test_collector_counts_infos_once_full():
    out = Collector("r.csv", keep_infos=1)
    assert not out.infos_full
    out.add("info", "a", "A")
    assert out.infos_full
    out.count_infos(3)
    out.add("info", "b", "B")
    assert [issue.code for issue in out.issues] == ["a"] and out.more_infos == 4
    assert not Collector("r.csv").infos_full  # without a cap every info is kept


def test_no_kept_infos_leaves_warnings_and_errors_in_order(monkeypatch):
    every = _both_ways(monkeypatch, MIXED_RECORDS, MIXED_MEMBERS)
    none_kept = _both_ways(monkeypatch, MIXED_RECORDS, MIXED_MEMBERS, keep_infos=0)
    assert none_kept["issues"] == [issue for issue in every["issues"] if issue[0] != "info"]
    assert none_kept["more_infos"] == sum(issue[0] == "info" for issue in every["issues"])
    assert none_kept["more_infos"] == 6
