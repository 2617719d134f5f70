"""Small bar charts.

Examples
--------
>>> import pandas as pd
>>> fig = bar_chart(pd.Series({"a": 2, "b": 5}), colours={"b": "#000000"})
>>> list(fig.data[0].y), list(fig.data[0].marker.color)
([2, 5], ['#0072B2', '#000000'])
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd
import plotly.graph_objects as go

__all__ = ["bar_chart"]


def bar_chart(
    values: pd.Series,
    *,
    labels: Mapping[str, str] | None = None,
    colours: Mapping[str, str] | None = None,
    value_label: str = "",
    horizontal: bool = False,
    height: int = 320,
) -> go.Figure:
    """Bars of ``values`` (index = category) in the given order.

    ``labels`` renames categories for display; ``colours`` gives a colour per
    category (Okabe–Ito blue otherwise), so forms keep their colours everywhere.
    """
    labels = dict(labels or {})
    colours = dict(colours or {})
    cats = [str(k) for k in values.index]
    shown = [str(labels.get(k, k)) for k in cats]
    nums = [float(v) if not float(v).is_integer() else int(v) for v in values.to_numpy()]
    marker = [colours.get(k, "#0072B2") for k in cats]
    if horizontal:
        bar = go.Bar(y=shown, x=nums, orientation="h", marker_color=marker,
                     hovertemplate=f"%{{y}}: %{{x}}<extra>{value_label}</extra>")
    else:
        bar = go.Bar(x=shown, y=nums, marker_color=marker,
                     hovertemplate=f"%{{x}}: %{{y}}<extra>{value_label}</extra>")
    fig = go.Figure(bar)
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10}, plot_bgcolor="white",
                      showlegend=False)
    if horizontal:
        fig.update_yaxes(autorange="reversed", automargin=True)
        fig.update_xaxes(title_text=value_label, gridcolor="#eee")
    else:
        fig.update_yaxes(title_text=value_label, gridcolor="#eee")
        fig.update_xaxes(automargin=True)
    return fig
