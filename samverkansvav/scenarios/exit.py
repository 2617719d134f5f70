"""The exit scenario: a municipality leaves some or all of its arrangements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from samverkansvav.model import CooperationWeb
from samverkansvav.scenarios import samordning
from samverkansvav.scenarios.before_after import (
    LostProvider,
    NetworkFigures,
    _lost_only_provider,
    _network_figures,
    _without,
    gaps_after,
)
from samverkansvav.scenarios.candidates import HostCandidate, _rank_candidates
from samverkansvav.scenarios.checklists import ChecklistItem
from samverkansvav.scenarios.index import (
    _PARTY_KEYS,
    CONTINUES,
    DISSOLVES,
    NO_HOST,
    _as_dict,
    _clean,
    _date,
    _earliest_end,
    _Index,
    _months,
)

__all__ = ["MemberIncrease", "ArrangementExit", "FunctionToRebuild", "ExitResult", "exit_scenario"]


@dataclass(frozen=True)
class MemberIncrease:
    """How much more one remaining member pays when the leaver's cost is spread."""

    party_id: str
    name: str
    kr: float | None
    percent: float | None
    #: "andel" (by known shares), "befolkning" (by population, samordningsförbund)
    #: or "lika" (equal split)
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self, _PARTY_KEYS)


@dataclass(frozen=True)
class ArrangementExit:
    """What happens to one arrangement when the municipality leaves it."""

    id: str
    name: str
    form: str
    area: str
    status: str
    host: str | None
    remaining: tuple[str, ...]
    remaining_names: tuple[str, ...]
    new_host_candidates: tuple[HostCandidate, ...]
    annual_cost: float | None
    cost_to_redistribute: float | None
    split: str | None
    increase: tuple[MemberIncrease, ...]
    notice_months: int | float | None
    earliest_end: dt.date | None
    #: The leaver was the host: the checklist adds the question of a new host.
    host_leaves: bool
    #: Samordningsförbund: the kinds of required party (lag (2003:1210) 3 §) with no
    #: member left ("kommun", "region", "Försäkringskassan", "Arbetsförmedlingen").
    missing_parties: tuple[str, ...] = ()

    @property
    def checklist(self) -> tuple[ChecklistItem, ...]:
        """The Swedish checklist of this exit (the JSON's ``checklist``); other languages
        through :func:`samverkansvav.scenarios.text.checklist`."""
        from samverkansvav.scenarios.text import checklist

        return checklist(self.form, host_leaves=self.host_leaves, lang="sv")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "namn": self.name,
            "form": self.form,
            "omrade": self.area,
            "status": self.status,
            "host": self.host,
            "remaining": list(self.remaining),
            "remaining_names": list(self.remaining_names),
            "new_host_candidates": [c.to_dict() for c in self.new_host_candidates],
            "annual_cost": _clean(self.annual_cost),
            "cost_to_redistribute": _clean(self.cost_to_redistribute),
            "split": self.split,
            "increase": [i.to_dict() for i in self.increase],
            "notice_months": _clean(self.notice_months),
            "earliest_end": _clean(self.earliest_end),
            "missing_parties": list(self.missing_parties),
        }


@dataclass(frozen=True)
class FunctionToRebuild:
    """A task the leaver got from someone else and must now provide or buy itself."""

    id: str
    name: str
    area: str
    form: str
    provider: str | None
    provider_name: str
    notice_months: int | float | None
    earliest_end: dt.date | None
    staff: float | None = None  # no source gives staff numbers yet

    def to_dict(self) -> dict[str, Any]:
        data = _as_dict(self)
        data["namn"] = data.pop("name")
        data["omrade"] = data.pop("area")
        return data


def _increase(
    index: _Index, a_id: str, remaining: tuple[str, ...], cost: float | None, *, by_population: bool = False
) -> tuple[str, tuple[MemberIncrease, ...]]:
    """Spread ``cost`` over ``remaining`` by known shares, else population (when asked
    for and known for all), else equally."""
    if not remaining:
        return "lika", ()
    weights = {r: index.member_value(a_id, r, "share") for r in remaining}
    basis = "andel"
    if not (all(w is not None for w in weights.values()) and sum(weights.values()) > 0):
        weights = {r: index.population.get(r) for r in remaining}
        basis = "befolkning"
        if not (by_population and all(w is not None for w in weights.values()) and sum(weights.values()) > 0):
            weights, basis = {r: 1.0 for r in remaining}, "lika"
    total = float(sum(weights.values()))
    out = []
    for r in remaining:
        weight = weights[r] / total
        kr = None if cost is None else cost * weight
        own = index.member_value(a_id, r, "annual_cost")
        percent = None if kr is None or not own else 100.0 * kr / own
        out.append(
            MemberIncrease(
                party_id=r,
                name=index.name(r),
                kr=None if kr is None else round(kr, 2),
                percent=None if percent is None else round(percent, 2),
                basis=basis,
            )
        )
    return basis, tuple(out)


@dataclass(frozen=True)
class ExitResult:
    """Everything :func:`exit_scenario` finds."""

    kommun: str
    kommun_name: str
    on: dt.date
    arrangements: tuple[ArrangementExit, ...]
    functions_to_rebuild: tuple[FunctionToRebuild, ...]
    before: NetworkFigures
    after: NetworkFigures
    lost_only_provider: tuple[LostProvider, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kommun": self.kommun,
            "namn": self.kommun_name,
            "datum": self.on.isoformat(),
            "arrangements": [a.to_dict() for a in self.arrangements],
            "functions_to_rebuild": [f.to_dict() for f in self.functions_to_rebuild],
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
            "lost_only_provider": [l.to_dict() for l in self.lost_only_provider],
            "checklist": [
                {"id": a.id, "namn": a.name, "form": a.form, "items": [i.to_dict() for i in a.checklist]}
                for a in self.arrangements
            ],
        }

    def tables(self, lang: str = "sv") -> dict[str, pd.DataFrame]:
        """Every part as a table for export, by sheet name (see :mod:`.tables`)."""
        from samverkansvav.scenarios.tables import localised_tables

        return localised_tables(self, lang)

    def to_text(self, lang: str = "sv") -> str:
        """A readable summary (the CLI's text format; see :mod:`.text`)."""
        from samverkansvav.scenarios.text import exit_text

        return exit_text(self, lang)


def exit_scenario(
    web: CooperationWeb,
    kommun: str,
    *,
    arrangement_ids: Iterable[str] | None = None,
    on: dt.date | None = None,
) -> ExitResult:
    """What happens when ``kommun`` leaves a set of its arrangements.

    Parameters
    ----------
    web
        The cooperation web; only arrangements and memberships current on ``on``
        are considered.
    kommun
        Party id of the leaver (resolve names first, e.g. with ``PartyResolver``).
    arrangement_ids
        The arrangements it leaves; default every current arrangement it is in.
    on
        Analysis date (default today); notice periods run from it.

    Returns
    -------
    ExitResult
        Per arrangement the status (``upplöses`` when fewer than two members
        remain, ``saknar_värd`` when the leaver was the host, else
        ``fortsätter``), the remaining members, ranked candidate hosts, the
        leaver's annual cost and each remaining member's increase (by known
        shares, else equal split; percent of the member's own cost when known),
        notice and earliest end; the functions the leaver must rebuild; network
        figures before and after; and who loses its only provider in an area.

    Raises
    ------
    ValueError
        When an id in ``arrangement_ids`` is not a current arrangement of
        ``kommun``.
    """
    on = on or dt.date.today()
    current = web.current_on(on)
    before = _Index(current)
    own = before.by_party.get(kommun, set())
    if arrangement_ids is None:
        chosen = set(own)
    else:
        chosen = {str(a) for a in arrangement_ids}
        unknown = sorted(chosen - own)
        if unknown:
            raise ValueError(
                f"{before.name(kommun)} ({kommun}) är inte med i pågående samverkan "
                f"{', '.join(unknown)} per {on.isoformat()}."
            )
    exits: list[ArrangementExit] = []
    rebuild: list[FunctionToRebuild] = []
    dissolved, hostless = set(), set()
    for a_id in sorted(chosen, key=lambda a: (before.name(a).casefold(), a)):
        row = before.rows[a_id]
        form = str(row["form"])
        host = before.host(a_id)
        remaining = tuple(sorted(before.members[a_id] - {kommun}))
        was_host = host == kommun
        finsam = form == samordning.FORM
        missing = samordning.missing_parties(before, remaining) if finsam else ()
        if len(remaining) < 2 or missing:
            status = DISSOLVES
            dissolved.add(a_id)
        elif was_host:
            status = NO_HOST
            hostless.add(a_id)
        else:
            status = CONTINUES
        candidates = _rank_candidates(before, a_id, remaining) if status == NO_HOST else ()
        cost = before.member_value(a_id, kommun, "annual_cost")
        if status == DISSOLVES:
            split, increase, to_spread = None, (), None
        elif finsam:
            # 5 §: the parties' shares are fixed, so only the leaver's own party pays more
            split, increase = _increase(
                before, a_id, samordning.cost_sharers(before, kommun, remaining), cost, by_population=True
            )
            to_spread = cost
        else:
            split, increase = _increase(before, a_id, remaining, cost)
            to_spread = cost
        notice = _months(row.get("notice_months"))
        if finsam:
            notice = samordning.notice_months(notice)
        earliest = _earliest_end(on, notice, _date(row.get("end")))
        exits.append(
            ArrangementExit(
                id=a_id,
                name=before.name(a_id),
                form=form,
                area=before.area(a_id),
                status=status,
                host=host,
                remaining=remaining,
                remaining_names=tuple(before.name(r) for r in remaining),
                new_host_candidates=candidates,
                annual_cost=cost,
                cost_to_redistribute=to_spread,
                split=split,
                increase=increase,
                notice_months=notice,
                earliest_end=earliest,
                host_leaves=was_host,
                missing_parties=missing,
            )
        )
        provider = before.providers.get(a_id)
        if form != "informell" and provider != kommun:
            rebuild.append(
                FunctionToRebuild(
                    id=a_id,
                    name=before.name(a_id),
                    area=before.area(a_id),
                    form=form,
                    provider=provider,
                    provider_name=before.name(provider),
                    notice_months=notice,
                    earliest_end=earliest,
                )
            )
    after_web = _without(current, kommun, chosen, dissolved, hostless)
    after = _Index(after_web)
    affected = sorted({kommun}.union(*(before.members[a] for a in chosen)) if chosen else {kommun})
    return ExitResult(
        kommun=kommun,
        kommun_name=before.name(kommun),
        on=on,
        arrangements=tuple(exits),
        functions_to_rebuild=tuple(rebuild),
        before=_network_figures(current, before, affected),
        after=_network_figures(after_web, after, affected, gaps=gaps_after(before, after, affected)),
        lost_only_provider=_lost_only_provider(before, after, affected),
    )
