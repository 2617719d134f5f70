"""Membership periods: when a municipality was a member of each of its arrangements."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from samverkansvav.analysis._history_base import _as_dates, _cells, _days, _sort_codes, _texts
from samverkansvav.model import CooperationWeb

__all__ = ["PERIOD_COLUMNS", "membership_periods"]


PERIOD_COLUMNS: tuple[str, ...] = (
    "arrangement_id",
    "arrangement",
    "form",
    "area",
    "start",
    "end",
    "start_known",
    "end_known",
    "source",
)


def membership_periods(web: CooperationWeb, kommun: str, *, on: dt.date) -> pd.DataFrame:
    """When ``kommun`` was a member of each of its arrangements, up to ``on``.

    Columns :data:`PERIOD_COLUMNS`. ``start`` is the membership's first day, else
    the arrangement's, else ``None`` (unknown); ``end`` the membership's last day,
    else the arrangement's, else ``None`` (still a member on ``on``; ``end_known`` is
    False also for an ended arrangement whose end date is unknown). Periods that
    begin after ``on`` are left out. Sorted by start (unknown first), then name.
    """
    arr = web.arrangements[["id", "name", "form", "area", "start", "end", "status", "source"]]
    # The last row of an id describes it (as a dict built row by row would).
    arr = arr.assign(_key=arr["id"].astype(str)).drop_duplicates("_key", keep="last").set_index("_key")
    mem = web.memberships
    mine = (mem["party_id"].astype(str) == str(kommun)).to_numpy(dtype=bool)
    mem = mem.loc[mine]
    a_text = mem["arrangement_id"].astype(str).to_numpy(dtype=object)
    mem, a_text = mem.loc[pd.Index(a_text).isin(arr.index)], a_text[pd.Index(a_text).isin(arr.index)]
    facts = arr.loc[a_text]
    status = np.array([str(v or "") for v in _cells(facts["status"])], dtype=object)
    planned = status == "planerad"
    start = _days(mem["start"])
    start = np.where(np.isnat(start), _days(facts["start"]), start)
    end = _days(mem["end"])
    end = np.where(np.isnat(end), _days(facts["end"]), end)
    day = np.datetime64(on, "D")
    keep = ~planned & ~(~np.isnat(start) & (start > day))
    start, end, status, a_text, facts = start[keep], end[keep], status[keep], a_text[keep], facts[keep]
    ended_undated = np.isnat(end) & (status == "avslutad")
    names = [str(n or a) for n, a in zip(_cells(facts["name"]).tolist(), a_text.tolist())]
    if not len(a_text):
        return pd.DataFrame(columns=list(PERIOD_COLUMNS))
    # Plain lists, so that each column gets the dtype pandas gives rows of records.
    frame = pd.DataFrame(
        {
            "arrangement_id": a_text.tolist(),
            "arrangement": names,
            "form": [str(v or "") for v in _cells(facts["form"])],
            "area": [v or "" for v in _texts(facts["area"])],
            "start": _as_dates(start),
            "end": _as_dates(np.where(end <= day, end, np.datetime64("NaT"))),
            "start_known": (~np.isnat(start)).tolist(),
            "end_known": (~ended_undated).tolist(),
            "source": _texts(facts["source"]),
        },
        columns=list(PERIOD_COLUMNS),
    )
    known = ~np.isnat(start)
    order = np.lexsort(
        (
            np.arange(len(frame)),
            _sort_codes(a_text.tolist()),
            _sort_codes([n.casefold() for n in names]),
            np.where(known, start.astype(np.int64), 0),
            known,
        )
    )
    return frame.take(order).reset_index(drop=True)
