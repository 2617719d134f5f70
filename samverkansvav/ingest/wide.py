"""Normalise the wide layout: one row per arrangement, members listed in one cell.

:func:`read_wide` reads the Samverkan sheet; :func:`read_medlemskap` the optional
``Medlemskap`` sheet beside it (one row per member: share, cost, role, dates).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from samverkansvav.ingest.cells import Collector, cell_text, frame_records, short_text
from samverkansvav.ingest.extract import TOTAL_WORDS, Columns, map_headers
from samverkansvav.ingest.headers import find_header_row
from samverkansvav.ingest.normalise import (
    HINTS,
    amount_parser,
    arrangement_values,
    parse_values,
    plain_amount,
    reporter_for,
    resolve_party,
)
from samverkansvav.ingest.progress import STAGE_VALUES
from samverkansvav.ingest.state import MEMBER_FRAME_COLUMNS, SheetState
from samverkansvav.ingest.values import clean_text, is_open_ended, norm_key, parse_date, parse_share
from samverkansvav.report import ERROR, INFO, WARNING

__all__ = ["read_medlemskap", "read_wide"]


def read_wide(state: SheetState, table: pd.DataFrame, cols: Columns, shares: dict) -> None:
    """One row per arrangement, its members listed in one cell (``Medlemmar``).

    A repeated arrangement is skipped with a warning; ``shares`` (from
    :func:`read_medlemskap`) add shares, costs, roles, dates and former members.
    Fills ``state.arrangements`` and ``state.member_frame``.
    """
    frame = arrangement_values(state, table, cols)
    state.progress(STAGE_VALUES)
    factor = cols.factor.get("annual_cost", 1.0)
    costs = parse_values(
        state,
        table,
        "annual_cost",
        amount_parser(factor),
        cols,
        what="amount",
        keys=frame["_key"].tolist(),
        plain=plain_amount(factor),
    )
    members_raw = [cell_text(v) for v in table["members"].tolist()]
    seen: dict[str, int] = {}
    by_name: dict[str, list[int]] = {}
    for pos, rec in enumerate(frame_records(frame)):
        key, row = rec["_key"], rec["_row"]
        if key is None:
            continue
        if key in seen:
            _duplicate_row(state, rec, members_raw[pos], first_row=seen[key])
            continue
        seen[key] = row
        by_name.setdefault(norm_key(rec["name"]), []).append(row)
        rec["_members_text"] = members_raw[pos]
        state.records_by_key[key] = rec
        share_rows = shares.get(key) or shares.get(norm_key(rec["name"])) or {}
        members, unresolved = _members_of_row(state, rec, members_raw[pos], share_rows, cols)
        rec["_unresolved"] = unresolved
        reporter = reporter_for(state, rec["reporter_raw"], row=row, column=cols.label.get("reporter"))
        rec["reported_by"] = reporter
        if costs[pos] is not None:
            _reporter_cost(state, rec, members, costs[pos], reporter, unresolved, cols)
        rec["_members"] = members
        state.arrangements.append(rec)
    single = state.single_share
    if single and len(state.arrangements) == 1:
        # A fee table without an arrangement column describes the only arrangement.
        members = state.arrangements[0]["_members"]
        for pid, extra in single["_by_party"].items():
            if pid in members:
                members[pid].update(extra)
    records = [
        {
            "_key": rec["_key"],
            "party_id": pid,
            "_row": m["row"],
            "role_raw": m.get("role_raw"),
            "share": m.get("share", np.nan),
            "annual_cost": m.get("annual_cost", np.nan),
            "start": m.get("start"),
            "end": m.get("end"),
        }
        for rec in state.arrangements
        for pid, m in rec.pop("_members").items()
    ]
    state.member_frame = pd.DataFrame(records, columns=list(MEMBER_FRAME_COLUMNS))
    _same_name_different_form(state, by_name)


def _duplicate_row(state: SheetState, rec: dict, members_text: str, *, first_row: int) -> None:
    """A second row with an arrangement's key: skipped, and said whether it differs."""
    first = state.records_by_key[rec["_key"]]
    differs = (
        first["_members_text"] != members_text
        or first["form"] != rec["form"]
        or first["host_raw"] != rec["host_raw"]
        or first["area_raw"] != rec["area_raw"]
    )
    state.out.add(
        WARNING,
        "duplicate_arrangement",
        f"Samma arrangemang finns redan på rad {first_row}"
        + (" men beskrivs olika (medlemmar, form, värd eller område)." if differs else ".")
        + " Raden hoppas över; uppgifterna på den första raden gäller.",
        "Ta bort dubbletten eller ge raderna olika Id.",
        row=rec["_row"],
        arrangement=rec["name"],
    )


def _new_member(row: int | None) -> dict[str, Any]:
    return {"row": row, "role_raw": None, "share": np.nan, "annual_cost": np.nan, "start": None, "end": None}


def _members_of_row(
    state: SheetState, rec: dict, members_text: str, share_rows: dict, cols: Columns
) -> tuple[dict[str, dict], int]:
    """The members of one row (party id → membership values) and how many were unreadable.

    The Medlemmar cell lists today's members; the Medlemskap sheet adds their values
    and keeps those who left, with their last day.
    """
    key, row, member_label = rec["_key"], rec["_row"], cols.label["members"]
    names_in_cell = state.names.split(members_text)
    if not names_in_cell and share_rows.get("_members"):
        names_in_cell = list(share_rows["_members"])
    members: dict[str, dict] = {}
    unresolved = 0
    for text in names_in_cell:
        pid = resolve_party(
            state, text, row=row, column=member_label, arrangement=rec["name"], key=key, what="member"
        )
        if pid is None:
            unresolved += 1
            continue
        if pid in members:
            state.out.add(
                INFO,
                "duplicate_member",
                f"{state.names.name_of(pid)} står två gånger bland medlemmarna.",
                "Ta bort dubbletten.",
                row=row,
                column=member_label,
                arrangement=rec["name"],
            )
            continue
        members[pid] = _new_member(row)
    for pid, extra in share_rows.get("_by_party", {}).items():
        if pid in members:
            members[pid].update(extra)
        elif extra.get("end") is not None:
            members[pid] = {**_new_member(extra.get("row")), **extra}
        else:
            state.out.add(
                WARNING,
                "share_not_member",
                f"{state.names.name_of(pid)} har en rad på bladet Medlemskap men är inte medlem.",
                "Lägg till kommunen bland medlemmarna eller ta bort raden på bladet Medlemskap.",
                row=extra.get("row"),
                sheet="Medlemskap",
                arrangement=rec["name"],
            )
    return members, unresolved


def _reporter_cost(
    state: SheetState,
    rec: dict,
    members: dict[str, dict],
    cost: float,
    reporter: str | None,
    unresolved: int,
    cols: Columns,
) -> None:
    """The Årskostnad of a row is the reporting kommun's: set on its membership."""
    row, column = rec["_row"], cols.label.get("annual_cost")
    if reporter is None:
        state.out.add(
            INFO,
            "cost_without_reporter",
            "Årskostnaden kan inte knytas till en kommun eftersom rapporterande kommun saknas.",
            "Ange rapporterande kommun (kolumn, cell ovanför rubrikerna eller --reporter).",
            row=row,
            column=column,
            arrangement=rec["name"],
        )
    elif reporter in members:
        members[reporter]["annual_cost"] = cost
    elif unresolved:
        pass  # the reporter may be among the unreadable members; that error says enough
    else:
        state.out.add(
            WARNING,
            "cost_reporter_not_member",
            f"Årskostnaden gäller {state.names.name_of(reporter)}, som inte är medlem.",
            "Kontrollera medlemslistan eller rapporterande kommun.",
            row=row,
            column=column,
            arrangement=rec["name"],
        )


def _same_name_different_form(state: SheetState, by_name: dict[str, list[int]]) -> None:
    for rows in by_name.values():
        if len(rows) > 1:
            recs = [r for r in state.arrangements if r["_row"] in rows]
            if len({r["form"] for r in recs}) > 1:
                state.out.add(
                    WARNING,
                    "same_name_different_form",
                    f"Namnet '{recs[0]['name']}' finns på raderna {', '.join(map(str, rows))} "
                    "med olika former.",
                    "Kontrollera om det är samma arrangemang; rätta formen eller namnet.",
                    row=rows[1],
                    arrangement=recs[0]["name"],
                )


def read_medlemskap(state: SheetState, source: Any) -> dict:
    """Shares, costs, roles and dates per member from an optional ``Medlemskap`` sheet.

    Keyed by arrangement id (or normalised name): ``{"_members": [texts], "_by_party":
    {party_id: extra}}``; a fee table without an arrangement column is ``"_single"``.
    """
    sheets = [n for n, _ in source.sheets() if n is not None and norm_key(n) == "medlemskap"]
    if not sheets:
        return {}
    name = sheets[0]
    head = source.head(name)
    header_row, _ = find_header_row(head)
    out = state.out
    sheet_out = Collector(out.file)
    sheet_out.sheet = name
    if header_row is None:
        out.add(
            WARNING,
            "medlemskap_no_header",
            "Bladet Medlemskap har ingen rubrikrad som känns igen och läses inte.",
            "Använd rubrikerna Id eller Namn, Medlem, Roll, Andel %, Årskostnad.",
            sheet=name,
        )
        return {}
    raw = source.read(name)
    # One member per row here: a members-list header is no member column.
    cols = map_headers(raw, header_row, sheet_out, meanings=frozenset({"annual_cost"}))
    out.issues.extend(sheet_out.issues)
    member_field = (
        "member" if "member" in cols.index else ("member_code" if "member_code" in cols.index else None)
    )
    if member_field is None:
        out.add(
            WARNING,
            "medlemskap_no_member",
            "Bladet Medlemskap saknar kolumnen Medlem och läses inte.",
            "Lägg till kolumnen Medlem.",
            sheet=name,
        )
        return {}
    result: dict[str, dict] = {}
    body = raw.frame.iloc[header_row + 1 :]
    for idx, row_values in body.iterrows():
        row = int(idx) + 1
        cell = lambda f: row_values.iloc[cols.index[f]] if f in cols.index else None  # noqa: E731
        member_text = clean_text(cell_text(cell(member_field)))[0]
        ref = clean_text(cell_text(cell("id")))[0] or clean_text(cell_text(cell("name")))[0]
        if not member_text and not ref:
            continue
        if norm_key(member_text).split(" ")[0] in TOTAL_WORDS or norm_key(ref).split(" ")[0] in TOTAL_WORDS:
            continue
        target = ref if "id" in cols.index and cell_text(cell("id")).strip() else norm_key(ref)
        if not ref:
            target = "_only"
        entry = result.setdefault(target, {"_members": [], "_by_party": {}})
        entry["_members"].append(member_text)
        hit = state.names.resolve(member_text)
        if hit.party_id is None:
            suggestion = f" Menade du {' eller '.join(hit.suggestions)}?" if hit.suggestions else ""
            out.add(
                ERROR,
                "unknown_member",
                f"'{short_text(member_text)}' matchar ingen känd kommun eller aktör.{suggestion}",
                "Skriv kommunens namn eller kommunkod.",
                sheet=name,
                row=row,
                column=cols.label[member_field],
            )
            continue
        entry["_by_party"][hit.party_id] = _member_extra(
            cell, cols, out, sheet=name, row=row, epoch_1904=state.epoch_1904
        )
    if "_only" in result and len(result) == 1:
        # A single fee table without an arrangement column: it describes the only
        # arrangement on the Samverkan sheet (resolved by the caller's lookup).
        result["_single"] = result.pop("_only")
    state.single_share = result.get("_single")
    return result


def _member_extra(
    cell: Callable[[str], Any], cols: Columns, out: Collector, *, sheet: str, row: int, epoch_1904: bool
) -> dict[str, Any]:
    """One Medlemskap row's share, cost, role and dates (each problem an issue)."""
    extra: dict[str, Any] = {"row": row}
    if "share" in cols.index:
        value, problem = parse_share(cell("share"))
        if problem:
            out.add(
                ERROR,
                "bad_share",
                f"'{short_text(cell('share'))}' {problem}.",
                HINTS["share"],
                sheet=sheet,
                row=row,
                column=cols.label["share"],
            )
        elif value is not None:
            extra["share"] = value
    if "annual_cost" in cols.index:
        value, problem = amount_parser(cols.factor.get("annual_cost", 1.0))(cell("annual_cost"))
        if problem:
            out.add(
                ERROR,
                "bad_amount",
                f"'{short_text(cell('annual_cost'))}' {problem}.",
                HINTS["amount"],
                sheet=sheet,
                row=row,
                column=cols.label["annual_cost"],
            )
        elif value is not None:
            extra["annual_cost"] = value
    if "role" in cols.index and cell_text(cell("role")).strip():
        extra["role_raw"] = cell_text(cell("role")).strip()
    for fld, key in (("member_start", "start"), ("member_end", "end")):
        if fld not in cols.index or (fld == "member_end" and is_open_ended(cell(fld))):
            continue
        day, problem = parse_date(cell(fld), epoch_1904=epoch_1904, period_end=fld == "member_end")
        if problem:
            out.add(
                ERROR,
                "bad_date",
                f"'{short_text(cell(fld))}' {problem}.",
                HINTS["date"],
                sheet=sheet,
                row=row,
                column=cols.label[fld],
            )
        elif day is not None:
            extra[key] = day
    if extra.get("start") and extra.get("end") and extra["end"] < extra["start"]:
        out.add(
            WARNING,
            "member_end_before_start",
            f"Medlemskapet slutar {extra['end'].isoformat()}, före sitt startdatum "
            f"{extra['start'].isoformat()}.",
            "Rätta datumen (de kan ha bytt plats).",
            sheet=sheet,
            row=row,
            column=cols.label["member_end"],
        )
    return extra
