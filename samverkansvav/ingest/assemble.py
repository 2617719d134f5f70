"""Assemble: settled arrangements and memberships, checked, as a :class:`CooperationWeb`.

After a layout (:mod:`~samverkansvav.ingest.wide`, :mod:`~samverkansvav.ingest.long`)
has read the rows, :func:`finish` decides each arrangement's host and seat, counts
its members, runs the checks and derives every membership's role;
:func:`build_web` turns the records into the model's three frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from samverkansvav.ingest.cells import factorize_cells, object_array, short_text
from samverkansvav.ingest.checks import (
    Finding,
    arrangement_findings,
    arrangement_findings_flat,
    samordningsforbund_findings,
)
from samverkansvav.ingest.normalise import resolve_host
from samverkansvav.ingest.state import SheetState
from samverkansvav.ingest.values import end_from_note, normalise_role
from samverkansvav.model import ARRANGEMENT_COLUMNS, ENTITY_FORMS, MEMBERSHIP_COLUMNS, CooperationWeb
from samverkansvav.reference.names import is_collective_term
from samverkansvav.report import ERROR, INFO, WARNING

__all__ = ["build_web", "finish", "undated_end"]


def finish(state: SheetState) -> None:
    """Settle each arrangement: host and seat, member count, checks; then the roles.

    Runs after a layout has filled ``state.arrangements`` and ``state.member_frame``;
    sets ``host`` and ``seat`` on each record and a ``role`` on each membership.

    Most arrangements settle without a word: their host and seat cells name a party
    exactly, they have members enough, the host among them. Those are settled for all
    arrangements at once (:func:`_quiet_settlements`) and only their checks are
    reported; every other arrangement goes through :func:`_settle_one`, which says
    what is wrong. Either way the issues come out arrangement by arrangement, in
    record order.
    """
    mem = state.member_frame
    records = state.arrangements
    role_hosts = _hosts_by_role(state, mem)
    quiet = _quiet_settlements(state, records, mem, role_hosts)
    # What _settle_one needs, for the memberships of the arrangements it settles.
    if quiet is None:
        loud, loud_mem = np.ones(len(records), dtype=bool), mem
    else:
        loud, loud_mem = quiet.loud, mem[quiet.member_loud] if quiet.loud.any() else mem.iloc[:0]
    counts = loud_mem.groupby("_key", sort=False).size().to_dict() if len(loud_mem) else {}
    # Each (arrangement, member) once, in row order.
    ordered = dict.fromkeys(zip(loud_mem["_key"].tolist(), loud_mem["party_id"].tolist()))
    pairs = set(ordered)
    members_of: dict[str, list[str]] = {}
    for key_, pid_ in ordered:
        members_of.setdefault(key_, []).append(pid_)
    added: list[dict] = []
    parties = state.names.parties
    kind_of = (
        dict(zip(parties["id"].astype(str), parties["kind"]))
        if "kind" in parties.columns
        and (
            any(rec.get("form") == "samordningsforbund" for rec in records)
            if quiet is None
            else bool((quiet.forms == "samordningsforbund").any())
        )
        else None
    )
    member_column = state.label("members") or state.label("member_code") or state.label("member")

    def settle_loud(i: int) -> None:
        rec = records[i]
        _settle_one(
            state,
            rec,
            role_hosts.get(rec["_key"], []),
            members_of,
            counts=counts,
            pairs=pairs,
            added=added,
            kind_of=kind_of,
            member_column=member_column,
        )

    quiet_at = np.flatnonzero(~loud)
    quiet_records = [records[i] for i in quiet_at.tolist()]
    if quiet is not None:
        for rec, host, seat in zip(
            quiet_records, quiet.hosts[quiet_at].tolist(), quiet.seats[quiet_at].tolist()
        ):
            rec["host"], rec["seat"] = host, seat
    positions, findings = arrangement_findings_flat(quiet_records, present_fields=state.present)
    # The quiet arrangements' findings and the loud arrangements, merged in record order.
    loud_at = iter(np.flatnonzero(loud).tolist())
    next_loud = next(loud_at, len(records))
    out = state.out
    add = out.add
    columns = {fld: state.label(fld) for fld in {finding.field for finding in findings}}
    # Infos beyond those the report keeps are only counted (a large register has
    # thousands of them): once full, the collector stays full, so counting them
    # here and adding the count at the end gives the same report.
    uncounted_infos = 0
    for i, finding in zip(quiet_at[positions].tolist(), findings):
        while next_loud < i:
            settle_loud(next_loud)
            next_loud = next(loud_at, len(records))
        if finding.level == INFO and out.infos_full:
            uncounted_infos += 1
            continue
        rec = records[i]
        if finding.code == "host_missing" and rec.get("host_raw"):
            continue  # the host cell is filled but unreadable: its error says so
        add(
            finding.level,
            finding.code,
            finding.message,
            finding.hint,
            row=rec["_row"],
            column=columns[finding.field],
            arrangement=rec["name"] or None,
        )
    while next_loud < len(records):
        settle_loud(next_loud)
        next_loud = next(loud_at, len(records))
    out.count_infos(uncounted_infos)
    state.member_frame = _with_roles(state, mem, added, quiet)


def _settle_one(
    state: SheetState,
    rec: dict,
    stated: list[str],
    members_of: dict[str, list[str]],
    *,
    counts: dict,
    pairs: set,
    added: list[dict],
    kind_of: dict | None,
    member_column: str | None,
) -> None:
    """One arrangement's host and seat, member count, end and checks, each problem reported."""
    host, seat = _host_and_seat(state, rec, stated, members_of)
    _count_members(state, rec, host, counts=counts, pairs=pairs, added=added, member_column=member_column)
    rec["host"], rec["seat"] = host, seat
    undated_end(state, rec)
    _report_findings(state, rec, members_of, kind_of=kind_of, member_column=member_column)


@dataclass(frozen=True)
class _Quiet:
    """What :func:`_quiet_settlements` finds, per arrangement (in record order) and
    per membership row."""

    #: The arrangement keys (unique) and forms.
    keys: pd.Index
    forms: np.ndarray
    #: Host and seat (object arrays); used only where not ``loud``.
    hosts: np.ndarray
    seats: np.ndarray
    #: Whether settling the arrangement has something to say.
    loud: np.ndarray
    #: Each membership row's arrangement position (-1: none) and whether that one is loud.
    member_at: np.ndarray
    member_loud: np.ndarray


def _quiet_settlements(
    state: SheetState, records: list[dict], mem: pd.DataFrame, role_hosts: dict[str, list[str]]
) -> _Quiet | None:
    """Host and seat of every arrangement, as :func:`_host_and_seat` decides them, and
    which arrangements settling would have something to say about (``loud``).

    An arrangement is quiet when settling it reports nothing and changes nothing but
    its host and seat: its host cell is empty or names a party exactly, its seat cell
    is empty or names a party, its host is a member and fits its form and the role
    column, it has at least two members, it is not ended without an end date and it
    is no samordningsförbund (whose members are checked one by one). For a quiet
    arrangement the host and seat given here are what :func:`_host_and_seat` returns;
    for a loud one they are not used. Also gives, per membership row, whether its
    arrangement is loud. ``None`` when the arrangement keys are not unique (each is
    then settled one by one).
    """
    n = len(records)
    keys = pd.Index([rec["_key"] for rec in records], dtype=object)
    if not n or not keys.is_unique or keys.hasnans:
        return None
    forms = object_array([rec.get("form") for rec in records])
    entity = np.array([form in ENTITY_FORMS for form in forms.tolist()], dtype=bool)
    # Each distinct host and seat cell is read once: a host cell counts when it names a
    # party exactly and no collective term (else resolving it has something to say).
    host_codes, host_cells = pd.factorize(object_array([rec.get("host_raw") or "" for rec in records]))
    has_host_cell = (host_cells != "")[host_codes]
    host_of_cell = object_array(_parties_named(state, host_cells.tolist(), exactly=True))[host_codes]
    seat_codes, seat_cells = pd.factorize(object_array([rec.get("seat_raw") or "" for rec in records]))
    has_seat_cell = (seat_cells != "")[seat_codes]
    seats = object_array(_parties_named(state, seat_cells.tolist(), exactly=False))[seat_codes]
    # Without a host cell, the one member the role column names as host or provider is
    # the host (not for a form that has no host).
    position = dict(zip(keys.tolist(), range(n)))
    stated_one = object_array([None] * n)
    for key, stated in role_hosts.items():
        if key in position and len(stated) == 1:
            stated_one[position[key]] = stated[0]
    hosts = np.where(has_host_cell, host_of_cell, np.where(entity, None, stated_one))
    has_host = pd.notna(hosts)
    role_conflict = np.zeros(n, dtype=bool)
    for key, stated in role_hosts.items():
        if key in position and has_host[position[key]] and hosts[position[key]] not in stated:
            role_conflict[position[key]] = True

    # Where each membership row's arrangement is (-1: none), and whether the host is among them.
    at = keys.get_indexer(mem["_key"].to_numpy(dtype=object)) if len(mem) else np.zeros(0, dtype=np.intp)
    counts = np.bincount(at[at >= 0], minlength=n)
    hosted = at >= 0
    hosted[hosted] = has_host[at[hosted]]
    host_listed = np.zeros(n, dtype=bool)
    member_ids = mem["party_id"].to_numpy(dtype=object)[hosted]
    host_listed[at[hosted][member_ids == hosts[at[hosted]]]] = True
    unresolved = np.array([rec.get("_unresolved", 0) for rec in records], dtype=np.int64)
    undated = [rec.get("status") == "avslutad" and rec.get("end") is None for rec in records]

    loud = (
        has_host_cell & ~has_host  # a host cell not read as one party without a message
        | has_seat_cell & pd.isna(seats)
        | has_host & (entity | (forms == "informell"))
        | role_conflict
        | (counts + unresolved < 2)
        | has_host & ~host_listed
        | np.array(undated, dtype=bool)
        | (forms == "samordningsforbund")
    )
    member_loud = at >= 0
    member_loud[member_loud] = loud[at[member_loud]]
    return _Quiet(keys, forms, hosts, seats, loud, at, member_loud)


def _parties_named(state: SheetState, texts: list[str], *, exactly: bool) -> list[str | None]:
    """The party each text names as ``state.names.resolve`` reads it (``None`` for an
    empty text); with ``exactly``, only a party named exactly and not by a collective
    term. A text that is literally a party id is looked up with the others at once."""
    filled = [text for text in texts if text]
    pids = state.names.plain_parties(filled)
    for j, pid in enumerate(pids):
        if pid is None:  # no party id as written: the resolver reads it
            hit = state.names.resolve(filled[j])
            pids[j] = hit.party_id if hit.exact or not exactly else None
    if exactly:
        collective = map(is_collective_term, filled)
        pids = [None if is_collective else pid for pid, is_collective in zip(pids, collective)]
    party_of = dict(zip(filled, pids))
    return [party_of[text] if text else None for text in texts]


def _hosts_by_role(state: SheetState, mem: pd.DataFrame) -> dict[str, list[str]]:
    """Per arrangement, the members whose role column says host or provider; an
    unknown role is a warning (the role is derived instead)."""
    out = state.out
    role_hosts: dict[str, list[str]] = {}
    if len(mem):
        codes, cells = factorize_cells(mem["role_raw"])
        normed = [normalise_role(v) if v else None for v in cells.tolist()]
        # Only unknown roles (a warning) and host roles matter: visit just those rows
        # (a row without a role, code -1, picks the final False).
        wanted_role = np.array([role is None or role in ("värd", "utförare") for role in normed] + [False])
        wanted = np.flatnonzero(wanted_role[codes])
        keys_, pids_, rows_, raws_ = (
            mem[c].to_numpy(dtype=object)[wanted].tolist() for c in ("_key", "party_id", "_row", "role_raw")
        )
        roles = [normed[code] for code in codes[wanted].tolist()]
        for key, pid, row, raw_role, role in zip(keys_, pids_, rows_, raws_, roles):
            if role is None:
                out.add(
                    WARNING,
                    "unknown_role",
                    f"Okänd roll '{short_text(raw_role)}'; rollen härleds i stället.",
                    "Använd värd, utförare, uppdragsgivare eller medlem.",
                    row=int(row),
                    arrangement=state.display_name.get(key),
                )
            elif role in ("värd", "utförare"):
                role_hosts.setdefault(key, []).append(pid)
    return role_hosts


def _host_and_seat(
    state: SheetState, rec: dict, stated: list[str], members_of: dict[str, list[str]]
) -> tuple[str | None, str | None]:
    """The host (from the host cell, else the one member the role column names) and the seat.

    A form without a host (förbund, bolag, nätverk) has none: a host written there is
    read as the seat.
    """
    out = state.out
    key, row, name = rec["_key"], rec["_row"], rec["name"] or None
    form = rec.get("form")
    host_column = state.label("host")
    host = None
    host_text = rec.get("host_raw") or ""
    if host_text:
        host = resolve_host(
            state, host_text, members_of.get(key, []), row=row, column=host_column, arrangement=name, key=key
        )
    elif len(stated) == 1 and form not in ENTITY_FORMS:
        host = stated[0]
    seat = None
    seat_text = rec.get("seat_raw") or ""
    if seat_text:
        hit = state.names.resolve(seat_text)
        if hit.party_id is None:
            out.add(
                WARNING,
                "unknown_seat",
                f"Sätet '{short_text(seat_text)}' känns inte igen och utelämnas.",
                "Skriv kommunens namn eller kommunkod.",
                row=row,
                column=state.label("seat"),
                arrangement=name,
            )
        else:
            seat = hit.party_id
    if host is not None and (form in ENTITY_FORMS or form == "informell"):
        if seat is None and form in ENTITY_FORMS:
            seat = host
        out.add(
            INFO,
            "host_for_entity",
            "Värdkommun är angiven för en form utan värd; den tolkas "
            + ("som säte." if form in ENTITY_FORMS else "inte som utförare.")
            + " Ett förbund, bolag eller nätverk har ingen värdkommun.",
            "Skriv kommunen i kolumnen Säte i stället.",
            row=row,
            column=host_column,
            arrangement=name,
        )
        host = None
    if host is not None and stated and host not in stated:
        out.add(
            WARNING,
            "role_conflict",
            f"Rollkolumnen anger {', '.join(state.names.name_of(p) for p in stated)} som värd/utförare "
            f"men värdkommunen är {state.names.name_of(host)}; värdkommunen gäller.",
            "Rätta rollen eller värdkommunen.",
            row=row,
            arrangement=name,
        )
    return host, seat


def _count_members(
    state: SheetState,
    rec: dict,
    host: str | None,
    *,
    counts: dict,
    pairs: set,
    added: list[dict],
    member_column: str | None,
) -> None:
    """At least two members, the host among them (the long form adds a missing host)."""
    out = state.out
    key, row, name = rec["_key"], rec["_row"], rec["name"] or None
    host_column = state.label("host")
    n_members = counts.get(key, 0) + rec.get("_unresolved", 0)
    if n_members < 2:
        out.add(
            ERROR,
            "too_few_members",
            f"Arrangemanget har {n_members} medlem{'mar' if n_members != 1 else ''}; minst två krävs.",
            "Ange alla medlemmar (även värdkommunen).",
            row=row,
            column=member_column,
            arrangement=name,
        )
        state.bad_keys.add(key)
    if host is not None and (key, host) not in pairs and state.layout == "lång":
        # In the long form the host column is itself a statement that the host
        # takes part (e.g. a region hosting a joint committee whose member rows
        # list only the municipalities): add it as the host, and say so.
        out.add(
            WARNING,
            "host_added_as_member",
            f"Värden {state.names.name_of(host)} saknas bland medlemsraderna och har lagts "
            "till som medlem och värd.",
            "Lägg till en rad för värden så att registret är komplett.",
            row=row,
            column=host_column,
            arrangement=name,
        )
        added.append({"_key": key, "party_id": host, "_row": row})
        pairs.add((key, host))
    if host is not None and (key, host) not in pairs:
        out.add(
            ERROR,
            "host_not_member",
            f"Värdkommunen {state.names.name_of(host)} finns inte bland medlemmarna.",
            "Lägg till värdkommunen bland medlemmarna eller rätta värdkommunen.",
            row=row,
            column=host_column,
            arrangement=name,
        )
        state.bad_keys.add(key)


def _report_findings(
    state: SheetState,
    rec: dict,
    members_of: dict[str, list[str]],
    *,
    kind_of: dict | None,
    member_column: str | None,
) -> None:
    """The checks of :mod:`~samverkansvav.ingest.checks` on a settled arrangement."""
    out = state.out
    key, row, name = rec["_key"], rec["_row"], rec["name"] or None
    form = rec.get("form")
    if form == "samordningsforbund" and not rec.get("_unresolved") and kind_of is not None:
        ids = members_of.get(key, [])
        for finding in samordningsforbund_findings(
            (pid, state.names.name_of(pid), kind_of.get(pid)) for pid in ids
        ):
            out.add(
                finding.level,
                finding.code,
                finding.message,
                finding.hint,
                row=row,
                column=member_column,
                arrangement=name,
            )
            state.bad_keys.add(key)
    _add_findings(state, rec, arrangement_findings(rec, present_fields=state.present))


def _add_findings(state: SheetState, rec: dict, findings: list[Finding]) -> None:
    """Report the findings of :func:`~samverkansvav.ingest.checks.arrangement_findings` on ``rec``."""
    row, name = rec["_row"], rec["name"] or None
    host_text = rec.get("host_raw") or ""
    for finding in findings:
        if finding.code == "host_missing" and host_text:
            continue  # the host cell is filled but unreadable: its error says so
        state.out.add(
            finding.level,
            finding.code,
            finding.message,
            finding.hint,
            row=row,
            column=state.label(finding.field) if finding.field else None,
            arrangement=name,
        )


def _with_roles(
    state: SheetState, mem: pd.DataFrame, added: list[dict], quiet: _Quiet | None
) -> pd.DataFrame:
    """The memberships (with hosts added by :func:`_count_members`) and each one's role,
    derived from the form and the host as :func:`~samverkansvav.model.member_role` does.

    ``quiet`` (when the arrangement keys are unique) already knows each membership
    row's arrangement."""
    if not len(mem) and not added:
        return mem.assign(role=pd.Series(dtype=object))
    records = state.arrangements
    if quiet is None:
        hosts = object_array([rec.get("host") for rec in records] + [None])
        forms = object_array([rec.get("form") for rec in records] + [None])
        keys = pd.Index([rec["_key"] for rec in records], dtype=object)
        if keys.has_duplicates:  # the last record of a key decides, as a dict of them would
            last = np.append(~keys.duplicated(keep="last"), True)
            keys, hosts, forms = keys[last[:-1]], hosts[last], forms[last]
        at = keys.get_indexer(mem["_key"].to_numpy(dtype=object)) if len(mem) else np.zeros(0, dtype=np.intp)
    else:
        # The quiet arrangements have the hosts found for them; the loud ones their own.
        hosts = np.append(quiet.hosts, None)
        for i in np.flatnonzero(quiet.loud).tolist():
            hosts[i] = records[i].get("host")
        forms = np.append(quiet.forms, None)
        keys, at = quiet.keys, quiet.member_at
    if added:
        mem = pd.concat([mem, pd.DataFrame(added)], ignore_index=True)
        at = np.concatenate([at, keys.get_indexer([row["_key"] for row in added])])
    # A membership without an arrangement (-1) picks the final None: no host, no form.
    hosts, forms = hosts[at], forms[at]
    has_host = pd.notna(hosts)
    is_host = has_host.copy()
    is_host[has_host] = mem["party_id"].to_numpy(dtype=object)[has_host] == hosts[has_host]
    gn = forms == "gemensam_namnd"
    av = forms == "avtalssamverkan"
    return mem.assign(
        role=np.select(
            [gn & is_host, av & is_host, av & has_host],
            ["värd", "utförare", "uppdragsgivare"],
            "medlem",
        )
    )


def undated_end(state: SheetState, rec: dict) -> None:
    """An ``avslutad`` arrangement without an end date: the date from its note when
    the note gives one ("upphörde 2013"), else kept as ended "datum okänt"
    (:meth:`CooperationWeb.current_on` shows it on past dates, not from today on)."""
    if rec.get("status") != "avslutad" or rec.get("end") is not None:
        return
    row, name = rec["_row"], rec["name"] or None
    found = end_from_note(rec.get("note"))
    if found is not None:
        rec["end"] = found.day
        state.out.add(
            INFO,
            "end_from_note",
            f"Slutdatum saknas; {found.day.isoformat()} lästes ur anmärkningen ('{short_text(found.text)}').",
            "Kontrollera datumet och skriv det i kolumnen Slutdatum.",
            row=row,
            column=state.label("note"),
            arrangement=name,
        )
        return
    state.out.add(
        WARNING,
        "ended_without_date",
        "Status avslutad men inget slutdatum: visas som avslutad med okänt datum, det vill säga "
        "med på tidigare datum men inte i dag och framåt.",
        "Skriv slutdatumet i kolumnen Slutdatum (ÅÅÅÅ-MM-DD), eller året i Anmärkning "
        "(t.ex. 'upphörde 2013').",
        row=row,
        column=state.label("status"),
        arrangement=name,
    )


def build_web(state: SheetState, *, only_valid: bool) -> CooperationWeb:
    """The web of what was read; ``only_valid`` leaves out arrangements with errors of their own."""
    arrangements = []
    for rec in state.arrangements:
        if only_valid and (rec["_key"] in state.bad_keys or rec.get("form") is None):
            continue
        rec["id"] = rec["_key"]
        arrangements.append(rec)
    arr = pd.DataFrame.from_records(arrangements, columns=list(ARRANGEMENT_COLUMNS))
    arr = arr.astype(object).where(arr.notna(), None)
    mem = state.member_frame
    if "role" not in mem.columns:
        mem = mem.assign(role="medlem")
    mem = mem[mem["_key"].isin(set(arr["id"]))]
    mem = mem.rename(columns={"_key": "arrangement_id"}).loc[:, list(MEMBERSHIP_COLUMNS)]
    mem = mem.reset_index(drop=True)
    mem["share"] = pd.to_numeric(mem["share"], errors="coerce").astype(float)
    mem["annual_cost"] = pd.to_numeric(mem["annual_cost"], errors="coerce").astype(float)
    mem["start"] = mem["start"].astype(object).where(mem["start"].notna(), None)
    mem["end"] = mem["end"].astype(object).where(mem["end"].notna(), None)
    return CooperationWeb(state.names.parties, arr, mem, (state.out.file,))
