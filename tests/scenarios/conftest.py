"""Fixtures for the scenario tests: a small web builder and the ``require`` helper.

Test files cannot import each other or a conftest (``--import-mode=importlib``),
so helpers are handed out as fixtures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from samverkansvav.model import HOST_FORMS, CooperationWeb


def _build(parties: dict[str, tuple], arrangements: list[dict[str, Any]]) -> CooperationWeb:
    """Build a web from compact specs.

    ``parties``: id -> (name, population[, lat, lon]).
    ``arrangements``: dicts with the arrangement columns plus ``members``, either a
    list of party ids or a dict id -> {"share": .., "annual_cost": ..}.
    """
    party_rows = []
    for pid, spec in parties.items():
        name, population, *coords = spec
        lat, lon = coords if coords else (None, None)
        party_rows.append(
            {
                "id": pid,
                "name": name,
                "kind": "kommun",
                "lan_code": "14",
                "lan_name": "Testlän",
                "lat": lat,
                "lon": lon,
                "population": population,
            }
        )
    arr_rows, mem_rows = [], []
    for spec in arrangements:
        spec = dict(spec)
        members = spec.pop("members")
        arr_rows.append(spec)
        if not isinstance(members, dict):
            members = {m: {} for m in members}
        for pid, extra in members.items():
            host = spec.get("host")
            if spec["form"] in HOST_FORMS and host == pid:
                role = "utförare" if spec["form"] == "avtalssamverkan" else "värd"
            else:
                role = "uppdragsgivare" if spec["form"] == "avtalssamverkan" else "medlem"
            mem_rows.append(
                {
                    "arrangement_id": spec["id"],
                    "party_id": pid,
                    "role": role,
                    "share": extra.get("share", float("nan")),
                    "annual_cost": extra.get("annual_cost", float("nan")),
                }
            )
    return CooperationWeb.from_records(parties=party_rows, arrangements=arr_rows, memberships=mem_rows)


@pytest.fixture
def build_web() -> Callable[..., CooperationWeb]:
    return _build


#: Hand-built test case modelled on a real event (Härryda's minutes of 2023-04-18):
#: Göteborg performed alcohol and tobacco licensing by agreement for eight
#: municipalities until 30 June 2023; seven then formed a new agreement hosted by
#: Partille. The kommunkoder are real; the member list of the old agreement, the
#: other arrangements and the populations (rounded) are chosen for the test and are
#: NOT a description of the real cooperation in the Göteborg region.
GOTEBORG_PARTIES = {
    "1480": ("Göteborg", 600_000),
    "1402": ("Partille", 40_000),
    "1401": ("Härryda", 39_000),
    "1481": ("Mölndal", 70_000),
    "1482": ("Kungälv", 48_000),
    "1441": ("Lerum", 43_000),
    "1489": ("Alingsås", 42_000),
    "1440": ("Ale", 32_000),
    "1407": ("Öckerö", 13_000),
}
DEPENDENTS = ["1402", "1401", "1481", "1482", "1441", "1489", "1440", "1407"]


def _goteborg_arrangements(*, partille_hosts_tobacco: bool) -> list[dict]:
    import datetime as dt

    arrangements = [
        {
            "id": "alkohol_gbg",
            "name": "Alkohol- och tobakstillstånd (Göteborg)",
            "form": "avtalssamverkan",
            "area": "alkohol och tobak",
            "host": "1480",
            "start": dt.date(2015, 1, 1),
            "end": dt.date(2023, 6, 30),
            "notice_months": 12,
            "members": ["1480", *DEPENDENTS],
        },
        {
            "id": "gr",
            "name": "Regionalt kommunalförbund (test)",
            "form": "kommunalforbund",
            "area": "regional utveckling",
            "members": ["1480", *DEPENDENTS],
        },
        {
            "id": "rtj",
            "name": "Räddningsförbund (test)",
            "form": "kommunalforbund",
            "area": "räddningstjänst",
            "members": ["1402", "1401", "1481", "1441"],
        },
        {
            "id": "lon_molndal",
            "name": "Lönecenter Mölndal (test)",
            "form": "avtalssamverkan",
            "area": "löneadministration",
            "host": "1481",
            "members": ["1481", "1482"],
        },
    ]
    if partille_hosts_tobacco:
        arrangements.append(
            {
                "id": "tobak_partille",
                "name": "Tobakstillsyn (Partille, test)",
                "form": "avtalssamverkan",
                "area": "alkohol och tobak",
                "host": "1402",
                "members": ["1402", "1401", "1441"],
            }
        )
    return arrangements


@pytest.fixture
def goteborg_web() -> CooperationWeb:
    return _build(GOTEBORG_PARTIES, _goteborg_arrangements(partille_hosts_tobacco=True))


@pytest.fixture
def goteborg_web_without_partille_evidence() -> CooperationWeb:
    return _build(GOTEBORG_PARTIES, _goteborg_arrangements(partille_hosts_tobacco=False))


@pytest.fixture
def goteborg_dependents() -> list[str]:
    return list(DEPENDENTS)
