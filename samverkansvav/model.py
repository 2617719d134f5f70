"""The cooperation web: parties, arrangements and memberships.

An arrangement with N members is ONE row in ``arrangements`` plus N rows in
``memberships`` (a hyperedge). Pairwise views (co-membership, dependency) are
projections computed from the membership table on demand; nothing here stores
pairs.

The three tables are plain pandas DataFrames with fixed columns so that every
layer (ingest, analysis, scenarios, store, figures) speaks the same language:

``parties``
    id (kommunkod or other stable id, text), name, kind (``kommun`` / ``region`` /
    ``annan``), lan_code, lan_name, lat, lon, population, population_year,
    population_precision, population_source
``arrangements``
    id, name, form (see :data:`FORMS`), area (normalised policy areas, several joined
    with :data:`AREA_SEPARATOR`; read them with :func:`split_areas`), area_raw (as
    written), host (party id or ``None``), seat (party id or ``None``; a
    federation's säte, never a host), start, end (``datetime.date`` or ``None``),
    status (``aktiv`` / ``avslutad`` / ``planerad``), notice_months, owner, goal,
    last_evaluated, source, note, reported_by (party id of the register it came
    from, ``None`` for reference data)
``memberships``
    arrangement_id, party_id, role (see :data:`ROLES`), share (fraction 0–1 or
    NaN), annual_cost (kr per year or NaN), start, end (membership dates, e.g. a
    member that left a federation)
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from samverkansvav.vocabulary import ENTITY_FORMS, FORMS, HOST_FORMS

__all__ = [
    "FORMS",
    "HOST_FORMS",
    "ENTITY_FORMS",
    "ROLES",
    "STATUSES",
    "PARTY_COLUMNS",
    "ARRANGEMENT_COLUMNS",
    "MEMBERSHIP_COLUMNS",
    "CooperationWeb",
    "empty_web",
    "AREA_SEPARATOR",
    "split_areas",
    "has_area",
    "member_role",
    "members_by_arrangement",
]

ROLES: tuple[str, ...] = ("värd", "medlem", "utförare", "uppdragsgivare")
STATUSES: tuple[str, ...] = ("aktiv", "avslutad", "planerad")

PARTY_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "kind",
    "lan_code",
    "lan_name",
    "lat",
    "lon",
    "population",
    "population_year",
    "population_precision",
    "population_source",
)
ARRANGEMENT_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "form",
    "area",
    "area_raw",
    "host",
    "seat",
    "start",
    "end",
    "status",
    "notice_months",
    "owner",
    "goal",
    "last_evaluated",
    "source",
    "note",
    "reported_by",
)
MEMBERSHIP_COLUMNS: tuple[str, ...] = (
    "arrangement_id",
    "party_id",
    "role",
    "share",
    "annual_cost",
    "start",
    "end",
)


#: Webs of recent dates each web keeps from :meth:`CooperationWeb.current_on`.
CURRENT_ON_KEPT = 8

#: How an arrangement's several policy areas are joined in its ``area`` value.
AREA_SEPARATOR = "; "


def member_role(form: str | None, host: str | None, party_id: str) -> str:
    """A member's role in an arrangement, from its form and host.

    In a gemensam nämnd the host is ``värd``; in avtalssamverkan the host is the
    ``utförare`` and the others ``uppdragsgivare`` (all ``medlem`` while no host is
    known); in every other form everyone is a ``medlem``.

    Examples
    --------
    >>> member_role("gemensam_namnd", "0180", "0180"), member_role("gemensam_namnd", "0180", "0181")
    ('värd', 'medlem')
    >>> [member_role("avtalssamverkan", h, "0181") for h in ("0181", "0180", None)]
    ['utförare', 'uppdragsgivare', 'medlem']
    >>> member_role("kommunalforbund", "0180", "0180")
    'medlem'
    """
    if form == "gemensam_namnd":
        return "värd" if party_id == host else "medlem"
    if form == "avtalssamverkan":
        if host is None:
            return "medlem"
        return "utförare" if party_id == host else "uppdragsgivare"
    return "medlem"


def members_by_arrangement(memberships: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Each arrangement's member ids, sorted, from one sort and one split (no per-group Python).

    Examples
    --------
    >>> members_by_arrangement(pd.DataFrame({"arrangement_id": ["x", "y", "x"], "party_id": ["B", "C", "A"]}))
    {'x': ('A', 'B'), 'y': ('C',)}
    """
    pairs = memberships[["arrangement_id", "party_id"]].dropna(subset=["arrangement_id"])
    if pairs.empty:
        return {}
    pairs = pairs.sort_values(["arrangement_id", "party_id"], kind="stable")
    arrangement_ids = pairs["arrangement_id"].to_numpy(dtype=object)
    party_ids = pairs["party_id"].to_numpy(dtype=object).tolist()
    starts = np.flatnonzero(np.r_[True, arrangement_ids[1:] != arrangement_ids[:-1], True]).tolist()
    keys = arrangement_ids[starts[:-1]].tolist()
    return {a: tuple(party_ids[i:j]) for a, i, j in zip(keys, starts[:-1], starts[1:])}


def split_areas(value: object) -> tuple[str, ...]:
    """The policy areas in an ``area`` value: a list separated by ``,`` or ``;``.

    Never split on "och": "Miljö- och hälsoskydd" and "plan och bygg" are one area each.
    A separator inside brackets explains an area rather than listing new ones:
    "regional samverkan (näringsliv, turism)" is one area. Repeated areas count once.

    Examples
    --------
    >>> split_areas("Miljö, bygg; fysisk planering")
    ('Miljö', 'bygg', 'fysisk planering')
    >>> split_areas("plan och bygg"), split_areas(None)
    (('plan och bygg',), ())
    >>> split_areas("VA (drift, underhåll), avfall")
    ('VA (drift, underhåll)', 'avfall')
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    return _split_area_text(str(value))


# A register repeats a few area texts over thousands of arrangements: split each once.
@lru_cache(maxsize=16384)
def _split_area_text(text: str) -> tuple[str, ...]:
    if "(" not in text and "[" not in text:
        parts = text.replace(";", ",").split(",")
    else:
        parts, depth, start = [], 0, 0
        for i, char in enumerate(text):
            if char in "([":
                depth += 1
            elif char in ")]":
                depth = max(depth - 1, 0)
            elif char in ",;" and depth == 0:
                parts.append(text[start:i])
                start = i + 1
        parts.append(text[start:])
    stripped = (part.strip() for part in parts)
    return tuple(dict.fromkeys(part for part in stripped if part))


def has_area(value: object, areas: Iterable[str]) -> bool:
    """True when ``value`` (an ``area`` value) names any of ``areas``, case-insensitively.

    Examples
    --------
    >>> has_area("IT; löneadministration", ["Löneadministration"]), has_area("IT", ["VA"])
    (True, False)
    """
    wanted = {str(a).strip().casefold() for a in areas}
    return any(a.casefold() in wanted for a in split_areas(value))


def _conform(frame: pd.DataFrame | None, columns: tuple[str, ...]) -> pd.DataFrame:
    """Return ``frame`` with exactly ``columns`` (missing ones added as empty).

    pandas copies on write, so a shallow copy already keeps the web's tables apart
    from the caller's frame; the data is not copied (a filtered web shares its
    parties table), nor reordered when the columns are already in order.
    """
    if frame is None:
        frame = pd.DataFrame()
    frame = frame.copy(deep=False)
    for column in columns:
        if column not in frame.columns:
            frame[column] = None
    if list(frame.columns) != list(columns):
        frame = frame.loc[:, list(columns)]
    return frame.reset_index(drop=True)


def _as_values(items: Iterable) -> object:
    """``items`` in a form ``Series.isin`` takes without copying a big set element by element."""
    return items if isinstance(items, (pd.Series, pd.Index, np.ndarray)) else list(set(items))


def _is_current(start: pd.Series, end: pd.Series, on: dt.date) -> pd.Series:
    # Compare as datetimes in one vectorised step; missing dates mean "open".
    day = pd.Timestamp(on)
    return _open_or(start, lambda starts: starts <= day) & _open_or(end, lambda ends: ends >= day)


def _open_or(dates: pd.Series, holds) -> pd.Series:
    """True where a date is missing (or not a date), else ``holds(date as datetime)``."""
    if not dates.notna().any():
        # A column without a single date (members' dates usually) is all open.
        return pd.Series(True, index=dates.index)
    as_datetimes = pd.to_datetime(dates, errors="coerce")
    return as_datetimes.isna() | holds(as_datetimes)


@dataclass(frozen=True)
class CooperationWeb:
    """Parties, arrangements and memberships (see the module docstring).

    Instances are treated as immutable: every filter returns a new web.

    Examples
    --------
    >>> web = CooperationWeb.from_records(
    ...     parties=[{"id": "0001", "name": "A", "kind": "kommun"},
    ...              {"id": "0002", "name": "B", "kind": "kommun"}],
    ...     arrangements=[{"id": "x", "name": "X", "form": "avtalssamverkan",
    ...                    "area": "IT", "host": "0001"}],
    ...     memberships=[{"arrangement_id": "x", "party_id": "0001", "role": "utförare"},
    ...                  {"arrangement_id": "x", "party_id": "0002", "role": "uppdragsgivare"}],
    ... )
    >>> web.providers().to_dict()
    {'x': '0001'}
    """

    parties: pd.DataFrame
    arrangements: pd.DataFrame
    memberships: pd.DataFrame
    #: Free-form provenance: which files or datasets the web was built from.
    sources: tuple[str, ...] = field(default=())
    #: Tables derived from this web, computed once (see :meth:`derived`).
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parties", _conform(self.parties, PARTY_COLUMNS))
        object.__setattr__(self, "arrangements", _conform(self.arrangements, ARRANGEMENT_COLUMNS))
        object.__setattr__(self, "memberships", _conform(self.memberships, MEMBERSHIP_COLUMNS))

    def __getstate__(self) -> dict:
        # What is derived is a speed-up, rebuilt on demand: a pickled web (an upload
        # checked in a child process) carries only its tables.
        state = dict(self.__dict__)
        state["_derived"] = {}
        return state

    # ------------------------------------------------------------------ build
    @classmethod
    def from_records(
        cls,
        *,
        parties: Iterable[dict],
        arrangements: Iterable[dict],
        memberships: Iterable[dict],
        sources: Iterable[str] = (),
    ) -> CooperationWeb:
        """Build a web from lists of dicts (tests and small examples)."""
        return cls(
            parties=pd.DataFrame(list(parties)),
            arrangements=pd.DataFrame(list(arrangements)),
            memberships=pd.DataFrame(list(memberships)),
            sources=tuple(sources),
        )

    def with_parties(self, parties: pd.DataFrame) -> CooperationWeb:
        """The same arrangements against another parties table."""
        return CooperationWeb(parties, self.arrangements, self.memberships, self.sources)

    # ---------------------------------------------------------------- derive
    def providers(self) -> pd.Series:
        """Provider of every arrangement, indexed by arrangement id.

        The host for host-based forms (``None`` when not named), the arrangement's
        own id for forms that are their own legal person, ``None`` for informal
        cooperation (which creates no dependency).
        """
        return self.derived("providers", self._providers).copy()

    def _providers(self) -> pd.Series:
        arr = self.arrangements
        # Decided per distinct form, then spread over the rows with numpy.
        form = arr["form"].astype(object)
        by_host = form.isin(HOST_FORMS).to_numpy(dtype=bool)
        by_entity = form.isin(ENTITY_FORMS).to_numpy(dtype=bool) & ~by_host
        hosts = arr["host"].astype(object)
        host_named = hosts.notna().to_numpy(dtype=bool)
        values = np.full(len(arr), None, dtype=object)
        take_host = by_host & host_named
        values[take_host] = [str(h) for h in hosts.to_numpy(dtype=object)[take_host].tolist()]
        values[by_entity] = arr["id"].astype(object).to_numpy(dtype=object)[by_entity]
        return pd.Series(values, index=pd.Index(arr["id"], name="id"), dtype=object, name="provider")

    def derived(self, key: str, compute):
        """``compute()``, once per web: the tables several analyses derive from the same web.

        A web is never changed after it is built, so what is derived from it stays
        true; callers treat the result as read-only.
        """
        cache = self._derived
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def party_names(self) -> dict[str, str]:
        """Display name of every party id, plus every arrangement id (as provider)."""
        return dict(self.derived("party_names", self._party_names))

    def _party_names(self) -> dict[str, str]:
        def cells(column: pd.Series) -> list:
            return column.astype(object).to_numpy(dtype=object).tolist()

        names = dict(zip(cells(self.parties["id"]), cells(self.parties["name"])))
        names.update(zip(cells(self.arrangements["id"]), cells(self.arrangements["name"])))
        return names

    def members_of(self, arrangement_id: str) -> list[str]:
        """Member party ids of one arrangement, sorted."""
        m = self.memberships
        return sorted(m.loc[m["arrangement_id"] == arrangement_id, "party_id"].tolist())

    def member_parties(self) -> list[str]:
        """Ids of parties that are a member of at least one arrangement, sorted."""
        return sorted(self.memberships["party_id"].dropna().unique().tolist())

    # ---------------------------------------------------------------- filter
    def current_on(self, on: dt.date, *, today: dt.date | None = None) -> CooperationWeb:
        """Arrangements and memberships in force on ``on``.

        Planned arrangements are excluded; ended ones are excluded once their end
        date has passed. Members who left before ``on`` are dropped (and members who
        join after it are not yet there).

        An ``avslutad`` arrangement without an end date is known to have existed and to
        have ended, but not when ("datum okänt"): it is in force on dates before
        ``today`` (default: the real date) from its start date, if any, and excluded
        from ``today`` on. It is never silently dropped from the past.
        """
        past_undated_ends = on >= (today or dt.date.today())
        # Pages, risks and metrics of one date ask for the same web: build it once, so
        # that what is derived from it (providers, incidence) is shared as well.
        recent = self.derived("current_on", OrderedDict)
        key = (on, past_undated_ends)
        if key in recent:
            recent.move_to_end(key)
            return recent[key]
        current = self._current_on(on, past_undated_ends)
        recent[key] = current
        while len(recent) > CURRENT_ON_KEPT:
            recent.popitem(last=False)
        return current

    def _current_on(self, on: dt.date, past_undated_ends: bool) -> CooperationWeb:
        arr = self.arrangements
        keep = _is_current(arr["start"], arr["end"], on)
        keep &= arr["status"].fillna("aktiv").ne("planerad")
        if past_undated_ends:
            keep &= ~(arr["status"].eq("avslutad") & arr["end"].isna())
        kept_ids = arr.loc[keep, "id"].to_numpy(dtype=object)
        mem = self.memberships
        mem_keep = mem["arrangement_id"].isin(kept_ids) & _is_current(mem["start"], mem["end"], on)
        return CooperationWeb(self.parties, arr[keep], mem[mem_keep], self.sources)

    def restrict(
        self,
        *,
        arrangement_ids: Iterable[str] | None = None,
        forms: Iterable[str] | None = None,
        areas: Iterable[str] | None = None,
        lan_codes: Iterable[str] | None = None,
        party_ids: Iterable[str] | None = None,
    ) -> CooperationWeb:
        """Keep arrangements matching every given criterion.

        ``areas`` keeps arrangements having ANY of the given areas among their list of
        areas (:func:`split_areas`).

        ``lan_codes`` and ``party_ids`` keep arrangements with at least one member
        in the given län / among the given parties; all their members stay, so a
        cross-border federation is shown whole.
        """
        arr = self.arrangements
        keep = pd.Series(True, index=arr.index)
        if arrangement_ids is not None:
            keep &= arr["id"].isin(_as_values(arrangement_ids))
        if forms is not None:
            keep &= arr["form"].isin(set(forms))
        if areas is not None:
            # An arrangement with several areas ("IT; löneadministration") is kept when
            # any of them is asked for (or its whole value, as before lists existed).
            wanted = set(areas)
            codes, uniques = pd.factorize(arr["area"].astype(object), use_na_sentinel=True)
            hit = [v in wanted or not wanted.isdisjoint(split_areas(v)) for v in uniques.tolist()]
            keep &= pd.Series(np.array(hit + [False], dtype=bool)[codes], index=arr.index)
        mem = self.memberships
        if lan_codes is not None:
            in_lan = set(self.parties.loc[self.parties["lan_code"].isin(set(lan_codes)), "id"])
            touching = set(mem.loc[mem["party_id"].isin(in_lan), "arrangement_id"])
            keep &= arr["id"].isin(touching)
        if party_ids is not None:
            touching = set(mem.loc[mem["party_id"].isin(set(party_ids)), "arrangement_id"])
            keep &= arr["id"].isin(touching)
        kept_ids = arr.loc[keep, "id"].to_numpy(dtype=object)
        return CooperationWeb(
            self.parties, arr[keep], mem[mem["arrangement_id"].isin(kept_ids)], self.sources
        )


def empty_web(parties: pd.DataFrame | None = None) -> CooperationWeb:
    """A web with no arrangements (optionally with a parties table)."""
    return CooperationWeb(parties, None, None)
