"""Ranking of candidate new hosts (see the package docstring for the score)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from samverkansvav.scenarios.index import _clean, _Index

__all__ = ["CANDIDATE_WEIGHTS", "HostCandidate"]

#: Weights of the host-candidate score (see the module docstring).
CANDIDATE_WEIGHTS: dict[str, float] = {
    "same_area": 3.0,
    "served": 2.0,
    "ties": 1.0,
    "population": 1.0,
}


@dataclass(frozen=True)
class HostCandidate:
    """A possible new host with the evidence behind its score.

    The evidence is counts and names; :func:`~samverkansvav.scenarios.text.candidate_evidence`
    says it in words.
    """

    party_id: str
    name: str
    score: float
    #: other arrangements in the same area it already hosts, and their names
    same_area_hosted: int
    served_members: int
    ties: int
    population: float | None
    same_area_names: tuple[str, ...] = ()
    #: how many other remaining members there are (``served_members`` is out of these)
    n_others: int = 0

    @property
    def evidence(self) -> tuple[str, ...]:
        """The evidence in Swedish sentences (the JSON's ``evidence``)."""
        from samverkansvav.scenarios.text import candidate_evidence

        return candidate_evidence(self, "sv")

    def to_dict(self) -> dict[str, Any]:
        return _clean(
            {
                "score": self.score,
                "evidence": list(self.evidence),
                "same_area_hosted": self.same_area_hosted,
                "served_members": self.served_members,
                "ties": self.ties,
                "population": self.population,
                "kommunkod": self.party_id,
                "namn": self.name,
            }
        )


def _rank_candidates(
    index: _Index, arrangement_id: str, candidates: Iterable[str]
) -> tuple[HostCandidate, ...]:
    """Rank ``candidates`` as new host of ``arrangement_id`` (see module docstring)."""
    candidates = sorted(set(candidates))
    if not candidates:
        return ()
    # Every listed area counts: hosting "bygg" is evidence for "Miljö, bygg".
    areas = {a.casefold() for a in index.areas(arrangement_id)}
    raw: dict[str, dict[str, Any]] = {}
    for c in candidates:
        others = [r for r in candidates if r != c]
        hosted_same = sorted(
            b
            for b in index.by_party.get(c, ())
            if b != arrangement_id and index.host(b) == c and areas & {a.casefold() for a in index.areas(b)}
        )
        served = {
            r
            for b in index.by_party.get(c, ())
            if b != arrangement_id and index.host(b) == c
            for r in index.members[b]
            if r in others
        }
        ties = sum(
            len((index.by_party.get(c, set()) & index.by_party.get(r, set())) - {arrangement_id})
            for r in others
        )
        raw[c] = {
            "hosted_same": hosted_same,
            "served": len(served),
            "others": len(others),
            "ties": ties,
            "population": index.population.get(c),
        }
    max_ties = max(v["ties"] for v in raw.values())
    max_pop = max((v["population"] or 0.0) for v in raw.values())
    w = CANDIDATE_WEIGHTS
    ranked = []
    for c, v in raw.items():
        served_part = v["served"] / v["others"] if v["others"] else 0.0
        ties_part = v["ties"] / max_ties if max_ties else 0.0
        pop_part = (v["population"] or 0.0) / max_pop if max_pop else 0.0
        score = (
            w["same_area"] * len(v["hosted_same"])
            + w["served"] * served_part
            + w["ties"] * ties_part
            + w["population"] * pop_part
        )
        ranked.append(
            HostCandidate(
                party_id=c,
                name=index.name(c),
                score=round(score, 3),
                same_area_hosted=len(v["hosted_same"]),
                served_members=v["served"],
                ties=v["ties"],
                population=v["population"],
                same_area_names=tuple(index.name(b) for b in v["hosted_same"]),
                n_others=v["others"],
            )
        )
    ranked.sort(key=lambda h: (-h.score, -(h.population or 0.0), h.party_id))
    return tuple(ranked)
