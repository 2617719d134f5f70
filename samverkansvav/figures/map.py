"""The regional cooperation map: municipalities as points, co-membership lines by form.

Drawn with plotly's ``Scattermap`` on the ``white-bg`` style, which needs no tile
server: the map works offline. Municipality boundaries are an optional GeoJSON
line layer.

Examples
--------
>>> import pandas as pd
>>> points = pd.DataFrame({"name": ["A", "B"], "lat": [59.0, 60.0], "lon": [18.0, 17.0],
...                        "population": [100.0, 400.0], "value": [1.0, 2.0]},
...                       index=["0001", "0002"])
>>> links = pd.DataFrame({"a": ["0001"], "b": ["0002"], "form": ["avtalssamverkan"], "n": [1]})
>>> fig = map_figure(points, links)
>>> [t.name for t in fig.data]
['avtalssamverkan', 'Kommuner']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from samverkansvav.figures.palette import FORM_COLOURS, SEQUENTIAL_SCALE
from samverkansvav.model import FORMS

__all__ = [
    "DEFAULT_MAP_LABELS",
    "SWEDEN_CENTER",
    "link_coordinates",
    "marker_sizes",
    "map_figure",
    "POINT_COLUMNS",
    "point_frame",
    "simplify_geojson",
]

SWEDEN_CENTER = {"lat": 62.6, "lon": 16.8}
SWEDEN_ZOOM = 3.7

DEFAULT_MAP_LABELS: dict[str, str] = {
    "municipalities": "Kommuner",
    "population": "Befolkning",
    "population_unknown": "okänd",
    "value": "Värde",
    "lost": "Förlorade kopplingar",
    "highlight": "Markerade",
    "kommunkod": "Kommunkod",
}


def marker_sizes(population: pd.Series, *, smallest: float = 5.0, largest: float = 34.0) -> list[float]:
    """Marker diameters whose AREA grows with population (square-root scaling).

    Unknown population gets the smallest size.

    Examples
    --------
    >>> marker_sizes(pd.Series([100.0, 400.0, None]), smallest=0, largest=10)
    [5.0, 10.0, 0.0]
    """
    pop = pd.to_numeric(population, errors="coerce").astype(float)
    top = pop.max()
    if not np.isfinite(top) or top <= 0:
        return [float(smallest)] * len(pop)
    scaled = smallest + (largest - smallest) * np.sqrt(pop.clip(lower=0) / top)
    return [float(v) if np.isfinite(v) else float(smallest) for v in scaled]


def link_coordinates(links: pd.DataFrame, coords: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes of line segments ``a``–``b``, separated by NaN (a gap).

    Float arrays rather than lists with ``None``: plotly validates arrays without
    a Python loop (tens of thousands of points), and writes NaN as ``null``, the
    gap marker. Links with an end point without coordinates are dropped.

    Examples
    --------
    >>> coords = pd.DataFrame({"lat": [1.0, 2.0], "lon": [3.0, 4.0]}, index=["x", "y"])
    >>> lon, lat = link_coordinates(pd.DataFrame({"a": ["x"], "b": ["y"]}), coords)
    >>> lon.tolist()[:2], lat.tolist()[:2], bool(np.isnan(lon[2]))
    ([3.0, 4.0], [1.0, 2.0], True)
    """
    if links.empty:
        return np.empty(0), np.empty(0)
    lat = coords["lat"].astype(float)
    lon = coords["lon"].astype(float)
    a_lat = links["a"].map(lat).to_numpy(dtype=float)
    b_lat = links["b"].map(lat).to_numpy(dtype=float)
    a_lon = links["a"].map(lon).to_numpy(dtype=float)
    b_lon = links["b"].map(lon).to_numpy(dtype=float)
    ok = np.isfinite(a_lat) & np.isfinite(b_lat) & np.isfinite(a_lon) & np.isfinite(b_lon)
    n = int(ok.sum())
    lons = np.full((n, 3), np.nan)
    lats = np.full((n, 3), np.nan)
    lons[:, 0], lons[:, 1] = a_lon[ok], b_lon[ok]
    lats[:, 0], lats[:, 1] = a_lat[ok], b_lat[ok]
    return lons.ravel(), lats.ravel()


def _view(points: pd.DataFrame) -> tuple[dict, float]:
    lat = points["lat"].astype(float)
    lon = points["lon"].astype(float)
    if len(points) < 2 or not lat.notna().any():
        if len(points) == 1 and lat.notna().all():
            return {"lat": float(lat.iloc[0]), "lon": float(lon.iloc[0])}, 7.0
        return dict(SWEDEN_CENTER), SWEDEN_ZOOM
    span = max(float(lat.max() - lat.min()), float(lon.max() - lon.min()) / 2.0, 0.05)
    # Web-mercator zoom: one zoom step halves the visible span (~170° at zoom 0 across 700 px).
    zoom = max(3.0, min(9.0, math.log2(170.0 / span) - 1.3))
    center = {"lat": float((lat.max() + lat.min()) / 2), "lon": float((lon.max() + lon.min()) / 2)}
    if span > 8:
        return dict(SWEDEN_CENTER), SWEDEN_ZOOM
    return center, zoom


def simplify_geojson(geojson: dict, *, decimals: int = 3) -> dict:
    """A copy of ``geojson`` with coordinates rounded (3 decimals ≈ 100 m).

    Halves the boundary layer's weight in the page payload without a visible change
    at municipality scale.

    Examples
    --------
    >>> g = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
    ...      "geometry": {"type": "Polygon", "coordinates": [[[18.12345, 59.98765]]]}}]}
    >>> simplify_geojson(g)["features"][0]["geometry"]["coordinates"]
    [[[18.123, 59.988]]]
    """

    def rnd(value):
        if isinstance(value, (list, tuple)):
            return [rnd(v) for v in value]
        if isinstance(value, float):
            return round(value, decimals)
        return value

    features = []
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        features.append(
            {
                "type": "Feature",
                "properties": dict(feature.get("properties") or {}),
                "geometry": {
                    "type": geometry.get("type"),
                    "coordinates": rnd(geometry.get("coordinates", [])),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


#: What a municipality's point on a map shows: its name, its place and its population with
#: the year and precision of the figure (the hover says how sure the number is).
POINT_COLUMNS = ("name", "lat", "lon", "population", "population_year", "population_precision")


def point_frame(parties: pd.DataFrame, party_ids: Iterable[str]) -> pd.DataFrame:
    """The :data:`POINT_COLUMNS` of ``party_ids`` (a copy; in that order), for a map's points.

    Examples
    --------
    >>> parties = pd.DataFrame(
    ...     {c: [1.0, 2.0] for c in POINT_COLUMNS} | {"kind": ["kommun", "kommun"]}, index=["a", "b"]
    ... )
    >>> frame = point_frame(parties, ["b"])
    >>> list(frame.index), list(frame.columns) == list(POINT_COLUMNS)
    (['b'], True)
    """
    return parties.loc[list(party_ids), list(POINT_COLUMNS)].copy()


def _population_text(row: dict, labels: Mapping[str, str]) -> str:
    pop = row.get("population")
    if pop is None or pd.isna(pop):
        return f"{labels['population']}: {labels['population_unknown']}"
    text = f"{labels['population']}: {int(pop):,}".replace(",", " ")
    extra = [
        str(v)
        for v in (row.get("population_year"), row.get("population_precision"))
        if v is not None and not (isinstance(v, float) and math.isnan(v)) and not pd.isna(v)
    ]
    if extra:
        year = extra[0]
        if year.endswith(".0"):
            year = year[:-2]
        extra[0] = year
        text += f" ({', '.join(extra)})"
    return text


def map_figure(
    points: pd.DataFrame,
    links: pd.DataFrame,
    *,
    metric_label: str = "",
    form_labels: Mapping[str, str] | None = None,
    boundaries: dict | None = None,
    highlight: Iterable[str] = (),
    lost_links: pd.DataFrame | None = None,
    labels: Mapping[str, str] | None = None,
    height: int = 720,
) -> go.Figure:
    """The cooperation map.

    Parameters
    ----------
    points
        Indexed by party id; columns ``name``, ``lat``, ``lon``, ``population`` and
        optionally ``population_year``, ``population_precision`` and ``value`` (the
        metric that colours the points). Rows without coordinates are not drawn.
    links
        Co-membership lines: columns ``a``, ``b``, ``form`` and ``n`` (number of
        shared arrangements of that form). One trace per form, in
        :data:`~samverkansvav.model.FORMS` order, named by ``form_labels``.
    boundaries
        A GeoJSON FeatureCollection drawn as thin grey outlines, or ``None``.
    highlight
        Party ids drawn with a ring (e.g. the municipality of a scenario).
    lost_links
        Columns ``a``, ``b``: links a scenario removes, drawn as a thick dark trace.

    The municipality trace carries the party id in ``customdata`` so a click can
    open the profile.
    """
    labels = {**DEFAULT_MAP_LABELS, **(labels or {})}
    form_labels = dict(form_labels or {})
    drawable = points[points["lat"].notna() & points["lon"].notna()] if len(points) else points
    coords = drawable[["lat", "lon"]] if len(drawable) else pd.DataFrame(columns=["lat", "lon"])
    fig = go.Figure()

    if len(links):
        present = set(links["form"].tolist())
        for form in [f for f in FORMS if f in present] + sorted(present - set(FORMS)):
            subset = links[links["form"] == form]
            lons, lats = link_coordinates(subset, coords)
            if not len(lons):
                continue
            fig.add_trace(
                go.Scattermap(
                    lon=lons,
                    lat=lats,
                    mode="lines",
                    line={"width": 1.5, "color": FORM_COLOURS.get(form, "#777777")},
                    name=form_labels.get(form, form),
                    legendgroup=form,
                    hoverinfo="skip",
                    opacity=0.7,
                )
            )
    if lost_links is not None and len(lost_links):
        lons, lats = link_coordinates(lost_links, coords)
        if len(lons):
            fig.add_trace(
                go.Scattermap(
                    lon=lons,
                    lat=lats,
                    mode="lines",
                    line={"width": 4, "color": "#222222"},
                    name=labels["lost"],
                    hoverinfo="skip",
                )
            )

    if len(drawable):
        value = drawable["value"] if "value" in drawable else pd.Series(0.0, index=drawable.index)
        value = pd.to_numeric(value, errors="coerce").astype(float)
        values = value.to_numpy(dtype=float)
        hover = [
            f"<b>{row['name']}</b> ({pid})<br>{_population_text(row, labels)}"
            + (f"<br>{metric_label}: {v:.3g}" if metric_label and np.isfinite(v) else "")
            for (pid, row), v in zip(drawable.to_dict("index").items(), values)
        ]
        fig.add_trace(
            go.Scattermap(
                lon=drawable["lon"].to_numpy(dtype=float),
                lat=drawable["lat"].to_numpy(dtype=float),
                mode="markers",
                marker={
                    "size": marker_sizes(
                        drawable["population"]
                        if "population" in drawable
                        else pd.Series(np.nan, index=drawable.index)
                    ),
                    "color": np.nan_to_num(values, nan=0.0),
                    "colorscale": SEQUENTIAL_SCALE,
                    "showscale": bool(metric_label),
                    "colorbar": {"title": {"text": metric_label}, "x": 1.0, "len": 0.6, "y": 0.35},
                    "opacity": 0.9,
                },
                text=hover,
                hoverinfo="text",
                customdata=[str(pid) for pid in drawable.index.tolist()],
                name=labels["municipalities"],
                showlegend=False,
            )
        )
        marked = [pid for pid in highlight if pid in drawable.index]
        if marked:
            fig.add_trace(
                go.Scattermap(
                    lon=[float(drawable.at[p, "lon"]) for p in marked],
                    lat=[float(drawable.at[p, "lat"]) for p in marked],
                    # Markers only: map text labels need glyphs from a font server, which
                    # an offline map does not have (the name still shows on hover).
                    mode="markers",
                    marker={"size": 22, "color": "#D55E00", "opacity": 0.5},
                    text=[str(drawable.at[p, "name"]) for p in marked],
                    customdata=marked,
                    name=labels["highlight"],
                    hoverinfo="text",
                )
            )

    center, zoom = _view(
        drawable
        if len(drawable)
        else points.iloc[0:0]
        if len(points)
        else pd.DataFrame(columns=["lat", "lon"])
    )
    layers = []
    if boundaries:
        layers.append(
            {
                "source": boundaries,
                "sourcetype": "geojson",
                "type": "line",
                "color": "#9A9A9A",
                "line": {"width": 0.6},
                "below": "traces",
            }
        )
    fig.update_layout(
        map={"style": "white-bg", "center": center, "zoom": zoom, "layers": layers},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        legend={"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)", "title": {"text": ""}},
        uirevision="map",
        paper_bgcolor="white",
    )
    return fig
