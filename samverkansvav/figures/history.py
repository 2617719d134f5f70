"""Figures of the web over time: a municipality's timeline and figures per year, a region's.

Pure functions, DataFrame in and ``go.Figure`` out (no dash). Texts come in as
arguments so the caller chooses the language.

Examples
--------
>>> import datetime as dt
>>> import pandas as pd
>>> periods = pd.DataFrame([{"arrangement": "Itsam", "form": "kommunalforbund",
...     "start": dt.date(2009, 1, 1), "end": dt.date(2024, 3, 31), "start_known": True,
...     "end_known": True}])
>>> fig = timeline_figure(periods, on=dt.date(2025, 1, 1), form_names={}, texts={})
>>> fig.data[0].base[0], fig.data[0].y[0]
('2009-01-01', 'Itsam')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from samverkansvav.figures.palette import form_colour

__all__ = ["timeline_figure", "yearly_figure", "region_figure"]

_DAY_MS = 86_400_000
_EVENT_COLOURS = {"formed": "#009E73", "joined": "#56B4E9", "left": "#E69F00", "ended": "#D55E00"}


def _integer_step(values) -> int | None:
    """A tick step that keeps a count axis on whole numbers (``None``: plotly decides)."""
    top = max([float(v) for v in values] + [0.0])
    for limit, step in ((6, 1), (12, 2), (30, 5), (60, 10), (150, 25), (300, 50)):
        if top <= limit:
            return step
    return None


def _text(texts: Mapping[str, str], key: str, default: str) -> str:
    return str(texts.get(key, default))


def timeline_figure(
    periods: pd.DataFrame, *, on: dt.date, form_names: Mapping[str, str], texts: Mapping[str, str]
) -> go.Figure:
    """One horizontal bar per membership period (see ``analysis.history.membership_periods``).

    A period with an unknown start is drawn from the left edge, paler, and says so on
    hover; an open period runs to the analysis date ``on`` (dotted line).
    ``texts`` may give ``start_unknown``, ``ongoing``, ``end_unknown``, ``analysis_date``.
    """
    fig = go.Figure()
    known_starts = [d for d in periods["start"] if d is not None and not pd.isna(d)] if len(periods) else []
    left_edge = min(known_starts + [on]) if known_starts else dt.date(on.year - 10, 1, 1)
    left_edge = dt.date(min(left_edge.year, on.year - 1), 1, 1)
    for form, group in periods.groupby("form", sort=False) if len(periods) else ():
        bases, lengths, names, hovers, opacity, pattern = [], [], [], [], [], []
        for row in group.itertuples(index=False):
            start = row.start if row.start_known else left_edge
            end = row.end if row.end is not None and not pd.isna(row.end) else on
            start_text = (
                row.start.isoformat() if row.start_known else _text(texts, "start_unknown", "start okänd")
            )
            if row.end is not None and not pd.isna(row.end):
                end_text = row.end.isoformat()
            elif not row.end_known:
                end_text = _text(texts, "end_unknown", "avslutad, datum okänt")
            else:
                end_text = _text(texts, "ongoing", "pågår")
            bases.append(start.isoformat())
            lengths.append(max((end - start).days + 1, 1) * _DAY_MS)
            names.append(row.arrangement)
            hovers.append(f"{row.arrangement}<br>{start_text} – {end_text}")
            opacity.append(1.0 if row.start_known else 0.5)
            # hatched: the bar's left end is the chart's edge, not a known start
            pattern.append("" if row.start_known else "/")
        fig.add_trace(
            go.Bar(
                x=lengths,
                base=bases,
                y=names,
                orientation="h",
                name=str(form_names.get(form, form)),
                marker={
                    "color": form_colour(str(form)),
                    "opacity": opacity,
                    "pattern": {"shape": pattern, "fgcolor": "#ffffff", "size": 8},
                },
                hovertext=hovers,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.add_vline(x=on.isoformat(), line_dash="dot", line_color="#555")
    fig.add_annotation(
        x=on.isoformat(),
        y=1,
        yref="paper",
        yanchor="bottom",
        xanchor="right",
        showarrow=False,
        text=_text(texts, "analysis_date", "analysdatum"),
        font={"size": 11, "color": "#555"},
    )
    fig.update_layout(
        barmode="overlay",
        height=max(180, 60 + 28 * len(periods)),
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 24, "b": 10},
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(
        type="date",
        gridcolor="#eee",
        range=[left_edge.isoformat(), (on + dt.timedelta(days=120)).isoformat()],
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


def yearly_figure(frame: pd.DataFrame, *, titles: Mapping[str, str]) -> go.Figure:
    """Four small line charts of ``analysis.history.yearly_figures``: arrangements,
    partners, systemledningsindex and dependency share per year.

    ``titles`` maps the column names to their display titles.
    """
    columns = ["n_arrangements", "n_partners", "systemledningsindex", "dependency_share"]
    fig = make_subplots(
        rows=1, cols=4, subplot_titles=[str(titles.get(c, c)) for c in columns], horizontal_spacing=0.07
    )
    years = frame["year"].tolist() if len(frame) else []
    for i, column in enumerate(columns, start=1):
        values = frame[column].tolist() if len(frame) else []
        fig.add_trace(
            go.Scatter(
                x=years,
                y=values,
                mode="lines+markers",
                line={"color": "#0072B2", "shape": "hv"},
                marker={"size": 5},
                name=str(titles.get(column, column)),
                hovertemplate="%{x}: %{y}<extra></extra>",
            ),
            row=1,
            col=i,
        )
    fig.update_yaxes(rangemode="tozero", gridcolor="#eee")
    for i, column in enumerate(columns[:2], start=1):
        step = _integer_step(frame[column] if len(frame) else [])
        if step:
            fig.update_yaxes(dtick=step, row=1, col=i)
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%", row=1, col=4)
    fig.update_xaxes(tickformat="d", gridcolor="#eee")
    fig.update_layout(
        height=260, showlegend=False, plot_bgcolor="white", margin={"l": 10, "r": 10, "t": 30, "b": 10}
    )
    fig.update_annotations(font_size=12)
    return fig


def region_figure(frame: pd.DataFrame, *, titles: Mapping[str, str]) -> go.Figure:
    """A region over time (``analysis.history.region_yearly``): events per year as
    grouped bars, arrangements in force (and those with no known start) as lines.

    ``titles`` maps ``n_arrangements``, ``n_start_unknown`` and the event kinds to names.
    """
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    years = frame["year"].tolist() if len(frame) else []
    for kind, colour in _EVENT_COLOURS.items():
        fig.add_trace(
            go.Bar(
                x=years,
                y=frame[kind].tolist() if len(frame) else [],
                name=str(titles.get(kind, kind)),
                marker_color=colour,
                hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
            ),
            secondary_y=False,
        )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=frame["n_arrangements"].tolist() if len(frame) else [],
            name=str(titles.get("n_arrangements", "n_arrangements")),
            mode="lines",
            line={"color": "#000000", "width": 2, "shape": "hv"},
        ),
        secondary_y=True,
    )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=frame["n_start_unknown"].tolist() if len(frame) else [],
            name=str(titles.get("n_start_unknown", "n_start_unknown")),
            mode="lines",
            line={"color": "#999999", "width": 1.5, "dash": "dash", "shape": "hv"},
        ),
        secondary_y=True,
    )
    fig.update_layout(
        barmode="group",
        height=320,
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.2},
    )
    fig.update_xaxes(tickformat="d", gridcolor="#eee")
    events = [v for kind in _EVENT_COLOURS for v in (frame[kind] if len(frame) else [])]
    fig.update_yaxes(
        title_text=str(titles.get("events", "")),
        rangemode="tozero",
        gridcolor="#eee",
        dtick=_integer_step(events),
        secondary_y=False,
    )
    fig.update_yaxes(
        title_text=str(titles.get("n_arrangements", "")),
        rangemode="tozero",
        showgrid=False,
        dtick=_integer_step(frame["n_arrangements"] if len(frame) else []),
        tickformat="d",
        secondary_y=True,
    )
    return fig
