"""Merge several municipalities' registers into one cooperation web.

Two arrangements are the same when they have the same id, or the same normalised
name and form. Disagreements are never resolved silently; each is a warning naming
every file and what it says, and the merged value follows a fixed rule:

- members: the union of all members named by any register;
- host: the host when every register that names one names the same; otherwise
  unknown (``None``) until the registers agree;
- form: the form most registers give, ties going to the earliest file;
- other fields (area, dates, status, ...): the first register (in the given order)
  that fills them in;
- per-member annual cost: the cost reported by that member's own register (each
  register's ``Årskostnad`` is its reporter's own cost), else the first given;
  share: the first given.

Only error-free registers are merged.
"""

from __future__ import annotations

import zlib
from collections import Counter
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from samverkansvav.ingest.container import UnreadableFile
from samverkansvav.ingest.register import RegisterResult, _role, read_register
from samverkansvav.ingest.identity import ArrangementIndex, name_key
from samverkansvav.model import ARRANGEMENT_COLUMNS, MEMBERSHIP_COLUMNS, CooperationWeb
from samverkansvav.report import ERROR, INFO, WARNING, Issue, Report

__all__ = ["merge_results", "load_registers"]

_FORM_LABELS = {
    "gemensam_namnd": "gemensam nämnd", "kommunalforbund": "kommunalförbund",
    "avtalssamverkan": "avtalssamverkan", "bolag": "bolag", "stiftelse": "stiftelse",
    "ekonomisk_forening": "ekonomisk förening", "ideell_forening": "ideell förening",
    "informell": "informell",
}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value == ""


def merge_results(
    results: list[RegisterResult], *, parties: pd.DataFrame | None = None
) -> tuple[CooperationWeb, Report]:
    """Merge error-free registers; report conflicts between them (see module docstring).

    Results with errors are skipped with an info line (nothing from them is merged).

    Examples
    --------
    >>> web, report = merge_results([])
    >>> len(web.arrangements), len(report)
    (0, 0)
    """
    report = Report()
    usable = []
    for result in results:
        if result.ok and result.web is not None:
            usable.append(result)
        else:
            report.add(Issue(INFO, "not_merged", "Filen har fel och ingår inte i sammanslagningen.",
                             "Rätta felen och läs in filen igen.", file=result.file_name))
    if parties is None and usable:
        parties = usable[0].web.parties
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
        for row, (arr_id, arr_name, arr_form) in enumerate(zip(
            arrangements["id"].tolist(), arrangements["name"].tolist(), arrangements["form"].tolist()
        )):
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

    arr, mem = _assemble(usable, groups, report, label)
    sources = tuple(s for r in usable for s in r.web.sources)
    return CooperationWeb(parties, arr, mem, sources), report


def _assemble(usable: list[RegisterResult], groups: list[list[tuple[int, int]]], report: Report,
              label) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The merged arrangement and membership frames, in group order.

    A group with one arrangement keeps its row and its memberships unchanged (in the
    file's order); only groups seen in several files go through :func:`_merge_group`.
    The result equals merging every group one by one, without a per-arrangement
    ``to_dict``.
    """
    unique_ids = [r.web.arrangements["id"].is_unique for r in usable]
    # Arrangement cells column by column, as plain Python values (what to_dict gives).
    columns = [{col: _plain_values(r.web.arrangements[col].to_numpy()) for col in ARRANGEMENT_COLUMNS}
               for r in usable]
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
            full.append((usable[position], arr, member_records[position].get(arr["id"], [])))
        merged, members = _merge_group(full, report, label)
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
    return arr_frame, mem_frame


def _unique_ids(ids: list, names: list) -> list:
    """``ids`` with every repeat after the first given a suffix from its exact name key."""
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


def _merge_group(entries, report: Report, label) -> tuple[dict, list[dict]]:
    """One merged arrangement and its memberships; ``entries`` are (result, record,
    membership records) of the same arrangement in several files."""
    first_arr = entries[0][1]
    name = first_arr["name"]
    merged = {col: first_arr.get(col) for col in ARRANGEMENT_COLUMNS}
    for col in ARRANGEMENT_COLUMNS:
        if _blank(merged[col]):
            for _, arr, _ in entries[1:]:
                if not _blank(arr.get(col)):
                    merged[col] = arr.get(col)
                    break
    if len(entries) == 1:
        _, _, mem = entries[0]
        return merged, list(mem)

    files = [r.file_name for r, _, _ in entries]
    # Form: the most common, ties to the earliest file.
    forms = [arr["form"] for _, arr, _ in entries]
    counts = Counter(forms)
    form = max(forms, key=lambda f: (counts[f], -forms.index(f)))
    if len(counts) > 1:
        said = "; ".join(f"{f} anger {_FORM_LABELS.get(x, x)}" for f, x in zip(files, forms))
        report.add(Issue(WARNING, "conflict_form",
                         f"Registren anger olika form för '{name}': {said}. Sammanslagningen använder "
                         f"{_FORM_LABELS.get(form, form)} (den form flest register anger).",
                         "Kom överens om formen och rätta registren.", arrangement=name, file=", ".join(files)))
    merged["form"] = form
    # Members: union.
    member_sets = [tuple(sorted(m["party_id"] for m in mem)) for _, _, mem in entries]
    if len(set(member_sets)) > 1:
        said = "; ".join(f"{f} anger medlemmarna {', '.join(sorted(label(p) for p in ms))}"
                         for f, ms in zip(files, member_sets))
        report.add(Issue(WARNING, "conflict_members",
                         f"Registren anger olika medlemmar för '{name}': {said}. "
                         "Sammanslagningen tar med alla medlemmar som något register nämner.",
                         "Stäm av medlemslistan med de andra kommunerna och rätta registren.",
                         arrangement=name, file=", ".join(files)))
    # Host: only when all registers naming one agree.
    hosts = [arr.get("host") for _, arr, _ in entries]
    named = {h for h in hosts if not _blank(h)}
    host = next(iter(named)) if len(named) == 1 else None
    if len(named) > 1:
        said = "; ".join(f"{f} anger {label(h) if not _blank(h) else 'ingen värd'}" for f, h in zip(files, hosts))
        report.add(Issue(WARNING, "conflict_host",
                         f"Registren anger olika värdkommun för '{name}': {said}. "
                         "Värden lämnas okänd i sammanslagningen tills registren stämmer överens.",
                         "Kom överens om vilken kommun som är värd och rätta registren.",
                         arrangement=name, file=", ".join(files)))
    merged["host"] = host
    if len({arr.get("area") for _, arr, _ in entries if not _blank(arr.get("area"))}) > 1:
        said = "; ".join(f"{f} anger {arr.get('area')}" for f, (_, arr, _) in zip(files, entries))
        report.add(Issue(INFO, "conflict_area",
                         f"Registren anger olika område för '{name}': {said}. Det första registrets område används.",
                         "Stäm av området med de andra kommunerna.", arrangement=name, file=", ".join(files)))
    arrangement_id = merged["id"]
    rows: dict[str, dict] = {}
    own_cost: dict[str, float] = {}
    for result, arr, mem in entries:
        for m in mem:
            pid = m["party_id"]
            row = rows.setdefault(pid, {"arrangement_id": arrangement_id, "party_id": pid, "share": np.nan,
                                        "annual_cost": np.nan, "start": None, "end": None})
            if _blank(row["share"]) and not _blank(m.get("share")):
                row["share"] = m["share"]
            if _blank(row["annual_cost"]) and not _blank(m.get("annual_cost")):
                row["annual_cost"] = m["annual_cost"]
            if not _blank(m.get("annual_cost")) and arr.get("reported_by") == pid:
                own_cost[pid] = m["annual_cost"]
            for col in ("start", "end"):
                if _blank(row[col]) and not _blank(m.get(col)):
                    row[col] = m[col]
    for pid, cost in own_cost.items():
        rows[pid]["annual_cost"] = cost
    for pid, row in rows.items():
        row["role"] = _role(form, host, pid)
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
