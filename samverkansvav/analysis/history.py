"""History of the cooperation web: events and figures over time (DOMAIN §6, "händelser").

Events come from the dated arrangements and memberships, each with the source of
the arrangement it concerns:

``formed``
    an arrangement's first day (``start``), with its founding members;
``joined``
    a member's first day when it came later than the arrangement's start;
``left``
    a member's last day when the arrangement went on without it;
``ended``
    an arrangement's last day (``end``); an ``avslutad`` arrangement without an end
    date gives an ``ended`` event with no date ("datum okänt").

Dates are as recorded: the first day for ``formed``/``joined``, the last day for
``left``/``ended`` (the change takes effect the day after). Figures per year are the
section 5 metrics of :mod:`samverkansvav.analysis.metrics` on ``web.current_on`` of
31 December of each year, the last point being the analysis date itself.

The events live in :mod:`.history_events`, the yearly figures in
:mod:`.history_yearly` and the membership periods in :mod:`.history_periods`;
every name is re-exported here, where callers import them from.

Examples
--------
>>> import datetime as dt
>>> from samverkansvav.model import CooperationWeb
>>> web = CooperationWeb.from_records(
...     parties=[{"id": i, "name": n, "kind": "kommun", "lan_code": "05"}
...              for i, n in [("0001", "A"), ("0002", "B"), ("0003", "C")]],
...     arrangements=[{"id": "kf", "name": "Förbundet", "form": "kommunalforbund",
...                    "area": "IT", "start": dt.date(2009, 1, 1), "source": "https://x.se"}],
...     memberships=[{"arrangement_id": "kf", "party_id": "0001", "role": "medlem"},
...                  {"arrangement_id": "kf", "party_id": "0002", "role": "medlem"},
...                  {"arrangement_id": "kf", "party_id": "0003", "role": "medlem",
...                   "end": dt.date(2024, 3, 31)}])
>>> [(e.kind, e.date.isoformat(), e.party_id) for e in events(web)]
[('formed', '2009-01-01', None), ('left', '2024-03-31', '0003')]
>>> [(x.leavers, x.remaining_after) for x in recorded_exits(web)]
[(('0003',), ('0001', '0002'))]
"""

from __future__ import annotations

from samverkansvav.analysis.history_events import (
    EVENT_COLUMNS,
    EVENT_KINDS,
    EVENT_LABELS,
    Event,
    RecordedExit,
    events,
    events_frame,
    recorded_exits,
)
from samverkansvav.analysis.history_periods import PERIOD_COLUMNS, membership_periods
from samverkansvav.analysis.history_yearly import YEARLY_COLUMNS, region_yearly, yearly_figures

__all__ = [
    "EVENT_KINDS",
    "EVENT_LABELS",
    "EVENT_COLUMNS",
    "YEARLY_COLUMNS",
    "PERIOD_COLUMNS",
    "Event",
    "RecordedExit",
    "events",
    "events_frame",
    "recorded_exits",
    "yearly_figures",
    "region_yearly",
    "membership_periods",
]
