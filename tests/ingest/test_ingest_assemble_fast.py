"""Settling all quiet arrangements at once gives what settling each one by one gives.

:func:`~samverkansvav.ingest.assemble.finish` settles the arrangements with nothing to
say (host and seat named exactly, members enough, the host among them) column by
column and sends the rest through the one-by-one code. Each register below mixes both
kinds, so the tests compare the two paths (the one-by-one path is what ``finish`` does
when ``_quiet_settlements`` declines) and check the expected values worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from samverkansvav.ingest import assemble
from samverkansvav.ingest.assemble import finish
from samverkansvav.ingest.cells import Collector
from samverkansvav.ingest.checks import arrangement_findings, arrangement_findings_flat
from samverkansvav.ingest.state import MEMBER_FRAME_COLUMNS, SheetState
from samverkansvav.reference import load_parties
from samverkansvav.reference.name_cache import NameCache

LABELS = {
    "name": "Namn",
    "form": "Form",
    "area": "Område",
    "host": "Värdkommun",
    "seat": "Säte",
    "member_code": "Kommunkod",
    "role": "Roll",
    "status": "Status",
    "end": "Slutdatum",
    "note": "Anmärkning",
    "goal": "Mål",
    "owner": "Ansvarig",
}


def _rec(key: str, row: int, form: str, **fields) -> dict:
    """An arrangement record as a layout leaves it: model columns plus the raw cells."""
    rec = {
        "_row": row,
        "_key": key,
        "name": key.upper(),
        "form": form,
        "area_raw": "IT",
        "area": "IT",
        "area_unknown": (),
        "start": None,
        "end": None,
        "status": None,
        "owner": "Kansliet",
        "goal": "Bättre IT",
        "note": None,
        "host_raw": "",
        "seat_raw": "",
        "_unresolved": 0,
    }
    rec.update(fields)
    return rec


def _member(key: str, pid: str, row: int, role: str | None = None) -> dict:
    return {"_key": key, "party_id": pid, "_row": row, "role_raw": role}


def _state(records: list[dict], members: list[dict], *, layout: str, keep_infos: int | None) -> SheetState:
    state = SheetState(NameCache(load_parties()), Collector("x.csv", keep_infos=keep_infos))
    state.layout, state.labels, state.present = layout, dict(LABELS), set(LABELS)
    state.arrangements = [dict(rec) for rec in records]
    state.member_frame = pd.DataFrame(members, columns=list(MEMBER_FRAME_COLUMNS))
    return state


def _settled(state: SheetState) -> dict:
    """Everything finish leaves behind, in comparable form."""
    mem = state.member_frame
    return {
        "issues": [
            (i.level, i.code, i.message, i.hint, i.row, i.column, i.arrangement) for i in state.out.issues
        ],
        "more_infos": state.out.more_infos,
        "records": [(r["_key"], r["host"], r["seat"], r["end"]) for r in state.arrangements],
        "bad_keys": sorted(state.bad_keys),
        "members": mem.astype(object).where(mem.notna(), None).to_dict("list"),
        "dtypes": mem.dtypes.astype(str).to_dict(),
    }


def _both_ways(monkeypatch, records, members, *, layout="lång", keep_infos=None) -> dict:
    """Finish the register the quick way and one by one; they must agree."""
    quick = _state(records, members, layout=layout, keep_infos=keep_infos)
    finish(quick)
    with monkeypatch.context() as patched:
        patched.setattr(assemble, "_quiet_settlements", lambda *args: None)
        each = _state(records, members, layout=layout, keep_infos=keep_infos)
        finish(each)
    assert _settled(quick) == _settled(each)
    return _settled(quick)


# Falun 2080, Borlänge 2081, Säter 2082 (Dalarna).
MIXED_RECORDS = [
    _rec("gn", 2, "gemensam_namnd", host_raw="Falun"),
    _rec("av", 4, "avtalssamverkan"),  # host from the role column
    _rec("kf", 6, "kommunalforbund", host_raw="2080"),  # a host written for a federation: the seat
    _rec("inf", 8, "informell", host_raw="2080"),
    _rec("bolag", 10, "bolag", seat_raw="Säter"),
    _rec("seatless", 12, "bolag", seat_raw="Atlantis"),
    _rec("alone", 14, "gemensam_namnd", host_raw="2080"),
    _rec("guest", 16, "gemensam_namnd", host_raw="Säter"),  # host not among the member rows
    _rec("ended", 19, "bolag", status="avslutad", note="Upphörde 2013"),
    _rec("conflict", 21, "avtalssamverkan", host_raw="2080"),
    _rec("hostless", 23, "gemensam_namnd", goal=None, owner=""),
    _rec("reversed", 25, "bolag", start=dt.date(2020, 1, 1), end=dt.date(2019, 1, 1)),
    _rec("unreadable", 27, "gemensam_namnd", host_raw="Xyzzy"),
]
MIXED_MEMBERS = [
    _member("gn", "2080", 2),
    _member("gn", "2081", 3),
    _member("av", "2080", 4, "uppdragsgivare"),
    _member("av", "2081", 5, "utförare"),
    _member("kf", "2080", 6),
    _member("kf", "2081", 7),
    _member("inf", "2080", 8),
    _member("inf", "2081", 9),
    _member("bolag", "2081", 10),
    _member("bolag", "2082", 11),
    _member("seatless", "2080", 12),
    _member("seatless", "2081", 13),
    _member("alone", "2080", 14),
    _member("guest", "2080", 16),
    _member("guest", "2081", 17, "chef"),  # an unknown role
    _member("ended", "2080", 19),
    _member("ended", "2081", 20),
    _member("conflict", "2080", 21),
    _member("conflict", "2081", 22, "utförare"),
    _member("hostless", "2080", 23),
    _member("hostless", "2081", 24),
    _member("reversed", "2080", 25),
    _member("reversed", "2081", 26),
    _member("unreadable", "2080", 27),
    _member("unreadable", "2081", 28),
    _member("nowhere", "2080", 30),  # a membership of no arrangement read
]


def test_mixed_register_settles_the_same_both_ways(monkeypatch):
    settled = _both_ways(monkeypatch, MIXED_RECORDS, MIXED_MEMBERS)
    assert [(code, row) for _, code, _, _, row, _, _ in settled["issues"]] == [
        ("unknown_role", 17),  # read with the roles, before any arrangement
        ("lou_check", 4),
        ("host_for_entity", 6),
        ("host_for_entity", 8),
        ("unknown_seat", 12),
        ("too_few_members", 14),
        ("host_added_as_member", 16),
        ("end_from_note", 19),
        ("role_conflict", 21),
        ("lou_check", 21),
        ("host_missing", 23),
        ("missing_follow_up", 23),
        ("end_before_start", 25),
        ("unknown_host", 27),  # its host_missing is left out: the error says why
    ]
    hosts = {key: (host, seat) for key, host, seat, _ in settled["records"]}
    assert hosts == {
        "gn": ("2080", None),
        "av": ("2081", None),
        "kf": (None, "2080"),
        "inf": (None, None),
        "bolag": (None, "2082"),
        "seatless": (None, None),
        "alone": ("2080", None),
        "guest": ("2082", None),
        "ended": (None, None),
        "conflict": ("2080", None),
        "hostless": (None, None),
        "reversed": (None, None),
        "unreadable": (None, None),
    }
    assert dict((key, end) for key, _, _, end in settled["records"])["ended"] == dt.date(2013, 12, 31)
    assert settled["bad_keys"] == ["alone", "unreadable"]
    members = settled["members"]
    roles = dict(zip(zip(members["_key"], members["party_id"]), members["role"]))
    assert roles[("gn", "2080")] == "värd"
    assert roles[("av", "2081")] == "utförare"
    assert roles[("av", "2080")] == "uppdragsgivare"
    assert roles[("conflict", "2080")] == "utförare"
    assert roles[("conflict", "2081")] == "uppdragsgivare"
    assert roles[("kf", "2080")] == "medlem"
    assert roles[("guest", "2082")] == "värd"  # added as member and host
    assert roles[("nowhere", "2080")] == "medlem"
    # The added host comes last, with the arrangement's row.
    assert (members["_key"][-1], members["party_id"][-1], members["_row"][-1]) == ("guest", "2082", 16)


def test_only_arrangements_with_something_to_say_are_loud():
    state = _state(MIXED_RECORDS, MIXED_MEMBERS, layout="lång", keep_infos=None)
    role_hosts = assemble._hosts_by_role(state, state.member_frame)
    quiet = assemble._quiet_settlements(state, state.arrangements, state.member_frame, role_hosts)
    loud = {rec["_key"] for rec, is_loud in zip(state.arrangements, quiet.loud) if is_loud}
    assert loud == {"kf", "inf", "seatless", "alone", "guest", "ended", "conflict", "unreadable"}
    quiet_hosts = {
        rec["_key"]: (host, seat)
        for rec, host, seat, is_loud in zip(state.arrangements, quiet.hosts, quiet.seats, quiet.loud)
        if not is_loud
    }
    assert quiet_hosts == {
        "gn": ("2080", None),
        "av": ("2081", None),
        "bolag": (None, "2082"),
        "hostless": (None, None),
        "reversed": (None, None),
    }
    # The membership "nowhere" belongs to no arrangement; the loud ones' rows are marked.
    assert quiet.member_at.tolist()[-1] == -1
    assert quiet.member_loud.tolist()[4:8] == [True, True, True, True]


def test_wide_layout_reports_a_host_outside_the_members(monkeypatch):
    records = [
        _rec("ok", 2, "gemensam_namnd", host_raw="2080"),
        _rec("outside", 3, "gemensam_namnd", host_raw="2082"),
        _rec("later", 4, "avtalssamverkan", host_raw="2081"),
    ]
    members = [
        _member("ok", "2080", 2),
        _member("ok", "2081", 2),
        _member("outside", "2080", 3),
        _member("outside", "2081", 3),
        _member("later", "2080", 4),
        _member("later", "2081", 4),
    ]
    settled = _both_ways(monkeypatch, records, members, layout="bred")
    assert [(code, row) for _, code, _, _, row, _, _ in settled["issues"]] == [
        ("host_not_member", 3),
        ("lou_check", 4),
    ]
    assert settled["bad_keys"] == ["outside"]
    assert len(settled["members"]["_key"]) == 6  # nothing added in the wide form


def test_samordningsforbund_and_unresolved_members(monkeypatch):
    records = [
        _rec("finsam", 2, "samordningsforbund"),
        _rec("counted", 4, "bolag", _unresolved=1),  # one member read, one unreadable: two
        _rec("short", 5, "bolag"),
    ]
    members = [
        _member("finsam", "2080", 2),
        _member("finsam", "R20", 3),
        _member("counted", "2080", 4),
        _member("short", "2080", 5),
    ]
    settled = _both_ways(monkeypatch, records, members)
    assert [(code, row) for _, code, _, _, row, _, _ in settled["issues"]] == [
        ("finsam_missing_member", 2),
        ("too_few_members", 5),
    ]
    assert settled["bad_keys"] == ["finsam", "short"]


def test_capped_infos_are_counted_the_same(monkeypatch):
    settled = _both_ways(monkeypatch, MIXED_RECORDS, MIXED_MEMBERS, keep_infos=2)
    infos = [code for level, code, *_ in settled["issues"] if level == "info"]
    assert infos == ["lou_check", "host_for_entity"]
    # host_for_entity (inf), end_from_note, lou_check (conflict), missing_follow_up.
    assert settled["more_infos"] == 4


def test_repeated_keys_are_settled_one_by_one(monkeypatch):
    records = [_rec("twice", 2, "gemensam_namnd", host_raw="2080"), _rec("twice", 3, "gemensam_namnd")]
    members = [_member("twice", "2080", 2), _member("twice", "2081", 2)]
    settled = _both_ways(monkeypatch, records, members)
    assert [(code, row) for _, code, _, _, row, _, _ in settled["issues"]] == [("host_missing", 3)]
    # The roles follow the last record of the key, which has no host.
    assert settled["members"]["role"] == ["medlem", "medlem"]


def test_empty_register(monkeypatch):
    settled = _both_ways(monkeypatch, [], [])
    assert settled["issues"] == [] and settled["members"]["role"] == []


FINDING_RECORDS = [
    {"name": "A", "form": "avtalssamverkan", "host": "0001"},
    {"name": "B", "form": "gemensam_namnd", "area": "krisberedskap", "host": None},
    {
        "name": "Räddning",
        "form": "kommunalforbund",
        "area": "räddningstjänst",
        "goal": "Gemensam taxa för tillsyn",
    },
    {"name": "Försvar och taxor", "form": "kommunalforbund", "area": "civilt", "area_raw": "civilt"},
    # "civilt" closes the area texts and "Försvar" opens the name: one haystack, one match.
    {"name": "Försvarsfrågor", "form": "kommunalforbund", "area": None, "area_raw": "civilt"},
    {"name": "Nämnd", "form": "gemensam_namnd", "area": "IT", "area_raw": "--", "host": ""},
    {"name": "C", "form": "bolag", "start": dt.date(2021, 5, 1), "end": dt.date(2020, 1, 1)},
    {"name": "D", "form": "bolag", "goal": math.nan, "owner": "", "last_evaluated": None},
    {"name": "E", "form": "bolag", "goal": "Mål", "owner": "X", "last_evaluated": dt.date(2024, 1, 1)},
    {"name": "F", "form": "bolag", "area_unknown": ("vägar", "hamn")},
    {"name": "G", "form": "bolag", "area_known": False, "area_raw": "hamn"},
    {"name": "H", "form": None},
]


@pytest.mark.parametrize("present", [set(), {"goal"}, {"goal", "owner", "last_evaluated"}])
def test_flat_findings_are_the_findings_of_each_record(present):
    positions, findings = arrangement_findings_flat(FINDING_RECORDS, present_fields=present)
    one_by_one = [
        (i, finding)
        for i, rec in enumerate(FINDING_RECORDS)
        for finding in arrangement_findings(rec, present_fields=present)
    ]
    assert list(zip(positions, findings)) == one_by_one


def test_flat_findings_by_hand():
    positions, findings = arrangement_findings_flat(FINDING_RECORDS, present_fields={"goal", "owner"})
    # Every record but E (8) lacks a goal or an owner.
    assert [(i, f.code) for i, f in zip(positions, findings)] == [
        (0, "lou_check"),
        (0, "missing_follow_up"),
        (1, "host_missing"),
        (1, "gn_beredskap"),
        (1, "missing_follow_up"),
        (2, "kf_avgiftstaxa"),
        (2, "missing_follow_up"),
        (3, "kf_beredskap"),
        (3, "kf_avgiftstaxa"),
        (3, "missing_follow_up"),
        (4, "kf_beredskap"),
        (4, "missing_follow_up"),
        (5, "host_missing"),
        (5, "missing_follow_up"),
        (6, "end_before_start"),
        (6, "missing_follow_up"),
        (7, "missing_follow_up"),
        (9, "missing_follow_up"),
        (9, "unknown_area"),
        (9, "unknown_area"),
        (10, "missing_follow_up"),
        (10, "unknown_area"),
        (11, "missing_follow_up"),
    ]
