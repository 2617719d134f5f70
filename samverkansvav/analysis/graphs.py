"""networkx graphs of a cooperation web, built on demand.

For views and algorithms that need a graph object. Counting work (co-membership,
overlaps, cores) is done on sparse matrices in :mod:`.network`; these builders
are for drawing and for ad-hoc analysis. Node ids are the party and arrangement
ids as text; they must not collide (a ``ValueError`` says so if they do).
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from samverkansvav.analysis.network import dependency_edges, incidence
from samverkansvav.model import CooperationWeb

__all__ = ["bipartite_graph", "comembership_graph", "dependency_digraph"]


def _party_attrs(web: CooperationWeb) -> dict[str, dict]:
    parties = web.parties.astype(object).where(web.parties.notna(), None)
    return {
        str(row["id"]): {"name": row["name"], "kind": row["kind"], "lan_code": row["lan_code"]}
        for row in parties.to_dict("records")
    }


def bipartite_graph(web: CooperationWeb) -> nx.Graph:
    """Party–arrangement graph: one node per party (``bipartite=0``) and per
    arrangement (``bipartite=1``), one edge per membership (with its ``role``).

    Examples
    --------
    >>> web = CooperationWeb.from_records(
    ...     parties=[{"id": "A", "name": "A"}, {"id": "B", "name": "B"}],
    ...     arrangements=[{"id": "x", "name": "X", "form": "informell"}],
    ...     memberships=[{"arrangement_id": "x", "party_id": p} for p in "AB"])
    >>> g = bipartite_graph(web)
    >>> sorted(g.nodes), g.nodes["x"]["bipartite"], g.number_of_edges()
    (['A', 'B', 'x'], 1, 2)
    """
    inc = incidence(web)
    attrs = _party_attrs(web)
    clash = set(map(str, inc.party_ids)) & set(map(str, inc.arrangement_ids))
    if clash:
        raise ValueError(f"ids used both as party and arrangement: {sorted(clash)[:5]}")
    graph = nx.Graph()
    for pid in inc.party_ids:
        graph.add_node(str(pid), bipartite=0, **attrs.get(str(pid), {"name": str(pid)}))
    arr = web.arrangements.drop_duplicates("id").set_index("id")
    for aid in inc.arrangement_ids:
        row = arr.loc[aid]
        graph.add_node(str(aid), bipartite=1, name=row["name"], form=row["form"], area=row["area"])
    roles = web.memberships.drop_duplicates(["arrangement_id", "party_id"])
    role_of = dict(zip(zip(roles["party_id"], roles["arrangement_id"]), roles["role"]))
    for pid, aid in zip(inc.party_ids[inc.rows], inc.arrangement_ids[inc.cols]):
        graph.add_edge(str(pid), str(aid), role=role_of.get((pid, aid)))
    return graph


def comembership_graph(web: CooperationWeb, *, max_members: int | None = None) -> nx.Graph:
    """Weighted co-membership projection: an edge per pair sharing an arrangement.

    Edge attributes: ``weight`` (= shared arrangements) and ``jaccard``.
    ``max_members`` leaves out arrangements with more members (their clique is
    rarely what a picture needs); by default every arrangement counts.

    Examples
    --------
    >>> web = CooperationWeb.from_records(
    ...     parties=[], arrangements=[{"id": "x", "form": "informell"},
    ...                               {"id": "y", "form": "informell"}],
    ...     memberships=[{"arrangement_id": a, "party_id": p}
    ...                  for a, ps in {"x": "AB", "y": "AB"}.items() for p in ps])
    >>> comembership_graph(web).edges["A", "B"]
    {'weight': 2, 'jaccard': 1.0}
    """
    from scipy import sparse

    inc = incidence(web)
    attrs = _party_attrs(web)
    graph = nx.Graph()
    for pid in inc.party_ids:
        graph.add_node(str(pid), **attrs.get(str(pid), {"name": str(pid)}))
    if inc.n_parties == 0:
        return graph
    keep = np.ones(len(inc.rows), dtype=bool)
    if max_members is not None:
        keep = inc.sizes()[inc.cols] <= max_members
    b = sparse.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.int64), (inc.rows[keep], inc.cols[keep])),
        shape=(inc.n_parties, inc.n_arrangements),
    )
    degree = np.asarray(b.sum(axis=1)).ravel()
    upper = sparse.triu(b @ b.T, k=1).tocoo()
    for i, j, shared in zip(upper.row.tolist(), upper.col.tolist(), upper.data.tolist()):
        graph.add_edge(
            str(inc.party_ids[i]),
            str(inc.party_ids[j]),
            weight=int(shared),
            jaccard=float(shared / (degree[i] + degree[j] - shared)),
        )
    return graph


def dependency_digraph(web: CooperationWeb) -> nx.DiGraph:
    """Member → provider digraph; ``weight`` = number of arrangements, with their
    ids and areas. Providers are host parties or arrangements (federations …).

    Examples
    --------
    >>> web = CooperationWeb.from_records(
    ...     parties=[{"id": "A", "name": "A"}, {"id": "B", "name": "B"}],
    ...     arrangements=[{"id": "x", "name": "X", "form": "avtalssamverkan",
    ...                    "area": "IT", "host": "A"}],
    ...     memberships=[{"arrangement_id": "x", "party_id": p} for p in "AB"])
    >>> list(dependency_digraph(web).edges(data="weight"))
    [('B', 'A', 1)]
    """
    edges = dependency_edges(web)
    names = web.party_names()
    graph = nx.DiGraph()
    grouped = edges.groupby(["member", "provider"], sort=True)
    for (member, provider), group in grouped:
        for node in (member, provider):
            if node not in graph:
                graph.add_node(node, name=str(names.get(node) or node))
        graph.add_edge(
            member,
            provider,
            weight=int(len(group)),
            arrangements=tuple(group["arrangement_id"]),
            areas=tuple(sorted({str(a) for a in group["area"] if a is not None})),
        )
    return graph
