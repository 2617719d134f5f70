"""Merge several municipalities' registers into one cooperation web.

Two arrangements are the same by the one rule of
:mod:`samverkansvav.ingest.identity` (same id, else same exact name and form,
å/ä/ö kept). Disagreements are found by its one conflict finder and never
resolved silently; each is a warning naming every file and what it says, and the
merged value follows a fixed rule that no later upload can overturn:

- members: the union of all members named by any register - except that a
  municipality whose own register is merged (see ``speakers``) is a member only
  of the arrangements its own register describes (another register's claim is
  recorded as a disagreement shown to it);
- host: the host when every register that names one names the same; when they
  differ, the one named host whose own register names itself; otherwise unknown
  (``None``) until the registers agree;
- form: the form most registers give, ties going to the earliest file;
- status and end date: an arrangement continues while any register says it
  does; a register saying it ended ends only its own municipality's
  membership (on the date it gives);
- other fields (area, dates, ...): the first register (in the given order)
  that fills them in;
- per-member annual cost: the cost reported by that member's own register (each
  register's ``Årskostnad`` is its reporter's own cost), else the first given;
  share: the first given.

With ``speakers`` (the store passes them) a municipality's register speaks only
for itself (DOMAIN §4, :mod:`samverkansvav.ingest.authority`): its rows that do
not include it are left out, and every row is its own report.

Only error-free registers are merged.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from samverkansvav.ingest.container import UnreadableFile
from samverkansvav.ingest.register import RegisterResult, read_register
from samverkansvav.ingest.values import is_blank
from samverkansvav.model import ARRANGEMENT_COLUMNS, MEMBERSHIP_COLUMNS, CooperationWeb, member_role
from samverkansvav.report import ERROR, INFO, WARNING, Issue, Report
from samverkansvav.vocabulary import FORMS, field_label, form_label

if TYPE_CHECKING:
    # The identity rule is imported where registers are really merged: a single
    # register (the usual command-line case) never needs it.
    from samverkansvav.ingest.identity import Disagreement

__all__ = ["merge_results", "merge_registers", "Merged", "load_registers"]

_FORM_LABELS = {form: form_label(form) for form in FORMS}


@dataclass(frozen=True)
class Merged:
    """A merged web, the merge report and the disagreements between registers.

    ``disagreements`` use municipality codes as speakers where known, a region's
    code for a regional register ("R20"), file names otherwise, so a profile page
    can show each municipality what others say about arrangements it is concerned by.
    """

    web: CooperationWeb
    report: Report
    disagreements: tuple[Disagreement, ...] = ()


def merge_results(
    results: list[RegisterResult],
    *,
    parties: pd.DataFrame | None = None,
    speakers: Sequence[str | None] | None = None,
) -> tuple[CooperationWeb, Report]:
    """Merge error-free registers; report conflicts between them (see module docstring).

    Results with errors are skipped with an info line (nothing from them is merged).
    ``speakers`` (one per result): the municipality whose own register it is,
    or ``None`` for a regional register; see :func:`merge_registers`.

    Examples
    --------
    >>> web, report = merge_results([])
    >>> len(web.arrangements), len(report)
    (0, 0)
    """
    merged = merge_registers(results, parties=parties, speakers=speakers)
    return merged.web, merged.report


def merge_registers(
    results: list[RegisterResult],
    *,
    parties: pd.DataFrame | None = None,
    speakers: Sequence[str | None] | None = None,
) -> Merged:
    """:func:`merge_results` with the disagreements.

    Without ``speakers`` every register's reporter (if any) labels what it says
    and nothing is left out. With ``speakers`` the authority rule applies: a
    register whose speaker is a municipality speaks only for that municipality.
    """
    report = Report()
    usable = []
    usable_speakers: list[str | None] = []
    for position, result in enumerate(results):
        if result.ok and result.web is not None:
            usable.append(result)
            if speakers is not None:
                usable_speakers.append(speakers[position])
            else:
                usable_speakers.append(str(result.reporter) if result.reporter else None)
        else:
            report.add(
                Issue(
                    INFO,
                    "not_merged",
                    "Filen har fel och ingår inte i sammanslagningen.",
                    "Rätta felen och läs in filen igen.",
                    file=result.file_name,
                )
            )
    authority = speakers is not None
    if authority:
        usable = [_own_part(r, s, report) if s else r for r, s in zip(usable, usable_speakers)]
    if parties is None and usable:
        parties = usable[0].web.parties
    if not authority and len(usable) == 1 and usable[0].settled:
        web = usable[0].web
        if web.arrangements["id"].is_unique:
            # One register whose tables are already in the merged form: merging it
            # would rebuild the very same tables.
            return Merged(CooperationWeb(parties, web.arrangements, web.memberships, web.sources), report)
    voices = _voices(usable, usable_speakers, parties)
    from samverkansvav.ingest.identity import ArrangementIndex

    # Group the arrangements (a Python loop over plain tuples: cheap); memberships
    # are attached afterwards, in bulk for the groups that need no merging.
    groups: list[list[tuple[int, int]]] = []  # (result position, arrangement row)
    index = ArrangementIndex()  # the one "same arrangement" rule (identity.py)
    if len(usable) == 1 and usable[0].web.arrangements["id"].is_unique:
        # One register: its arrangements never merge with each other, so every one
        # is its own group (no name keys needed).
        groups = [[(0, row)] for row in range(len(usable[0].web.arrangements))]
        usable_groups = []
    else:
        usable_groups = usable
    for position, result in enumerate(usable_groups):
        arrangements = result.web.arrangements
        for row, (arr_id, arr_name, arr_form) in enumerate(
            zip(arrangements["id"].tolist(), arrangements["name"].tolist(), arrangements["form"].tolist())
        ):
            group = index.match(arr_id, arr_name, arr_form)
            if group is not None and any(entry[0] == position for entry in groups[group]):
                group = None  # two arrangements of one file never merge with each other
            if group is None:
                group = len(groups)
                groups.append([])
            groups[group].append((position, row))
            index.add(arr_id, arr_name, arr_form, position=group)

    names: dict[str, str] | None = None

    def label(pid: str) -> str:
        # Built on first use: only conflict messages need display names.
        nonlocal names
        if names is None:
            names = {}
            if parties is not None:
                names = dict(zip(parties["id"].astype(str), parties["name"].astype(str)))
        return names.get(pid, pid)

    found: list[Disagreement] = []
    arr, mem, row_groups = _assemble(usable, groups, report, label, usable_speakers, voices, found)
    if authority:
        arr, mem = _respect_own_registers(arr, mem, row_groups, groups, usable_speakers, voices, found)
    sources = tuple(s for r in usable for s in r.web.sources)
    return Merged(CooperationWeb(parties, arr, mem, sources), report, tuple(found))


def _voices(
    results: Sequence[RegisterResult], speakers: Sequence[str | None], parties: pd.DataFrame | None
) -> list[str | None]:
    """Who each register's claims are recorded under: its speaker, else its reporter when
    that is not a municipality, else ``None`` (the file name is used).

    A regional register speaks for no municipality but is reported by its region
    ("R20"), so a disagreement it takes part in reads "Region Dalarna anger …".
    """
    if parties is None or "kind" not in parties.columns:
        return list(speakers)
    municipalities = set(parties.loc[parties["kind"] == "kommun", "id"].astype(str))
    return [
        speaker or (str(r.reporter) if r.reporter and str(r.reporter) not in municipalities else None)
        for r, speaker in zip(results, speakers)
    ]


def _own_part(result: RegisterResult, speaker: str, report: Report) -> RegisterResult:
    """The part of a municipality's register it may speak for: arrangements it is a member of.

    Every kept row becomes the speaker's own report (``reported_by``), whatever
    the row says; what was left out or re-attributed is reported.
    """
    web = result.web
    members = web.memberships
    own_ids = set(members.loc[members["party_id"] == speaker, "arrangement_id"])
    arr = web.arrangements
    keep = arr["id"].isin(own_ids)
    dropped = arr.loc[~keep, "name"].astype(str).tolist()
    if dropped:
        shown = ", ".join(f"'{n}'" for n in dropped[:10]) + (
            f" och {len(dropped) - 10} till" if len(dropped) > 10 else ""
        )
        report.add(
            Issue(
                WARNING,
                "not_own_arrangement",
                f"{len(dropped)} samverkan i registret har inte {speaker} bland medlemmarna och ingår "
                f"inte i den regionala bilden: {shown}.",
                "En kommuns register talar bara för kommunens egna medlemskap.",
                file=result.file_name,
            )
        )
    reported = arr["reported_by"]
    other = keep & reported.notna() & reported.astype(str).ne(speaker) & reported.astype(str).ne("")
    if other.any():
        report.add(
            Issue(
                WARNING,
                "other_reporter",
                f"{int(other.sum())} rader anger en annan rapporterande kommun än {speaker}; de räknas "
                f"som {speaker}s egna uppgifter.",
                "En kommuns register kan inte redovisa en annan kommuns kostnad.",
                file=result.file_name,
            )
        )
    if not dropped and not other.any():
        return result
    arr = arr[keep].copy()
    arr["reported_by"] = speaker
    mem = members[members["arrangement_id"].isin(own_ids)]
    return replace(
        result,
        web=CooperationWeb(web.parties, arr.reset_index(drop=True), mem.reset_index(drop=True), web.sources),
        settled=False,
    )


def _respect_own_registers(
    arr: pd.DataFrame,
    mem: pd.DataFrame,
    row_groups: np.ndarray,
    groups: list[list[tuple[int, int]]],
    speakers: Sequence[str | None],
    voices: Sequence[str | None],
    found: list[Disagreement],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop memberships that a municipality's own register does not state.

    A municipality with its own register in the merge is a member only of the
    arrangements that register describes; another register's claim that it is a
    member elsewhere is recorded (field ``membership``) under the municipalities that
    describe the arrangement, else the regions whose registers do (``voices``).
    """
    from samverkansvav.ingest.identity import Disagreement

    registered = {s for s in speakers if s}
    if not registered or mem.empty:
        return arr, mem
    if groups:
        describers = [{speakers[p] for p, _ in entries if speakers[p]} for entries in groups]
    else:  # one register: every group is one of its arrangements
        describers = [{speakers[0]} if speakers[0] else set()] * len(arr)
    parties = mem["party_id"].tolist()
    drop = np.zeros(len(mem), dtype=bool)
    claimed: dict[int, list[str]] = {}
    for i, (party, group) in enumerate(zip(parties, row_groups.tolist())):
        if party in registered and party not in describers[group]:
            drop[i] = True
            claimed.setdefault(group, []).append(party)
    if not drop.any():
        return arr, mem
    ids, names, hosts = arr["id"].tolist(), arr["name"].tolist(), arr["host"].tolist()
    for group, parties_claimed in claimed.items():
        positions = [p for p, _ in groups[group]] if groups else [0]
        regions = sorted({voices[p] for p in positions if voices[p]})
        speakers_here = sorted(describers[group]) or regions or ["regionalt register"]
        for party in parties_claimed:
            said = tuple((s, "medlem") for s in speakers_here) + ((party, None),)
            found.append(
                Disagreement(
                    ids[group], names[group], "membership", said, tuple(sorted(set(speakers_here) | {party}))
                )
            )
            if hosts[group] == party:
                hosts[group] = None  # a host that is not a member is no host
    arr = arr.copy()
    arr["host"] = hosts
    return arr, mem[~drop].reset_index(drop=True)


def _assemble(
    usable: list[RegisterResult],
    groups: list[list[tuple[int, int]]],
    report: Report,
    label,
    speakers: Sequence[str | None],
    voices: Sequence[str | None],
    found: list[Disagreement],
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """The merged arrangement and membership frames, in group order, and each
    membership row's group.

    A group with one arrangement keeps its row and its memberships unchanged (in the
    file's order); only groups seen in several files go through :func:`_merge_group`.
    The result equals merging every group one by one, without a per-arrangement
    ``to_dict``.
    """
    unique_ids = [r.web.arrangements["id"].is_unique for r in usable]
    # Arrangement cells column by column, as plain Python values (what to_dict gives).
    columns = [
        {col: _plain_values(r.web.arrangements[col].to_numpy()) for col in ARRANGEMENT_COLUMNS}
        for r in usable
    ]
    arrangement_values: dict[str, list] = {col: [] for col in ARRANGEMENT_COLUMNS}
    # Memberships of single-entry groups: per file, arrangement id -> group index.
    single_group: list[dict[str, int]] = [{} for _ in usable]
    merged_rows: list[dict] = []
    merged_groups: list[int] = []
    member_records: list[dict[str, list[dict]] | None] = [None] * len(usable)
    if len(usable) == 1 and unique_ids[0]:
        # One register: every group is one of its arrangements, in file order.
        arrangement_values = columns[0]
        single_group[0] = {arr_id: g for g, arr_id in enumerate(columns[0]["id"])}
        groups = []
    for g, entries in enumerate(groups):
        if len(entries) == 1 and unique_ids[entries[0][0]]:
            position, row = entries[0]
            for col, values in columns[position].items():
                arrangement_values[col].append(values[row])
            single_group[position][columns[position]["id"][row]] = g
            continue
        full = []
        for position, row in entries:
            arr = {col: values[row] for col, values in columns[position].items()}
            if member_records[position] is None:
                member_records[position] = _records_by_arrangement(usable[position].web.memberships)
            full.append(
                (usable[position], arr, member_records[position].get(arr["id"], []), speakers[position])
            )
        merged, members = _merge_group(full, report, label, found, voices=[voices[p] for p, _ in entries])
        for col in ARRANGEMENT_COLUMNS:
            arrangement_values[col].append(merged.get(col))
        merged_rows.extend(members)
        merged_groups.extend([g] * len(members))
    if arrangement_values["id"]:
        arr_frame = pd.DataFrame(arrangement_values, columns=list(ARRANGEMENT_COLUMNS))
    else:
        arr_frame = pd.DataFrame([], columns=list(ARRANGEMENT_COLUMNS))
    arr_frame = arr_frame.astype(object).where(arr_frame.notna(), None)

    group_parts: list[np.ndarray] = []
    column_parts: dict[str, list] = {col: [] for col in MEMBERSHIP_COLUMNS}
    for position, result in enumerate(usable):
        lookup = single_group[position]
        if not lookup:
            continue
        mem = result.web.memberships
        group = mem["arrangement_id"].map(lookup)
        keep = group.notna().to_numpy()
        group_parts.append(group.to_numpy()[keep].astype(np.int64))
        for col in MEMBERSHIP_COLUMNS:
            column_parts[col].extend(_plain_values(mem[col].to_numpy()[keep]))
    if merged_rows:
        group_parts.append(np.asarray(merged_groups, dtype=np.int64))
        for col in MEMBERSHIP_COLUMNS:
            column_parts[col].extend(m.get(col) for m in merged_rows)
    groups_of_rows = np.concatenate(group_parts) if group_parts else np.zeros(0, dtype=np.int64)
    # Group order, keeping each group's own row order (a stable sort).
    order = np.argsort(groups_of_rows, kind="stable")
    if len(order) and not (np.diff(order) == 1).all():
        column_parts = {col: [values[i] for i in order.tolist()] for col, values in column_parts.items()}
    if groups_of_rows.size:
        mem_frame = pd.DataFrame(column_parts, columns=list(MEMBERSHIP_COLUMNS))
    else:
        mem_frame = pd.DataFrame([], columns=list(MEMBERSHIP_COLUMNS))
    ids = arr_frame["id"].tolist()
    if len(set(ids)) < len(ids):
        # Two arrangements with one derived id (the slug folds å/ä/ö: "Håbo IT-nämnd"
        # and "Habo IT-nämnd") stay two: the later one gets a suffix from its exact name.
        unique = _unique_ids(ids, arr_frame["name"].tolist())
        arr_frame["id"] = unique
        mem_frame["arrangement_id"] = [unique[g] for g in groups_of_rows[order].tolist()]
    mem_frame["share"] = pd.to_numeric(mem_frame["share"], errors="coerce").astype(float)
    mem_frame["annual_cost"] = pd.to_numeric(mem_frame["annual_cost"], errors="coerce").astype(float)
    return arr_frame, mem_frame, groups_of_rows[order]


def _unique_ids(ids: list, names: list) -> list:
    """``ids`` with every repeat after the first given a suffix from its exact name key."""
    from samverkansvav.ingest.identity import name_key

    seen: set = set()
    out = []
    for arr_id, name in zip(ids, names):
        candidate = arr_id
        if candidate in seen:
            candidate = f"{arr_id}-{zlib.crc32(name_key(name).encode('utf-8')):08x}"
            n = 2
            while candidate in seen:
                candidate, n = f"{arr_id}-{n}", n + 1
        seen.add(candidate)
        out.append(candidate)
    return out


def _records_by_arrangement(mem: pd.DataFrame) -> dict[str, list[dict]]:
    """Membership records of one web grouped by arrangement id (file order kept)."""
    out: dict[str, list[dict]] = {}
    for record in mem.to_dict("records"):
        out.setdefault(record["arrangement_id"], []).append(record)
    return out


def _plain_values(values: np.ndarray) -> list:
    """Cells as plain Python values, as ``DataFrame.to_dict`` gives them."""
    plain = values.tolist()
    if values.dtype == object and any(issubclass(t, np.generic) for t in set(map(type, plain))):
        return [v.item() if isinstance(v, np.generic) else v for v in plain]
    return plain


def _said_text(field: str, value: str | None, label) -> str:
    if field == "form":
        return _FORM_LABELS.get(value, value) if value else "ingen form"
    if field == "members":
        return "medlemmarna " + ", ".join(sorted(label(p) for p in (value or "").split(", ") if p))
    if field == "host":
        return label(value) if value else "ingen värd"
    if field == "end":
        return value or "inget slutdatum"
    return value or "aktiv"


def _merge_group(
    entries, report: Report, label, found: list[Disagreement], *, voices: Sequence[str | None]
) -> tuple[dict, list[dict]]:
    """One merged arrangement and its memberships; ``entries`` are (result, record,
    membership records, speaker) of the same arrangement in several files, ``voices``
    who each entry's claims are recorded under (see :func:`_voices`)."""
    from samverkansvav.ingest.identity import Description, Disagreement, disagreements

    first_arr = entries[0][1]
    name = first_arr["name"]
    merged = {col: first_arr.get(col) for col in ARRANGEMENT_COLUMNS}
    for col in ARRANGEMENT_COLUMNS:
        if col in ("status", "end"):
            continue  # decided together below: one register's "ended" never ends the others' membership
        if is_blank(merged[col]):
            for _, arr, _, _ in entries[1:]:
                if not is_blank(arr.get(col)):
                    merged[col] = arr.get(col)
                    break
    if len(entries) == 1:
        _, _, mem, _ = entries[0]
        return merged, list(mem)

    files = [r.file_name for r, _, _, _ in entries]
    speakers = [s for _, _, _, s in entries]
    descriptions = [
        Description(
            speaker=str(i),
            arrangement_id=str(arr["id"]),
            name=arr.get("name"),
            form=arr.get("form"),
            host=None if is_blank(arr.get("host")) else arr.get("host"),
            members=tuple(sorted({m["party_id"] for m in mem})),
            status=None if is_blank(arr.get("status")) else arr.get("status"),
            end=None if is_blank(arr.get("end")) else arr.get("end"),
        )
        for i, (_, arr, mem, _) in enumerate(entries)
    ]
    # Form: the most common, ties to the earliest file.
    forms = [arr["form"] for _, arr, _, _ in entries]
    counts = Counter(forms)
    form = max(forms, key=lambda f: (counts[f], -forms.index(f)))
    merged["form"] = form
    # Host: when all registers naming one agree; else the named host whose own register names itself.
    hosts = [arr.get("host") for _, arr, _, _ in entries]
    named = {h for h in hosts if not is_blank(h)}
    host = next(iter(named)) if len(named) == 1 else None
    if len(named) > 1:
        self_named = {h for h, who in zip(hosts, speakers) if not is_blank(h) and h == who}
        host = next(iter(self_named)) if len(self_named) == 1 else None
    merged["host"] = host
    # Status and end: the arrangement continues while any register says it does.
    ended = [str(arr.get("status") or "") == "avslutad" for _, arr, _, _ in entries]
    chosen = ended.index(False) if not all(ended) else 0
    merged["status"] = entries[chosen][1].get("status")
    merged["end"] = entries[chosen][1].get("end")
    if is_blank(merged["status"]) or is_blank(merged["end"]):
        for _, arr, _, _ in entries:  # fill blanks only from registers that agree on the status
            if str(arr.get("status") or "") == str(merged.get("status") or ""):
                for col in ("status", "end"):
                    if is_blank(merged[col]) and not is_blank(arr.get(col)):
                        merged[col] = arr.get(col)
    outcome = {
        "form": f"Sammanslagningen använder {_FORM_LABELS.get(form, form)} (den form flest register anger).",
        "members": "Sammanslagningen tar med alla medlemmar som något register nämner.",
        "host": "Värden lämnas okänd i sammanslagningen tills registren stämmer överens."
        if host is None
        else f"Sammanslagningen använder {label(host)}, som själv anger sig som värd.",
        "status": "Samverkan visas som pågående så länge någon part anger det; en part som anger att den "
        "avslutats visas som utträdd.",
        "end": "Varje parts slutdatum gäller bara dess eget medlemskap.",
    }
    hints = {
        "form": "Kom överens om formen och rätta registren.",
        "members": "Stäm av medlemslistan med de andra kommunerna och rätta registren.",
        "host": "Kom överens om vilken kommun som är värd och rätta registren.",
        "status": "Stäm av med de andra parterna om samverkan har avslutats.",
        "end": "Stäm av slutdatumet med de andra parterna.",
    }
    for d in disagreements(descriptions):
        said = "; ".join(f"{files[int(i)]} anger {_said_text(d.field, v, label)}" for i, v in d.said)
        report.add(
            Issue(
                WARNING,
                f"conflict_{d.field}",
                f"Registren anger olika {field_label(d.field, text=True)} för '{name}': {said}. {outcome[d.field]}",
                hints[d.field],
                arrangement=name,
                file=", ".join(files),
            )
        )
        who = [voices[int(i)] or files[int(i)] for i, _ in d.said]
        found.append(
            Disagreement(
                str(merged["id"]), name, d.field, tuple((w, v) for w, (_, v) in zip(who, d.said)), d.concerned
            )
        )
    if len({arr.get("area") for _, arr, _, _ in entries if not is_blank(arr.get("area"))}) > 1:
        said = "; ".join(f"{f} anger {arr.get('area')}" for f, (_, arr, _, _) in zip(files, entries))
        report.add(
            Issue(
                INFO,
                "conflict_area",
                f"Registren anger olika område för '{name}': {said}. Det första registrets område används.",
                "Stäm av området med de andra kommunerna.",
                arrangement=name,
                file=", ".join(files),
            )
        )
    arrangement_id = merged["id"]
    rows: dict[str, dict] = {}
    own: dict[str, dict] = {}
    for _result, arr, mem, speaker in entries:
        for m in mem:
            pid = m["party_id"]
            row = rows.setdefault(
                pid,
                {
                    "arrangement_id": arrangement_id,
                    "party_id": pid,
                    "share": np.nan,
                    "annual_cost": np.nan,
                    "start": None,
                    "end": None,
                },
            )
            if pid in (arr.get("reported_by"), speaker):
                own.setdefault(pid, m)
            if is_blank(row["share"]) and not is_blank(m.get("share")):
                row["share"] = m["share"]
            if is_blank(row["annual_cost"]) and not is_blank(m.get("annual_cost")):
                row["annual_cost"] = m["annual_cost"]
            for col in ("start", "end"):
                if is_blank(row[col]) and not is_blank(m.get(col)):
                    row[col] = m[col]
    # What a party says about its own membership wins over what others say about it.
    for pid, m in own.items():
        for col in ("share", "annual_cost", "start", "end"):
            if not is_blank(m.get(col)):
                rows[pid][col] = m[col]
    # A party whose register says the arrangement ended has left it (on the date it gives).
    for (_, arr, _, speaker), is_ended in zip(entries, ended):
        if is_ended and speaker in rows and not ended[chosen] and is_blank(rows[speaker]["end"]):
            rows[speaker]["end"] = arr.get("end") if not is_blank(arr.get("end")) else None
    for pid, row in rows.items():
        row["role"] = member_role(form, host, pid)
    return merged, [rows[p] for p in sorted(rows)]


def load_registers(
    paths: Iterable[str | Path], *, parties: pd.DataFrame | None = None, reporter: str | None = None
) -> tuple[CooperationWeb | None, Report]:
    """Read, check and merge several register files.

    Unreadable files become an error line in the report; files with errors are left
    out of the merge. Returns ``(None, report)`` when no file could be merged.
    """
    report = Report()
    results = []
    for path in paths:
        try:
            result = read_register(path, parties=parties, reporter=reporter)
        except UnreadableFile as exc:
            report.add(Issue(ERROR, "unreadable", exc.message, "", file=exc.file))
            continue
        report.extend(result.report.issues)
        results.append(result)
    ok = [r for r in results if r.ok]
    if not ok:
        return None, report
    web, merge_report = merge_results(ok, parties=parties)
    report.extend(merge_report.issues)
    return web, report
