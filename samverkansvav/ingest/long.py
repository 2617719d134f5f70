"""Normalise the long layout: one row per arrangement × member, as in the real data set.

Rows repeat their arrangement's fields for every member; each distinct combination
is normalised once, each distinct (kommunkod, name) pair resolved once, and the
results spread back over the rows.
"""

from __future__ import annotations

from itertools import compress
from operator import not_
from typing import Any

import numpy as np
import pandas as pd

from samverkansvav.ingest.cells import (
    codes_at,
    distinct_row_groups,
    factorize_cells,
    factorize_mapped,
    frame_records,
    is_filled,
    is_text_column,
    object_array,
    short_text,
    spread_distinct,
    strip_text,
    stripped_texts,
)
from samverkansvav.ingest.extract import Columns
from samverkansvav.ingest.normalise import (
    ARRANGEMENT_FIELDS,
    LONG_LABELS,
    PLAIN_SHARES,
    amount_parser,
    arrangement_key,
    arrangement_values,
    parse_dates,
    parse_numbers,
    plain_amount,
    plain_amounts,
    plain_share,
    reporter_for,
)
from samverkansvav.ingest.progress import STAGE_VALUES
from samverkansvav.ingest.state import SheetState
from samverkansvav.ingest.values import parse_share
from samverkansvav.reference.names import is_collective_term
from samverkansvav.report import ERROR, WARNING

__all__ = ["member_problem", "read_long", "resolve_pair"]


def read_long(state: SheetState, table: pd.DataFrame, cols: Columns) -> None:
    """One row per arrangement × member (``medlem_kommunkod`` / ``medlem_namn``).

    Arrangement fields are read once per distinct row and collapsed per arrangement;
    each distinct (code, name) pair is resolved once. Fills ``state.arrangements``
    and ``state.member_frame``.
    """
    attr_fields = [f for f in ARRANGEMENT_FIELDS if f in table.columns]
    attr_codes = [state.column_codes(table, f) for f in attr_fields]
    # Rows repeat the arrangement's fields for every member: normalise each distinct
    # combination once (the first row where it occurs is the row reported).
    distinct, combination = distinct_row_groups([table[f] for f in attr_fields], attr_codes)
    distinct_codes = {f: codes_at(known, distinct) for f, known in zip(attr_fields, attr_codes)}
    frame = arrangement_values(
        state,
        table.iloc[distinct],
        cols,
        codes={f: known for f, known in distinct_codes.items() if known is not None},
    )
    state.progress(STAGE_VALUES)
    name_text = stripped_texts(table["name"], codes=state.column_codes(table, "name"))
    keys = _row_keys(state, table, frame, combination, name_text=name_text)
    member_ids = _member_parties(state, table, cols, keys=keys, name_text=name_text)
    mem = _membership_values(state, table, cols, keys=keys, name_text=name_text, member_ids=member_ids)
    mem, unresolved = _without_unknown_and_repeated(state, mem)
    state.member_frame = mem
    state.arrangements.extend(_collapse_arrangements(state, frame, unresolved, cols))


def _row_keys(
    state: SheetState,
    table: pd.DataFrame,
    frame: pd.DataFrame,
    combination: np.ndarray,
    *,
    name_text: list[str],
) -> list[str | None]:
    """The arrangement key of every row.

    A key is made of the Id, name and form, which are the same on all rows of one
    combination of arrangement fields when those columns hold text alone: then each
    row takes the key of its combination's first row (``frame``, one row per
    combination). Other columns (numbers beside text) are keyed row by row, as the
    combinations compare cells by their ``str`` form, not their text.
    """
    key_fields = [f for f in ("id", "name", "form") if f in table]
    if all(is_text_column(table[f]) for f in key_fields):
        return object_array(frame["_key"].tolist())[combination].tolist()
    form_text = stripped_texts(table["form"], codes=state.column_codes(table, "form"))
    id_text = (
        stripped_texts(table["id"], codes=state.column_codes(table, "id"))
        if "id" in table
        else [""] * len(table)
    )
    return [arrangement_key(g, n, f) for g, n, f in zip(id_text, name_text, form_text)]


def _member_parties(
    state: SheetState, table: pd.DataFrame, cols: Columns, *, keys: list, name_text: list[str]
) -> Any:
    """The party of each row (``None`` where unresolved, with an error), as a column
    for the membership frame (see :func:`spread_distinct`)."""
    rows = table["_row"].tolist()
    # Each distinct (code, name) pair is resolved once, then spread over the rows.
    code_ids, code_uniques = _stripped_codes(state, table, "member_code")
    name_ids, name_uniques = _stripped_codes(state, table, "member")
    pair_ids, pair_uniques = pd.factorize(code_ids.astype(np.int64) * max(len(name_uniques), 1) + name_ids)
    names = state.names
    code_list = code_uniques.tolist()
    names.learn_names()
    width = max(len(name_uniques), 1)
    pair_code_ids, pair_name_ids = np.divmod(pair_uniques, width)
    pair_codes = code_uniques[pair_code_ids].tolist()
    pair_names = name_uniques[pair_name_ids].tolist()
    # The usual row: a party id as code beside that party's own name; the same
    # answer resolve_pair's first branch gives, decided for all pairs at once.
    pair_parties = object_array(names.plain_parties(code_list))[pair_code_ids].tolist()
    own = names.names_parties(pair_names, pair_parties)
    # The rest go through resolve_pair: (party or None, problem, suggestions).
    problems: dict[int, tuple[str, tuple]] = {}
    for k in list(compress(range(len(own)), map(not_, own))):
        pid, problem, suggestions = resolve_pair(state, pair_codes[k], pair_names[k])
        pair_parties[k] = pid
        if problem is not None:
            problems[k] = (problem, suggestions)
    member_ids = spread_distinct(object_array(pair_parties), pair_ids)
    failed = list(problems)
    for pos in np.flatnonzero(np.isin(pair_ids, failed)).tolist() if failed else []:
        problem, suggestions = problems[pair_ids[pos]]
        code, name = code_uniques[code_ids[pos]], name_uniques[name_ids[pos]]
        column = (
            cols.label["member_code"]
            if code and "member_code" in cols.label
            else cols.label.get("member", cols.label.get("member_code"))
        )
        state.out.add(
            ERROR,
            "member_code_name_mismatch" if problem == "mismatch" else "unknown_member",
            member_problem(problem, code, name, suggestions),
            "Skriv kommunens namn som i SCB:s kommunlista eller ange kommunkoden (fyra siffror).",
            row=rows[pos],
            column=column,
            arrangement=name_text[pos] or None,
        )
        if keys[pos]:
            state.bad_keys.add(keys[pos])
    return member_ids


def _stripped_codes(state: SheetState, table: pd.DataFrame, fld: str) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of the column's cells as stripped text ("" for every row when
    the register has no such column)."""
    if fld not in table:
        n = len(table)
        return np.zeros(n, dtype=np.intp), object_array([""] if n else [])
    return factorize_mapped(state.column_codes(table, fld), strip_text)


def _membership_values(
    state: SheetState,
    table: pd.DataFrame,
    cols: Columns,
    *,
    keys: list,
    name_text: list[str],
    member_ids: Any,
) -> pd.DataFrame:
    """Each row's membership: share, cost, role and dates (:data:`MEMBER_FRAME_COLUMNS`)."""
    rows = table["_row"].tolist()
    n = len(table)
    shares = parse_numbers(
        state,
        table,
        "share",
        parse_share,
        cols,
        what="share",
        keys=keys,
        plain=plain_share,
        plain_numbers=PLAIN_SHARES,
    )
    factor = cols.factor.get("annual_cost", 1.0)
    costs = parse_numbers(
        state,
        table,
        "annual_cost",
        amount_parser(factor),
        cols,
        what="amount",
        keys=keys,
        plain=plain_amount(factor),
        plain_numbers=plain_amounts(factor),
    )
    mstarts = parse_dates(state, table, "member_start", cols, keys=keys)
    mends = parse_dates(state, table, "member_end", cols, keys=keys, period_end=True, open_ended=True)
    roles = _role_column(state, table) if "role" in table else [None] * n
    # Without both columns one of the lists is all None: no membership to compare.
    both = "member_start" in table and "member_end" in table
    for pos in [p for p, (a, b) in enumerate(zip(mstarts, mends)) if a and b and b < a] if both else []:
        state.out.add(
            WARNING,
            "member_end_before_start",
            f"Medlemskapet slutar {mends[pos].isoformat()}, före sitt startdatum {mstarts[pos].isoformat()}.",
            "Rätta datumen (de kan ha bytt plats).",
            row=rows[pos],
            column=cols.label["member_end"],
            arrangement=name_text[pos] or None,
        )
    mem = pd.DataFrame(
        {
            "_key": keys,
            "party_id": member_ids,
            "_row": table["_row"].to_numpy(),
            "role_raw": roles,
            "share": _float_column(shares),
            "annual_cost": _float_column(costs),
            "start": mstarts,
            "end": mends,
        }
    )
    return mem


def _float_column(values: Any) -> Any:
    """Numbers with NaN for ``None``, as a frame stores them: floats alone (the usual
    column) as a float array directly, other numbers as a list the frame infers.
    A float array (from :func:`parse_numbers`) is already that column."""
    if isinstance(values, np.ndarray):
        return values
    if set(map(type, values)) <= {float, type(None)}:
        return np.array(values, dtype=float)  # None becomes NaN
    return [np.nan if v is None else v for v in values]


def _role_column(state: SheetState, table: pd.DataFrame) -> Any:
    """Each row's role as stripped text, ``None`` where blank (see :func:`spread_distinct`)."""
    codes, uniques = state.column_codes(table, "role")
    values = object_array([*(strip_text(u) or None for u in uniques.tolist()), None])
    return spread_distinct(values, np.where(codes < 0, len(uniques), codes))


def _without_unknown_and_repeated(state: SheetState, mem: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Memberships with a key and a party, each party once per arrangement (a repeat
    is a warning), and how many unresolved member rows each arrangement had."""
    key_ids, _ = factorize_cells(mem["_key"])
    party_ids, party_uniques = factorize_cells(mem["party_id"])
    has_key = key_ids >= 0
    unresolved = mem.loc[has_key & (party_ids < 0), "_key"].value_counts().to_dict()
    kept = has_key & (party_ids >= 0)
    # A repeat: the same (arrangement, party) as an earlier kept row.
    pairs = pd.Series(key_ids.astype(np.int64) * (len(party_uniques) + 1) + party_ids)
    duplicated = np.zeros(len(mem), dtype=bool)
    duplicated[kept] = pairs[kept].duplicated().to_numpy()
    if duplicated.any():
        for key, pid, row in mem.loc[duplicated, ["_key", "party_id", "_row"]].itertuples(index=False):
            state.out.add(
                WARNING,
                "duplicate_member",
                f"{state.names.name_of(pid)} står redan på en tidigare rad för samma arrangemang; "
                "raden hoppas över.",
                "Ta bort dubbletten.",
                row=int(row),
                arrangement=state.display_name.get(key),
            )
    return mem[kept & ~duplicated].reset_index(drop=True), unresolved


def _collapse_arrangements(
    state: SheetState, frame: pd.DataFrame, unresolved: dict, cols: Columns
) -> list[dict]:
    """One record per arrangement from its distinct rows: the first filled-in value
    wins, and a field written differently on an arrangement's rows is a warning."""
    records: dict[str, dict] = {}
    for rec in frame_records(frame):
        key = rec["_key"]
        if key is None:
            continue
        first = records.get(key)
        if first is None:
            rec["_unresolved"] = int(unresolved.get(key, 0))
            records[key] = rec
            continue
        for fld, label in LONG_LABELS.items():
            a, b = first.get(fld), rec.get(fld)
            if is_filled(b) and not is_filled(a):
                first[fld] = b
                if fld == "area_raw":
                    first["area"], first["area_unknown"] = rec.get("area"), rec.get("area_unknown")
            elif is_filled(a) and is_filled(b) and a != b:
                state.out.add(
                    WARNING,
                    "inconsistent_rows",
                    f"Arrangemangets rader anger olika {label} (rad {first['_row']}: {short_text(a)}; "
                    f"rad {rec['_row']}: {short_text(b)}); den första gäller.",
                    "Skriv samma värde på alla rader för arrangemanget.",
                    row=rec["_row"],
                    arrangement=first["name"] or None,
                )
    for rec in records.values():
        rec["reported_by"] = reporter_for(
            state, rec.get("reporter_raw") or "", row=rec["_row"], column=cols.label.get("reporter")
        )
    return list(records.values())


def resolve_pair(state: SheetState, code: str, name: str) -> tuple[str | None, str | None, tuple]:
    """A member row's (kommunkod, name) as ``(party_id, problem, suggestions)``.

    ``problem`` is ``None`` when resolved, else ``"mismatch"`` (code and name are
    different parties), ``"bad_code"``, ``"blank"`` or ``"unknown"``.
    """
    by_code = state.names.resolve(code) if code else None
    if (
        by_code is not None
        and by_code.party_id is not None
        and state.names.names_party(name, by_code.party_id)
    ):
        # The name is the code's own party's unambiguous name: they agree.
        return by_code.party_id, None, ()
    by_name = state.names.resolve(name) if name else None
    if by_code is not None and by_code.party_id is not None:
        if by_name is not None and by_name.party_id is not None and by_name.party_id != by_code.party_id:
            return (
                None,
                "mismatch",
                (state.names.name_of(by_code.party_id), state.names.name_of(by_name.party_id)),
            )
        return by_code.party_id, None, ()
    if by_name is not None and by_name.party_id is not None:
        if by_code is not None:
            # An unknown code beside a known name: trust neither silently.
            return None, "bad_code", (state.names.name_of(by_name.party_id),)
        return by_name.party_id, None, ()
    if not code and not name:
        return None, "blank", ()
    hit = by_name or by_code
    return None, "unknown", tuple(hit.suggestions) if hit else ()


def member_problem(problem: str, code: str, name: str, suggestions: tuple) -> str:
    """The message for a member row that could not be resolved (``problem`` from :func:`resolve_pair`)."""
    if problem == "blank":
        return "Medlem saknas på raden."
    if problem == "mismatch":
        return f"Kommunkod '{code}' och namn '{name}' pekar på olika aktörer ({' / '.join(suggestions)})."
    if problem == "bad_code":
        return f"Kommunkoden '{code}' finns inte (namnet '{name}' betyder {suggestions[0]})."
    text = code or name
    if is_collective_term(text):
        return (
            f"'{short_text(text)}' är ett samlingsnamn, inte en namngiven kommun eller aktör; skriv en rad per "
            "medlemskommun med dess namn."
        )
    hint = f" Menade du {' eller '.join(suggestions)}?" if suggestions else ""
    return f"'{short_text(text)}' matchar ingen känd kommun eller aktör.{hint}"
