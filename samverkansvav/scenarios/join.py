"""Where to join: existing arrangements in an area a municipality could join."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from samverkansvav.model import FORMS, CooperationWeb
from samverkansvav.scenarios.index import _PARTY_KEYS, _as_dict, _Index

__all__ = ["JoinOption", "AreaHost", "JoinOptions", "where_to_join"]


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (mean Earth radius 6 371 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class JoinOption:
    """An existing arrangement in the area the municipality could join."""

    id: str
    name: str
    form: str
    host: str | None
    #: ``None`` when nobody is named: :func:`~samverkansvav.scenarios.text.option_provider`
    #: tells a host-based form without a named host from informal cooperation.
    provider_name: str | None
    members: tuple[str, ...]
    nearest_member: str | None
    nearest_km: float | None
    mean_km: float | None

    def to_dict(self) -> dict[str, Any]:
        from samverkansvav.scenarios.text import option_provider

        data = _as_dict(self)
        data["provider_name"] = option_provider(self, "sv")
        data["namn"] = data.pop("name")
        return data


@dataclass(frozen=True)
class AreaHost:
    """A municipality that already hosts the area."""

    party_id: str
    name: str
    arrangement_ids: tuple[str, ...]
    distance_km: float | None

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self, _PARTY_KEYS)


@dataclass(frozen=True)
class JoinOptions:
    """Result of :func:`where_to_join`."""

    kommun: str
    kommun_name: str
    area: str
    options: tuple[JoinOption, ...]
    hosts: tuple[AreaHost, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kommun": self.kommun,
            "namn": self.kommun_name,
            "omrade": self.area,
            "options": [o.to_dict() for o in self.options],
            "hosts": [h.to_dict() for h in self.hosts],
        }

    def tables(self, lang: str = "sv") -> dict[str, pd.DataFrame]:
        """Both parts as tables for export, by sheet name (see :mod:`.tables`)."""
        from samverkansvav.scenarios.tables import localised_tables

        return localised_tables(self, lang)


def where_to_join(web: CooperationWeb, kommun: str, area: str, *, on: dt.date | None = None) -> JoinOptions:
    """Existing arrangements in ``area`` that ``kommun`` is not in, and the area's hosts.

    Options are sorted by the distance from ``kommun`` to the nearest member
    (haversine on the parties' lat/lon; unknown distances last), then by form in
    the order of :data:`~samverkansvav.model.FORMS`, then by name. Informal
    networks are included (joining one is cheap). Area names are compared
    case-insensitively with every area an arrangement lists ("Miljö, bygg" is in
    both "miljö" and "bygg").
    """
    on = on or dt.date.today()
    index = _Index(web.current_on(on))
    wanted = area.strip().casefold()
    origin = index.coords.get(kommun)

    def distance(pid: str) -> float | None:
        target = index.coords.get(pid)
        if origin is None or target is None:
            return None
        return round(_haversine_km(origin, target), 1)

    options = []
    hosts: dict[str, list[str]] = defaultdict(list)
    for a_id, row in index.rows.items():
        if wanted not in {a.casefold() for a in index.areas(a_id)}:
            continue
        host = index.host(a_id)
        if host is not None and host != kommun:
            hosts[host].append(a_id)
        members = tuple(sorted(index.members[a_id]))
        if kommun in members:
            continue
        distances = {m: distance(m) for m in members}
        known = {m: d for m, d in distances.items() if d is not None}
        nearest = min(known, key=lambda m: (known[m], m)) if known else None
        options.append(
            JoinOption(
                id=a_id,
                name=index.name(a_id),
                form=str(row["form"]),
                host=host,
                provider_name=index.name(index.providers[a_id]) if index.providers.get(a_id) else None,
                members=members,
                nearest_member=nearest,
                nearest_km=known[nearest] if nearest else None,
                mean_km=round(sum(known.values()) / len(known), 1) if known else None,
            )
        )
    form_rank = {f: i for i, f in enumerate(FORMS)}
    options.sort(
        key=lambda o: (
            o.nearest_km is None,
            o.nearest_km or 0.0,
            form_rank.get(o.form, len(FORMS)),
            o.name.casefold(),
            o.id,
        )
    )
    area_hosts = sorted(
        (AreaHost(h, index.name(h), tuple(sorted(a)), distance(h)) for h, a in hosts.items()),
        key=lambda h: (h.distance_km is None, h.distance_km or 0.0, h.party_id),
    )
    return JoinOptions(
        kommun=kommun,
        kommun_name=index.name(kommun),
        area=area,
        options=tuple(options),
        hosts=tuple(area_hosts),
    )
