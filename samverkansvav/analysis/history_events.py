"""History events: formed, joined, left and ended, and the real exits they record.

See :mod:`samverkansvav.analysis.history` for what each event kind means and
which date it carries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from samverkansvav.analysis._history_base import (
    _arrangements_touching,
    _as_dates,
    _cells,
    _days,
    _display_names,
    _members_on,
    _sort_codes,
    _text,
)
from samverkansvav.model import CooperationWeb

__all__ = [
    "EVENT_KINDS",
    "EVENT_LABELS",
    "EVENT_COLUMNS",
    "Event",
    "RecordedExit",
    "events",
    "events_frame",
    "recorded_exits",
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
