"""What an upload would change: new, changed and removed arrangements, and conflicts.

Pure functions on :class:`~samverkansvav.model.CooperationWeb` objects; the store
feeds them the municipality's latest stored version and the other
municipalities' latest versions.

Matching rule: the project's one rule for "the same arrangement"
(:mod:`samverkansvav.ingest.identity`): the same id (unless the id is only
derived from a name that differs), else the same exact name (case, spacing and
punctuation folded, å/ä/ö kept) and form. Conflicts come from the one conflict
finder there, :func:`~samverkansvav.ingest.identity.disagreements`.

The regional dataset built from the stored registers is assembled by
:mod:`samverkansvav.dataset`, not here: the store only stores.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from samverkansvav.ingest.identity import (
    CONFLICT_FIELDS,
    ArrangementIndex,
    Description,
    disagreements,
    name_key,
)
from samverkansvav.model import ARRANGEMENT_COLUMNS, MEMBERSHIP_COLUMNS, CooperationWeb
from samverkansvav.store.schema import to_db_value

__all__ = [
    "ArrangementRef",
    "Change",
    "Conflict",
    "Preview",
    "IGNORED_FOR_CHANGES",
    "CONFLICT_FIELDS",
    "normalise_name",
    "diff_webs",
    "find_conflicts",
    "describe",
]

#: Columns that describe where a row came from rather than the arrangement, so a
#: re-upload of an unchanged arrangement from another file is not a "change".
IGNORED_FOR_CHANGES = frozenset({"source", "reported_by"})


@dataclass(frozen=True)
class ArrangementRef:
    arrangement_id: str
    name: str | None


@dataclass(frozen=True)
class Change:
    """An arrangement present before and after, with the fields that differ.

    ``fields`` holds model column names, plus ``members`` when the member set
    differs and ``membership_details`` when only roles, shares, costs or
    membership dates do.
    """

    arrangement_id: str
    name: str | None
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    """The uploaded register and another municipality's disagree on ``field``."""

    arrangement_id: str
    name: str | None
    other_kommun: str
    other_version_no: int
    other_arrangement_id: str
    field: str
    ours: str | None
    theirs: str | None


@dataclass(frozen=True)
class Preview:
    """What storing a register would do; nothing has been written."""

    kommun: str
    base_version_no: int | None
    new: tuple[ArrangementRef, ...] = ()
    changed: tuple[Change, ...] = ()
    removed: tuple[ArrangementRef, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    #: version_no of the latest version when the file is byte-identical to it.
    duplicate_of: int | None = None
    unchanged: int = 0
    #: What the register says that it may not say for ``kommun`` (authority rule):
    #: errors for a municipality's register, info lines for a regional one.
    authority: tuple[Any, ...] = ()

    @property
    def refused(self) -> bool:
        """Whether saving would be refused by the authority rule."""
        return any(getattr(i, "level", None) == "fel" for i in self.authority)

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed or self.removed)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (lists and plain values)."""
        data = asdict(self)
        for change in data["changed"]:
            change["fields"] = list(change["fields"])
        for key in ("new", "changed", "removed", "conflicts", "authority"):
            data[key] = list(data[key])
        return data

    def tables(self) -> dict[str, pd.DataFrame]:
        """One frame per part, for UI tables and Excel export."""
        data = self.to_dict()
        changed = [{**c, "fields": ", ".join(c["fields"])} for c in data["changed"]]
        return {
            "new": pd.DataFrame(data["new"], columns=["arrangement_id", "name"]),
            "changed": pd.DataFrame(changed, columns=["arrangement_id", "name", "fields"]),
            "removed": pd.DataFrame(data["removed"], columns=["arrangement_id", "name"]),
            "conflicts": pd.DataFrame(
                data["conflicts"],
                columns=[
                    "arrangement_id",
                    "name",
                    "other_kommun",
                    "other_version_no",
                    "other_arrangement_id",
                    "field",
                    "ours",
                    "theirs",
                ],
            ),
        }


def normalise_name(name: Any) -> str:
    """Exact-match key of a name (:func:`samverkansvav.ingest.identity.name_key`).

    Examples
    --------
    >>> normalise_name("  Räddningstjänsten   Dala-Mitt ")
    'räddningstjänsten dala mitt'
    >>> normalise_name(None)
    ''
    """
    return name_key(name)


def _index(records: dict[str, dict[str, Any]]) -> tuple[ArrangementIndex, list[str]]:
    index = ArrangementIndex()
    ids = list(records)
    for arr_id in ids:
        record = records[arr_id]
        index.add(arr_id, record["name"], record["form"])
    return index, ids


# ------------------------------------------------------------------ helpers
def _arrangement_records(web: CooperationWeb) -> dict[str, dict[str, Any]]:
    records = {}
    for record in web.arrangements.loc[:, list(ARRANGEMENT_COLUMNS)].to_dict("records"):
        clean = {c: to_db_value(c, record[c]) for c in ARRANGEMENT_COLUMNS}
        records[clean["id"]] = clean
    return records


def _membership_records(web: CooperationWeb) -> dict[str, list[tuple]]:
    by_arrangement: dict[str, list[tuple]] = {}
    for record in web.memberships.loc[:, list(MEMBERSHIP_COLUMNS)].to_dict("records"):
        clean = tuple(to_db_value(c, record[c]) for c in MEMBERSHIP_COLUMNS)
        by_arrangement.setdefault(clean[0], []).append(clean)
    return by_arrangement


def _member_set(rows: Iterable[tuple]) -> tuple[str, ...]:
    return tuple(sorted({r[1] for r in rows if r[1] is not None}))


def _party_set(rows: Iterable[tuple]) -> tuple[str, ...]:
    # Rows without the arrangement id (position 0 dropped): the party is first.
    return tuple(sorted({r[0] for r in rows if r[0] is not None}))


def _details(rows: Iterable[tuple]) -> list[tuple]:
    # Sort on text so None never meets str in a comparison.
    return sorted(rows, key=lambda r: tuple("" if v is None else str(v) for v in r))


# ------------------------------------------------------------------- public
def diff_webs(
    new: CooperationWeb, old: CooperationWeb | None
) -> tuple[tuple[ArrangementRef, ...], tuple[Change, ...], tuple[ArrangementRef, ...], int]:
    """Compare a municipality's new register with its previous version, by id.

    Returns ``(new, changed, removed, n_unchanged)``, each part in the order of
    the register it comes from (removed: the old one).
    """
    new_arr = _arrangement_records(new)
    new_mem = _membership_records(new)
    old_arr = _arrangement_records(old) if old is not None else {}
    old_mem = _membership_records(old) if old is not None else {}

    index, old_ids = _index(old_arr)
    matched: set[str] = set()
    added, changed, unchanged = [], [], 0
    for arr_id, record in new_arr.items():
        position = index.match(arr_id, record["name"], record["form"])
        old_id = old_ids[position] if position is not None else None
        if old_id is None or old_id in matched:
            added.append(ArrangementRef(arr_id, record["name"]))
            continue
        matched.add(old_id)
        before = old_arr[old_id]
        fields = [c for c in ARRANGEMENT_COLUMNS if c not in IGNORED_FOR_CHANGES and record[c] != before[c]]
        rows_now, rows_before = new_mem.get(arr_id, []), old_mem.get(old_id, [])
        rows_now = [r[1:] for r in rows_now]
        rows_before = [r[1:] for r in rows_before]
        if _party_set(rows_now) != _party_set(rows_before):
            fields.append("members")
        elif _details(rows_now) != _details(rows_before):
            fields.append("membership_details")
        if fields:
            changed.append(Change(arr_id, record["name"], tuple(fields)))
        else:
            unchanged += 1
    removed = [
        ArrangementRef(arr_id, record["name"]) for arr_id, record in old_arr.items() if arr_id not in matched
    ]
    return tuple(added), tuple(changed), tuple(removed), unchanged


def describe(web: CooperationWeb, speaker: str) -> dict[str, Description]:
    """Each arrangement of ``web`` as a :class:`Description` by ``speaker`` (keyed by id)."""
    arrangements = _arrangement_records(web)
    members = _membership_records(web)
    return {
        arr_id: Description(
            speaker=speaker,
            arrangement_id=arr_id,
            name=record["name"],
            form=record["form"],
            host=record["host"],
            members=_member_set(members.get(arr_id, [])),
            status=record["status"],
            end=record["end"],
        )
        for arr_id, record in arrangements.items()
    }


def find_conflicts(
    new: CooperationWeb, others: Mapping[str, tuple[int, CooperationWeb]]
) -> tuple[Conflict, ...]:
    """Disagreements (form, members, host, status, end date) with other municipalities' registers.

    ``others`` maps kommun → (version_no, web of its latest version). Values are
    shown as text; a member list is comma-joined party ids in sorted order.
    Matching and comparing use the one rule of :mod:`samverkansvav.ingest.identity`.

    Examples
    --------
    >>> mk = lambda members: CooperationWeb.from_records(parties=[],
    ...     arrangements=[{"id": "kf", "name": "Förbundet", "form": "kommunalforbund"}],
    ...     memberships=[{"arrangement_id": "kf", "party_id": p} for p in members])
    >>> [(c.other_kommun, c.field, c.ours, c.theirs)
    ...  for c in find_conflicts(mk(["0001", "0002"]), {"0003": (4, mk(["0002", "0003"]))})]
    [('0003', 'members', '0001, 0002', '0002, 0003')]
    """
    ours = describe(new, "ours")
    conflicts: list[Conflict] = []
    for kommun in sorted(others):
        version_no, web = others[kommun]
        theirs = describe(web, kommun)
        index, their_ids = _index(_arrangement_records(web))
        for arr_id, description in ours.items():
            position = index.match(arr_id, description.name, description.form)
            if position is None:
                continue
            other_id = their_ids[position]
            for found in disagreements([description, theirs[other_id]]):
                conflicts.append(
                    Conflict(
                        arr_id,
                        description.name,
                        kommun,
                        version_no,
                        other_id,
                        found.field,
                        found.said[0][1],
                        found.said[1][1],
                    )
                )
    return tuple(conflicts)
