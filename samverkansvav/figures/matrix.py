"""Heatmaps: co-membership ordered by community, and who depends on whom.

Examples
--------
>>> import pandas as pd
>>> m = pd.DataFrame([[2, 1], [1, 3]], index=["x", "y"], columns=["x", "y"])
>>> fig = comembership_heatmap(m, communities={"x": 1, "y": 0}, names={"x": "X", "y": "Y"})
>>> fig.data[0].x
('Y', 'X')
>>> fig.data[0].z.tolist()
[[3, 1], [1, 2]]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from samverkansvav.figures.palette import community_colour

__all__ = ["community_order", "comembership_heatmap", "dependency_heatmap"]


def community_order(
    ids, communities: Mapping[str, int], *, strength: Mapping[str, float] | None = None
) -> list[str]:
    """Ids grouped by community (community number, then descending ``strength``, then id).

    Examples
    --------
    >>> community_order(["c", "a", "b"], {"a": 1, "b": 0, "c": 1})
    ['b', 'a', 'c']
    """
    strength = strength or {}
    return sorted(ids, key=lambda i: (communities.get(i, 10**6), -float(strength.get(i, 0.0)), str(i)))


def comembership_heatmap(
    matrix: pd.DataFrame,
    *,
    communities: Mapping[str, int],
    names: Mapping[str, str],
    value_label: str = "Gemensamma arrangemang",
    height: int = 720,
) -> go.Figure:
    """Square heatmap of shared arrangements, rows and columns grouped by community.

    The diagonal of ``matrix`` holds each municipality's own number of
    arrangements (as ``comembership_matrix`` gives it). Community blocks are
    outlined in the community colour.
    """
    ids = list(matrix.index)
    order = community_order(ids, communities, strength={i: float(matrix.at[i, i]) for i in ids})
    ordered = matrix.loc[order, order]
    labels = [str(names.get(i, i)) for i in order]
    # A numpy array: plotly validates it without a Python loop over n² cells.
    z = ordered.to_numpy(dtype=np.int64)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels,
            y=labels,
            colorscale="Blues",
            colorbar={"title": {"text": value_label}},
            hovertemplate="%{y} – %{x}: %{z}<extra></extra>",
        )
    )
    shapes = []
    start = 0
    for idx in range(1, len(order) + 1):
        if idx == len(order) or communities.get(order[idx]) != communities.get(order[start]):
            colour = community_colour(communities.get(order[start]))
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "y",
                    "x0": start - 0.5,
                    "x1": idx - 0.5,
                    "y0": start - 0.5,
                    "y1": idx - 0.5,
                    "line": {"color": colour, "width": 2},
                }
            )
            start = idx
    fig.update_layout(
        shapes=shapes,
        height=height,
        margin={"l": 120, "r": 20, "t": 20, "b": 120},
        yaxis={"autorange": "reversed", "scaleanchor": "x"},
        xaxis={"tickangle": -60},
        plot_bgcolor="white",
    )
    return fig


def dependency_heatmap(
    edges: pd.DataFrame,
    *,
    names: Mapping[str, str],
    member_label: str = "Kommun",
    provider_label: str = "Utförare",
    value_label: str = "Funktioner",
    max_providers: int = 60,
    max_members: int = 120,
    height: int = 720,
) -> go.Figure:
    """Matrix of members (rows) × providers (columns): how many functions each gets from each.

    ``edges`` has ``member`` and ``provider`` (one row per dependency, e.g. from
    ``dependency_edges``). Only the ``max_providers`` providers with most
    dependents and the ``max_members`` most dependent members are drawn so the
    picture stays readable at national scale.
    """
    if edges.empty:
        return go.Figure()
    counts = edges.groupby(["member", "provider"]).size().rename("n").reset_index()
    providers = counts.groupby("provider")["member"].nunique().sort_values(ascending=False, kind="stable")
    providers = list(providers.index[:max_providers])
    counts = counts[counts["provider"].isin(providers)]
    members = counts.groupby("member")["n"].sum().sort_values(ascending=False, kind="stable")
    members = list(members.index[:max_members])
    pivot = counts.pivot_table(index="member", columns="provider", values="n", aggfunc="sum", fill_value=0)
    pivot = pivot.reindex(index=members, columns=providers, fill_value=0)
    fig = go.Figure(
        go.Heatmap(
            z=pivot.to_numpy(dtype=np.int64),
            x=[str(names.get(p, p)) for p in providers],
            y=[str(names.get(m, m)) for m in members],
            colorscale="Oranges",
            colorbar={"title": {"text": value_label}},
            hovertemplate=f"{member_label}: %{{y}}<br>{provider_label}: %{{x}}<br>{value_label}: %{{z}}<extra></extra>",
        )
    )
    fig.update_layout(
        height=height,
        margin={"l": 140, "r": 20, "t": 20, "b": 160},
        xaxis={"title": {"text": provider_label}, "tickangle": -50},
        yaxis={"title": {"text": member_label}, "autorange": "reversed"},
        plot_bgcolor="white",
    )
    return fig
