"""Network elements for dash-cytoscape, with deterministic preset positions.

Two pictures of the same web:

- **bipartite**: municipalities and arrangements are both nodes (arrangements are
  shaped by legal form), an edge means membership;
- **projection**: municipalities only, an edge joins two municipalities that share
  at least one arrangement (weight = number shared).

cytoscape's own force layouts are random on every load, so positions are computed
here with networkx (``seed=0``) and used with the ``preset`` layout.

Examples
--------
>>> import pandas as pd
>>> edges = pd.DataFrame({"a": ["x"], "b": ["y"], "shared": [2], "jaccard": [1.0]})
>>> nodes = pd.DataFrame({"name": ["X", "Y"], "community": [0, 0]}, index=["x", "y"])
>>> pos = spring_positions(["x", "y"], [("x", "y", 2.0)])
>>> els = projection_elements(nodes, edges, pos)
>>> sorted(e["data"]["id"] for e in els)
['e:x|y', 'x', 'y']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import networkx as nx
import pandas as pd

from samverkansvav.figures.palette import (
    FORM_COLOURS,
    FORM_SHAPES,
    MUNICIPALITY_SHAPE,
    community_colour,
)

__all__ = [
    "LABEL_ALL_UP_TO",
    "MIN_LABEL_PX",
    "place_nodes",
    "view_elements",
    "view_stylesheet",
    "spring_positions",
    "projection_elements",
    "bipartite_elements",
    "network_stylesheet",
    "neighbourhood",
    "kommun_nodes",
    "tie_edges",
]

Position = tuple[float, float]


def spring_positions(
    nodes: Iterable[str],
    edges: Iterable[tuple[str, str, float]],
    *,
    seed: int = 0,
    size: float = 1000.0,
) -> dict[str, Position]:
    """Deterministic force-directed positions scaled to a ``size``-pixel square.

    Nodes are added in sorted order so that the same web always gives the same
    picture, whatever order its rows came in.

    Examples
    --------
    >>> a = spring_positions(["b", "a"], [("a", "b", 1.0)])
    >>> a == spring_positions(["a", "b"], [("b", "a", 1.0)])
    True
    """
    graph = nx.Graph()
    graph.add_nodes_from(sorted(set(nodes)))
    for a, b, w in sorted(edges, key=lambda e: (min(e[0], e[1]), max(e[0], e[1]))):
        graph.add_edge(a, b, weight=float(w))
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() == 1:
        return {next(iter(graph.nodes)): (size / 2, size / 2)}
    # k a little larger than the default spreads the many small components apart.
    k = 1.5 / max(graph.number_of_nodes(), 1) ** 0.5
    raw = nx.spring_layout(graph, seed=seed, k=k, weight="weight", iterations=60)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    return {
        str(node): (
            round(float((x - min(xs)) / span * size), 1),
            round(float((y - min(ys)) / span * size), 1),
        )
        for node, (x, y) in raw.items()
    }


def neighbourhood(edges: pd.DataFrame, focus: str) -> set[str]:
    """``focus`` and every node joined to it in ``edges`` (columns ``a``, ``b``)."""
    if edges.empty:
        return {focus}
    near = set(edges.loc[edges["a"] == focus, "b"]) | set(edges.loc[edges["b"] == focus, "a"])
    return near | {focus}


def kommun_nodes(
    party_ids: Iterable[str],
    *,
    name: Callable[[str], str],
    n_arrangements: pd.Series,
    communities: Mapping[str, int],
    hover: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Municipality nodes of a view, sorted by id, for :func:`place_nodes` and :func:`view_elements`.

    A node's ``importance`` is its number of arrangements (0 when ``n_arrangements``
    does not name it) and its colour its community's; ``hover`` defaults to the name.

    Examples
    --------
    >>> nodes = kommun_nodes(
    ...     ["b", "a"], name=str.upper, n_arrangements=pd.Series({"a": 3}), communities={"a": 0}
    ... )
    >>> nodes[["label", "kind", "importance", "hover"]].to_dict("index")
    {'a': {'label': 'A', 'kind': 'kommun', 'importance': 3.0, 'hover': 'A'}, \
'b': {'label': 'B', 'kind': 'kommun', 'importance': 0.0, 'hover': 'B'}}
    >>> nodes.loc["a", "colour"] == community_colour(0), nodes.loc["b", "form"] is None
    (True, True)
    """
    ordered = sorted(party_ids)
    labels = [name(p) for p in ordered]
    importance = pd.to_numeric(n_arrangements.reindex(ordered), errors="coerce").fillna(0)
    return pd.DataFrame(
        {
            "label": labels,
            "kind": "kommun",
            "importance": importance.astype(float).to_numpy(),
            "colour": [community_colour(communities.get(p)) for p in ordered],
            "hover": [hover[p] for p in ordered] if hover is not None else labels,
            "form": pd.Series([None] * len(ordered), dtype=object).to_numpy(),
        },
        index=pd.Index(ordered, dtype=object),
    )


def tie_edges(ties: pd.DataFrame) -> pd.DataFrame:
    """Co-membership ties (``a``, ``b``, ``shared``) as view edges: ``source``, ``target``, ``weight``.

    Examples
    --------
    >>> tie_edges(pd.DataFrame({"a": ["x"], "b": ["y"], "shared": [2.0]})).to_dict("records")
    [{'source': 'x', 'target': 'y', 'weight': 2}]
    """
    return pd.DataFrame(
        {
            "source": ties["a"].astype(str),
            "target": ties["b"].astype(str),
            "weight": ties["shared"].astype(int),
        }
    )


def _position(positions: Mapping[str, Position], node: str) -> dict:
    x, y = positions.get(node, (0.0, 0.0))
    return {"x": float(x), "y": float(y)}


def projection_elements(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    positions: Mapping[str, Position],
    *,
    focus: str | None = None,
) -> list[dict]:
    """Cytoscape elements of the municipality co-membership projection.

    ``nodes`` is indexed by party id with ``name`` and ``community``; ``edges``
    has ``a``, ``b``, ``shared``. With ``focus`` only it and its neighbours (and
    the edges among them) are kept.
    """
    keep = None
    if focus is not None:
        keep = neighbourhood(edges, focus)
    elements: list[dict] = []
    communities = nodes["community"] if "community" in nodes else pd.Series(None, index=nodes.index)
    for pid, name, community in zip(nodes.index.tolist(), nodes["name"].tolist(), communities.tolist()):
        if keep is not None and pid not in keep:
            continue
        community = None if community is None or pd.isna(community) else int(community)
        elements.append(
            {
                "data": {
                    "id": str(pid),
                    "label": str(name),
                    "kind": "kommun",
                    "community": community,
                    "colour": community_colour(community),
                },
                "position": _position(positions, pid),
                "classes": "kommun focus" if pid == focus else "kommun",
            }
        )
    present = {e["data"]["id"] for e in elements}
    for a, b, shared in zip(edges["a"].tolist(), edges["b"].tolist(), edges["shared"].tolist()):
        if a in present and b in present:
            elements.append(
                {
                    "data": {
                        "id": f"e:{a}|{b}",
                        "source": str(a),
                        "target": str(b),
                        "weight": int(shared),
                        "width": float(min(1 + shared, 8)),
                    }
                }
            )
    return elements


def bipartite_elements(
    parties: pd.DataFrame,
    arrangements: pd.DataFrame,
    memberships: pd.DataFrame,
    positions: Mapping[str, Position],
    *,
    form_labels: Mapping[str, str] | None = None,
    focus: str | None = None,
) -> list[dict]:
    """Cytoscape elements with municipalities and arrangements as two kinds of node.

    ``parties`` is indexed by party id with ``name`` and ``community``;
    ``arrangements`` indexed by arrangement id with ``name`` and ``form``;
    ``memberships`` has ``arrangement_id`` and ``party_id``. Arrangement node ids
    are prefixed ``a:`` so they never clash with a party id. With ``focus`` only
    the focus party's arrangements and their members are kept.
    """
    form_labels = dict(form_labels or {})
    mem = memberships[["arrangement_id", "party_id"]]
    if focus is not None:
        arr_ids = set(mem.loc[mem["party_id"] == focus, "arrangement_id"].tolist())
        mem = mem[mem["arrangement_id"].isin(arr_ids)]
    arr_ids = set(mem["arrangement_id"].tolist())
    party_ids = set(mem["party_id"].tolist())
    elements: list[dict] = []
    communities = parties["community"] if "community" in parties else pd.Series(None, index=parties.index)
    for pid, name, community in zip(parties.index.tolist(), parties["name"].tolist(), communities.tolist()):
        if pid not in party_ids:
            continue
        community = None if community is None or pd.isna(community) else int(community)
        elements.append(
            {
                "data": {
                    "id": str(pid),
                    "label": str(name),
                    "kind": "kommun",
                    "community": community,
                    "colour": community_colour(community),
                },
                "position": _position(positions, pid),
                "classes": "kommun focus" if pid == focus else "kommun",
            }
        )
    shown = arrangements.loc[arrangements.index.isin(arr_ids)]
    for aid, name, form in zip(shown.index.tolist(), shown["name"].tolist(), shown["form"].tolist()):
        form = str(form)
        elements.append(
            {
                "data": {
                    "id": f"a:{aid}",
                    "label": str(name),
                    "kind": "arrangemang",
                    "form": form,
                    "form_label": form_labels.get(form, form),
                    "colour": FORM_COLOURS.get(form, "#777777"),
                },
                "position": _position(positions, f"a:{aid}"),
                "classes": f"arrangemang {form}",
            }
        )
    present = {e["data"]["id"] for e in elements}
    for aid, pid in zip(mem["arrangement_id"].tolist(), mem["party_id"].tolist()):
        if pid in present and f"a:{aid}" in present:
            elements.append({"data": {"id": f"m:{aid}|{pid}", "source": str(pid), "target": f"a:{aid}"}})
    return elements


def network_stylesheet() -> list[dict]:
    """cytoscape.js stylesheet: node colour from data, arrangement shape by form."""
    sheet: list[dict] = [
        {
            "selector": "node",
            "style": {
                "background-color": "data(colour)",
                "label": "data(label)",
                "font-size": 9,
                "width": 14,
                "height": 14,
                "text-valign": "top",
                "color": "#333",
                "text-outline-color": "#fff",
                "text-outline-width": 1,
            },
        },
        {"selector": ".kommun", "style": {"shape": MUNICIPALITY_SHAPE, "width": 16, "height": 16}},
        {
            "selector": ".arrangemang",
            "style": {"font-size": 7, "width": 13, "height": 13, "border-width": 1, "border-color": "#333"},
        },
        {
            "selector": ".focus",
            "style": {
                "border-width": 3,
                "border-color": "#000",
                "width": 26,
                "height": 26,
                "font-size": 13,
                "font-weight": "bold",
            },
        },
        {
            "selector": "edge",
            "style": {
                "width": "data(width)",
                "line-color": "#B0B0B0",
                "opacity": 0.6,
                "curve-style": "haystack",
            },
        },
        {"selector": "edge[!width]", "style": {"width": 1}},
        {"selector": "node:selected", "style": {"border-width": 3, "border-color": "#D55E00"}},
    ]
    for form, shape in FORM_SHAPES.items():
        sheet.append({"selector": f".{form}", "style": {"shape": shape}})
    return sheet


# --------------------------------------------------------------------------------------------
# The readable network view (/natverk): positions, sizes and labels decided here, for a screen.

#: A view with at most this many nodes labels every node (its layout makes room for the
#: labels); a larger one labels the most important nodes whose labels fit.
LABEL_ALL_UP_TO = 90
#: Labels drawn smaller than this on screen are hidden by cytoscape (``min-zoomed-font-size``):
#: a label appears as the reader zooms in.
MIN_LABEL_PX = 10


def _sizes(importance: pd.Series, *, focus: str | None, many: bool) -> tuple[pd.Series, pd.Series]:
    """Node diameter and label font size (px in the design box) from importance."""
    imp = pd.to_numeric(importance, errors="coerce").fillna(0.0).clip(lower=0.0)
    top = float(imp.max()) if len(imp) else 0.0
    share = (imp / top) ** 0.5 if top > 0 else imp * 0.0
    # A national view has hundreds of nodes: smaller dots leave room for names.
    size = (8.0 + 14.0 * share) if many else (12.0 + 18.0 * share)
    font = (12.0 if many else 13.0) + (5.0 if many else 6.0) * share
    if focus is not None and focus in size.index:
        size[focus], font[focus] = 34.0, 20.0
    return size.round(1), font.round(1)


def place_nodes(
    nodes: pd.DataFrame,
    edges: Iterable[tuple[str, str, float]],
    *,
    focus: str | None = None,
    label_all_up_to: int = LABEL_ALL_UP_TO,
    seed: int = 0,
    box: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """Positions, sizes and label choice of a network view.

    ``nodes`` is indexed by node id with ``label`` and ``importance`` (e.g. the
    number of arrangements), and optionally ``group`` (the busiest node of each
    group is labelled first). Returns a frame with ``x``, ``y``, ``size``, ``font``
    and ``labelled`` (bool), in the design box of :mod:`samverkansvav.figures.layout`.

    With ``focus`` the view is an ego network: the focus in the centre and the
    others on rings around it (:func:`~samverkansvav.figures.layout.ego_positions`).
    A view of at most ``label_all_up_to`` nodes is laid out with room for every
    label, so none overlaps; a larger one keeps its nodes apart and labels the most
    important nodes whose labels fit. ``box`` is the size (px) of the canvas the view
    is drawn in (default the national canvas), so fonts keep their size on screen.

    Examples
    --------
    >>> nodes = pd.DataFrame({"label": ["Falun", "Borlänge", "Gagnef"], "importance": [9, 4, 1]},
    ...                      index=["2080", "2081", "2026"])
    >>> placed = place_nodes(nodes, [("2080", "2081", 2.0), ("2080", "2026", 1.0)])
    >>> bool(placed["labelled"].all()), bool(placed.loc["2080", "font"] > placed.loc["2026", "font"])
    (True, True)
    """
    from samverkansvav.figures.layout import (
        Box,
        choose_labels,
        ego_positions,
        force_positions,
        label_width,
        remove_overlaps,
    )

    edges = list(edges)
    ids = [str(i) for i in nodes.index]
    many = len(ids) > label_all_up_to
    size, font = _sizes(nodes["importance"].set_axis(ids), focus=focus, many=many)
    sized = {"box": box} if box else {}
    if focus is not None and focus in ids:
        positions = ego_positions(focus, ids, edges, seed=seed, **sized)
    else:
        positions = force_positions(ids, edges, seed=seed, **sized)
    label_boxes = {}
    node_boxes = {}
    for key, text in zip(ids, nodes["label"].astype(str)):
        s, f = float(size[key]), float(font[key])
        lines = text.split("\n")  # a long name comes wrapped (cytoscape text-wrap)
        below = 3.0 + 1.3 * f * len(lines)
        label_boxes[key] = Box(0.0, below / 2, max(s, max(label_width(line, f) for line in lines)), s + below)
        node_boxes[key] = Box(0.0, 0.0, s, s)
    fixed = [focus] if focus in positions else []
    if not many:
        positions = remove_overlaps(positions, label_boxes, gap=6.0, fixed=fixed)
        labelled = set(ids)
    else:
        positions = remove_overlaps(positions, node_boxes, gap=10.0, fixed=fixed)
        importance = {
            k: float(v) for k, v in zip(ids, pd.to_numeric(nodes["importance"], errors="coerce").fillna(0))
        }
        if "group" in nodes:
            # The busiest member of every group is named first, so each colour has a name.
            top = float(max(importance.values(), default=0.0)) + 1.0
            frame = pd.DataFrame(
                {"group": nodes["group"].to_numpy(), "imp": list(importance.values())}, index=ids
            )
            frame = frame[frame["group"].notna()].sort_values(["imp"], ascending=False, kind="stable")
            for key in frame.groupby("group", sort=True).head(1).index:
                importance[key] += top
        if focus in importance:
            importance[focus] = float("inf")
        labelled = set(choose_labels(positions, label_boxes, node_boxes, importance, gap=4.0))
    return pd.DataFrame(
        {
            "x": [positions[k][0] for k in ids],
            "y": [positions[k][1] for k in ids],
            "size": [float(size[k]) for k in ids],
            "font": [float(font[k]) for k in ids],
            "labelled": [k in labelled for k in ids],
        },
        index=pd.Index(ids, dtype=object),
    )


def view_elements(
    nodes: pd.DataFrame, edges: pd.DataFrame, placed: pd.DataFrame, *, focus: str | None = None
) -> list[dict]:
    """Cytoscape elements of a placed view.

    ``nodes``: indexed by id with ``label``, ``kind`` (``kommun`` or ``arrangemang``),
    ``colour``, ``hover`` and optionally ``form``. ``edges``: ``source``,
    ``target``, ``weight``. ``placed``: from :func:`place_nodes`.
    """
    elements: list[dict] = []
    forms = nodes["form"] if "form" in nodes else pd.Series(None, index=nodes.index, dtype=object)
    for key, label, kind, colour, hover, form in zip(
        nodes.index.astype(str),
        nodes["label"].astype(str),
        nodes["kind"],
        nodes["colour"],
        nodes["hover"],
        forms,
    ):
        p = placed.loc[key]
        classes = [str(kind)]
        if kind == "arrangemang" and isinstance(form, str):
            classes.append(form)
        if bool(p["labelled"]):
            classes.append("labelled")
        if key == focus:
            classes.append("focus")
        elements.append(
            {
                "data": {
                    "id": key,
                    "label": label,
                    "kind": str(kind),
                    "colour": str(colour),
                    "hover": str(hover),
                    "size": float(p["size"]),
                    "font": float(p["font"]),
                },
                "position": {"x": float(p["x"]), "y": float(p["y"])},
                "classes": " ".join(classes),
            }
        )
    present = set(placed.index)
    edge_ids = edges["id"] if "id" in edges else [None] * len(edges)
    for a, b, w, eid in zip(
        edges["source"].astype(str), edges["target"].astype(str), edges["weight"], edge_ids
    ):
        if a in present and b in present:
            elements.append(
                {
                    "data": {
                        "id": str(eid or f"e:{a}|{b}"),
                        "source": a,
                        "target": b,
                        "weight": int(w),
                        "width": float(min(1.0 + 0.8 * float(w), 7.0)),
                    }
                }
            )
    return elements


def view_stylesheet() -> list[dict]:
    """cytoscape.js stylesheet of :func:`view_elements`.

    Only nodes of class ``labelled`` show their name; ``min-zoomed-font-size`` hides a
    label that would be drawn under :data:`MIN_LABEL_PX` on screen, so zooming out
    thins the labels instead of shrinking them into a grey smear.
    """
    sheet: list[dict] = [
        {
            "selector": "node",
            "style": {
                "background-color": "data(colour)",
                "width": "data(size)",
                "height": "data(size)",
                "border-width": 1,
                "border-color": "#ffffff",
                "label": "",
                "font-size": "data(font)",
                "color": "#1d2733",
                "text-valign": "bottom",
                "text-halign": "center",
                "text-margin-y": 3,
                "text-outline-color": "#ffffff",
                "text-outline-width": 2,
                "min-zoomed-font-size": MIN_LABEL_PX,
                "text-wrap": "wrap",
                "font-family": "Helvetica, Arial, sans-serif",
            },
        },
        {"selector": ".kommun", "style": {"shape": MUNICIPALITY_SHAPE}},
        {"selector": ".arrangemang", "style": {"border-width": 1.5, "border-color": "#1d2733"}},
        {"selector": ".labelled", "style": {"label": "data(label)"}},
        {
            "selector": ".focus",
            "style": {"border-width": 4, "border-color": "#1d2733", "font-weight": "bold"},
        },
        {
            "selector": "edge",
            "style": {
                "width": "data(width)",
                "line-color": "#9AA5B1",
                "opacity": 0.45,
                "curve-style": "haystack",
            },
        },
        {
            "selector": "node:selected",
            "style": {"border-width": 4, "border-color": "#1d2733", "label": "data(label)", "z-index": 10},
        },
        {"selector": "edge:selected", "style": {"line-color": "#1d2733", "opacity": 0.9}},
    ]
    for form, shape in FORM_SHAPES.items():
        sheet.append({"selector": f".{form}", "style": {"shape": shape}})
    return sheet
