"""Reading the dated columns of a web for the history modules: days, texts, in force on a day.

Each helper reads a whole column at once, each distinct value once (a big
register repeats a few dates and texts many times); :func:`_in_force` applies
the rule of :meth:`CooperationWeb.current_on` to many days at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from samverkansvav.model import CooperationWeb


def _day(value: object) -> dt.date | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _text(value: object) -> str | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    text = str(value).strip()
    return text or None


def _days(values: pd.Series) -> np.ndarray:
    """:func:`_day` of every value as ``datetime64[D]`` (NaT when unknown), each distinct value read once."""
    cells = values.astype(object).to_numpy(dtype=object)
    try:
        codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    except TypeError:  # unhashable cells: read one by one
        return np.array([_day(v) for v in cells], dtype="datetime64[D]")
    read = np.array([_day(v) for v in uniques] + [None], dtype="datetime64[D]")
    return read[codes]


def _as_dates(days: np.ndarray) -> list[dt.date | None]:
    """``datetime64[D]`` values as ``datetime.date`` (``None`` for NaT)."""
    return days.astype(object).tolist()


def _cells(values: pd.Series) -> np.ndarray:
    """A column as plain Python objects (pandas' text arrays box every value they yield)."""
    return values.astype(object).to_numpy(dtype=object)


def _sort_codes(values: list[str]) -> np.ndarray:
    """Integer codes that sort like the texts ``values`` do."""
    if not values:
        return np.zeros(0, dtype=np.int64)
    codes, _ = pd.factorize(np.array(values, dtype=object), sort=True)
    return codes.astype(np.int64)


def _texts(values: pd.Series) -> list[str | None]:
    """:func:`_text` of every value, each distinct value once (``None`` for missing ones)."""
    codes, uniques = pd.factorize(_cells(values), use_na_sentinel=True)
    read = np.array([_text(v) for v in uniques] + [None], dtype=object)
    return read[codes].tolist()


def _display_names(web: CooperationWeb, ids: set[str]) -> dict[str, str]:
    """``web.party_names()`` (text keys, named ones only) for just the ids asked for."""
    if not ids:
        return {}
    parties, arr = web.parties, web.arrangements
    found: dict = {}
    for frame, id_column, name_column in ((parties, "id", "name"), (arr, "id", "name")):
        hit = frame[id_column].astype(str).isin(ids).to_numpy(dtype=bool)
        found.update(zip(_cells(frame[id_column])[hit], _cells(frame[name_column])[hit]))
    return {str(k): str(v) for k, v in found.items() if v is not None}


def _arrangements_touching(
    web: CooperationWeb,
    *,
    kommun: str | None,
    lan: str | None,
    arrangement_id: str | None,
    party_ids: Iterable[str] | None = None,
) -> set[str]:
    """Arrangements with (ever) a member that is ``kommun`` / in ``lan`` / in ``party_ids``."""
    mem = web.memberships
    keep = set(_cells(web.arrangements["id"].astype(str)))
    if party_ids is None and kommun is None and lan is None:
        return keep & {str(arrangement_id)} if arrangement_id is not None else keep
    member_of = _cells(mem["arrangement_id"].astype(str))
    party = mem["party_id"].astype(str)
    if party_ids is not None:
        keep &= set(member_of[party.isin({str(p) for p in party_ids}).to_numpy(dtype=bool)])
    if arrangement_id is not None:
        keep &= {str(arrangement_id)}
    if kommun is not None:
        keep &= set(member_of[(party == str(kommun)).to_numpy(dtype=bool)])
    if lan is not None:
        parties = web.parties
        in_lan = set(_cells(parties.loc[parties["lan_code"].astype(str) == str(lan), "id"].astype(str)))
        keep &= set(member_of[party.isin(in_lan).to_numpy(dtype=bool)])
    return keep


# ------------------------------------------------------ in force on each day
def _in_force(web: CooperationWeb, days: list[dt.date]) -> tuple[np.ndarray, np.ndarray]:
    """Which arrangement rows and membership rows ``web.current_on(day)`` keeps, a column per day.

    The same rule as :meth:`CooperationWeb.current_on`, for many days at once.
    """
    today = dt.date.today()
    arr, mem = web.arrangements, web.memberships
    moments = np.array([pd.Timestamp(d).to_datetime64() for d in days], dtype="datetime64[ns]")

    def current(start: pd.Series, end: pd.Series) -> np.ndarray:
        starts = pd.to_datetime(start, errors="coerce").to_numpy(dtype="datetime64[ns]")[:, None]
        ends = pd.to_datetime(end, errors="coerce").to_numpy(dtype="datetime64[ns]")[:, None]
        return (np.isnat(starts) | (starts <= moments)) & (np.isnat(ends) | (ends >= moments))

    status = arr["status"]
    planned = status.fillna("aktiv").eq("planerad").to_numpy(dtype=bool)
    ended_undated = (status.eq("avslutad") & arr["end"].isna()).to_numpy(dtype=bool)
    late = np.array([d >= today for d in days], dtype=bool)
    keep_arr = current(arr["start"], arr["end"]) & ~planned[:, None] & ~(ended_undated[:, None] & late)

    codes, _ = pd.factorize(pd.concat([arr["id"], mem["arrangement_id"]], ignore_index=True).astype(object))
    arr_codes, mem_codes = codes[: len(arr)], codes[len(arr) :]
    n_codes = int(codes.max()) + 2 if len(codes) else 1
    keep_mem = current(mem["start"], mem["end"])
    for column in range(len(days)):
        kept = np.zeros(n_codes, dtype=bool)
        kept[arr_codes[keep_arr[:, column]]] = True
        kept[-1] = False  # code -1: no arrangement id
        keep_mem[:, column] &= kept[mem_codes]
    return keep_arr, keep_mem


def _members_on(web: CooperationWeb, asked: list[tuple[str, dt.date]]) -> list[tuple[str, ...]]:
    """``tuple(web.current_on(day).members_of(a))`` for every (a, day) asked."""
    if not asked:
        return []
    ids = {a for a, _ in asked}
    mem = web.memberships
    days = sorted({d for _, d in asked})
    column = {d: i for i, d in enumerate(days)}
    # Only the arrangements asked about matter, but dates are read over the whole
    # columns as current_on reads them.
    _, keep_mem = _in_force(web, days)
    mem_rows = np.flatnonzero(mem["arrangement_id"].isin(ids).to_numpy(dtype=bool))
    by_arrangement: dict[str, list[int]] = {}
    for row, a in zip(mem_rows.tolist(), _cells(mem["arrangement_id"].iloc[mem_rows]).tolist()):
        by_arrangement.setdefault(a, []).append(row)
    parties = _cells(mem["party_id"])
    out = []
    for a, day in asked:
        rows = by_arrangement.get(a, [])
        here = [parties[r] for r in rows if keep_mem[r, column[day]]]
        out.append(tuple(sorted(here)))
    return out
