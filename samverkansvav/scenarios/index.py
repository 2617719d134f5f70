"""Shared pieces of the scenarios: statuses, JSON cleaning, dates, and :class:`Index`.

:class:`Index` holds the lookups over one web (member sets, hosts, areas, names)
that every scenario builds once.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import defaultdict
from dataclasses import asdict
from typing import Any

import pandas as pd

from samverkansvav.model import FORMS, HOST_FORMS, CooperationWeb, split_areas
from samverkansvav.vocabulary import form_label

__all__ = [
    "DISSOLVES",
    "NO_HOST",
    "CONTINUES",
    "STATUS_LABELS",
    "FORM_LABELS",
    "MISSING_PROVIDER",
    "add_months",
]

DISSOLVES, NO_HOST, CONTINUES = "upplöses", "saknar_värd", "fortsätter"
STATUS_LABELS = {DISSOLVES: "upplöses", NO_HOST: "saknar värd", CONTINUES: "fortsätter"}

FORM_LABELS: dict[str, str] = {form: form_label(form) for form in FORMS}

#: The provider of an arrangement whose host has left: the members still depend on a
#: provider, only nobody performs the task any more. Never a real party id.
MISSING_PROVIDER = "_utforare_saknas"
MISSING_PROVIDER_NAME = "utförare saknas"


# ====================================================================== helpers
def _clean(value: Any) -> Any:
    """A JSON-ready plain Python value (NaN → None, dates → ISO, numpy → Python)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _as_dict(obj: Any, rename: dict[str, str] | None = None) -> dict[str, Any]:
    """A result object as JSON-ready data; ``rename`` gives fields their Swedish keys."""
    data = _clean(asdict(obj))
    for field_name, key in (rename or {}).items():
        data[key] = data.pop(field_name)
    return data


#: Party fields under the keys the command line's JSON uses.
_PARTY_KEYS = {"party_id": "kommunkod", "name": "namn"}


def _number(value: Any) -> float | None:
    """A finite float or None."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _months(value: Any) -> int | float | None:
    number = _number(value)
    if number is None:
        return None
    return int(number) if number.is_integer() else number


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole ``months``, clamped to the end of a shorter month.

    Examples
    --------
    >>> add_months(dt.date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    >>> add_months(dt.date(2024, 11, 15), 3)
    datetime.date(2025, 2, 15)
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _earliest_end(on: dt.date, notice: int | float | None, end: dt.date | None) -> dt.date | None:
    """The earlier of ``on`` + notice and the agreed end date; None when both unknown."""
    candidates = []
    if notice is not None:
        whole = math.ceil(notice)  # a part month still has to be served
        candidates.append(add_months(on, whole))
    if end is not None:
        candidates.append(end)
    return min(candidates) if candidates else None


class _Index:
    """Lookups over one web built once (member sets, hosts, areas, names)."""

    def __init__(self, web: CooperationWeb) -> None:
        self.web = web
        arr = web.arrangements
        self.rows: dict[str, dict] = {str(r["id"]): r for r in arr.to_dict("records")}
        self.members: dict[str, set[str]] = defaultdict(set)
        for a_id, p_id in zip(web.memberships["arrangement_id"], web.memberships["party_id"]):
            if a_id is not None and p_id is not None and not pd.isna(p_id):
                self.members[str(a_id)].add(str(p_id))
        self.by_party: dict[str, set[str]] = defaultdict(set)
        for a_id, members in self.members.items():
            for p_id in members:
                self.by_party[p_id].add(a_id)
        self.providers: dict[str, str | None] = {
            str(k): (None if v is None or pd.isna(v) else str(v)) for k, v in web.providers().items()
        }
        self.names = {str(k): str(v) for k, v in web.party_names().items() if v is not None}
        self._member_values: dict[tuple[str, str], dict[str, float | None]] | None = None
        parties = web.parties.set_index("id") if len(web.parties) else None
        self.population: dict[str, float | None] = {}
        self.coords: dict[str, tuple[float, float]] = {}
        self.kinds: dict[str, str] = {}
        if parties is not None:
            for pid, row in parties.iterrows():
                self.population[str(pid)] = _number(row.get("population"))
                kind = row.get("kind")
                self.kinds[str(pid)] = "" if kind is None or pd.isna(kind) else str(kind)
                lat, lon = _number(row.get("lat")), _number(row.get("lon"))
                if lat is not None and lon is not None:
                    self.coords[str(pid)] = (lat, lon)

    def host(self, a_id: str) -> str | None:
        row = self.rows[a_id]
        host = row.get("host")
        if row.get("form") not in HOST_FORMS or host is None or pd.isna(host):
            return None
        return str(host)

    def area(self, a_id: str) -> str:
        area = self.rows[a_id].get("area")
        return "" if area is None or pd.isna(area) else str(area)

    def areas(self, a_id: str) -> tuple[str, ...]:
        """Every policy area of an arrangement (an ``area`` value may list several)."""
        return split_areas(self.rows[a_id].get("area"))

    def name(self, pid: str | None) -> str:
        if pid is None:
            return "okänd"
        if pid == MISSING_PROVIDER:
            return MISSING_PROVIDER_NAME
        return self.names.get(pid, pid)

    def member_value(self, a_id: str, pid: str, column: str) -> float | None:
        """``share`` or ``annual_cost`` of one membership (None when unknown)."""
        if self._member_values is None:
            mem = self.web.memberships
            self._member_values = {
                (str(a), str(p)): {"share": _number(s), "annual_cost": _number(c)}
                for a, p, s, c in zip(
                    mem["arrangement_id"], mem["party_id"], mem["share"], mem["annual_cost"]
                )
            }
        return self._member_values.get((a_id, pid), {}).get(column)
