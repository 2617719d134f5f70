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

from collections import Counter
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from samverkansvav.ingest.container import UnreadableFile
from samverkansvav.ingest.register import RegisterResult, _role, read_register
from samverkansvav.ingest.values import norm_key
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
    groups: list[list[tuple[RegisterResult, dict, pd.DataFrame]]] = []
    by_id: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    for result in usable:
        web = result.web
        mem_by_arr = {k: g for k, g in web.memberships.groupby("arrangement_id", sort=False)}
        empty = web.memberships.iloc[0:0]
        for arr in web.arrangements.to_dict("records"):
            name_key = (norm_key(arr["name"]), arr["form"])
            index = by_id.get(arr["id"])
            if index is None:
                index = by_name.get(name_key)
            if index is not None and any(entry[0] is result for entry in groups[index]):
                index = None  # two arrangements of one file never merge with each other
            if index is None:
                index = len(groups)
                groups.append([])
            groups[index].append((result, arr, mem_by_arr.get(arr["id"], empty)))
            by_id.setdefault(arr["id"], index)
            by_name.setdefault(name_key, index)

    names = {}
    if parties is not None:
        names = dict(zip(parties["id"].astype(str), parties["name"].astype(str)))

    def label(pid: str) -> str:
        return names.get(pid, pid)

    arrangements, memberships = [], []
    for entries in groups:
        merged, members = _merge_group(entries, report, label)
        arrangements.append(merged)
        memberships.extend(members)
    arr = pd.DataFrame(arrangements, columns=list(ARRANGEMENT_COLUMNS))
    arr = arr.astype(object).where(arr.notna(), None)
    mem = pd.DataFrame(memberships, columns=list(MEMBERSHIP_COLUMNS))
    mem["share"] = pd.to_numeric(mem["share"], errors="coerce").astype(float)
    mem["annual_cost"] = pd.to_numeric(mem["annual_cost"], errors="coerce").astype(float)
    sources = tuple(s for r in usable for s in r.web.sources)
    return CooperationWeb(parties, arr, mem, sources), report


def _merge_group(entries, report: Report, label) -> tuple[dict, list[dict]]:
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
        return merged, mem.to_dict("records")

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
    member_sets = [tuple(sorted(mem["party_id"])) for _, _, mem in entries]
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
        for m in mem.to_dict("records"):
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
