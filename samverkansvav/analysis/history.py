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

import numpy as np
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


# ------------------------------------------------------------------- events
def _memberships_of(
    web: CooperationWeb, wanted: set[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Memberships of the ``wanted`` arrangements: arrangement id, party id (text), start, end."""
    mem = web.memberships
    arrangement_ids, party_ids = _cells(mem["arrangement_id"]), _cells(mem["party_id"])
    keep = np.fromiter(
        (a is not None and p is not None for a, p in zip(arrangement_ids, party_ids)),
        dtype=bool,
        count=len(mem),
    )
    a_text = np.array([str(a) for a in arrangement_ids[keep]], dtype=object)
    inside = np.fromiter((a in wanted for a in a_text), dtype=bool, count=len(a_text))
    where = np.flatnonzero(keep)[inside]
    return (
        a_text[inside],
        np.array([str(p) for p in party_ids[where]], dtype=object),
        _days(mem["start"].iloc[where]),
        _days(mem["end"].iloc[where]),
    )


def _groups(owner: np.ndarray, values: np.ndarray) -> dict[int, tuple[str, ...]]:
    """``values`` gathered per ``owner`` (sorted), as tuples in their order."""
    if len(owner) == 0:
        return {}
    bounds = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1], True]).tolist()
    items = values.tolist()
    keys = owner[bounds[:-1]].tolist()
    return {key: tuple(items[i:j]) for key, i, j in zip(keys, bounds[:-1], bounds[1:])}


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
    arrangements with a member in the län; with ``party_ids``: with a member among
    those parties. Sorted by date (undated last), then
    kind, arrangement name and party.
    """
    picked = None if party_ids is None else tuple(sorted({str(p) for p in party_ids}))
    # A page asks for the same events for its timeline, its table and its exits.
    key = ("history-events", kommun, lan, arrangement_id, picked)
    return list(
        web.derived(
            key,
            lambda: _events(
                web,
                _arrangements_touching(
                    web, kommun=kommun, lan=lan, arrangement_id=arrangement_id, party_ids=picked
                ),
            ),
        )
    )


def _events(web: CooperationWeb, wanted: set[str]) -> list[Event]:
    arr = web.arrangements
    # One row per arrangement row asked for (k = 0, 1, … in table order).
    arrangement_ids = np.array([str(a) for a in _cells(arr["id"])], dtype=object)
    rows = np.flatnonzero(np.fromiter((a in wanted for a in arrangement_ids), dtype=bool, count=len(arr)))
    ids = arrangement_ids[rows]
    starts, ends = _days(arr["start"].iloc[rows]), _days(arr["end"].iloc[rows])
    status = _cells(arr["status"].iloc[rows])
    ended_undated = np.isnat(ends) & np.fromiter(
        (str(v or "") == "avslutad" for v in status), dtype=bool, count=len(rows)
    )

    # Only an arrangement with a date, an undated end or a member with a date of its
    # own has events: the rest (most rows of a big register) are left out here.
    m_arr, m_party, m_start, m_end = _memberships_of(web, wanted)
    member_dated = set(m_arr[~np.isnat(m_start) | ~np.isnat(m_end)].tolist())
    relevant = ~np.isnat(starts) | ~np.isnat(ends) | ended_undated
    relevant |= np.fromiter((a in member_dated for a in ids), dtype=bool, count=len(ids))
    rows, ids, starts, ends = rows[relevant], ids[relevant], starts[relevant], ends[relevant]
    ended_undated = ended_undated[relevant]
    if not len(rows):
        return []
    kept = set(ids.tolist())
    inside = np.fromiter((a in kept for a in m_arr), dtype=bool, count=len(m_arr))
    m_arr, m_party, m_start, m_end = m_arr[inside], m_party[inside], m_start[inside], m_end[inside]

    # Every (arrangement row, membership) pair, in arrangement order, members sorted.
    pairs = pd.DataFrame({"a": ids, "k": np.arange(len(rows))}).merge(
        pd.DataFrame({"a": m_arr, "m": np.arange(len(m_arr))}), on="a", how="inner"
    )
    k, m = pairs["k"].to_numpy(dtype=np.int64), pairs["m"].to_numpy(dtype=np.int64)
    party = m_party[m]
    s, e = m_start[m], m_end[m]
    order = np.lexsort((e, s, _sort_codes(party.tolist()), k))
    k, party, s, e = k[order], party[order], s[order], e[order]
    start_k, end_k = starts[k], ends[k]
    open_start, open_end = np.isnat(s), np.isnat(e)

    # Only the arrangements with a formed / ended event need their members on that day.
    has_start, has_end = ~np.isnat(start_k), ~np.isnat(end_k)
    founding = has_start & (open_start | (s <= start_k)) & (open_end | (e >= start_k))
    founders = _groups(k[founding], party[founding])
    in_at_end = has_end & (open_start | (s <= end_k)) & (open_end | (e >= end_k))
    last_members = _groups(k[in_at_end], party[in_at_end])
    out_undated = ended_undated[k] & open_end
    still_in = _groups(k[out_undated], party[out_undated])
    joined = ~open_start & (np.isnat(start_k) | (s > start_k))
    left = ~open_end & (np.isnat(end_k) | (e < end_k))

    # Event columns: kind, arrangement row, party (None for the arrangement's own), date,
    # members, and the position in the pre-sorted pairs (ties keep the listing order).
    formed_k = np.flatnonzero(~np.isnat(starts))
    ended_k = np.flatnonzero(~np.isnat(ends))
    undated_k = np.flatnonzero(ended_undated)
    joined_at, left_at = np.flatnonzero(joined), np.flatnonzero(left)
    kind = np.concatenate(
        [
            np.full(len(formed_k), 0),
            np.full(len(joined_at), 1),
            np.full(len(left_at), 2),
            np.full(len(ended_k) + len(undated_k), 3),
        ]
    ).astype(np.int64)
    owner = np.concatenate([formed_k, k[joined_at], k[left_at], ended_k, undated_k]).astype(np.int64)
    position = np.concatenate(
        [np.full(len(formed_k), -1), joined_at, left_at, np.full(len(ended_k) + len(undated_k), -1)]
    ).astype(np.int64)
    date = np.concatenate([starts[formed_k], s[joined_at], e[left_at], ends[ended_k], ends[undated_k]])
    who = np.concatenate([np.full(len(formed_k), None), party[joined_at], party[left_at]])
    who = np.concatenate([who, np.full(len(ended_k) + len(undated_k), None)]).astype(object)
    members = (
        [founders.get(i, ()) for i in formed_k.tolist()]
        + [(p,) for p in party[joined_at].tolist()]
        + [(p,) for p in party[left_at].tolist()]
        + [last_members.get(i, ()) for i in ended_k.tolist()]
        + [still_in.get(i, ()) for i in undated_k.tolist()]
    )
    if len(owner) == 0:
        return []

    # The facts of the arrangements that have events, each read once.
    used = np.unique(owner)
    facts = arr.iloc[rows[used]]
    label = {
        int(i): (
            str(name or a_id),
            str(form or ""),
            _text(area) or "",
            _text(source),
        )
        for i, a_id, name, form, area, source in zip(
            used.tolist(),
            ids[used].tolist(),
            _cells(facts["name"]).tolist(),
            _cells(facts["form"]).tolist(),
            _cells(facts["area"]).tolist(),
            _cells(facts["source"]).tolist(),
        )
    }
    names = _display_names(web, {p for p in who.tolist() if p is not None})
    arrangement_name = [label[i][0] for i in owner.tolist()]
    undated = np.isnat(date)
    day_number = np.where(undated, 0, date.astype("datetime64[D]").astype(np.int64))
    sort_order = np.lexsort(
        (
            position,
            owner,
            _sort_codes([p or "" for p in who.tolist()]),
            _sort_codes(ids[owner].tolist()),
            _sort_codes([n.casefold() for n in arrangement_name]),
            kind,
            day_number,
            undated,
        )
    )
    days = _as_dates(date)
    out = []
    for i in sort_order.tolist():
        a_name, form, area, source = label[int(owner[i])]
        p = who[i]
        out.append(
            Event(
                date=days[i],
                kind=EVENT_KINDS[kind[i]],
                arrangement_id=ids[owner[i]],
                arrangement=a_name,
                form=form,
                area=area,
                party_id=p,
                party=None if p is None else names.get(p, p),
                members=members[i],
                source=source,
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


# ------------------------------------------------------------- recorded exits
def recorded_exits(web: CooperationWeb, lan: str | None = None) -> list[RecordedExit]:
    """The real exits in ``web``: members who left an arrangement that continued.

    Members leaving the same arrangement on the same day form one exit. The
    members on the day after come from ``web.current_on`` of that day, so an exit
    shows exactly what the data says happened. Sorted by last day, then name.
    """
    lefts = [e for e in events(web, lan=lan) if e.kind == "left" and e.date is not None]
    groups: dict[tuple[str, dt.date], list[Event]] = {}
    for e in lefts:
        groups.setdefault((e.arrangement_id, e.date), []).append(e)
    keys = list(groups)
    before = _members_on(web, keys)
    after = _members_on(web, [(a, day + dt.timedelta(days=1)) for a, day in keys])
    names = _display_names(web, {p for group in (*before, *after) for p in group if p is not None})
    names.update(_display_names(web, {e.party_id for e in lefts if e.party_id}))
    out = []
    for (a_id, last_day), members_before, remaining in zip(keys, before, after):
        if not remaining:  # everyone went: the arrangement ended rather than lost a member
            continue
        group = groups[(a_id, last_day)]
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
                members_before=members_before,
                remaining_after=remaining,
                remaining_names=tuple(names.get(p, p) for p in remaining),
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
