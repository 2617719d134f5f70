"""Deterministic network layouts for a screen: a force layout, overlap removal, label choice.

The network view draws with cytoscape's ``preset`` layout and ``fit``, so the
positions computed here decide what the reader sees. They are laid out in a
*design box* of about the size of the canvas (1300 × 640 px), so that the fit
zoom is close to 1 and a font size given here is close to its size on screen.

- :func:`force_positions`: Kamada–Kawai for a small view (a county, a
  municipality's partners), ForceAtlas2 for larger webs; both
  seeded, nodes added in sorted order, so the same web gives the same picture.
- :func:`remove_overlaps`: pushes apart boxes (a node with its label) that
  overlap, along the axis where they overlap least.
- :func:`choose_labels`: the most important nodes whose label boxes fit without
  overlapping an already chosen one (a national view labels only these).

Examples
--------
>>> pos = force_positions(["a", "b", "c"], [("a", "b", 1.0), ("b", "c", 1.0)], box=(300, 100))
>>> sorted(pos) == ["a", "b", "c"] and all(0 <= x <= 300 and 0 <= y <= 100 for x, y in pos.values())
True
>>> boxes = {"a": Box(0, 0, 40, 20), "b": Box(10, 0, 40, 20)}
>>> moved = remove_overlaps({"a": (0.0, 0.0), "b": (10.0, 0.0)}, boxes)
>>> overlapping_pairs(moved, boxes)
0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

__all__ = [
    "Box",
    "DESIGN_BOX",
    "label_width",
    "force_positions",
    "ego_positions",
    "remove_overlaps",
    "overlapping_pairs",
    "choose_labels",
]

Position = tuple[float, float]
#: The size (px) of the area positions are scaled to: about a 1440-px-wide canvas.
DESIGN_BOX: tuple[float, float] = (1300.0, 640.0)
#: Average glyph width as a share of the font size (sans-serif, Swedish names), rounded up
#: so that an estimated box is never smaller than the drawn one.
GLYPH_WIDTH = 0.62


@dataclass(frozen=True)
class Box:
    """A node's footprint relative to its centre: ``dx``/``dy`` shift the box centre."""

    dx: float
    dy: float
    width: float
    height: float


def label_width(text: str, font_size: float) -> float:
    """Estimated drawn width (px) of ``text`` at ``font_size``, outline included.

    Examples
    --------
    >>> round(label_width("Falun", 10), 1)
    35.0
    """
    return GLYPH_WIDTH * font_size * len(str(text)) + 4.0


def _scale(raw: Mapping[str, np.ndarray], box: tuple[float, float], margin: float) -> dict[str, Position]:
    xs = np.array([p[0] for p in raw.values()], dtype=float)
    ys = np.array([p[1] for p in raw.values()], dtype=float)
    width, height = box
    span_x = max(float(xs.max() - xs.min()), 1e-9)
    span_y = max(float(ys.max() - ys.min()), 1e-9)
    # Fill the box, but never stretch one axis more than twice the other: a ring
    # of six partners may become an ellipse, not a line.
    sx = (width - 2 * margin) / span_x
    sy = (height - 2 * margin) / span_y
    sx, sy = min(sx, 2 * sy), min(sy, 2 * sx)
    cx = (width - sx * span_x) / 2
    cy = (height - sy * span_y) / 2
    return {
        str(node): (round(float(cx + (x - xs.min()) * sx), 1), round(float(cy + (y - ys.min()) * sy), 1))
        for node, (x, y) in raw.items()
    }


def force_positions(
    nodes: Iterable[str],
    edges: Iterable[tuple[str, str, float]],
    *,
    box: tuple[float, float] = DESIGN_BOX,
    margin: float = 30.0,
    seed: int = 0,
    small: int = 80,
) -> dict[str, Position]:
    """Seeded positions scaled into ``box`` (px).

    A graph of at most ``small`` nodes uses Kamada–Kawai (even edge lengths, the
    best picture of a small web); anything larger ForceAtlas2 with gravity, which
    keeps separate components near each other.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted({str(n) for n in nodes}))
    for a, b, w in sorted(edges, key=lambda e: (min(str(e[0]), str(e[1])), max(str(e[0]), str(e[1])))):
        if a != b:
            graph.add_edge(str(a), str(b), weight=float(w))
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(graph.nodes)): (box[0] / 2, box[1] / 2)}
    if n <= small:
        # Kamada–Kawai wants a distance for every pair: separate groups (two
        # associations in one county) are put one step further apart than the
        # farthest connected pair, so they sit side by side instead of at the edges.
        lengths = dict(nx.all_pairs_shortest_path_length(graph))
        far = max((d for row in lengths.values() for d in row.values()), default=1) + 1
        dist = {a: {b: lengths[a].get(b, far) for b in graph} for a in graph}
        start = nx.circular_layout(graph)
        raw = nx.kamada_kawai_layout(graph, pos=start, dist=dist, weight=None)
    else:
        raw = nx.forceatlas2_layout(
            graph,
            seed=seed,
            max_iter=300,
            gravity=2.0,
            scaling_ratio=2.0,
            weight="weight",
            strong_gravity=False,
        )
    return _scale(raw, box, margin)


def ego_positions(
    focus: str,
    nodes: Iterable[str],
    edges: Iterable[tuple[str, str, float]],
    *,
    box: tuple[float, float] = DESIGN_BOX,
    margin: float = 40.0,
    seed: int = 0,
    ring_capacity: int = 28,
) -> dict[str, Position]:
    """``focus`` in the centre, the others on rings by their distance from it.

    Direct partners form the first ring (in a bipartite view: the focus's
    arrangements, with the partners on the next ring). Around a ring, nodes keep
    the order of a force layout of the web without the focus, so partners that
    work together sit side by side; a ring with more than ``ring_capacity`` nodes
    is split into two staggered rings so that names have room.

    Examples
    --------
    >>> pos = ego_positions("f", ["f", "a", "b", "c"], [("f", "a", 1), ("f", "b", 1), ("f", "c", 1)],
    ...                     box=(200, 100), margin=10)
    >>> pos["f"]
    (100.0, 50.0)
    """
    import networkx as nx

    edges = [(str(a), str(b), float(w)) for a, b, w in edges]
    names = sorted({str(n) for n in nodes} | {focus})
    graph = nx.Graph()
    graph.add_nodes_from(names)
    graph.add_edges_from((a, b) for a, b, _ in edges if a != b)
    distance = nx.single_source_shortest_path_length(graph, focus)
    far = max(distance.values(), default=0) + 1
    others = [n for n in names if n != focus]
    base = (
        force_positions(others, [e for e in edges if focus not in (e[0], e[1])], box=box, seed=seed)
        if len(others) > 1
        else {n: (0.0, 0.0) for n in others}
    )
    cx = float(np.mean([p[0] for p in base.values()])) if base else 0.0
    cy = float(np.mean([p[1] for p in base.values()])) if base else 0.0
    angle = {n: float(np.arctan2(base[n][1] - cy, base[n][0] - cx)) for n in others}
    rings: dict[float, list[str]] = {}
    for n in others:
        rings.setdefault(float(distance.get(n, far)), []).append(n)
    layers: list[list[str]] = []
    for d in sorted(rings):
        ring = sorted(rings[d], key=lambda n: (angle[n], n))
        if len(ring) > ring_capacity:
            layers += [ring[0::2], ring[1::2]]  # staggered: neighbours alternate between two radii
        else:
            layers.append(ring)
    width, height = box
    rx, ry = width / 2 - margin, height / 2 - margin
    out = {focus: (round(width / 2, 1), round(height / 2, 1))}
    for k, ring in enumerate(layers, start=1):
        r = k / len(layers)
        offset = 0.5 * np.pi / max(len(ring), 1) * (k % 2)
        for i, n in enumerate(ring):
            a = -np.pi / 2 + offset + 2 * np.pi * i / len(ring)
            out[n] = (
                round(float(width / 2 + rx * r * np.cos(a)), 1),
                round(float(height / 2 + ry * r * np.sin(a)), 1),
            )
    return out


def _arrays(positions: Mapping[str, Position], boxes: Mapping[str, Box], order: list[str]):
    xy = np.array([positions[k] for k in order], dtype=float)
    off = np.array([(boxes[k].dx, boxes[k].dy) for k in order], dtype=float)
    size = np.array([(boxes[k].width, boxes[k].height) for k in order], dtype=float)
    return xy, off, size


def _overlaps(centre: np.ndarray, size: np.ndarray, gap: float) -> tuple[np.ndarray, np.ndarray]:
    """Per pair (i, j): overlap along x and y (positive when the boxes overlap)."""
    dx = np.abs(centre[:, None, 0] - centre[None, :, 0])
    dy = np.abs(centre[:, None, 1] - centre[None, :, 1])
    ox = (size[:, None, 0] + size[None, :, 0]) / 2 + gap - dx
    oy = (size[:, None, 1] + size[None, :, 1]) / 2 + gap - dy
    return ox, oy


def remove_overlaps(
    positions: Mapping[str, Position],
    boxes: Mapping[str, Box],
    *,
    gap: float = 4.0,
    iterations: int = 300,
    fixed: Iterable[str] = (),
) -> dict[str, Position]:
    """Positions moved (as little as practical) so that no two boxes overlap.

    Each round pushes every overlapping pair apart along the axis of smaller
    overlap, half each (a ``fixed`` node stays and its partner moves the whole
    way). Deterministic: nodes are handled in sorted order and ties broken by it.
    """
    order = sorted(positions)
    if len(order) < 2:
        return {k: (float(positions[k][0]), float(positions[k][1])) for k in order}
    xy, off, size = _arrays(positions, boxes, order)
    pinned = np.array([k in set(fixed) for k in order])
    share = np.where(pinned, 0.0, 1.0)
    n = len(order)
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    for _ in range(iterations):
        centre = xy + off
        ox, oy = _overlaps(centre, size, gap)
        hit = (ox > 0) & (oy > 0) & upper
        if not hit.any():
            break
        i, j = np.nonzero(hit)
        along_x = ox[i, j] <= oy[i, j]
        amount = np.where(along_x, ox[i, j], oy[i, j]) + 0.5
        delta = centre[j] - centre[i]
        # Identical centres: separate by index so the result stays deterministic.
        sign_x = np.where(delta[:, 0] == 0, np.where((i + j) % 2 == 0, 1.0, -1.0), np.sign(delta[:, 0]))
        sign_y = np.where(delta[:, 1] == 0, 1.0, np.sign(delta[:, 1]))
        push = np.zeros((len(i), 2))
        push[:, 0] = np.where(along_x, amount * sign_x, 0.0)
        push[:, 1] = np.where(along_x, 0.0, amount * sign_y)
        wi, wj = share[i], share[j]
        total = np.maximum(wi + wj, 1e-9)
        move = np.zeros_like(xy)
        np.add.at(move, i, -push * (wi / total)[:, None])
        np.add.at(move, j, push * (wj / total)[:, None])
        # Damped: several overlaps of one node add up; half a step converges without jitter.
        xy = xy + 0.5 * move
    return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in zip(order, xy)}


def overlapping_pairs(
    positions: Mapping[str, Position], boxes: Mapping[str, Box], *, gap: float = 0.0
) -> int:
    """Number of pairs of boxes that overlap (``gap`` widens each box)."""
    order = sorted(positions)
    if len(order) < 2:
        return 0
    xy, off, size = _arrays(positions, boxes, order)
    ox, oy = _overlaps(xy + off, size, gap)
    n = len(order)
    return int(((ox > 1e-6) & (oy > 1e-6) & np.triu(np.ones((n, n), dtype=bool), k=1)).sum())


def choose_labels(
    positions: Mapping[str, Position],
    label_boxes: Mapping[str, Box],
    node_boxes: Mapping[str, Box],
    importance: Mapping[str, float],
    *,
    gap: float = 3.0,
    limit: int | None = None,
) -> list[str]:
    """Nodes to label, most important first, whose label box overlaps no chosen label box.

    A label box may not cover another node's centre either (a name written over
    a dot reads as that dot's name), except the most important node's: it is
    always named. At most ``limit`` labels.

    Examples
    --------
    >>> pos = {"a": (0.0, 0.0), "b": (20.0, 0.0), "c": (100.0, 0.0)}
    >>> lab = {k: Box(0, 0, 30, 10) for k in pos}
    >>> dot = {k: Box(0, 0, 2, 2) for k in pos}
    >>> choose_labels(pos, lab, dot, {"a": 1, "b": 2, "c": 0})
    ['b', 'c']
    """
    order = sorted(positions, key=lambda k: (-float(importance.get(k, 0.0)), k))
    chosen: list[tuple[str, float, float, float, float]] = []
    dots = [
        (
            k,
            positions[k][0] + node_boxes[k].dx,
            positions[k][1] + node_boxes[k].dy,
            node_boxes[k].width / 2,
            node_boxes[k].height / 2,
        )
        for k in positions
    ]
    for key in order:
        if limit is not None and len(chosen) >= limit:
            break
        b = label_boxes[key]
        cx, cy = positions[key][0] + b.dx, positions[key][1] + b.dy
        hw, hh = b.width / 2 + gap / 2, b.height / 2 + gap / 2
        if any(abs(cx - x) < hw + w and abs(cy - y) < hh + h for _, x, y, w, h in chosen):
            continue
        if chosen and any(k != key and abs(cx - x) < hw and abs(cy - y) < hh for k, x, y, w, h in dots):
            continue
        chosen.append((key, cx, cy, hw, hh))
    return [c[0] for c in chosen]
