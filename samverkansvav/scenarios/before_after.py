"""Before/after figures of a scenario: network figures, lost providers, the web after.

The figures after are honest about what a scenario takes away. When the host leaves,
the others still need the task: the arrangement keeps a provider that is now missing
(:data:`~samverkansvav.scenarios.index.MISSING_PROVIDER`, shown as "utförare saknas"),
it still counts as a dependency, and a member with no other provider in the area is
among those who lose their only provider. The leaver's own functions that others
provided are its new gap: they still count as functions it depends on someone for,
not as lower dependency.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from samverkansvav.model import CooperationWeb
from samverkansvav.scenarios.index import _PARTY_KEYS, MISSING_PROVIDER, _as_dict, _Index, _number

__all__ = ["LostProvider", "MunicipalityFigures", "NetworkFigures"]


@dataclass(frozen=True)
class LostProvider:
    """A municipality left with no provider in an area where it had one before."""

    party_id: str
    name: str
    area: str
    provider: str
    provider_name: str
    arrangement_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self, {**_PARTY_KEYS, "area": "omrade"})


@dataclass(frozen=True)
class MunicipalityFigures:
    party_id: str
    name: str
    n_partners: int
    dependency_share: float
    provider_hhi: float
    #: Arrangements (or, for the leaver, functions) whose provider is now missing.
    n_missing_provider: int = 0

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self, _PARTY_KEYS)


@dataclass(frozen=True)
class NetworkFigures:
    """Network-level figures and the figures of every affected municipality."""

    n_components: int
    n_parties: int
    n_arrangements: int
    municipalities: tuple[MunicipalityFigures, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_components": self.n_components,
            "n_parties": self.n_parties,
            "n_arrangements": self.n_arrangements,
            "municipalities": [m.to_dict() for m in self.municipalities],
        }

    def by_party(self) -> dict[str, MunicipalityFigures]:
        return {m.party_id: m for m in self.municipalities}


def _n_components(index: _Index) -> int:
    """Connected components of the co-membership graph among member parties.

    A union-find over the members of each arrangement: the same count as
    networkx's ``number_connected_components`` without importing networkx on the
    ``exit`` command's path (start-up time).
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for members in index.members.values():
        ordered = sorted(members)
        for member in ordered:
            parent.setdefault(member, member)
        if ordered:
            first = root(ordered[0])
            for member in ordered[1:]:
                other = root(member)
                if other != first:
                    parent[other] = first
    return sum(1 for node in parent if parent[node] == node)


def _metrics(web: CooperationWeb, party_ids: list[str]) -> pd.DataFrame:
    # imported here so that loading the scenarios module stays cheap at start-up
    from samverkansvav.analysis.metrics import municipality_metrics

    return municipality_metrics(web, party_ids=party_ids)


@dataclass(frozen=True)
class Gap:
    """The leaver's functions after an exit: still needed, ``unprovided`` of them by nobody."""

    n_functions: int
    n_unprovided: int


def gaps_after(before: _Index, after: _Index, parties: Iterable[str]) -> dict[str, Gap]:
    """What each party lost and still needs: the formal arrangements it was in before
    and is not in after (those it left, and those dissolved under it); ``unprovided``
    counts those someone else provided."""
    gaps = {}
    for p in parties:
        lost = [
            a
            for a in before.by_party.get(p, set()) - after.by_party.get(p, set())
            if before.rows[a].get("form") != "informell"
        ]
        unprovided = sum(1 for a in lost if before.providers.get(a) not in (None, p))
        if lost:
            gaps[p] = Gap(n_functions=len(lost), n_unprovided=unprovided)
    return gaps


def _gap_figures(index: _Index, p: str, gap: Gap) -> tuple[float, float]:
    """(dependency_share, provider_hhi) of ``p`` counting its gap as dependent on a
    missing provider (same definitions as :mod:`samverkansvav.analysis.metrics`)."""
    own = index.by_party.get(p, set())
    providers = Counter(index.providers.get(a) for a in own)
    providers.pop(None, None)
    providers.pop(p, None)
    if gap.n_unprovided:
        providers[MISSING_PROVIDER] += gap.n_unprovided
    n_all = len(own) + gap.n_functions
    n_dependent = sum(providers.values())
    if not n_all or not n_dependent:
        return 0.0, 0.0
    hhi = sum((n / n_dependent) ** 2 for n in providers.values())
    return n_dependent / n_all, hhi


def _network_figures(
    web: CooperationWeb, index: _Index, party_ids: list[str], *, gaps: dict[str, Gap] | None = None
) -> NetworkFigures:
    """Figures of ``party_ids``; ``gaps`` adds the functions a leaver still needs."""
    metrics = _metrics(web, party_ids) if party_ids else pd.DataFrame()
    gaps = gaps or {}
    municipalities = []
    for p in party_ids:
        row = metrics.loc[p] if p in metrics.index else {}
        share = _number(row.get("dependency_share")) or 0.0
        hhi = _number(row.get("provider_hhi")) or 0.0
        missing = sum(1 for a in index.by_party.get(p, ()) if index.providers.get(a) == MISSING_PROVIDER)
        if p in gaps:
            share, hhi = _gap_figures(index, p, gaps[p])
            missing += gaps[p].n_unprovided
        municipalities.append(
            MunicipalityFigures(
                party_id=p,
                name=index.name(p),
                n_partners=int(_number(row.get("n_partners")) or 0),
                dependency_share=round(share, 6),
                provider_hhi=round(hhi, 6),
                n_missing_provider=missing,
            )
        )
    return NetworkFigures(
        n_components=_n_components(index),
        n_parties=len(index.by_party),
        n_arrangements=len(index.rows),
        municipalities=tuple(municipalities),
    )


def _lost_only_provider(before: _Index, after: _Index, parties: Iterable[str]) -> tuple[LostProvider, ...]:
    """Parties that had a provider in an area before and have none after."""

    def providers_by_area(index: _Index, p: str) -> dict[str, dict[str, list[str]]]:
        result: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for a in index.by_party.get(p, ()):
            provider = index.providers.get(a)
            if provider is not None and provider not in (p, MISSING_PROVIDER):
                for area in index.areas(a) or ("",):
                    result[area][provider].append(a)
        return result

    lost = []
    for p in sorted(set(parties)):
        had, has = providers_by_area(before, p), providers_by_area(after, p)
        for area, providers in sorted(had.items()):
            if has.get(area):
                continue
            for provider, arrs in sorted(providers.items()):
                lost.append(
                    LostProvider(
                        party_id=p,
                        name=before.name(p),
                        area=area,
                        provider=provider,
                        provider_name=before.name(provider),
                        arrangement_ids=tuple(sorted(arrs)),
                    )
                )
    return tuple(lost)


def _without(
    web: CooperationWeb, leaver: str, arrangement_ids: set[str], dissolved: set[str], hostless: set[str]
) -> CooperationWeb:
    """The web after ``leaver`` left ``arrangement_ids``: dissolved ones are gone, and the
    ``hostless`` ones keep their members with :data:`MISSING_PROVIDER` as host."""
    arr = web.arrangements.loc[~web.arrangements["id"].isin(dissolved)].copy()
    arr["host"] = arr["host"].astype(object)
    arr.loc[arr["id"].isin(hostless), "host"] = MISSING_PROVIDER
    mem = web.memberships
    gone = (mem["arrangement_id"].isin(arrangement_ids) & (mem["party_id"] == leaver)) | mem[
        "arrangement_id"
    ].isin(dissolved)
    return CooperationWeb(web.parties, arr, mem.loc[~gone], web.sources)
