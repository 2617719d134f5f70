"""The host-stops scenario: a host stops providing everything it hosts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from samverkansvav.model import CooperationWeb
from samverkansvav.scenarios.before_after import LostProvider, _lost_only_provider, _without
from samverkansvav.scenarios.candidates import HostCandidate, _rank_candidates
from samverkansvav.scenarios.index import (
    DISSOLVES,
    NO_HOST,
    _clean,
    _date,
    _earliest_end,
    _Index,
    _months,
)

__all__ = ["HostedArrangement", "DependentLoss", "HostStopResult", "host_stops"]


@dataclass(frozen=True)
class HostedArrangement:
    """One arrangement the stopping host provided."""

    id: str
    name: str
    form: str
    area: str
    status: str
    dependents: tuple[str, ...]
    new_host_candidates: tuple[HostCandidate, ...]
    notice_months: int | float | None
    earliest_end: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "namn": self.name,
            "form": self.form,
            "omrade": self.area,
            "status": self.status,
            "dependents": list(self.dependents),
            "new_host_candidates": [c.to_dict() for c in self.new_host_candidates],
            "notice_months": _clean(self.notice_months),
            "earliest_end": _clean(self.earliest_end),
        }


@dataclass(frozen=True)
class DependentLoss:
    """What one dependent municipality loses when the host stops."""

    party_id: str
    name: str
    arrangements: tuple[tuple[str, str, str], ...]  # (id, name, area)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kommunkod": self.party_id,
            "namn": self.name,
            "loses": [{"id": i, "namn": n, "omrade": a} for i, n, a in self.arrangements],
        }


@dataclass(frozen=True)
class HostStopResult:
    """Everything :func:`host_stops` finds."""

    host: str
    host_name: str
    on: dt.date
    arrangements: tuple[HostedArrangement, ...]
    dependents: tuple[DependentLoss, ...]
    lost_only_provider: tuple[LostProvider, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "namn": self.host_name,
            "datum": self.on.isoformat(),
            "arrangements": [a.to_dict() for a in self.arrangements],
            "dependents": [d.to_dict() for d in self.dependents],
            "lost_only_provider": [l.to_dict() for l in self.lost_only_provider],
        }

    def tables(self, lang: str = "sv") -> dict[str, pd.DataFrame]:
        """Every part as a table for export, by sheet name (see :mod:`.tables`)."""
        from samverkansvav.scenarios.tables import localised_tables

        return localised_tables(self, lang)

    def to_text(self, lang: str = "sv") -> str:
        """A readable summary (the CLI's text format; see :mod:`.text`)."""
        from samverkansvav.scenarios.text import host_stops_text

        return host_stops_text(self, lang)


def host_stops(web: CooperationWeb, host: str, *, on: dt.date | None = None) -> HostStopResult:
    """What the dependents lose when ``host`` stops providing everything it hosts.

    Every current arrangement of a host-based form (gemensam nämnd,
    avtalssamverkan) whose host is ``host`` is affected. For each: the dependent
    members, whether enough remain to continue with a new host, and the
    dependents ranked as candidate hosts (the same evidence as in
    :func:`exit_scenario`).
    """
    on = on or dt.date.today()
    current = web.current_on(on)
    index = _Index(current)
    hosted = sorted(
        (a for a in index.rows if index.host(a) == host), key=lambda a: (index.name(a).casefold(), a)
    )
    arrangements, losses = [], defaultdict(list)
    dissolved, hostless = set(), set()
    for a_id in hosted:
        dependents = tuple(sorted(index.members[a_id] - {host}))
        status = DISSOLVES if len(dependents) < 2 else NO_HOST
        (dissolved if status == DISSOLVES else hostless).add(a_id)
        row = index.rows[a_id]
        notice = _months(row.get("notice_months"))
        arrangements.append(
            HostedArrangement(
                id=a_id,
                name=index.name(a_id),
                form=str(row["form"]),
                area=index.area(a_id),
                status=status,
                dependents=dependents,
                # one dependent left has no one to share a host with: it looks at where_to_join
                new_host_candidates=(_rank_candidates(index, a_id, dependents) if status == NO_HOST else ()),
                notice_months=notice,
                earliest_end=_earliest_end(on, notice, _date(row.get("end"))),
            )
        )
        for d in dependents:
            losses[d].append((a_id, index.name(a_id), index.area(a_id)))
    after = _Index(_without(current, host, set(hosted), dissolved, hostless))
    return HostStopResult(
        host=host,
        host_name=index.name(host),
        on=on,
        arrangements=tuple(arrangements),
        dependents=tuple(DependentLoss(d, index.name(d), tuple(losses[d])) for d in sorted(losses)),
        lost_only_provider=_lost_only_provider(index, after, losses.keys()),
    )
