"""An administrator's regional register is the region's, never a municipality's version (issue 13).

Falun (2080) has stored its own register. An administrator then stores a regional
register for Dalarna: it goes under the region's code R20, both versions exist,
Falun's profile is what Falun's own register says, and the rows only the regional
register describes are marked as the region's in the merged view.
"""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pytest

from samverkansvav.analysis.metrics import municipality_metrics
from samverkansvav.dataset import current_merged
from samverkansvav.ingest import read_register
from samverkansvav.ingest.authority import disagreement_lines
from samverkansvav.reference import load_parties
from samverkansvav.store import StoreError
from samverkansvav.store.registers import (
    check_code_for_scope,
    is_region_code,
    regional_register_code,
    register_name,
)

ON = dt.date(2026, 6, 1)
HEADER = ["Id", "Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Status", "Årskostnad (kr)"]
FALUN = [
    HEADER,
    ["falu-it", "Falu IT", "avtalssamverkan", "IT", "Falun", "Falun, Säter", "aktiv", "500 000"],
    [
        "dalamitt",
        "Räddningstjänsten Dala Mitt",
        "kommunalförbund",
        "Räddningstjänst",
        "",
        "Borlänge, Falun, Säter",
        "aktiv",
        "9 000 000",
    ],  # noqa: E501
]
REGIONAL = [
    HEADER,
    # The region says Falun pays more for Dala Mitt than Falun says.
    [
        "dalamitt",
        "Räddningstjänsten Dala Mitt",
        "kommunalförbund",
        "Räddningstjänst",
        "",
        "Borlänge, Falun, Säter",
        "aktiv",
        "12 000 000",
    ],  # noqa: E501
    # An arrangement Falun's own register does not describe, with Falun among its members.
    ["e-arkiv", "Dalarnas e-arkiv", "kommunalförbund", "Arkiv", "", "Falun, Borlänge, Mora", "aktiv", ""],
    # An arrangement of municipalities without registers of their own.
    ["mora-orsa", "Mora-Orsa miljönämnd", "gemensam nämnd", "Miljö", "Mora", "Mora, Orsa", "aktiv", ""],
]


def _read(tmp_path, name, rows, reporter):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    result = read_register(path, reporter=reporter)
    assert result.ok, [i.message for i in result.report.errors]
    return result


def _value(value):
    """A cell as the profile shows it: a missing value (None or NaN, by how the frame was built) is None."""
    return None if pd.isna(value) else value


def _falun_profile(store, parties):
    """What Falun's profile shows: its arrangements with host, status and cost, and its metrics."""
    merged = current_merged(store, parties, include_demo=False)
    web = merged.web.current_on(ON)
    mem = web.memberships[web.memberships["party_id"] == "2080"]
    arr = web.arrangements.set_index("id")
    rows = sorted(
        (a, arr.loc[a, "name"], _value(arr.loc[a, "host"]), arr.loc[a, "status"], _value(c))
        for a, c in zip(mem["arrangement_id"], mem["annual_cost"])
    )
    metrics = municipality_metrics(web, party_ids=["2080"]).loc["2080"]
    return rows, metrics, merged


@pytest.fixture
def parties():
    return load_parties()


@pytest.fixture
def falun_stored(store, tmp_path):
    falun = _read(tmp_path, "falun.csv", FALUN, "2080")
    return store.import_register(falun, kommun="2080", user="falun", scope="kommun")


def test_regional_register_for_dalarna_is_stored_beside_faluns_own(store, falun_stored, parties, tmp_path):
    rows_before, metrics_before, _ = _falun_profile(store, parties)
    assert rows_before == [
        ("dalamitt", "Räddningstjänsten Dala Mitt", None, "aktiv", 9_000_000.0),
        ("falu-it", "Falu IT", "2080", "aktiv", 500_000.0),
    ]
    regional = _read(tmp_path, "dalarna.csv", REGIONAL, "2080")  # the admin chose Falun on the page
    code = regional_register_code("2080", parties)
    assert code == "R20"
    version = store.import_register(regional, kommun=code, user="admin", scope="regional")
    assert (version.kommun, version.version_no, version.scope, version.is_regional) == (
        "R20",
        1,
        "regional",
        True,
    )

    # Both versions exist; Falun's is still its latest, untouched.
    assert store.kommuner() == ["2080", "R20"]
    assert [(v.version_no, v.scope, v.user) for v in store.history("2080")] == [(1, "kommun", "falun")]
    assert store.version("2080").id == falun_stored.id

    # Falun's profile is what Falun's own register says: the region's cost for Falun
    # (12 000 000) and its arrangement with Falun (e-arkiv) do not become Falun's.
    rows_after, metrics_after, merged = _falun_profile(store, parties)
    assert rows_after == rows_before
    pd.testing.assert_series_equal(metrics_after, metrics_before)

    # In the merged view the rows only the regional register describes are the region's.
    reported = merged.web.arrangements.set_index("id")["reported_by"].to_dict()
    assert reported == {"falu-it": "2080", "dalamitt": "2080", "e-arkiv": "R20", "mora-orsa": "R20"}
    assert sorted(merged.web.members_of("mora-orsa")) == ["2034", "2062"]  # Mora, Orsa: the region's word
    assert "R20 v1: dalarna.csv" in merged.web.sources
    # The region's claim that Falun is a member is shown to Falun, not taken as Falun's,
    # in the region's name (the regional register's rows are reported by R20).
    assert sorted(merged.web.members_of("e-arkiv")) == ["2062", "2081"]
    names = dict(zip(parties["id"], parties["name"]))
    assert disagreement_lines(merged.disagreements, "2080", label=lambda c: names.get(c, c)) == [
        "Region Dalarna anger att Falun är medlem i 'Dalarnas e-arkiv'; ert register tar inte upp "
        "den samverkan, så den visas inte som er."
    ]


def test_what_the_regional_register_says_differently_is_said_in_the_regions_name(
    store, falun_stored, parties, tmp_path
):
    # The region gives Säter as the host of Falu IT, and an end to Dala Mitt that Falun does not.
    regional_rows = [
        HEADER + ["Slutdatum"],
        ["falu-it", "Falu IT", "avtalssamverkan", "IT", "Säter", "Falun, Säter", "aktiv", "", ""],
        [
            "dalamitt",
            "Räddningstjänsten Dala Mitt",
            "kommunalförbund",
            "Räddningstjänst",
            "",
            "Borlänge, Falun, Säter",
            "avslutad",
            "",
            "2025-12-31",
        ],
    ]
    regional = _read(tmp_path, "dalarna.csv", regional_rows, "2080")
    store.import_register(regional, kommun="R20", user="admin", scope="regional")
    merged = current_merged(store, parties, include_demo=False)
    # Recorded under the region's code, not the file name "dalarna.csv (regionalt register, R20 v1)".
    assert sorted((d.arrangement_id, d.field, d.said) for d in merged.disagreements) == [
        ("dalamitt", "end", (("2080", None), ("R20", "2025-12-31"))),
        ("dalamitt", "status", (("2080", "aktiv"), ("R20", "avslutad"))),
        ("falu-it", "host", (("2080", "2080"), ("R20", "2082"))),
    ]
    names = dict(zip(parties["id"], parties["name"]))
    assert disagreement_lines(merged.disagreements, "2080", label=lambda c: names.get(c, c)) == [
        "Region Dalarna anger värdkommunen Säter för 'Falu IT'; ert register anger Falun.",
        "Region Dalarna anger att 'Räddningstjänsten Dala Mitt' avslutades 2025-12-31; ert register anger aktiv.",
    ]
    # Säter, a member without a register of its own, is shown both claims.
    assert disagreement_lines(merged.disagreements, "2082", label=lambda c: names.get(c, c))[0] == (
        "Falun anger värdkommunen Falun för 'Falu IT'; Region Dalarna anger värdkommunen Säter för 'Falu IT'."
    )


def test_the_page_block_names_a_region_the_names_do_not_know():
    from samverkansvav.ingest.identity import Disagreement
    from samverkansvav.web.disagreements import disagreement_block

    # Gotland's regional register is kept under R09, which is no party of its own.
    found = (Disagreement("vis", "Visby IT", "host", (("0980", "0980"), ("R09", None)), ("0980",)),)
    state = type("State", (), {"disagreements": found})()
    block = disagreement_block(state, "0980", names={"0980": "Gotland"})
    lines = [item.children for item in block.children[2].children]
    assert lines == ["Region Gotland anger värdkommunen inget för 'Visby IT'; ert register anger Gotland."]


def test_a_regional_register_under_a_municipalitys_code_is_refused(store, falun_stored, tmp_path):
    regional = _read(tmp_path, "dalarna.csv", REGIONAL, "2080")
    counts = store.counts()
    with pytest.raises(StoreError) as refused:
        store.import_register(regional, kommun="2080", user="admin", scope="regional")
    assert "aldrig ersätta kommunens eget register" in refused.value.message
    with pytest.raises(StoreError):
        store.preview(regional, kommun="2080", scope="regional")
    assert store.counts() == counts
    assert store.version("2080").id == falun_stored.id


def test_a_municipalitys_register_under_a_region_code_is_refused(store, tmp_path):
    falun = _read(tmp_path, "falun.csv", FALUN, "2080")
    with pytest.raises(StoreError, match="R20 är en regions kod"):
        store.import_register(falun, kommun="R20", scope="kommun")
    assert store.kommuner() == []


def test_preview_of_a_regional_register_names_the_region(store, falun_stored, tmp_path):
    regional = _read(tmp_path, "dalarna.csv", REGIONAL, "2080")
    preview = store.preview(regional, kommun="R20", scope="regional")
    assert preview.base_version_no is None  # the region's first version, not Falun's v1
    assert [a.arrangement_id for a in preview.new] == ["dalamitt", "e-arkiv", "mora-orsa"]
    # Every row was read with Falun as reporter: noted, not refused (an administrator's register).
    assert [(i.code, i.level) for i in preview.authority] == [
        ("not_own_arrangement", "info"),
        ("other_reporter", "info"),
    ]
    assert preview.authority[0].message.startswith("3 samverkan har inte Region Dalarna bland medlemmarna")
    assert not preview.refused


# ------------------------------------------------------------------ the code rule
def test_region_codes():
    assert [is_region_code(c) for c in ("R20", "R01", "2080", "20", "R2", "r20", None)] == [
        True,
        True,
        False,
        False,
        False,
        False,
        False,
    ]
    assert regional_register_code("2080") == "R20"  # Falun lies in Dalarna (20)
    assert regional_register_code("0180") == "R01"  # Stockholm
    assert regional_register_code("R14") == "R14"
    assert register_name("R20") == "Region Dalarna"
    assert register_name("R01", {"R01": "Region Stockholm"}) == "Region Stockholm"


def test_a_municipality_without_lan_has_no_regional_register():
    parties = pd.DataFrame({"id": ["0001"], "name": ["A"], "kind": ["kommun"], "lan_code": [None]})
    with pytest.raises(StoreError, match="hör inte till något känt län"):
        regional_register_code("0001", parties)


def test_scope_and_code_must_fit():
    check_code_for_scope("R20", "regional")
    check_code_for_scope("2080", "kommun")
    check_code_for_scope("2080", None)
    check_code_for_scope("R20", None)
    with pytest.raises(StoreError):
        check_code_for_scope("2080", "regional")
    with pytest.raises(StoreError):
        check_code_for_scope("R20", "kommun")
