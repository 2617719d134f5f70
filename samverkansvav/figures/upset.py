"""An UpSet-style figure: which member sets recur, and how often.

Top panel: one bar per member set (number of arrangements with exactly that set
of members). Bottom panel: a dot matrix, one column per set and one row per
party, with filled dots for the members joined by a line — readable where a Venn
diagram of dozens of sets is not.

Examples
--------
>>> import pandas as pd
>>> sets = pd.DataFrame({"members": [("a", "b"), ("a", "b", "c")], "n": [3, 1]})
>>> fig = upset_figure(sets, names={"a": "A", "b": "B", "c": "C"})
>>> list(fig.data[0].y)
[3, 1]
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

__all__ = ["member_set_counts", "upset_figure"]


def member_set_counts(memberships: pd.DataFrame, *, min_size: int = 2) -> pd.DataFrame:
    """Count arrangements per exact member set.

    Returns columns ``members`` (sorted tuple of party ids), ``n`` (arrangements)
    and ``size``, most frequent first (ties: larger sets first, then by members).

    Examples
    --------
    >>> m = pd.DataFrame({"arrangement_id": ["x", "x", "y", "y", "z", "z", "z"],
    ...                   "party_id": ["a", "b", "b", "a", "a", "b", "c"]})
    >>> member_set_counts(m).to_dict("records")
    [{'members': ('a', 'b'), 'n': 2, 'size': 2}, {'members': ('a', 'b', 'c'), 'n': 1, 'size': 3}]
    """
    if memberships.empty:
        return pd.DataFrame(
            {"members": pd.Series(dtype=object), "n": pd.Series(dtype=int), "size": pd.Series(dtype=int)}
        )
    sets = _member_sets(memberships)
    counts = sets.value_counts().rename("n").reset_index()
    counts.columns = ["members", "n"]
    counts["size"] = counts["members"].map(len)
    counts = counts[counts["size"] >= min_size]
    counts = counts.assign(_key=[",".join(members) for members in counts["members"]])
    counts = counts.sort_values(["n", "size", "_key"], ascending=[False, False, True], kind="stable")
    return counts.drop(columns="_key").reset_index(drop=True).astype({"n": int, "size": int})


def _member_sets(memberships: pd.DataFrame) -> pd.Series:
    """Each arrangement's sorted tuple of distinct party ids, in arrangement-id order.

    The same as ``groupby("arrangement_id")["party_id"].agg(lambda s: tuple(sorted(set(s))))``
    but without a Series per arrangement: duplicates go in one vectorised step,
    ``ngroup`` numbers the arrangements in the groupby's sorted order, and one
    Python pass collects the distinct pairs.
    """
    pairs = memberships.loc[
        memberships["arrangement_id"].notna(), ["arrangement_id", "party_id"]
    ].drop_duplicates()
    by_arrangement = pairs.groupby("arrangement_id")
    members: list[list] = [[] for _ in range(by_arrangement.ngroups)]
    for group, party in zip(by_arrangement.ngroup().tolist(), pairs["party_id"].tolist()):
        members[group].append(party)
    return pd.Series([tuple(sorted(m)) for m in members], dtype=object, name="party_id")


def upset_figure(
    sets: pd.DataFrame,
    *,
    names: Mapping[str, str],
    top: int = 20,
    count_label: str = "Arrangemang",
    height: int = 640,
) -> go.Figure:
    """UpSet-style figure of the ``top`` most frequent member sets (columns ``members``, ``n``)."""
    sets = sets.head(top).reset_index(drop=True)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.35, 0.65], vertical_spacing=0.02)
    if sets.empty:
        return fig
    xs = list(range(len(sets)))
    fig.add_trace(
        go.Bar(
            x=xs,
            y=[int(v) for v in sets["n"]],
            marker_color="#0072B2",
            name=count_label,
            showlegend=False,
            hovertemplate=f"{count_label}: %{{y}}<extra></extra>",
        ),
        row=1,
        col=1,
    )
    parties: list[str] = []
    for members in sets["members"]:
        for pid in members:
            if pid not in parties:
                parties.append(pid)
    parties.sort(key=lambda p: (-sum(p in m for m in sets["members"]), str(names.get(p, p))))
    row_of = {p: i for i, p in enumerate(parties)}
    # Light grey dots for every cell, then dark dots and a line for the members.
    fig.add_trace(
        go.Scatter(
            x=[x for x in xs for _ in parties],
            y=[row_of[p] for _ in xs for p in parties],
            mode="markers",
            marker={"color": "#E3E3E3", "size": 9},
            hoverinfo="skip",
            showlegend=False,
        ),
        row=2,
        col=1,
    )
    line_x: list = []
    line_y: list = []
    dot_x: list = []
    dot_y: list = []
    for x, members in zip(xs, sets["members"]):
        ys = sorted(row_of[p] for p in members)
        line_x += [x, x, None]
        line_y += [ys[0], ys[-1], None]
        dot_x += [x] * len(ys)
        dot_y += ys
    fig.add_trace(
        go.Scatter(
            x=line_x,
            y=line_y,
            mode="lines",
            line={"color": "#333", "width": 2},
            hoverinfo="skip",
            showlegend=False,
        ),
        row=2,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=dot_x,
            y=dot_y,
            mode="markers",
            marker={"color": "#333", "size": 10},
            hoverinfo="skip",
            showlegend=False,
        ),
        row=2,
        col=1,
    )
    fig.update_yaxes(title_text=count_label, row=1, col=1)
    fig.update_yaxes(
        tickvals=list(range(len(parties))),
        ticktext=[str(names.get(p, p)) for p in parties],
        autorange="reversed",
        row=2,
        col=1,
    )
    fig.update_xaxes(showticklabels=False, row=2, col=1)
    fig.update_xaxes(showticklabels=False, row=1, col=1)
    fig.update_layout(
        height=max(height, 200 + 18 * len(parties)),
        margin={"l": 140, "r": 20, "t": 20, "b": 20},
        plot_bgcolor="white",
        bargap=0.3,
    )
    return fig
