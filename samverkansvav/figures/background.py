"""Light, offline map backgrounds as plotly layout shapes (SVG paths in lon/lat).

- :func:`boundary_shapes`: the municipal boundaries of a configured GeoJSON file.
- :func:`schematic_shapes`: without a boundary file, cells around each
  municipality's own coordinates (a Voronoi diagram, each cell clipped to a disc
  around its point), so the country's shape shows and every municipality has an
  area. Built only from the project's own coordinates and always labelled as
  schematic by the caller: the cells are not boundaries.

Shapes live in the figure's layout, so a filter that replaces the traces leaves
the background where it is (nothing heavy is sent again).

Examples
--------
>>> import pandas as pd
>>> pts = pd.DataFrame({"lat": [60.0, 60.0, 61.0], "lon": [15.0, 16.0, 15.5]}, index=["a", "b", "c"])
>>> shapes = schematic_shapes(pts)
>>> len(shapes), shapes[0]["path"].startswith("M")
(3, True)
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["BACKGROUND_FILL", "BACKGROUND_LINE", "boundary_shapes", "schematic_shapes", "clip_convex"]

BACKGROUND_FILL = "#EEF1F4"
BACKGROUND_LINE = "#C3CBD3"
#: Radius (degrees of latitude) of the disc each schematic cell is clipped to.
SCHEMATIC_RADIUS = 0.42


def _path(rings: Iterable[Iterable[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        ring = list(ring)
        if len(ring) < 3:
            continue
        parts.append("M" + "L".join(f"{x:.3f},{y:.3f}" for x, y in ring) + "Z")
    return "".join(parts)


def _shape(path: str, *, fill: str, line: str, width: float) -> dict:
    return {
        "type": "path",
        "path": path,
        "xref": "x",
        "yref": "y",
        "layer": "below",
        "fillcolor": fill,
        "line": {"color": line, "width": width},
    }


def boundary_shapes(geojson: dict | None) -> list[dict]:
    """One filled path per feature of a (Multi)Polygon GeoJSON FeatureCollection."""
    shapes = []
    for feature in (geojson or {}).get("features", []):
        geometry = feature.get("geometry") or {}
        kind, coords = geometry.get("type"), geometry.get("coordinates") or []
        polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
        rings = [[(float(p[0]), float(p[1])) for p in ring] for polygon in polygons for ring in polygon]
        path = _path(rings)
        if path:
            shapes.append(_shape(path, fill=BACKGROUND_FILL, line=BACKGROUND_LINE, width=0.6))
    return shapes


def clip_convex(
    polygon: list[tuple[float, float]], clip: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: ``polygon`` clipped by the convex, counter-clockwise ``clip``.

    Examples
    --------
    >>> square = [(0, 0), (2, 0), (2, 2), (0, 2)]
    >>> clip_convex(square, [(1, -1), (3, -1), (3, 3), (1, 3)])
    [(1.0, 0.0), (2, 0), (2, 2), (1.0, 2.0)]
    """
    out = list(polygon)
    for (ax, ay), (bx, by) in zip(clip, clip[1:] + clip[:1]):
        if not out:
            break
        src, out = out, []

        def inside(p):
            return (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax) >= 0

        def cross(p, q):
            # Where segment p→q meets the line a→b: p + s·(q − p) with cross(b − a, · − a) = 0.
            dx, dy = q[0] - p[0], q[1] - p[1]
            den = (bx - ax) * dy - (by - ay) * dx
            if den == 0:
                return q
            s = -((bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)) / den
            return (round(p[0] + s * dx, 9), round(p[1] + s * dy, 9))

        for k, cur in enumerate(src):
            prev = src[k - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
    return out


def schematic_shapes(
    points: pd.DataFrame, *, radius: float = SCHEMATIC_RADIUS, sides: int = 20
) -> list[dict]:
    """Voronoi cells of ``points`` (``lat``, ``lon``), each clipped to a disc around its point.

    Computed in a plane where a degree of longitude is shortened by the cosine of
    the mean latitude, so cells are not stretched east–west.
    """
    from scipy.spatial import Voronoi

    pts = points[["lon", "lat"]].astype(float).dropna()
    pts = pts[~pts.duplicated()]
    if len(pts) == 0:
        return []
    k = math.cos(math.radians(float(pts["lat"].mean())))
    xy = np.column_stack([pts["lon"].to_numpy() * k, pts["lat"].to_numpy()])
    # Four far-away points close every real cell, so each has a finite polygon.
    cx, cy = xy.mean(axis=0)
    far = 100.0
    frame = np.array([[cx - far, cy - far], [cx + far, cy - far], [cx + far, cy + far], [cx - far, cy + far]])
    vor = Voronoi(np.vstack([xy, frame]))
    shapes = []
    angles = [2 * math.pi * i / sides for i in range(sides)]
    for i, (x, y) in enumerate(xy):
        region = vor.regions[vor.point_region[i]]
        if not region or -1 in region:
            continue
        cell = [tuple(vor.vertices[v]) for v in region]
        # Voronoi regions are convex; order them counter-clockwise around the point.
        cell.sort(key=lambda p: math.atan2(p[1] - y, p[0] - x))
        disc = [(x + radius * math.cos(a), y + radius * math.sin(a)) for a in angles]
        clipped = clip_convex(disc, cell)
        ring = [(px / k, py) for px, py in clipped]
        path = _path([ring])
        if path:
            shapes.append(_shape(path, fill=BACKGROUND_FILL, line="#FFFFFF", width=1.0))
    return shapes
