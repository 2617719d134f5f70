"""Hand-computed network-level results on tiny webs."""

from __future__ import annotations

import pandas as pd

from samverkansvav.analysis.graphs import bipartite_graph, comembership_graph, dependency_digraph
from samverkansvav.analysis.network import (
    arrangement_overlap,
    articulation_points,
    comembership,
    comembership_matrix,
    communities,
    core_numbers,
    dependency_edges,
    network_summary,
    provider_ranking,
    same_partners_different_forms,
)


def test_comembership_small_web(small_web):
    pairs = comembership(small_web)
    got = {(r.a, r.b): (r.shared, r.jaccard) for r in pairs.itertuples()}
    # A: {gn, kf, gn2}, B: {gn, kf, av}, C: {gn, kf, inf}, D: {av, inf, gn2}
    # A-B share gn, kf: 2 / (3 + 3 - 2) = 0.5; A-D share gn2: 1 / 5 = 0.2
    assert got == {
        ("0001", "0002"): (2, 0.5),
        ("0001", "0003"): (2, 0.5),
        ("0001", "0004"): (1, 0.2),
        ("0002", "0003"): (2, 0.5),
        ("0002", "0004"): (1, 0.2),
        ("0003", "0004"): (1, 0.2),
    }


def test_comembership_matrix(small_web):
    m = comembership_matrix(small_web, party_ids=["0004", "0001", "0005"])
    # diagonal: own arrangement counts (3, 3); E has none
    assert m.values.tolist() == [[3, 1, 0], [1, 3, 0], [0, 0, 0]]
    assert list(m.index) == ["0004", "0001", "0005"]
    assert comembership_matrix(small_web, diagonal=False).loc["0001", "0001"] == 0
    assert comembership_matrix(small_web).loc["0002", "0003"] == 2


def test_articulation_point_on_a_chain(build_web):
    # 1-2 (x), 2-3 (y), 3-4-5 (z): removing 2 cuts 1 off, removing 3 cuts 4 and 5 off
    web = build_web([{"id": i, "form": "informell"} for i in "xyz"], {"x": "12", "y": "23", "z": "345"})
    assert articulation_points(web) == ["0002", "0003"]


def test_no_articulation_point_in_a_cycle_or_one_arrangement(build_web, small_web):
    web = build_web([{"id": i, "form": "informell"} for i in "xyz"], {"x": "12", "y": "23", "z": "31"})
    assert articulation_points(web) == []
    # small_web is well knit: every pair is linked by two routes
    assert articulation_points(small_web) == []
    # a party alone with one arrangement plus a single-member arrangement is no cut
    web = build_web(
        [{"id": "x", "form": "informell"}, {"id": "s", "form": "informell"}], {"x": "12", "s": "1"}
    )
    assert articulation_points(web) == []


def test_core_numbers(build_web, small_web):
    # triangle 1-2-3 (x) with a tail 3-4 (y) and 4-5 (z): cores 2,2,2,1,1
    web = build_web([{"id": i, "form": "informell"} for i in "xyz"], {"x": "123", "y": "34", "z": "45"})
    assert core_numbers(web) == {"0001": 2, "0002": 2, "0003": 2, "0004": 1, "0005": 1}
    # small_web projection is K4 (every pair shares something): core 3 for all
    assert core_numbers(small_web) == {"0001": 3, "0002": 3, "0003": 3, "0004": 3}


def test_core_numbers_match_networkx_on_a_bigger_web(build_web):
    import networkx as nx

    web = build_web(
        [{"id": str(i), "form": "informell"} for i in range(6)],
        {"0": "1234", "1": "456", "2": "67", "3": "78", "4": "89", "5": "69"},
        n_parties=9,
    )
    expected = nx.core_number(comembership_graph(web))
    assert core_numbers(web) == expected


def test_communities_two_obvious_clusters(build_web):
    # two dense groups {1,2,3} and {4,5,6} linked by one arrangement 3-4
    web = build_web(
        [{"id": i, "form": "informell"} for i in ["a", "b", "c", "d", "bridge"]],
        {"a": "123", "b": "123", "c": "456", "d": "456", "bridge": "34"},
    )
    labels = communities(web, seed=0)
    assert labels == {"0001": 0, "0002": 0, "0003": 0, "0004": 1, "0005": 1, "0006": 1}
    assert communities(web, seed=0) == labels  # deterministic


def test_communities_leave_out_big_arrangements(build_web):
    # 'all' has 6 members; with max_members=3 it is ignored and the clusters show
    web = build_web(
        [{"id": i, "form": "informell"} for i in ["a", "b", "all"]],
        {"a": "123", "b": "456", "all": "123456"},
    )
    labels = communities(web, max_members=3)
    assert labels["0001"] == labels["0002"] == labels["0003"] != labels["0004"]
    assert labels["0004"] == labels["0005"] == labels["0006"]


def test_arrangement_overlap(small_web):
    # gn and kf both {A,B,C}: J = 1; gn-gn2 share A: 1 / (3 + 2 - 1) = 0.25
    full = arrangement_overlap(small_web, min_jaccard=0.0)
    got = {(r.a, r.b): (r.shared, r.jaccard) for r in full.itertuples()}
    assert got[("gn", "kf")] == (3, 1.0)
    assert got[("gn", "gn2")] == (1, 0.25)
    assert got[("av", "gn")] == (1, 0.25) and got[("av", "inf")] == (1, 1 / 3)  # B; D
    # default threshold 0.5 keeps only gn-kf
    assert arrangement_overlap(small_web).loc[:, ["a", "b"]].values.tolist() == [["gn", "kf"]]


def test_same_partners_different_forms(small_web, build_web):
    out = same_partners_different_forms(small_web)
    assert out.to_dict("records") == [
        {
            "members": ("0001", "0002", "0003"),
            "arrangement_ids": ("gn", "kf"),
            "forms": ("gemensam_namnd", "kommunalforbund"),
        }
    ]
    # same members, same form twice: not a hit
    web = build_web(
        [{"id": "x", "form": "informell"}, {"id": "y", "form": "informell"}], {"x": "12", "y": "21"}
    )
    assert same_partners_different_forms(web).empty


def test_dependency_edges_and_provider_ranking(small_web):
    edges = dependency_edges(small_web)
    # gn: B, C -> A; kf: A, B, C -> kf; av: D -> B; gn2 and inf: none
    assert edges[["member", "provider", "arrangement_id"]].values.tolist() == [
        ["0001", "kf", "kf"],
        ["0002", "0001", "gn"],
        ["0002", "kf", "kf"],
        ["0003", "0001", "gn"],
        ["0003", "kf", "kf"],
        ["0004", "0002", "av"],
    ]
    ranking = provider_ranking(small_web)
    assert ranking[["provider", "name", "kind", "n_dependents", "n_functions"]].values.tolist() == [
        ["kf", "Räddningsförbundet", "arrangemang", 3, 1],
        ["0001", "A", "kommun", 2, 1],
        ["0002", "B", "kommun", 1, 1],
    ]
    assert ranking.loc[0, "areas"] == ("räddningstjänst",)


def test_network_summary(small_web, build_web):
    s = network_summary(small_web)
    # sizes 3, 3, 2, 2, 2 -> mean 12 / 5 = 2.4; one component of 4 parties; 6 edges
    assert s == {
        "n_parties": 4,
        "n_arrangements": 5,
        "n_memberships": 12,
        "n_components": 1,
        "largest_component": 4,
        "mean_arrangement_size": 2.4,
        "max_arrangement_size": 3,
        "n_dependencies": 6,
    }
    assert all(type(v) in (int, float) for v in s.values())
    two = build_web(
        [{"id": "x", "form": "informell"}, {"id": "y", "form": "informell"}], {"x": "12", "y": "345"}
    )
    assert network_summary(two)["n_components"] == 2


def test_graph_builders(small_web):
    g = bipartite_graph(small_web)
    assert g.number_of_nodes() == 4 + 5 and g.number_of_edges() == 12
    assert g.nodes["0001"]["bipartite"] == 0 and g.nodes["kf"]["form"] == "kommunalforbund"
    assert g.edges["0001", "gn"]["role"] == "värd"
    c = comembership_graph(small_web)
    assert c.number_of_edges() == 6 and c.edges["0001", "0002"]["weight"] == 2
    d = dependency_digraph(small_web)
    assert sorted(d.edges(data="weight")) == [
        ("0001", "kf", 1),
        ("0002", "0001", 1),
        ("0002", "kf", 1),
        ("0003", "0001", 1),
        ("0003", "kf", 1),
        ("0004", "0002", 1),
    ]


def test_empty_web_network_functions():
    from samverkansvav.model import empty_web

    web = empty_web()
    assert comembership(web).empty and arrangement_overlap(web).empty
    assert communities(web) == {} and core_numbers(web) == {} and articulation_points(web) == []
    assert provider_ranking(web).empty and same_partners_different_forms(web).empty
    assert network_summary(web)["n_components"] == 0
    assert isinstance(comembership_matrix(web), pd.DataFrame)
