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

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from samverkansvav.model import CooperationWeb

__all__ = [
    "EVENT_KINDS",
    "EVENT_LABELS",
    "Event",
    "RecordedExit",
    "events",
    "events_frame",
    "recorded_exits",
    "yearly_figures",
    "region_yearly",
    "membership_periods",
]

#: Event kinds in the order they are listed on the same day.
EVENT_KINDS: tuple[str, ...] = ("formed", "joined", "left", "ended")
#: Swedish and English names of the event kinds.
EVENT_LABELS: dict[str, dict[str, str]] = {
    "formed": {"sv": "bildades", "en": "formed"},
    "joined": {"sv": "gick med", "en": "joined"},
    "left": {"sv": "lämnade", "en": "left"},
    "ended": {"sv": "avslutades", "en": "ended"},
}
EVENT_COLUMNS: tuple[str, ...] = (
    "date",
    "year",
    "kind",
    "arrangement_id",
    "arrangement",
    "form",
    "area",
    "party_id",
    "party",
    "members",
    "source",
)
YEARLY_COLUMNS: tuple[str, ...] = (
    "year",
    "date",
    "n_arrangements",
    "n_partners",
    "systemledningsindex",
    "dependency_share",
    "n_start_unknown",
)


@dataclass(frozen=True)
class Event:
    """One dated change in the web; ``date`` is ``None`` when the source gives none."""

    date: dt.date | None
    kind: str
    arrangement_id: str
    arrangement: str
    form: str
    area: str
    party_id: str | None
    party: str | None
    #: formed: the founding members; joined/left: the member; ended: the last members
    members: tuple[str, ...]
    source: str | None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = None if self.date is None else self.date.isoformat()
        data["members"] = list(self.members)
        return data


@dataclass(frozen=True)
class RecordedExit:
    """A real exit in the data: members who left an arrangement that went on."""

    arrangement_id: str
    arrangement: str
    form: str
    last_day: dt.date
    leavers: tuple[str, ...]
    leaver_names: tuple[str, ...]
    #: Members on the last day (the leavers included) and on the day after.
    members_before: tuple[str, ...]
    remaining_after: tuple[str, ...]
    remaining_names: tuple[str, ...]
    source: str | None

    @property
    def day_after(self) -> dt.date:
        return self.last_day + dt.timedelta(days=1)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_day"] = self.last_day.isoformat()
        data["day_after"] = self.day_after.isoformat()
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


# ------------------------------------------------------------------ helpers
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
    keep = set(web.arrangements["id"].astype(str))
    if party_ids is not None:
        wanted = {str(p) for p in party_ids}
        keep &= set(mem.loc[mem["party_id"].astype(str).isin(wanted), "arrangement_id"].astype(str))
    if arrangement_id is not None:
        keep &= {str(arrangement_id)}
    if kommun is not None:
        keep &= set(mem.loc[mem["party_id"].astype(str) == str(kommun), "arrangement_id"].astype(str))
    if lan is not None:
        parties = web.parties
        in_lan = set(parties.loc[parties["lan_code"].astype(str) == str(lan), "id"].astype(str))
        keep &= set(mem.loc[mem["party_id"].astype(str).isin(in_lan), "arrangement_id"].astype(str))
    return keep


# ------------------------------------------------------------------- events
def events(
    web: CooperationWeb,
    *,
    kommun: str | None = None,
    lan: str | None = None,
    arrangement_id: str | None = None,
    party_ids: Iterable[str] | None = None,
) -> list[Event]:
    """Every event of the arrangements a municipality / a län / one arrangement was in.

    With ``kommun``: all events of the arrangements it has ever been a member of
    (others joining and leaving change its partners too). With ``lan``: those of
    arrangements with a member in the län. Sorted by date (undated last), then
    kind, arrangement name and party.
    """
    wanted = _arrangements_touching(web, kommun=kommun, lan=lan, arrangement_id=arrangement_id)
    names = {str(k): str(v) for k, v in web.party_names().items() if v is not None}
    mem = web.memberships
    by_arr: dict[str, list[tuple[str, dt.date | None, dt.date | None]]] = {}
    for a_id, p_id, start, end in zip(mem["arrangement_id"], mem["party_id"], mem["start"], mem["end"]):
        if a_id is None or p_id is None or str(a_id) not in wanted:
            continue
        by_arr.setdefault(str(a_id), []).append((str(p_id), _day(start), _day(end)))
    out: list[Event] = []
    for row in web.arrangements.to_dict("records"):
        a_id = str(row["id"])
        if a_id not in wanted:
            continue
        start, end = _day(row.get("start")), _day(row.get("end"))
        members = sorted(by_arr.get(a_id, []))

        def event(kind: str, day: dt.date | None, party: str | None, who: Iterable[str]) -> Event:
            return Event(
                date=day,
                kind=kind,
                arrangement_id=a_id,
                arrangement=str(row.get("name") or a_id),
                form=str(row.get("form") or ""),
                area=_text(row.get("area")) or "",
                party_id=party,
                party=None if party is None else names.get(party, party),
                members=tuple(who),
                source=_text(row.get("source")),
            )

        if start is not None:
            founders = [p for p, s, e in members if (s is None or s <= start) and (e is None or e >= start)]
            out.append(event("formed", start, None, founders))
        for p, s, _ in members:
            if s is not None and (start is None or s > start):
                out.append(event("joined", s, p, [p]))
        for p, _, e in members:
            if e is not None and (end is None or e < end):
                out.append(event("left", e, p, [p]))
        if end is not None:
            last = [p for p, s, e in members if (s is None or s <= end) and (e is None or e >= end)]
            out.append(event("ended", end, None, last))
        elif str(row.get("status") or "") == "avslutad":
            out.append(event("ended", None, None, [p for p, _, e in members if e is None]))
    rank = {k: i for i, k in enumerate(EVENT_KINDS)}
    out.sort(
        key=lambda e: (
            e.date is None,
            e.date or dt.date.min,
            rank[e.kind],
            e.arrangement.casefold(),
            e.arrangement_id,
            e.party_id or "",
        )
    )
    return out


def events_frame(items: Iterable[Event], *, lang: str = "sv") -> pd.DataFrame:
    """Events as a table with :data:`EVENT_COLUMNS`; ``kind`` in ``lang``, dates ISO."""
    rows = []
    for e in items:
        data = e.to_dict()
        data["kind"] = EVENT_LABELS[e.kind]["en" if lang == "en" else "sv"]
        data["year"] = None if e.date is None else e.date.year
        data["members"] = ", ".join(e.members)
        rows.append(data)
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))


# ------------------------------------------------------------- recorded exits
def recorded_exits(web: CooperationWeb, lan: str | None = None) -> list[RecordedExit]:
    """The real exits in ``web``: members who left an arrangement that continued.

    Members leaving the same arrangement on the same day form one exit. The
    members on the day after come from ``web.current_on`` of that day, so an exit
    shows exactly what the data says happened. Sorted by last day, then name.
    """
    names = {str(k): str(v) for k, v in web.party_names().items() if v is not None}
    lefts = [e for e in events(web, lan=lan) if e.kind == "left" and e.date is not None]
    groups: dict[tuple[str, dt.date], list[Event]] = {}
    for e in lefts:
        groups.setdefault((e.arrangement_id, e.date), []).append(e)
    out = []
    for (a_id, last_day), group in groups.items():
        before = tuple(web.current_on(last_day).members_of(a_id))
        after = tuple(web.current_on(last_day + dt.timedelta(days=1)).members_of(a_id))
        if not after:  # everyone went: the arrangement ended rather than lost a member
            continue
        leavers = tuple(sorted(e.party_id for e in group if e.party_id))
        first = group[0]
        out.append(
            RecordedExit(
                arrangement_id=a_id,
                arrangement=first.arrangement,
                form=first.form,
                last_day=last_day,
                leavers=leavers,
                leaver_names=tuple(names.get(p, p) for p in leavers),
                members_before=before,
                remaining_after=after,
                remaining_names=tuple(names.get(p, p) for p in after),
                source=first.source,
            )
        )
    out.sort(key=lambda x: (x.last_day, x.arrangement.casefold(), x.arrangement_id))
    return out


# ------------------------------------------------------------------ per year
def _year_ends(first_year: int, on: dt.date) -> list[dt.date]:
    days = [dt.date(y, 12, 31) for y in range(first_year, on.year)]
    return days + [on]


def _first_year(web: CooperationWeb, arrangement_ids: set[str], on: dt.date) -> int:
    arr = web.arrangements
    starts = [_day(v) for v in arr.loc[arr["id"].astype(str).isin(arrangement_ids), "start"]]
    mem = web.memberships
    starts += [_day(v) for v in mem.loc[mem["arrangement_id"].astype(str).isin(arrangement_ids), "start"]]
    years = [d.year for d in starts if d is not None and d <= on]
    return min(years) if years else on.year


def yearly_figures(
    web: CooperationWeb, kommun: str, *, on: dt.date, first_year: int | None = None
) -> pd.DataFrame:
    """Section 5 figures of ``kommun`` on 31 December of each year up to ``on``.

    Columns :data:`YEARLY_COLUMNS`; the last row is the analysis date ``on``
    itself. Years start at the earliest recorded start among the municipality's
    arrangements (or ``first_year``). An arrangement whose start is unknown counts in
    every year (as in ``metrics --date``); ``n_start_unknown`` says how many of the
    year's arrangements those are, so that early years can be read with care.
    """
    from samverkansvav.analysis.metrics import municipality_metrics

    starts = {str(a): _day(v) for a, v in zip(web.arrangements["id"], web.arrangements["start"])}
    own = _arrangements_touching(web, kommun=kommun, lan=None, arrangement_id=None)
    start_year = first_year if first_year is not None else _first_year(web, own, on)
    # Every figure of m is computed over A(m) only, so the rest of the web can go.
    web = web.restrict(arrangement_ids=own)
    rows = []
    previous: tuple | None = None
    figures: dict[str, Any] = {}
    for day in _year_ends(start_year, on):
        current = web.current_on(day)
        mem = current.memberships
        # The web only changes on event dates: reuse the figures of an unchanged year.
        state = (tuple(current.arrangements["id"]), tuple(mem.index))
        if state != previous:
            metrics = municipality_metrics(current, party_ids=[kommun])
            row = metrics.loc[kommun] if kommun in metrics.index else {}
            own = mem.loc[mem["party_id"].astype(str) == str(kommun)]
            figures = {
                "n_arrangements": int(row.get("n_arrangements", 0) or 0),
                "n_partners": int(row.get("n_partners", 0) or 0),
                "systemledningsindex": float(row.get("systemledningsindex", 0.0) or 0.0),
                "dependency_share": float(row.get("dependency_share", 0.0) or 0.0),
                "n_start_unknown": sum(
                    1
                    for a, s in zip(own["arrangement_id"], own["start"])
                    if _day(s) is None and starts.get(str(a)) is None
                ),
            }
            previous = state
        rows.append({"year": day.year, "date": day.isoformat(), **figures})
    return pd.DataFrame(rows, columns=list(YEARLY_COLUMNS))


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
    dated = [e for e in events(web, lan=lan, party_ids=party_ids) if e.date is not None and e.date <= on]
    rows = []
    for day in _year_ends(start_year, on):
        current = web.current_on(day)
        arr = current.arrangements.loc[current.arrangements["id"].astype(str).isin(touching)]
        row: dict[str, Any] = {
            "year": day.year,
            "date": day.isoformat(),
            "n_arrangements": int(len(arr)),
            "n_start_unknown": int(sum(_day(v) is None for v in arr["start"])),
        }
        for kind in EVENT_KINDS:
            row[kind] = sum(1 for e in dated if e.kind == kind and e.date.year == day.year)
        rows.append(row)
    return pd.DataFrame(rows, columns=["year", "date", "n_arrangements", "n_start_unknown", *EVENT_KINDS])


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
    arr = {str(r["id"]): r for r in web.arrangements.to_dict("records")}
    mem = web.memberships
    rows = []
    for a_id, p_id, m_start, m_end in zip(mem["arrangement_id"], mem["party_id"], mem["start"], mem["end"]):
        if str(p_id) != str(kommun) or str(a_id) not in arr:
            continue
        row = arr[str(a_id)]
        if str(row.get("status") or "") == "planerad":
            continue
        start = _day(m_start) or _day(row.get("start"))
        end = _day(m_end) or _day(row.get("end"))
        if start is not None and start > on:
            continue
        ended_undated = end is None and str(row.get("status") or "") == "avslutad"
        rows.append(
            {
                "arrangement_id": str(a_id),
                "arrangement": str(row.get("name") or a_id),
                "form": str(row.get("form") or ""),
                "area": _text(row.get("area")) or "",
                "start": start,
                "end": end if end is None or end <= on else None,
                "start_known": start is not None,
                "end_known": end is not None or not ended_undated,
                "source": _text(row.get("source")),
            }
        )
    rows.sort(
        key=lambda r: (
            r["start"] is not None,
            r["start"] or dt.date.min,
            r["arrangement"].casefold(),
            r["arrangement_id"],
        )
    )
    return pd.DataFrame(rows, columns=list(PERIOD_COLUMNS))
