"""The readable cooperation map: a plain (SVG) plot of longitude and latitude.

Why not a tile map: a WebGL ``Scattermap`` cannot write names offline (its text
needs glyphs from a font server). A plain plot writes names, zooms to a
selection through its axis ranges, needs no WebGL and no network.

- Each arrangement is a **star** from its provider: the host municipality, or
  for a federation or company its seat (else the members' centre), to each
  member, so the number of lines grows with members, not members².
- Municipalities are points sized by population (area ∝ population) and
  coloured in **steps** of the chosen measure, in a hue no form uses.
- The view is zoomed to a selection (a county, a municipality and its partners);
  names are written where they fit.

Examples
--------
>>> import pandas as pd
>>> points = pd.DataFrame({"name": ["A", "B", "C"], "lat": [60.0, 60.5, 61.0], "lon": [15.0, 16.0, 15.5],
...                        "population": [100.0, 400.0, 900.0], "value": [1.0, 2.0, 3.0]},
...                       index=["0001", "0002", "0003"])
>>> stars = pd.DataFrame({"arrangement": ["Lön"], "form": ["avtalssamverkan"], "provider": ["A"],
...                       "hub_lat": [60.0], "hub_lon": [15.0], "lat": [60.5], "lon": [16.0]})
>>> fig = cooperation_map(points, stars, focus_ids=["0001", "0002"])
>>> [t.name for t in fig.data][:1]
['avtalssamverkan']
>>> view_zoom(fig) > view_zoom(cooperation_map(points, stars))
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from samverkansvav.figures.palette import FORM_COLOURS, SEQUENTIAL_STEPS
from samverkansvav.model import FORMS

__all__ = ["MAP_HEIGHT", "stepped_bins", "star_segments", "view_box", "view_zoom", "cooperation_map"]

MAP_HEIGHT = 640
#: Sweden with a little margin (lon, lat): the national view.
SWEDEN_BOX = (10.6, 24.4, 55.1, 69.2)
#: Plot width:height assumed when choosing names that fit (a 1440-px page).
ASPECT = 1392 / MAP_HEIGHT


def stepped_bins(
    values: pd.Series, *, steps: int = len(SEQUENTIAL_STEPS), kind: str = "number"
) -> list[float]:
    """Upper edges of up to ``steps`` classes of ``values`` (quantiles, rounded to read well).

    ``kind`` ``"count"`` gives whole numbers, ``"share"`` fifths of 0–1.

    Examples
    --------
    >>> stepped_bins(pd.Series([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), kind="count")
    [1.0, 3.0, 5.0, 7.0, 9.0]
    >>> stepped_bins(pd.Series([0.1, 0.9]), kind="share")
    [0.2, 0.4, 0.6, 0.8, 1.0]
    """
    v = pd.to_numeric(values, errors="coerce").dropna().astype(float)
    if kind == "share":
        return [round((i + 1) / steps, 4) for i in range(steps)]
    if v.empty:
        return [0.0]
    qs = v.quantile([(i + 1) / steps for i in range(steps)], interpolation="lower").to_numpy()
    if kind == "count":
        qs = np.ceil(qs)
    else:
        mag = 10 ** max(math.floor(math.log10(max(abs(float(v.max())), 1e-9))) - 1, -2)
        qs = np.ceil(qs / mag) * mag
    edges = sorted({float(q) for q in qs})
    edges[-1] = max(edges[-1], float(v.max()))
    return edges


def _class_of(values: np.ndarray, edges: Sequence[float]) -> np.ndarray:
    return np.searchsorted(np.asarray(edges, dtype=float), values, side="left").clip(0, len(edges) - 1)


def _edge_text(edges: Sequence[float], kind: str) -> list[str]:
    def fmt(x: float) -> str:
        if kind == "share":
            return f"{x:.0%}"
        if float(x).is_integer():
            return f"{int(x):,}".replace(",", " ")
        return f"{x:.2g}"

    texts, low = [], None
    for edge in edges:
        if low is None:
            texts.append(f"≤ {fmt(edge)}")
        else:
            texts.append(f"{fmt(low)}–{fmt(edge)}" if kind != "count" or edge - low > 1 else fmt(edge))
        low = edge + (1 if kind == "count" else 0)
    return texts


def star_segments(stars: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """x, y, hover text and party ids of star lines: hub, midpoint, member, gap for every spoke.

    The midpoint carries the hover (the hub is shared by every spoke of a star).
    The hub and member vertices carry their party id (``hub_id``, ``member``
    columns when present), so a click on a line's end opens that municipality,
    like a click on its point.
    """
    n = len(stars)
    x = np.full((n, 4), np.nan)
    y = np.full((n, 4), np.nan)
    x[:, 0], y[:, 0] = stars["hub_lon"].to_numpy(float), stars["hub_lat"].to_numpy(float)
    x[:, 2], y[:, 2] = stars["lon"].to_numpy(float), stars["lat"].to_numpy(float)
    x[:, 1], y[:, 1] = (x[:, 0] + x[:, 2]) / 2, (y[:, 0] + y[:, 2]) / 2
    hover, ids = [], []
    texts = stars["hover"] if "hover" in stars else [""] * n
    hubs = stars["hub_id"] if "hub_id" in stars else [""] * n
    members = stars["member"] if "member" in stars else [""] * n
    for text, hub, member in zip(texts, hubs, members):
        hover += [str(text)] * 3 + [""]
        ids += [str(hub or ""), "", str(member or ""), ""]
    return x.ravel(), y.ravel(), hover, ids


def view_box(points: pd.DataFrame, focus_ids: Iterable[str] | None) -> tuple[float, float, float, float]:
    """(lon0, lon1, lat0, lat1) showing ``focus_ids`` among ``points`` with a margin; Sweden without a focus."""
    ids = [p for p in (focus_ids or []) if p in points.index]
    sub = points.loc[ids, ["lat", "lon"]].astype(float).dropna() if ids else points.iloc[0:0]
    if sub.empty:
        return SWEDEN_BOX
    lat0, lat1 = float(sub["lat"].min()), float(sub["lat"].max())
    lon0, lon1 = float(sub["lon"].min()), float(sub["lon"].max())
    pad_lat = max(0.08 * (lat1 - lat0), 0.12)
    pad_lon = max(0.08 * (lon1 - lon0), 0.2)
    return lon0 - pad_lon, lon1 + pad_lon, lat0 - pad_lat, lat1 + pad_lat


def _fit(box: tuple[float, float, float, float]) -> tuple[list[float], list[float], float]:
    """Axis ranges that show ``box`` in a plot of :data:`ASPECT`, and the y/x scale ratio."""
    lon0, lon1, lat0, lat1 = box
    ratio = 1 / math.cos(math.radians((lat0 + lat1) / 2))  # a degree of latitude is longer
    width = lon1 - lon0
    height = (lat1 - lat0) * ratio
    if width / height < ASPECT:
        width = height * ASPECT
    else:
        height = width / ASPECT
    cx, cy = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    return [cx - width / 2, cx + width / 2], [cy - height / ratio / 2, cy + height / ratio / 2], ratio


def view_zoom(fig: go.Figure) -> float:
    """Zoom level of a map figure on a page of :data:`ASPECT`: log2(Sweden's width / the view's width).

    The figure asks for its box; plotly widens one axis to keep the scale ratio
    for the plot's real size, as :func:`_fit` does for the assumed one.
    """
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    full, _, _ = _fit(SWEDEN_BOX)
    shown, _, _ = _fit((x0, x1, y0, y1))
    return math.log2((full[1] - full[0]) / (shown[1] - shown[0]))


def _names(
    points: pd.DataFrame,
    xr: Sequence[float],
    yr: Sequence[float],
    ratio: float,
    named: Iterable[str],
    sizes: Mapping[str, float],
    *,
    others: bool = False,
) -> list[str]:
    """Names that fit without overlapping: ``named`` first, then (with ``others``) any
    other point in view; the bigger population first within each."""
    from samverkansvav.figures.layout import Box, choose_labels, label_width

    px_per_lon = ASPECT * MAP_HEIGHT / (xr[1] - xr[0])
    px_per_lat = MAP_HEIGHT / (yr[1] - yr[0])
    named = set(named)
    candidates = points.index if others else [p for p in points.index if p in named]
    inside = [
        p
        for p in candidates
        if xr[0] <= float(points.at[p, "lon"]) <= xr[1] and yr[0] <= float(points.at[p, "lat"]) <= yr[1]
    ]
    pos = {
        p: (float(points.at[p, "lon"]) * px_per_lon, -float(points.at[p, "lat"]) * px_per_lat) for p in inside
    }
    font = 12.0
    labels = {
        p: Box(0, -(sizes.get(p, 8) / 2 + 9), label_width(str(points.at[p, "name"]), font), 16)
        for p in inside
    }
    dots = {p: Box(0, 0, sizes.get(p, 8), sizes.get(p, 8)) for p in inside}
    pop = pd.to_numeric(points["population"], errors="coerce").fillna(0) if "population" in points else None
    importance = {
        p: (float(pop.get(p, 0)) if pop is not None else 0.0) + (1e12 if p in named else 0.0) for p in inside
    }
    return choose_labels(pos, labels, dots, importance, gap=2.0)


def cooperation_map(
    points: pd.DataFrame,
    stars: pd.DataFrame,
    *,
    focus_ids: Iterable[str] | None = None,
    named_ids: Iterable[str] | None = None,
    hubs: pd.DataFrame | None = None,
    background: list[dict] | None = None,
    background_note: str | None = None,
    metric_label: str = "",
    metric_kind: str = "number",
    form_labels: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    height: int = MAP_HEIGHT,
    revision: str = "map",
) -> go.Figure:
    """The map.

    Parameters
    ----------
    points
        Indexed by party id: ``name``, ``lat``, ``lon``, ``population``, ``value``
        (the measure) and optionally ``hover`` (extra hover lines).
    stars
        One row per spoke: ``form``, ``hub_lat``, ``hub_lon``, ``lat``, ``lon`` and
        ``hover`` (arrangement, form, provider). One trace per form, named by
        ``form_labels``, in :data:`~samverkansvav.model.FORMS` order.
    focus_ids
        Party ids to zoom to (a county, a municipality and its partners).
    named_ids
        Party ids whose names are written where they fit (default: the focus, or
        the most populous municipalities nationally). In a zoomed view other
        municipalities in view are named too where room is left.
    hubs
        Seats of federations and companies: ``lat``, ``lon``, ``form``, ``hover``.
    background
        Layout shapes drawn under everything (:mod:`samverkansvav.figures.background`),
        with ``background_note`` written in a corner (e.g. "schematic").
    revision
        plotly ``uirevision``: the reader's own pan and zoom survive a new figure
        with the same revision; a new selection should pass a new one.
    """
    labels = {"municipalities": "Kommuner", "names": "Namn", **(labels or {})}
    form_labels = dict(form_labels or {})
    drawable = points[points["lat"].notna() & points["lon"].notna()] if len(points) else points
    focus = [p for p in (focus_ids or []) if p in drawable.index]
    box = view_box(drawable, focus)
    # Names are chosen for a 1440-px page; the axes get the box itself, and plotly
    # widens one of them to the window's shape, so the box is whole at any size.
    xr, yr, ratio = _fit(box)
    fig = go.Figure()

    present = (
        [f for f in FORMS if f in set(stars["form"])] + sorted(set(stars["form"]) - set(FORMS))
        if len(stars)
        else []
    )
    for form in present:
        subset = stars[stars["form"] == form]
        x, y, hover, party_ids = star_segments(subset)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                name=form_labels.get(form, form),
                legendgroup=form,
                line={"width": 1.6, "color": FORM_COLOURS.get(form, "#777777")},
                opacity=0.75,
                hovertext=hover,
                hoverinfo="text",
                hoveron="points",
                connectgaps=False,
                customdata=party_ids,
            )
        )
    if hubs is not None and len(hubs):
        for form in [f for f in present if f in set(hubs["form"])]:
            h = hubs[hubs["form"] == form]
            fig.add_trace(
                go.Scatter(
                    x=h["lon"].astype(float),
                    y=h["lat"].astype(float),
                    mode="markers",
                    legendgroup=form,
                    showlegend=False,
                    name=form_labels.get(form, form),
                    marker={
                        "symbol": "diamond",
                        "size": 11,
                        "color": FORM_COLOURS.get(form, "#777777"),
                        "line": {"color": "#ffffff", "width": 1.5},
                    },
                    hovertext=h["hover"].astype(str),
                    hoverinfo="text",
                )
            )

    if len(drawable):
        from samverkansvav.figures.map import marker_sizes

        values = (
            pd.to_numeric(drawable["value"], errors="coerce").astype(float)
            if "value" in drawable
            else pd.Series(np.nan, index=drawable.index)
        )
        edges = stepped_bins(values, kind=metric_kind)
        classes = _class_of(values.fillna(values.min() if values.notna().any() else 0).to_numpy(), edges)
        n = len(edges)
        scale = []
        for i in range(n):
            colour = (
                SEQUENTIAL_STEPS[
                    min(i * (len(SEQUENTIAL_STEPS) - 1) // max(n - 1, 1), len(SEQUENTIAL_STEPS) - 1)
                ]
                if n < len(SEQUENTIAL_STEPS)
                else SEQUENTIAL_STEPS[i]
            )
            scale += [[i / n, colour], [(i + 1) / n, colour]]
        sizes = marker_sizes(
            drawable["population"] if "population" in drawable else pd.Series(np.nan, index=drawable.index),
            smallest=7.0,
            largest=28.0,
        )
        value_text = [
            ("–" if not np.isfinite(v) else (f"{v:.0%}" if metric_kind == "share" else f"{v:.3g}"))
            for v in values.to_numpy()
        ]
        extra = drawable["hover"].astype(str).tolist() if "hover" in drawable else [""] * len(drawable)
        hover = [
            f"<b>{name}</b> ({pid})"
            + (f"<br>{metric_label}: {vt}" if metric_label else "")
            + (f"<br>{ex}" if ex else "")
            for pid, name, vt, ex in zip(drawable.index, drawable["name"], value_text, extra)
        ]
        fig.add_trace(
            go.Scatter(
                x=drawable["lon"].astype(float),
                y=drawable["lat"].astype(float),
                mode="markers",
                name=labels["municipalities"],
                showlegend=False,
                marker={
                    "size": sizes,
                    "color": classes.astype(float),
                    "colorscale": scale,
                    "cmin": -0.5,
                    "cmax": n - 0.5,
                    "line": {"color": "#3B3B3B", "width": 0.7},
                    "showscale": bool(metric_label),
                    "colorbar": {
                        "title": {"text": metric_label},
                        "tickvals": list(range(n)),
                        "ticktext": _edge_text(edges, metric_kind),
                        "len": 0.55,
                        "y": 0.3,
                        "thickness": 14,
                    },
                },
                hovertext=hover,
                hoverinfo="text",
                customdata=[str(p) for p in drawable.index],
            )
        )
        named = (
            list(named_ids)
            if named_ids is not None
            else (
                focus
                or list(
                    pd.to_numeric(drawable["population"], errors="coerce")
                    .fillna(0)
                    .sort_values(ascending=False)
                    .index[:12]
                )
            )
        )
        shown = _names(drawable, xr, yr, ratio, named, dict(zip(drawable.index, sizes)), others=bool(focus))
        if shown:
            sub = drawable.loc[shown]
            size_of = dict(zip(drawable.index, sizes))
            fig.add_trace(
                go.Scatter(
                    x=sub["lon"].astype(float),
                    y=sub["lat"].astype(float),
                    mode="markers+text",
                    text=sub["name"].astype(str),
                    textposition="top center",
                    textfont={"size": 12, "color": "#1d2733"},
                    name=labels["names"],
                    showlegend=False,
                    hoverinfo="skip",
                    customdata=[str(p) for p in shown],
                    # A text trace has no per-point offset: a transparent marker as big as the
                    # point keeps the name just above it.
                    marker={"size": [size_of[p] for p in shown], "opacity": 0},
                )
            )

    annotations = []
    if background_note:
        annotations.append(
            {
                "text": background_note,
                "xref": "paper",
                "yref": "paper",
                "x": 0.995,
                "y": 0.005,
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 11, "color": "#5b6875"},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        )
    fig.update_layout(
        xaxis={"range": [box[0], box[1]], "visible": False, "showgrid": False, "zeroline": False},
        yaxis={
            "range": [box[2], box[3]],
            "visible": False,
            "showgrid": False,
            "zeroline": False,
            "scaleanchor": "x",
            "scaleratio": ratio,
        },
        shapes=list(background or []),
        annotations=annotations,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        dragmode="pan",
        hovermode="closest",
        # Top right, above the colour steps: the left edge holds names in a zoomed view.
        legend={
            "x": 0.995,
            "xanchor": "right",
            "y": 0.99,
            "bgcolor": "rgba(255,255,255,0.85)",
            "title": {"text": ""},
        },
        plot_bgcolor="white",
        paper_bgcolor="white",
        uirevision=revision,
    )
    return fig
