"""Fixtures for the analysis tests: a tiny web builder and the require() helper."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from samverkansvav.model import CooperationWeb


def _build(
    arrangements: list[dict],
    members: dict[str, str],
    *,
    costs: dict | None = None,
    n_parties: int = 6,
    **arrangement_defaults,
) -> CooperationWeb:
    """Web from compact specs: ``members`` maps arrangement id -> digits of party ids.

    Party ``i`` is id ``000i`` with name ``K<i>``; ``costs`` maps (arrangement id,
    digit) -> annual cost.
    """
    parties = [
        {"id": f"000{i}", "name": f"K{i}", "kind": "kommun", "lan_code": "01"}
        for i in range(1, n_parties + 1)
    ]
    memberships = []
    for arr in arrangements:
        for digit in members[arr["id"]]:
            pid = f"000{digit}"
            row = {
                "arrangement_id": arr["id"],
                "party_id": pid,
                "role": "värd" if arr.get("host") == pid else "medlem",
            }
            if costs and (arr["id"], digit) in costs:
                row["annual_cost"] = costs[(arr["id"], digit)]
            memberships.append(row)
    arrangements = [{**arrangement_defaults, "name": a["id"].upper(), **a} for a in arrangements]
    return CooperationWeb.from_records(parties=parties, arrangements=arrangements, memberships=memberships)


@pytest.fixture
def build_web() -> Callable[..., CooperationWeb]:
    """``build_web(arrangements, members, costs=None)`` -> CooperationWeb."""
    return _build
