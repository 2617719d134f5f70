"""Concentration risks: where a web is fragile or unmanaged.

:func:`concentration_risks` returns plain DataFrames that a view, a notebook or
an Excel export can show as they are.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from samverkansvav.analysis._tables import is_known
from samverkansvav.analysis.metrics import municipality_metrics
from samverkansvav.analysis.network import provider_ranking
from samverkansvav.model import CooperationWeb

__all__ = ["concentration_risks", "two_years_before"]


def two_years_before(on: dt.date) -> dt.date:
    """The same calendar day two years earlier (29 Feb becomes 28 Feb).

    >>> two_years_before(dt.date(2024, 2, 29))
    datetime.date(2022, 2, 28)
    """
    try:
        return on.replace(year=on.year - 2)
    except ValueError:
        return on.replace(year=on.year - 2, day=28)


def concentration_risks(
    web: CooperationWeb, *, on: dt.date, min_dependents: int = 2
) -> dict[str, pd.DataFrame]:
    """Concentration risks among the arrangements current on ``on``.

    Keys
    ----
    ``providers``
        :func:`~samverkansvav.analysis.network.provider_ranking` rows with at
        least ``min_dependents`` dependent parties.
    ``municipalities``
        Parties that depend on someone, ranked by ``risk_score`` =
        dependency_share × provider_hhi (high when a municipality depends much,
        and on few providers), then provider_hhi, dependency_share, id.
    ``two_member``
        Arrangements with exactly two members (either leaving ends them).
    ``evaluation``
        Arrangements with no evaluation date (``reason`` ``saknas``) or one
        before two years before ``on`` (``äldre än två år``).
    ``no_goal``
        Arrangements without a recorded goal.
    """
    current = web.current_on(on)
    names = current.party_names()

    providers = provider_ranking(current)
    providers = providers[providers["n_dependents"] >= min_dependents].reset_index(drop=True)

    metrics = municipality_metrics(current)
    dependent = metrics[metrics["dependency_share"] > 0].copy()
    dependent["risk_score"] = dependent["dependency_share"] * dependent["provider_hhi"]
    dependent = dependent.sort_values(
        ["risk_score", "provider_hhi", "dependency_share", "kommunkod"],
        ascending=[False, False, False, True],
    )
    municipalities = dependent.loc[
        :,
        [
            "kommunkod",
            "namn",
            "n_arrangements",
            "dependency_share",
            "provider_hhi",
            "risk_score",
            "top_provider",
            "top_provider_name",
            "top_provider_share",
        ],
    ].reset_index(drop=True)

    arr = current.arrangements.drop_duplicates("id").astype(object)
    arr = arr.where(arr.notna(), None)
    mem = current.memberships.drop_duplicates(["arrangement_id", "party_id"])
    members = mem.groupby("arrangement_id")["party_id"].agg(lambda s: tuple(sorted(s)))
    base = ["id", "name", "form", "area"]

    sizes = arr["id"].map(lambda a: len(members.get(a, ())))
    two = arr.loc[sizes == 2, base].copy()
    two["members"] = two["id"].map(lambda a: members[a])
    two["member_names"] = two["members"].map(lambda ms: tuple(str(names.get(m) or m) for m in ms))

    cutoff = two_years_before(on)
    last = arr["last_evaluated"]
    missing = last.map(lambda d: d is None)
    old = last.map(lambda d: d is not None and _as_date(d) < cutoff)
    evaluation = arr.loc[missing | old, base + ["last_evaluated"]].copy()
    evaluation["reason"] = ["saknas" if m else "äldre än två år" for m in missing[missing | old]]

    no_goal = arr.loc[~is_known(arr["goal"]), base].copy()

    return {
        "providers": providers,
        "municipalities": municipalities,
        "two_member": two.sort_values("id").reset_index(drop=True),
        "evaluation": evaluation.sort_values("id").reset_index(drop=True),
        "no_goal": no_goal.sort_values("id").reset_index(drop=True),
    }


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()
