"""Network-level analysis: co-membership, communities, cores, overlaps, providers.

Counts and overlaps come from the sparse party × arrangement incidence matrix B
(co-membership = B·Bᵀ, arrangement overlap = Bᵀ·B); networkx is imported lazily
and only for the algorithms that need a graph (communities, articulation
points). No function here builds pair rows or a networkx clique for a large
arrangement unless it is the requested output (:func:`comembership` lists every
pair that shares an arrangement, by definition).

Decisions worth knowing:

- **Articulation points** are municipalities whose removal splits the
  co-membership graph (two other parties that were connected through shared
  arrangements no longer are). They are computed on the bipartite
  party–arrangement graph, which gives the same set of parties without the
  clique of big arrangements: a party separates the bipartite graph into parts
  that each contain another party exactly when it separates the projection
  (arrangements with a single member are left out so they cannot form a
  party-less part).
- **Communities** use Louvain modularity (networkx, fixed ``seed``) on the
  co-membership projection weighted by the number of shared arrangements.
  Arrangements with more than ``max_members`` members are left out of this
  projection (they say little about who works mostly with whom, and their
  clique would dominate time and memory); a party that is only in such
  arrangements forms its own community.
- **Core numbers** (k-core) are computed on the full binary projection by
  peeling on the sparse adjacency matrix (no networkx graph), so members of a
  1,000-member arrangement have core number ≥ 999.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from samverkansvav.analysis._tables import Incidence, is_known, member_set_keys, prepare
from samverkansvav.model import CooperationWeb

__all__ = [
    "incidence",
    "comembership",
    "comembership_matrix",
    "communities",
    "articulation_points",
    "core_numbers",
    "arrangement_overlap",
    "same_partners_different_forms",
    "dependency_edges",
    "provider_ranking",
    "network_summary",
]

_PAIR_COLUMNS = ["a", "b", "shared", "jaccard"]


def incidence(web: CooperationWeb) -> Incidence:
    """The web's incidence tables, prepared once per web.

    A page's bundle asks for metrics, co-membership, communities and dependencies
    of the same web; with 100,000 arrangements each preparation costs a second.
    """
    return web.derived("incidence", lambda: prepare(web))


def _upper_pairs(product, degree: np.ndarray, ids: np.ndarray, *, min_jaccard: float = 0.0) -> pd.DataFrame:
    """Pairs i < j of a symmetric count matrix with their Jaccard overlap."""
    from scipy import sparse

    upper = sparse.triu(product, k=1).tocoo()
    i, j, shared = upper.row, upper.col, upper.data.astype(np.int64)
    jaccard = shared / (degree[i] + degree[j] - shared)
    keep = (shared > 0) & (jaccard >= min_jaccard)
    frame = pd.DataFrame(
        {
            "a": ids[i[keep]],
            "b": ids[j[keep]],
            "shared": shared[keep],
            "jaccard": jaccard[keep].astype(float),
        }
    )
    # Codes follow sorted ids, so sorting codes sorts ids.
    order = np.lexsort((j[keep], i[keep]))
    return frame.iloc[order].reset_index(drop=True)


def comembership(web: CooperationWeb) -> pd.DataFrame:
    """Every pair of parties sharing at least one arrangement.

    ``shared`` is the number of shared arrangements, ``jaccard`` the overlap of
    the two parties' arrangement sets (shared / arrangements of either).

    Examples
    --------
    >>> web = CooperationWeb.from_records(
    ...     parties=[], arrangements=[{"id": "x", "form": "informell"},
    ...                               {"id": "y", "form": "informell"}],
    ...     memberships=[{"arrangement_id": "x", "party_id": p} for p in "AB"]
    ...     + [{"arrangement_id": "y", "party_id": p} for p in "BC"])
    >>> comembership(web).to_dict("records")
    [{'a': 'A', 'b': 'B', 'shared': 1, 'jaccard': 0.5}, {'a': 'B', 'b': 'C', 'shared': 1, 'jaccard': 0.5}]
    """
    inc = incidence(web)
    if inc.n_parties == 0:
        return pd.DataFrame(columns=_PAIR_COLUMNS)
    b = inc.matrix()
    degree = np.bincount(inc.rows, minlength=inc.n_parties)
    return _upper_pairs(b @ b.T, degree, inc.party_ids)


def comembership_matrix(
    web: CooperationWeb, *, party_ids: Iterable[str] | None = None, diagonal: bool = True
) -> pd.DataFrame:
    """Square matrix of shared-arrangement counts (B·Bᵀ) as a DataFrame.

    Rows and columns are ``party_ids`` in the given order (zeros for parties
    without arrangements), default every member party sorted by id. The
    diagonal is each party's own number of arrangements, or 0 with
    ``diagonal=False`` (handy for heatmaps).
    """
    inc = incidence(web)
    wanted = inc.party_ids.tolist() if party_ids is None else list(dict.fromkeys(map(str, party_ids)))
    position = {pid: k for k, pid in enumerate(inc.party_ids.tolist())}
    out = np.zeros((len(wanted), len(wanted)), dtype=np.int64)
    present = [(k, position[p]) for k, p in enumerate(wanted) if p in position]
    if present and inc.n_parties:
        b = inc.matrix()
        out_idx = np.array([k for k, _ in present])
        src_idx = np.array([s for _, s in present])
        sub = b[src_idx]
        out[np.ix_(out_idx, out_idx)] = (sub @ sub.T).toarray()
    if not diagonal:
        np.fill_diagonal(out, 0)
    index = pd.Index(wanted, dtype=object, name="id")
    return pd.DataFrame(out, index=index, columns=pd.Index(wanted, dtype=object))


def _weighted_projection(inc: Incidence, *, max_members: int | None):
    """Upper triangle of shared-arrangement counts over arrangements of size ≤ max_members."""
    from scipy import sparse

    size_of_row = inc.sizes()[inc.cols]
    keep = size_of_row >= 2
    if max_members is not None:
        keep &= size_of_row <= max_members
    b = sparse.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.int64), (inc.rows[keep], inc.cols[keep])),
        shape=(inc.n_parties, inc.n_arrangements),
    )
    return sparse.triu(b @ b.T, k=1).tocoo()


def communities(
    web: CooperationWeb,
    *,
    seed: int = 0,
    max_members: int | None = 50,
    resolution: float = 1.0,
) -> dict[str, int]:
    """Groups of parties that cooperate mostly with each other (Louvain).

    Returns ``{party id: community number}`` for every member party. Numbers
    are 0, 1, … by decreasing community size, ties by the smallest member id,
    so the result is stable for a given ``seed``. See the module docstring for
    the weighting and ``max_members``.

    Examples
    --------
    >>> web = CooperationWeb.from_records(
    ...     parties=[], arrangements=[{"id": i, "form": "informell"} for i in "xyz"],
    ...     memberships=[{"arrangement_id": a, "party_id": p}
    ...                  for a, ps in {"x": "ABC", "y": "DEF", "z": "CD"}.items() for p in ps])
    >>> communities(web)
    {'A': 0, 'B': 0, 'C': 0, 'D': 1, 'E': 1, 'F': 1}
    """
    import networkx as nx

    inc = incidence(web)
    if inc.n_parties == 0:
        return {}
    pairs = _weighted_projection(inc, max_members=max_members)
    graph = nx.Graph()
    graph.add_nodes_from(range(inc.n_parties))
    graph.add_weighted_edges_from(zip(pairs.row.tolist(), pairs.col.tolist(), pairs.data.tolist()))
    groups = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    labels: dict[str, int] = {}
    for number, group in enumerate(ordered):
        for code in group:
            labels[str(inc.party_ids[code])] = number
    return dict(sorted(labels.items()))


def articulation_points(web: CooperationWeb) -> list[str]:
    """Parties whose removal disconnects other parties of the co-membership graph.

    Computed on the bipartite party–arrangement graph (see the module
    docstring); sorted ids.

    Examples
    --------
    >>> web = CooperationWeb.from_records(
    ...     parties=[], arrangements=[{"id": "x", "form": "informell"},
    ...                               {"id": "y", "form": "informell"}],
    ...     memberships=[{"arrangement_id": "x", "party_id": p} for p in "AB"]
    ...     + [{"arrangement_id": "y", "party_id": p} for p in "BC"])
    >>> articulation_points(web)
    ['B']
    """
    import networkx as nx

    inc = incidence(web)
    sizes = inc.sizes()
    keep = sizes[inc.cols] >= 2
    graph = nx.Graph()
    # Integer nodes: parties 0..P-1, arrangements P..P+A-1 (ids may collide as text).
    graph.add_edges_from(zip(inc.rows[keep].tolist(), (inc.cols[keep] + inc.n_parties).tolist()))
    points = [int(v) for v in nx.articulation_points(graph) if v < inc.n_parties]
    return sorted(str(inc.party_ids[v]) for v in points)


def core_numbers(web: CooperationWeb) -> dict[str, int]:
    """Core number of every member party in the co-membership graph (k-core).

    The largest k such that the party belongs to a subgraph where everyone has
    at least k co-member neighbours. Computed by peeling the sparse adjacency
    matrix, level by level.

    Examples
    --------
    >>> web = CooperationWeb.from_records(
    ...     parties=[], arrangements=[{"id": "x", "form": "informell"},
    ...                               {"id": "y", "form": "informell"}],
    ...     memberships=[{"arrangement_id": "x", "party_id": p} for p in "ABC"]
    ...     + [{"arrangement_id": "y", "party_id": p} for p in "CD"])
    >>> core_numbers(web)
    {'A': 2, 'B': 2, 'C': 2, 'D': 1}
    """
    inc = incidence(web)
    n = inc.n_parties
    if n == 0:
        return {}
    b = inc.matrix()
    adjacency = (b @ b.T).tocsr()
    adjacency.setdiag(0)
    adjacency.eliminate_zeros()
    indptr, indices = adjacency.indptr, adjacency.indices
    degree = np.diff(indptr).astype(np.int64)
    core = np.zeros(n, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    k = 0
    while alive.any():
        k = max(k, int(degree[alive].min()))
        while True:
            peel = np.flatnonzero(alive & (degree <= k))
            if len(peel) == 0:
                break
            core[peel] = k
            alive[peel] = False
            starts, ends = indptr[peel], indptr[peel + 1]
            lengths = ends - starts
            positions = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
            degree -= np.bincount(indices[positions], minlength=n)
    return {str(pid): int(c) for pid, c in zip(inc.party_ids, core)}


def arrangement_overlap(web: CooperationWeb, *, min_jaccard: float = 0.5) -> pd.DataFrame:
    """Pairs of arrangements whose member sets overlap (Jaccard ≥ ``min_jaccard``).

    Examples
    --------
    >>> web = CooperationWeb.from_records(
    ...     parties=[], arrangements=[{"id": "x", "form": "informell"},
    ...                               {"id": "y", "form": "informell"}],
    ...     memberships=[{"arrangement_id": "x", "party_id": p} for p in "ABC"]
    ...     + [{"arrangement_id": "y", "party_id": p} for p in "BC"])
    >>> arrangement_overlap(web).to_dict("records")  # 2 shared / 3 in either
    [{'a': 'x', 'b': 'y', 'shared': 2, 'jaccard': 0.6666666666666666}]
    """
    inc = incidence(web)
    if inc.n_arrangements == 0:
        return pd.DataFrame(columns=_PAIR_COLUMNS)
    b = inc.matrix()
    return _upper_pairs((b.T @ b).tocsr(), inc.sizes(), inc.arrangement_ids, min_jaccard=min_jaccard)


def same_partners_different_forms(web: CooperationWeb) -> pd.DataFrame:
    """Member sets that occur in two or more arrangements of two or more forms.

    One row per such constellation: ``members``, ``arrangement_ids`` and the
    distinct ``forms`` (all sorted tuples), largest groups first.
    """
    inc = incidence(web)
    columns = ["members", "arrangement_ids", "forms"]
    if inc.n_arrangements == 0:
        return pd.DataFrame(columns=columns)
    key = member_set_keys(inc)
    first = inc.members.drop_duplicates("arrangement_id").set_index("arrangement_id")
    arr = pd.DataFrame(
        {
            "key": key,
            "id": inc.arrangement_ids,
            "form": first.loc[inc.arrangement_ids, "form"].to_numpy(dtype=object),
        }
    )
    grouped = arr.groupby("key").agg(n=("id", "size"), n_forms=("form", "nunique"))
    hits = grouped[(grouped["n"] >= 2) & (grouped["n_forms"] >= 2)].index
    chosen = arr[arr["key"].isin(hits)]
    # Columns are sorted by arrangement then party: each arrangement's members are one run.
    bounds = np.flatnonzero(np.r_[True, inc.cols[1:] != inc.cols[:-1], True])
    first_row = dict(zip(inc.cols[bounds[:-1]].tolist(), bounds[:-1].tolist()))
    member_ids = inc.party_ids[inc.rows]
    rows = []
    for _, group in chosen.groupby("key", sort=True):
        col = int(group.index[0])
        start = first_row[col]
        size = int(np.searchsorted(bounds, start, side="right"))
        end = int(bounds[size])
        rows.append(
            {
                "members": tuple(sorted(member_ids[start:end].tolist())),
                "arrangement_ids": tuple(sorted(map(str, group["id"]))),
                "forms": tuple(sorted(set(map(str, group["form"])))),
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    if len(out):
        out = (
            out.assign(_n=out["arrangement_ids"].map(len))
            .sort_values(["_n", "members"], ascending=[False, True])
            .drop(columns="_n")
            .reset_index(drop=True)
        )
    return out


def dependency_edges(web: CooperationWeb) -> pd.DataFrame:
    """One row per dependency: a member relying on a provider that is not itself.

    Columns member, provider, arrangement_id, area, form. Informal cooperation
    and host-based arrangements without a named host give no edge.
    """
    return web.derived("dependency_edges", lambda: _dependency_edges(incidence(web))).copy()


def _dependency_edges(inc: Incidence) -> pd.DataFrame:
    mem = inc.members
    known = is_known(mem["provider"]).to_numpy()
    dep = known & (mem["provider"].to_numpy(dtype=object) != mem["party_id"].to_numpy(dtype=object))
    out = mem.loc[dep, ["party_id", "provider", "arrangement_id", "area", "form"]]
    out = out.rename(columns={"party_id": "member"}).astype(object)
    return out.sort_values(["member", "provider", "arrangement_id"]).reset_index(drop=True)


def provider_ranking(web: CooperationWeb) -> pd.DataFrame:
    """Providers ranked by how many parties and functions depend on them.

    ``n_dependents`` counts distinct dependent parties, ``n_functions`` the
    arrangements (functions) the provider performs for at least one of them,
    ``areas`` their distinct policy areas. ``kind`` is ``arrangemang`` for a
    federation, company, foundation or association, otherwise the host's party
    kind (``kommun`` / ``region`` / ``annan``; ``kommun`` when unknown). Sorted
    by n_dependents, then n_functions (both descending), then provider id.
    """
    edges = dependency_edges(web)
    columns = ["provider", "name", "kind", "n_dependents", "n_functions", "areas"]
    if edges.empty:
        return pd.DataFrame(columns=columns)
    names = web.party_names()
    party_kind = dict(zip(web.parties["id"], web.parties["kind"]))
    entity_ids = set(web.arrangements["id"]) - set(web.parties["id"])
    grouped = edges.groupby("provider", sort=True).agg(
        n_dependents=("member", "nunique"),
        n_functions=("arrangement_id", "nunique"),
        areas=("area", lambda s: tuple(sorted({str(v) for v in s if pd.notna(v)}))),
    )
    grouped = grouped.reset_index()
    grouped["name"] = [str(names.get(p) or p) for p in grouped["provider"]]
    grouped["kind"] = [
        "arrangemang"
        if p in entity_ids
        else (party_kind.get(p) if isinstance(party_kind.get(p), str) else "kommun")
        for p in grouped["provider"]
    ]
    grouped["n_dependents"] = grouped["n_dependents"].astype(np.int64)
    grouped["n_functions"] = grouped["n_functions"].astype(np.int64)
    grouped = grouped.sort_values(["n_dependents", "n_functions", "provider"], ascending=[False, False, True])
    return grouped.loc[:, columns].reset_index(drop=True)


def network_summary(web: CooperationWeb) -> dict:
    """Headline figures of the web as plain Python values.

    Keys: n_parties (member parties), n_arrangements, n_memberships,
    n_components (connected groups of parties through shared arrangements),
    largest_component (parties in the biggest one), mean_arrangement_size,
    max_arrangement_size, n_dependencies (member → provider edges).

    Examples
    --------
    >>> web = CooperationWeb.from_records(
    ...     parties=[], arrangements=[{"id": "x", "form": "informell"},
    ...                               {"id": "y", "form": "kommunalforbund"}],
    ...     memberships=[{"arrangement_id": "x", "party_id": p} for p in "AB"]
    ...     + [{"arrangement_id": "y", "party_id": p} for p in "CDE"])
    >>> network_summary(web)["n_components"], network_summary(web)["largest_component"]
    (2, 3)
    """
    inc = incidence(web)
    summary = {
        "n_parties": inc.n_parties,
        "n_arrangements": inc.n_arrangements,
        "n_memberships": int(len(inc.rows)),
        "n_components": 0,
        "largest_component": 0,
        "mean_arrangement_size": 0.0,
        "max_arrangement_size": 0,
        "n_dependencies": int(len(dependency_edges(web))),
    }
    if inc.n_parties == 0:
        return summary
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    b = inc.matrix()
    n_p, n_a = inc.n_parties, inc.n_arrangements
    bipartite = sparse.bmat([[None, b], [b.T, None]], format="csr")
    _, labels = connected_components(bipartite, directed=False)
    party_labels = labels[:n_p]
    sizes = np.bincount(party_labels)
    sizes = sizes[sizes > 0]
    arr_sizes = inc.sizes()
    summary.update(
        n_components=int(len(sizes)),
        largest_component=int(sizes.max()),
        mean_arrangement_size=float(arr_sizes.mean()) if n_a else 0.0,
        max_arrangement_size=int(arr_sizes.max()) if n_a else 0,
    )
    return summary
