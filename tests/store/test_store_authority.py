"""Each municipality speaks only for itself (issue 13 item 1, DOMAIN §4 authority).

The forged CSV of issue 13: Falun (2080) saves a row with Borlänge's arrangement id
saying it ended on 2020-01-01, and a row "Borlänges hemliga avtal" reported as
Borlänge's at 12,345,678 kr. Borlänge's (2081) view must not change, and Borlänge
must be told what Falun says.
"""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from samverkansvav.analysis.metrics import municipality_metrics
from samverkansvav.dataset import current_merged
from samverkansvav.ingest import read_register
from samverkansvav.ingest.authority import disagreement_lines
from samverkansvav.store import NotOwnRegister

ON = dt.date(2026, 6, 1)
HEADER = [
    "Id",
    "Namn",
    "Form",
    "Område",
    "Värdkommun",
    "Medlemmar",
    "Status",
    "Slutdatum",
    "Rapporterande kommun",
    "Årskostnad (kr)",
]
BORLANGE = [
    HEADER,
    [
        "dalamitt",
        "Räddningstjänsten Dala Mitt",
        "kommunalförbund",
        "Räddningstjänst",
        "",
        "Borlänge, Falun, Säter",
        "aktiv",
        "",
        "",
        "30 000 000",
    ],
    [
        "lon-bf",
        "Lönecenter Borlänge",
        "avtalssamverkan",
        "Lön",
        "Borlänge",
        "Borlänge, Gagnef",
        "aktiv",
        "",
        "",
        "2 000 000",
    ],
]
FALUN = [
    HEADER,
    ["falu-it", "Falu IT", "avtalssamverkan", "IT", "Falun", "Falun, Säter", "aktiv", "", "", "500 000"],
]
FORGED_END = [
    "dalamitt",
    "Räddningstjänsten Dala Mitt",
    "kommunalförbund",
    "Räddningstjänst",
    "",
    "Borlänge, Falun, Säter",
    "avslutad",
    "2020-01-01",
    "",
    "",
]
FORGED_SECRET = [
    "",
    "Borlänges hemliga avtal",
    "avtalssamverkan",
    "IT",
    "Borlänge",
    "Borlänge, Gagnef",
    "aktiv",
    "",
    "Borlänge",
    "12345678",
]
NAMES = {"2080": "Falun", "2081": "Borlänge", "2082": "Säter", "2026": "Gagnef"}


def _read(tmp_path, name, rows, reporter):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    result = read_register(path, reporter=reporter)
    assert result.ok, [i.message for i in result.report.errors]
    return result


def _borlange_view(store, parties):
    """What Borlänge's profile shows: its arrangements with status and its costs, and its metrics."""
    merged = current_merged(store, parties, include_demo=False)
    web = merged.web.current_on(ON)
    mem = web.memberships[web.memberships["party_id"] == "2081"]
    arr = web.arrangements.set_index("id")
    rows = sorted(
        (a, arr.loc[a, "name"], arr.loc[a, "status"], c if c == c else None)
        for a, c in zip(mem["arrangement_id"], mem["annual_cost"])
    )
    metrics = municipality_metrics(web, party_ids=["2081"]).loc["2081"].to_dict()
    return rows, metrics, merged


@pytest.fixture
def stored(store, tmp_path):
    borlange = _read(tmp_path, "borlange.csv", BORLANGE, "2081")
    falun = _read(tmp_path, "falun.csv", FALUN, "2080")
    store.import_register(borlange, kommun="2081", user="borlange", scope="kommun")
    store.import_register(falun, kommun="2080", user="falun", scope="kommun")
    return borlange.web.parties


def test_forged_csv_from_a_municipality_account_is_refused_and_nothing_changes(store, stored, tmp_path):
    before = _borlange_view(store, stored)[:2]
    forged = _read(tmp_path, "forged.csv", [HEADER, FORGED_END, FORGED_SECRET], "2080")
    counts = store.counts()
    with pytest.raises(NotOwnRegister) as refused:
        store.import_register(forged, kommun="2080", user="falun", scope="kommun")
    assert [i.code for i in refused.value.report.errors] == ["not_own_arrangement", "other_reporter"]
    assert "Borlänges hemliga avtal" in refused.value.message
    assert store.counts() == counts
    assert _borlange_view(store, stored)[:2] == before


def test_falun_saying_borlanges_arrangement_ended_ends_only_faluns_membership(store, stored, tmp_path):
    rows_before, metrics_before, _ = _borlange_view(store, stored)
    assert ("dalamitt", "Räddningstjänsten Dala Mitt", "aktiv", 30_000_000.0) in rows_before
    own_row = _read(tmp_path, "falun2.csv", [HEADER, FALUN[1], FORGED_END], "2080")
    store.import_register(own_row, kommun="2080", user="falun", scope="kommun")  # Falun is a member: allowed
    rows_after, metrics_after, merged = _borlange_view(store, stored)
    # Borlänge's arrangements, their status, its costs and metrics are as before. Falun
    # is no current partner either way: its first register did not list Dala Mitt (so
    # Falun was not a member by its own word), and now it says it left in 2020.
    assert (rows_after, metrics_after) == (rows_before, metrics_before)
    assert metrics_after["n_partners"] == 2  # Säter (Dala Mitt) and Gagnef (Lönecenter)
    web = merged.web
    assert web.arrangements.set_index("id").loc["dalamitt", "status"] == "aktiv"
    mem = web.memberships.set_index(["arrangement_id", "party_id"])
    assert mem.loc[("dalamitt", "2080"), "end"] == dt.date(2020, 1, 1)  # Falun's own exit
    assert mem.loc[("dalamitt", "2081"), "end"] is None
    lines = disagreement_lines(merged.disagreements, "2081", label=lambda c: NAMES.get(c, c))
    assert lines == [
        "Falun anger att 'Räddningstjänsten Dala Mitt' avslutades 2020-01-01; ert register anger aktiv."
    ]
    assert disagreement_lines(merged.disagreements, "2080", label=lambda c: NAMES.get(c, c)) == [
        "Borlänge anger status aktiv för 'Räddningstjänsten Dala Mitt'; ert register anger avslutad."
    ]
    assert [i.code for i in merged.report.warnings] == ["conflict_status", "conflict_end"]


def test_admin_regional_register_is_stored_marked_but_never_overrides_borlange(store, stored, tmp_path):
    before = _borlange_view(store, stored)[:2]
    forged = _read(tmp_path, "regional.csv", [HEADER, FORGED_END, FORGED_SECRET], "2080")
    # An administrator stores a regional register under the region (Region Dalarna, R20).
    version = store.import_register(forged, kommun="R20", user="admin", scope="regional")
    assert version.scope == "regional"
    rows, metrics, merged = _borlange_view(store, stored)
    assert (rows, metrics) == before
    secret = merged.web.arrangements.set_index("name").loc["Borlänges hemliga avtal", "id"]
    # Borlänge's own register does not describe it: not Borlänge's, and no cost of Borlänge's.
    assert "2081" not in merged.web.members_of(secret)
    lines = disagreement_lines(merged.disagreements, "2081", label=lambda c: NAMES.get(c, c))
    assert any("Borlänges hemliga avtal" in line and "ert register tar inte upp" in line for line in lines)
    assert "regionalt register" in " ".join(i.file or "" for i in merged.report)


def test_last_upload_never_wins_a_host_dispute(store, stored, tmp_path):
    claim = [
        HEADER,
        FALUN[1],
        [
            "lon-bf",
            "Lönecenter Borlänge",
            "avtalssamverkan",
            "Lön",
            "Gagnef",
            "Borlänge, Gagnef, Falun",
            "aktiv",
            "",
            "",
            "10",
        ],
    ]
    store.import_register(_read(tmp_path, "falun3.csv", claim, "2080"), kommun="2080", scope="kommun")
    merged = current_merged(store, stored, include_demo=False)
    # Falun, uploading later, names Gagnef host; Borlänge names itself: its word about
    # its own role stands (the later upload does not win, nor does the host become unknown).
    assert merged.web.arrangements.set_index("id").loc["lon-bf", "host"] == "2081"
    assert [d.field for d in merged.disagreements if d.arrangement_id == "lon-bf"] == ["members", "host"]
