"""Concentration risks: where a web is fragile or unmanaged.

:func:`concentration_risks` returns plain DataFrames that a view, a notebook or
an Excel export can show as they are.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from samverkansvav.analysis._tables import is_known
from samverkansvav.analysis.metrics import municipality_metrics
from samverkansvav.analysis.network import provider_ranking
from samverkansvav.model import CooperationWeb, members_by_arrangement

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
    web: CooperationWeb, *, on: dt.date, min_dependents: int = 2, metrics: pd.DataFrame | None = None
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

    ``metrics`` is ``municipality_metrics`` of ``web.current_on(on)`` when the caller
    already has it (for at least every party that depends on someone).
    """
    current = web.current_on(on)
    names = current.party_names()

    providers = provider_ranking(current)
    providers = providers[providers["n_dependents"] >= min_dependents].reset_index(drop=True)

    if metrics is None:
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
    members = members_by_arrangement(mem)
    base = ["id", "name", "form", "area"]

    ids = arr["id"].tolist()
    sizes = pd.Series([len(members.get(a, ())) for a in ids], index=arr.index)
    two = arr.loc[sizes == 2, base].copy()
    two["members"] = [members[a] for a in two["id"].tolist()]
    # Many arrangements share their two members: each pair is named once.
    named: dict[tuple, tuple[str, ...]] = {}
    two["member_names"] = [
        named[ms] if ms in named else named.setdefault(ms, tuple(str(names.get(m) or m) for m in ms))
        for ms in two["members"].tolist()
    ]

    cutoff = two_years_before(on)
    last = arr["last_evaluated"]
    missing = last.isna()
    codes, dates = pd.factorize(last.to_numpy(dtype=object), use_na_sentinel=True)
    before_cutoff = np.array([_as_date(d) < cutoff for d in dates] + [False], dtype=bool)
    old = pd.Series(before_cutoff[codes], index=arr.index) & ~missing
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
