"""Readable views (issue 14): layout, labels, side panel, palette — hand-computed on small cases.

The small web (tests/conftest.py): A=0001 … E=0005, arrangements
gn (GN, host A; A B C), kf (förbund; A B C), av (avtal, host B; B D),
inf (informell; C D), gn2 (GN, no host; A D). E is in nothing.
"""

from __future__ import annotations

import pandas as pd
import pytest

from samverkansvav.figures.layout import (
    Box,
    choose_labels,
    force_positions,
    overlapping_pairs,
    remove_overlaps,
)
from samverkansvav.figures.network import place_nodes
from samverkansvav.figures.palette import COMMUNITY_COLOURS, FORM_COLOURS, SEQUENTIAL_STEPS, delta_e
from samverkansvav.web.pages.natverk import node_panel, render_network


# ----------------------------------------------------------------- layout
def test_remove_overlaps_pushes_along_the_smaller_overlap():
    # Two 40×20 boxes 10 px apart horizontally: they overlap 30 px in x and 20 px in y,
    # so they are pushed apart vertically until 20 px + gap separate their centres.
    boxes = {"a": Box(0, 0, 40, 20), "b": Box(0, 0, 40, 20)}
    moved = remove_overlaps({"a": (0.0, 0.0), "b": (10.0, 0.0)}, boxes, gap=2.0)
    assert moved["a"][0] == 0.0 and moved["b"][0] == 10.0
    assert moved["b"][1] - moved["a"][1] >= 22.0
    assert overlapping_pairs(moved, boxes) == 0


def test_remove_overlaps_keeps_a_fixed_node():
    boxes = {"a": Box(0, 0, 10, 10), "b": Box(0, 0, 10, 10)}
    moved = remove_overlaps({"a": (0.0, 0.0), "b": (0.0, 4.0)}, boxes, gap=0.0, fixed=["a"])
    assert moved["a"] == (0.0, 0.0) and moved["b"][1] >= 10.0


def test_choose_labels_most_important_first_and_never_overlapping():
    pos = {"a": (0.0, 0.0), "b": (20.0, 0.0), "c": (100.0, 0.0)}
    labels = {k: Box(0, 0, 30, 10) for k in pos}
    dots = {k: Box(0, 0, 2, 2) for k in pos}
    # a's and b's labels (30 px wide, centres 20 px apart) overlap: only the more important is named.
    assert choose_labels(pos, labels, dots, {"a": 1, "b": 2, "c": 0}) == ["b", "c"]
    assert choose_labels(pos, labels, dots, {"a": 3, "b": 2, "c": 0}) == ["a", "c"]
    assert choose_labels(pos, labels, dots, {"a": 3, "b": 2, "c": 0}, limit=1) == ["a"]


def test_force_positions_are_deterministic_and_inside_the_box():
    edges = [("a", "b", 1.0), ("b", "c", 2.0), ("c", "a", 1.0), ("c", "d", 1.0)]
    one = force_positions(["d", "c", "b", "a"], edges, box=(400, 200), margin=10)
    two = force_positions(["a", "b", "c", "d"], list(reversed(edges)), box=(400, 200), margin=10)
    assert one == two
    assert all(10 - 1e-6 <= x <= 390 + 1e-6 and 10 - 1e-6 <= y <= 190 + 1e-6 for x, y in one.values())


def test_place_nodes_labels_every_node_of_a_small_view_without_overlap():
    from samverkansvav.figures.layout import label_width

    names = ["Falun", "Borlänge", "Hedemora", "Ludvika", "Säter", "Smedjebacken"]
    ids = [f"k{i}" for i in range(6)]
    nodes = pd.DataFrame({"label": names, "importance": [5, 4, 3, 3, 2, 1]}, index=ids)
    clique = [(a, b, 1.0) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    placed = place_nodes(nodes, clique)
    assert placed["labelled"].all()
    boxes = {
        k: Box(0, (3 + 1.3 * f) / 2, max(s, label_width(n, f)), s + 3 + 1.3 * f)
        for k, n, s, f in zip(ids, names, placed["size"], placed["font"])
    }
    assert overlapping_pairs({k: (placed.at[k, "x"], placed.at[k, "y"]) for k in ids}, boxes) == 0
    # Fonts stay within 12–20 px in the design box (the fit zoom is close to 1).
    assert placed["font"].between(12, 20).all()


def test_place_nodes_labels_only_what_fits_in_a_big_view():
    ids = [f"n{i:03d}" for i in range(150)]
    nodes = pd.DataFrame({"label": [f"Kommun {i}" for i in range(150)], "importance": range(150)}, index=ids)
    edges = [(ids[i], ids[(i + 1) % 150], 1.0) for i in range(150)]
    placed = place_nodes(nodes, edges, label_all_up_to=90)
    assert 0 < placed["labelled"].sum() < 150
    # The most important node is always named.
    assert bool(placed.at["n149", "labelled"])


# ----------------------------------------------------------------- palette
def test_group_colours_never_resemble_a_form_colour():
    assert min(delta_e(c, f) for c in COMMUNITY_COLOURS for f in FORM_COLOURS.values()) >= 20
    assert min(delta_e(c, f) for c in SEQUENTIAL_STEPS for f in FORM_COLOURS.values()) >= 20
    assert not set(COMMUNITY_COLOURS) & set(FORM_COLOURS.values())


# ----------------------------------------------------------------- network page
def test_small_web_view_labels_every_municipality(bundle):
    elements, _ = render_network(bundle, mode="projektion", focus=None, lan="01", lang="sv")
    nodes = [e for e in elements if "source" not in e["data"]]
    assert sorted(e["data"]["id"] for e in nodes) == ["0001", "0002", "0003", "0004"]
    assert all("labelled" in e["classes"].split() for e in nodes)
    # A: 3 arrangements, 3 partners (B, C, D), depends on kf only of its 2 non-informal … share 1 of 3 = 33 %.
    hover = {e["data"]["id"]: e["data"]["hover"] for e in nodes}
    assert hover["0001"].startswith("A: 3 arrangemang, 3 parter")


def test_focus_view_marks_the_focus(bundle):
    elements, _ = render_network(bundle, mode="projektion", focus="0004", lan=None, lang="sv")
    classes = {e["data"]["id"]: e["classes"].split() for e in elements if "source" not in e["data"]}
    # D shares av with B, inf with C and gn2 with A: all four are in its view.
    assert sorted(classes) == ["0001", "0002", "0003", "0004"]
    assert "focus" in classes["0004"] and "focus" not in classes["0001"]


def _hrefs(tree) -> dict:
    out = {}

    def walk(node):
        if isinstance(node, (list, tuple)):
            for n in node:
                walk(n)
            return
        if getattr(node, "href", None) and getattr(node, "id", None):
            out[node.id] = node.href
        walk(getattr(node, "children", None) or [])

    walk(tree)
    return out


def test_panel_of_a_municipality_links_on(bundle, text_of):
    panel = node_panel(bundle, "0002", lang="sv", search="?lang=en&fokus=0004")
    links = _hrefs(panel)
    assert links == {
        "network-link-profile": "/kommun?kod=0002&lang=en",
        "network-link-map": "/karta?fokus=0002&lang=en",
        "network-link-ego": "/natverk?fokus=0002&lang=en",
        "network-link-scenario": "/scenario?kod=0002&lang=en",
    }
    text = text_of(panel)
    # B: arrangements gn, kf, av; partners A and C share 2 (gn, kf), D shares 1 (av).
    assert "Arrangemang (3)" in text and "A: 2 gemensamma" in text and "D: 1 gemensamma" in text
    # B depends on A (gn) and on the federation (kf).
    assert "A: 1 funktion" in text and "Räddningsförbundet: 1 funktion" in text and "funktioner" not in text


def test_panel_names_unknown_providers(bundle, text_of):
    # A's gn2 (joint committee) has no named host: an unknown provider, listed with the dependency.
    assert "okänd utförare: 1 arrangemang" in text_of(node_panel(bundle, "0001", lang="sv"))


def test_panel_of_an_arrangement_lists_members(bundle, text_of):
    text = text_of(node_panel(bundle, "a:av", lang="sv"))
    assert "Lön" in text and "Medlemmar (2)" in text and "B" in text and "D" in text


def test_panel_of_nothing_is_empty(bundle):
    assert node_panel(bundle, None, lang="sv") == [] and node_panel(bundle, "9999", lang="sv") == []


# ----------------------------------------------------------------- dependency
def test_dependency_ranked_charts(bundle):
    from samverkansvav.web.pages.beroende import dependency_tables, ranked_figures

    data = dependency_tables(bundle, lan=None, lang="sv")
    by_provider, by_concentration = ranked_figures(bundle, data, lang="sv")
    # Edges: gn: B→A, C→A; kf: A, B, C → kf; av: D→B.
    assert list(by_provider.data[0].y) == ["Räddningsförbundet (förbund/bolag)", "A (kommun)", "B (kommun)"]
    assert list(by_provider.data[0].x) == [3, 2, 1] and list(by_provider.data[1].x) == [1, 1, 1]
    # HHI: A and D 1.0 (one provider each), B and C 0.5.
    assert list(by_concentration.data[0].y) == ["A", "D", "B", "C"]
    assert list(by_concentration.data[0].x) == [1.0, 1.0, 0.5, 0.5]


def test_dependency_matrix_only_when_it_can_be_labelled(bundle, monkeypatch, text_of):
    from samverkansvav.web.components import find_component
    from samverkansvav.web.pages import beroende

    content = beroende.render_dependency(bundle, lan=None, lang="sv")
    assert find_component(content, "dependency-matrix") is not None  # 4 members × 3 providers
    monkeypatch.setattr(beroende, "MATRIX_MAX_ROWS", 3)
    content = beroende.render_dependency(bundle, lan=None, lang="sv")
    assert find_component(content, "dependency-matrix") is None
    assert "4 rader och 3 kolumner" in text_of(content)


# ----------------------------------------------------------------- profile
def test_rank_ties_are_shown_as_ties(bundle):
    from samverkansvav.web.pages.kommunprofil import rank_text

    # Hosting: A hosts gn and B hosts av (1 each); C, D and E host nothing.
    assert rank_text(bundle, "0001", "sli_hosted", "sv") == "delad plats 1–2 av 5 i länet"
    assert rank_text(bundle, "0005", "sli_hosted", "sv") == "delad plats 3–5 av 5 i länet"
    assert rank_text(bundle, "0005", "sli_hosted", "en") == "shared rank 3–5 of 5 in the county"
    # The index total: A 15.25 is alone at the top.
    assert rank_text(bundle, "0001", "systemledningsindex", "sv") == "plats 1 av 5 i länet"


def test_profile_dependency_lists_unknown_providers(bundle, text_of):
    from samverkansvav.web.components import find_component
    from samverkansvav.web.pages.kommunprofil import profile_tables, render_profile

    dep = profile_tables(bundle, "0001", "sv")["dependency"]
    # A depends on kf (a federation) and is in gn2, a joint committee whose host is not named.
    assert dep[["provider_name", "area", "n_functions", "arrangements"]].values.tolist() == [
        ["Räddningsförbundet", "räddningstjänst", 1, "Räddningsförbundet"],
        ["okänd utförare", "överförmyndare", 1, "ÖF"],
    ]
    content = render_profile(bundle, "0001", "sv")
    assert "okänd utförare i 1 arrangemang" in text_of(find_component(content, "profile-unknown-provider"))
    assert find_component(render_profile(bundle, "0002", "sv"), "profile-unknown-provider") is None


def test_profile_links_to_map_network_and_scenario(bundle):
    from samverkansvav.web.pages.kommunprofil import render_profile

    links = _hrefs(render_profile(bundle, "0002", "en", search="?kod=0002&lang=en&datum=2025-01-01"))
    assert links["profile-link-map"] == "/karta?datum=2025-01-01&fokus=0002&lang=en"
    assert links["profile-link-network"] == "/natverk?datum=2025-01-01&fokus=0002&lang=en"
    assert links["profile-link-scenario"] == "/scenario?datum=2025-01-01&kod=0002&lang=en"


def test_profile_hides_columns_without_values(bundle, text_of):
    from samverkansvav.web import ids
    from samverkansvav.web.components import find_component
    from samverkansvav.web.pages.kommunprofil import render_profile

    content = render_profile(bundle, "0001", "sv")
    grid = find_component(content, ids.grid("kommun-0001-arrangemang"))
    # The small web has no costs, notice periods or evaluations.
    assert [c["field"] for c in grid.columnDefs] == [
        "arrangement",
        "form",
        "area",
        "role",
        "partners",
        "provider",
    ]
    assert "Årskostnad (kr), Uppsägningstid (mån), Senast utvärderad" in text_of(content)


def test_profile_ego_network_has_its_own_layout(bundle):
    from samverkansvav.web.pages.kommunprofil import ego_elements

    nodes = [e for e in ego_elements(bundle, "0001") if "source" not in e["data"]]
    spots = {(e["position"]["x"], e["position"]["y"]) for e in nodes}
    assert len(nodes) == 4 and len(spots) == 4  # A and its partners B, C, D, each on its own spot
    assert all("labelled" in e["classes"] for e in nodes)


def test_table_columns_fit_their_content():
    from samverkansvav.web.components import column_def

    frame = pd.DataFrame(
        {"n": [1, 2], "arrangement": ["Gemensam nämnd för upphandlingssamverkan i Dalarna", "Lön"]}
    )
    number = column_def(frame, "n", "Antal")
    text = column_def(frame, "arrangement", "Arrangemang")
    assert (
        number["cellClass"] == "ag-right-aligned-cell" and "wrapText" not in number and "type" not in number
    )
    assert text["wrapText"] and text["autoHeight"]
    assert text["flex"] > number["flex"]
    # The header's longest word fits: "Arrangemang" (11 letters) → 8·11 + 56 = 144 px.
    assert text["minWidth"] >= 144


def test_overview_search_opens_the_profile():
    from dash.exceptions import PreventUpdate

    from samverkansvav.web.pages.oversikt import search_target

    assert search_target("2080", "?lang=en&lan=20") == ("/kommun", "?kod=2080&lang=en")
    with pytest.raises(PreventUpdate):
        search_target(None, "")


def test_map_zooms_to_an_own_selection(bundle):
    from samverkansvav.figures.svgmap import view_zoom
    from samverkansvav.web.pages.karta import map_stars, render_map

    fig, _ = render_map(
        bundle, metric=None, forms=None, areas=None, lan=None, lang="sv", kommuner=["0002", "0004"]
    )
    names = [tr for tr in fig.data if tr.name == "Namn"][0]
    assert {"B", "D"} <= set(names.text) and view_zoom(fig) >= 2
    # Arrangements with B or D: gn, kf (B), av (B, D), inf, gn2 (D) — all five.
    stars, _ = map_stars(bundle, kommuner=["0002", "0004"])
    assert sorted(set(stars["arrangement_id"])) == ["av", "gn", "gn2", "inf", "kf"]
    stars, _ = map_stars(bundle, kommuner=["0005"])
    assert stars.empty  # E is in nothing


def test_overview_counts_every_area_of_a_list_and_the_map_filter_matches_any():
    """An arrangement in "IT; löneadministration" counts for both areas and is kept by either filter."""
    from samverkansvav.model import CooperationWeb
    from samverkansvav.web.data import count_by_area
    from samverkansvav.web.pages.karta import _arrangements

    areas = pd.Series(["IT; löneadministration", "IT", None])
    assert count_by_area(areas).to_dict() == {"IT": 2, "löneadministration": 1, "–": 1}

    class Bundle:  # the two attributes _arrangements reads
        web = CooperationWeb.from_records(
            parties=[
                {"id": "0001", "name": "A", "kind": "kommun"},
                {"id": "0002", "name": "B", "kind": "kommun"},
            ],
            arrangements=[
                {"id": "x", "name": "X", "form": "kommunalforbund", "area": "IT; löneadministration"},
                {"id": "y", "name": "Y", "form": "kommunalforbund", "area": "VA"},
            ],
            memberships=[
                {"arrangement_id": a, "party_id": p, "role": "medlem"}
                for a in ("x", "y")
                for p in ("0001", "0002")
            ],
        )
        arrangements = web.arrangements.set_index("id")
        memberships = web.memberships

    assert list(_arrangements(Bundle, areas=["löneadministration"]).index) == ["x"]
    assert list(_arrangements(Bundle, areas=["IT", "VA"]).index) == ["x", "y"]


def _samordning_bundle(on):
    from samverkansvav.model import CooperationWeb
    from samverkansvav.web.data import build_bundle

    # A samordningsförbund of A, B, the region and Försäkringskassan; an agreement of B and C.
    kommun = {"kind": "kommun", "lan_code": "01", "lan_name": "Testlän", "lat": 59.0, "lon": 18.0}
    parties = [{"id": f"000{i}", "name": n, **kommun} for i, n in enumerate("ABC", start=1)] + [
        {"id": "R01", "name": "Region Test", "kind": "region", "lan_code": "01", "lan_name": "Testlän"},
        {"id": "fk", "name": "Försäkringskassan", "kind": "annan"},
    ]
    arrangements = [
        {"id": "sf", "name": "Samordningsförbundet", "form": "samordningsforbund", "area": "FINSAM"},
        {"id": "av", "name": "Lön", "form": "avtalssamverkan", "area": "lön", "host": "0002"},
    ]
    memberships = [{"arrangement_id": "sf", "party_id": p} for p in ("0001", "0002", "R01", "fk")] + [
        {"arrangement_id": "av", "party_id": p} for p in ("0002", "0003")
    ]
    web = CooperationWeb.from_records(parties=parties, arrangements=arrangements, memberships=memberships)
    return build_bundle(web, on=on)


def test_municipality_view_leaves_regions_and_agencies_to_the_bipartite_view(on):
    bundle = _samordning_bundle(on)
    elements, _ = render_network(bundle, mode="projektion", focus=None, lan=None, lang="sv")
    nodes = sorted(e["data"]["id"] for e in elements if "source" not in e["data"])
    edges = sorted((e["data"]["source"], e["data"]["target"]) for e in elements if "source" in e["data"])
    assert nodes == ["0001", "0002", "0003"]
    assert edges == [("0001", "0002"), ("0002", "0003")]

    elements, _ = render_network(bundle, mode="bipartit", focus=None, lan=None, lang="sv")
    nodes = {e["data"]["id"] for e in elements if "source" not in e["data"]}
    assert {"R01", "fk", "a:sf", "a:av"} <= nodes


def test_overlap_matrix_is_of_municipalities_while_member_sets_name_everyone(on):
    from samverkansvav.web.pages.overlapp import overlap_tables

    tables = overlap_tables(_samordning_bundle(on), lan=None, lang="sv")
    matrix = tables["matrix"]
    assert list(matrix.index) == ["0001", "0002", "0003"] and list(matrix.columns) == list(matrix.index)
    # A–B share the samordningsförbund, B–C the agreement; the diagonal is each one's own count.
    assert matrix.loc["0001", "0002"] == 1 and matrix.loc["0002", "0003"] == 1
    assert matrix.loc["0001", "0003"] == 0 and matrix.loc["0002", "0002"] == 2
    assert any({"R01", "fk"} <= set(members) for members in tables["sets"]["members"])
