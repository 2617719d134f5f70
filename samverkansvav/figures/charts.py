"""Small bar charts, and ranked horizontal bars with whole names on the axis.

Examples
--------
>>> import pandas as pd
>>> fig = bar_chart(pd.Series({"a": 2, "b": 5}), colours={"b": "#000000"})
>>> list(fig.data[0].y), list(fig.data[0].marker.color)
([2, 5], ['#0072B2', '#000000'])
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

__all__ = ["bar_chart", "ranked_chart", "wrap_label"]


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
        bar = go.Bar(
            y=shown,
            x=nums,
            orientation="h",
            marker_color=marker,
            hovertemplate=f"%{{y}}: %{{x}}<extra>{value_label}</extra>",
        )
    else:
        bar = go.Bar(
            x=shown, y=nums, marker_color=marker, hovertemplate=f"%{{x}}: %{{y}}<extra>{value_label}</extra>"
        )
    fig = go.Figure(bar)
    fig.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10}, plot_bgcolor="white", showlegend=False
    )
    if horizontal:
        fig.update_yaxes(autorange="reversed", automargin=True)
        fig.update_xaxes(title_text=value_label, gridcolor="#eee")
    else:
        fig.update_yaxes(title_text=value_label, gridcolor="#eee")
        fig.update_xaxes(automargin=True)
    return fig


def wrap_label(text: str, width: int = 38) -> str:
    """``text`` broken into lines of about ``width`` characters (plotly's ``<br>``), never cut.

    Examples
    --------
    >>> wrap_label("Gemensam nämnd för upphandlingssamverkan (UpphandlingsCenter)", 30)
    'Gemensam nämnd för<br>upphandlingssamverkan<br>(UpphandlingsCenter)'
    """
    import textwrap

    return "<br>".join(textwrap.wrap(str(text), width=width, break_long_words=False)) or str(text)


#: Neutral colours of ranked counts: no form colour, so a bar never reads as a legal form.
RANK_COLOURS: tuple[str, ...] = ("#3E4C5E", "#9AA8B8")


def ranked_chart(
    names: list[str],
    series: Mapping[str, list[float]],
    *,
    hover: list[str] | None = None,
    texts: Mapping[str, list[str]] | None = None,
    value_label: str = "",
    row_height: int = 26,
) -> go.Figure:
    """Horizontal bars, first name on top; one bar per entry of ``series`` (label → values).

    Names are written in full on the axis (the chart grows with the number of
    rows), so a ranking of 20 providers reads like a list. ``texts`` (label →
    strings) replaces the value written beside a bar.

    Examples
    --------
    >>> fig = ranked_chart(["A", "B"], {"Kommuner": [5, 2], "Funktioner": [3, 1]})
    >>> [t.name for t in fig.data], list(fig.data[0].x), fig.layout.yaxis.autorange
    (['Kommuner', 'Funktioner'], [5, 2], 'reversed')
    """
    fig = go.Figure()
    shown = [wrap_label(n) for n in names]
    for k, (label, values) in enumerate(series.items()):
        fig.add_trace(
            go.Bar(
                y=shown,
                x=list(values),
                name=label,
                orientation="h",
                marker_color=RANK_COLOURS[k % len(RANK_COLOURS)],
                text=list((texts or {}).get(label, values)),
                textposition="outside",
                cliponaxis=False,
                hovertext=hover,
                hovertemplate="%{y}<br>"
                + label
                + ": %{x}"
                + ("<br>%{hovertext}" if hover else "")
                + "<extra></extra>",
            )
        )
    rows = max(len(names), 1) * max(len(series), 1)
    fig.update_layout(
        barmode="group",
        height=max(220, 60 + row_height * rows),
        plot_bgcolor="white",
        margin={"l": 10, "r": 30, "t": 30, "b": 10},
        bargap=0.25,
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        showlegend=len(series) > 1,
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    # Room right of the longest bar for the text written beside it.
    top = max((float(v) for values in series.values() for v in values), default=0.0)
    longest = max((len(str(x)) for values in (texts or series).values() for x in values), default=1)
    fig.update_xaxes(
        title_text=value_label, gridcolor="#eee", range=[0, (top or 1.0) * (1.08 + 0.022 * longest)]
    )
    return fig
