"""Figures per year: a municipality's section 5 metrics and a region's arrangements and events.

Each year's figure is taken on 31 December, the last point being the analysis
date itself; the web only changes on event dates, so each distinct state of the
web is computed once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from samverkansvav.analysis._history_base import _arrangements_touching, _days, _in_force
from samverkansvav.analysis.history_events import EVENT_KINDS, events
from samverkansvav.model import CooperationWeb

__all__ = ["YEARLY_COLUMNS", "yearly_figures", "region_yearly"]

YEARLY_COLUMNS: tuple[str, ...] = (
    "year",
    "date",
    "n_arrangements",
    "n_partners",
    "systemledningsindex",
    "dependency_share",
    "n_start_unknown",
)


# ------------------------------------------------------------------ per year
def _year_ends(first_year: int, on: dt.date) -> list[dt.date]:
    days = [dt.date(y, 12, 31) for y in range(first_year, on.year)]
    return days + [on]


def _first_year(web: CooperationWeb, arrangement_ids: set[str], on: dt.date) -> int:
    arr, mem = web.arrangements, web.memberships
    starts = np.concatenate(
        [
            _days(arr.loc[arr["id"].astype(str).isin(arrangement_ids).to_numpy(dtype=bool), "start"]),
            _days(
                mem.loc[mem["arrangement_id"].astype(str).isin(arrangement_ids).to_numpy(dtype=bool), "start"]
            ),
        ]
    )
    known = starts[~np.isnat(starts) & (starts <= np.datetime64(on, "D"))]
    return int(known.min().astype("datetime64[Y]").astype(np.int64)) + 1970 if len(known) else on.year


def yearly_figures(
    web: CooperationWeb,
    kommun: str,
    *,
    on: dt.date,
    first_year: int | None = None,
    metrics_on: Any = None,
) -> pd.DataFrame:
    """Section 5 figures of ``kommun`` on 31 December of each year up to ``on``.

    Columns :data:`YEARLY_COLUMNS`; the last row is the analysis date ``on``
    itself. Years start at the earliest recorded start among the municipality's
    arrangements (or ``first_year``). An arrangement whose start is unknown counts in
    every year (as in ``metrics --date``); ``n_start_unknown`` says how many of the
    year's arrangements those are, so that early years can be read with care.

    ``metrics_on`` is the municipality's row of ``municipality_metrics`` on ``on``
    when the caller already has it (a page's bundle does): the figures of every
    year in which the web looked as it does on ``on`` then come from it.
    """
    from samverkansvav.analysis.metrics import municipality_metrics

    arr_all = web.arrangements
    start_of = pd.Series(_days(arr_all["start"]), index=arr_all["id"].astype(str).to_numpy())
    start_of = start_of[~start_of.index.duplicated(keep="last")]
    own = _arrangements_touching(web, kommun=kommun, lan=None, arrangement_id=None)
    start_year = first_year if first_year is not None else _first_year(web, own, on)
    # Every figure of m is computed over A(m) only, so the rest of the web can go.
    web = web.restrict(arrangement_ids=own)
    days = _year_ends(start_year, on)
    keep_arr, keep_mem = _in_force(web, days)
    mem = web.memberships
    arrangement_text = mem["arrangement_id"].astype(str).to_numpy(dtype=object)
    unknown_start = (
        (mem["party_id"].astype(str) == str(kommun)).to_numpy(dtype=bool)
        & np.isnat(_days(mem["start"]))
        & np.isnat(start_of.reindex(arrangement_text).to_numpy(dtype="datetime64[D]"))
    )
    # The web only changes on event dates: each distinct state is computed once.
    state_of = [(keep_arr[:, i].tobytes(), keep_mem[:, i].tobytes()) for i in range(len(days))]
    figures_of: dict[tuple[bytes, bytes], dict[str, Any]] = {}
    if metrics_on is not None:
        figures_of[state_of[-1]] = _figures(metrics_on, int((unknown_start & keep_mem[:, -1]).sum()))
    rows = []
    for i, day in enumerate(days):
        state = state_of[i]
        if state not in figures_of:
            current = CooperationWeb(
                web.parties, web.arrangements[keep_arr[:, i]], mem[keep_mem[:, i]], web.sources
            )
            metrics = municipality_metrics(current, party_ids=[kommun])
            row = metrics.loc[kommun] if kommun in metrics.index else {}
            figures_of[state] = _figures(row, int((unknown_start & keep_mem[:, i]).sum()))
        rows.append({"year": day.year, "date": day.isoformat(), **figures_of[state]})
    return pd.DataFrame(rows, columns=list(YEARLY_COLUMNS))


def _figures(row: Any, n_start_unknown: int) -> dict[str, Any]:
    return {
        "n_arrangements": int(row.get("n_arrangements", 0) or 0),
        "n_partners": int(row.get("n_partners", 0) or 0),
        "systemledningsindex": float(row.get("systemledningsindex", 0.0) or 0.0),
        "dependency_share": float(row.get("dependency_share", 0.0) or 0.0),
        "n_start_unknown": n_start_unknown,
    }


def region_yearly(
    web: CooperationWeb,
    lan: str | None = None,
    *,
    on: dt.date,
    party_ids: Iterable[str] | None = None,
    first_year: int | None = None,
) -> pd.DataFrame:
    """Per year for a region: arrangements in force on 31 December (or ``on``) with a
    member in the län (or among ``party_ids``; neither: all Sweden), and the number of
    events of each kind that year up to ``on``.

    Columns ``year``, ``date``, ``n_arrangements``, ``n_start_unknown`` (how many of
    those have no known start and so count in every year) and one column per
    :data:`EVENT_KINDS`.
    """
    party_ids = None if party_ids is None else sorted({str(p) for p in party_ids})
    touching = _arrangements_touching(web, kommun=None, lan=lan, arrangement_id=None, party_ids=party_ids)
    start_year = first_year if first_year is not None else _first_year(web, touching, on)
    counts: dict[tuple[str, int], int] = {}
    for e in events(web, lan=lan, party_ids=party_ids):
        if e.date is not None and e.date <= on:
            counts[(e.kind, e.date.year)] = counts.get((e.kind, e.date.year), 0) + 1
    days = _year_ends(start_year, on)
    keep_arr, _ = _in_force(web, days)
    arr = web.arrangements
    inside = arr["id"].astype(str).isin(touching).to_numpy(dtype=bool)
    start_unknown = inside & np.isnat(_days(arr["start"]))
    rows = []
    for i, day in enumerate(days):
        row: dict[str, Any] = {
            "year": day.year,
            "date": day.isoformat(),
            "n_arrangements": int((keep_arr[:, i] & inside).sum()),
            "n_start_unknown": int((keep_arr[:, i] & start_unknown).sum()),
        }
        for kind in EVENT_KINDS:
            row[kind] = counts.get((kind, day.year), 0)
        rows.append(row)
    return pd.DataFrame(rows, columns=["year", "date", "n_arrangements", "n_start_unknown", *EVENT_KINDS])
