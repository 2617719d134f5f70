"""The views' plain callback functions, checked against hand-computed values on the small web.

The small web (tests/conftest.py): A=0001 … E=0005, arrangements
gn (GN, host A; A B C), kf (förbund; A B C), av (avtal, host B; B D),
inf (informell; C D), gn2 (GN, no host; A D). E is in nothing.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from samverkansvav.figures.svgmap import view_zoom
from samverkansvav.model import CooperationWeb
from samverkansvav.web import ids
from samverkansvav.web.components import export_table, find_component
from samverkansvav.web.data import build_bundle
from samverkansvav.web.i18n import t
from samverkansvav.web.pages.beroende import dependency_tables, render_dependency
from samverkansvav.web.pages.karta import clicked_kommun, map_stars, profile_target, render_map
from samverkansvav.web.pages.kommunprofil import population_text, profile_tables, render_profile
from samverkansvav.web.pages.natverk import render_network
from samverkansvav.web.pages.overlapp import overlap_tables, render_overlap
from samverkansvav.web.pages.oversikt import overview_numbers, render_overview


# ----------------------------------------------------------------- profile
def test_profile_arrangements_of_0001(bundle):
    rows = profile_tables(bundle, "0001", "sv")["arrangements"]
    # A is in gn (host), gn2 (no host named) and kf (the federation provides); sorted by form then name.
    assert rows[["arrangement", "form", "role", "partners", "provider"]].values.tolist() == [
        ["GN IT", "Gemensam nämnd", "värd", "B, C", "kommunen själv"],
        ["ÖF", "Gemensam nämnd", "medlem", "D", "ej angiven"],
        ["Räddningsförbundet", "Kommunalförbund", "medlem", "B, C", "Räddningsförbundet"],
    ]


def test_profile_index_of_0001(bundle):
    index = profile_tables(bundle, "0001", "sv")["index"].set_index("component")
    # 3 arrangements·1 + 3 partners·0.25 + 2 constellations·1 ({ABC}, {AD}) + 2 forms·1
    # + 3 areas·0.5 + 1 hosted·2 + 1 own governance (kf)·1.5 + 2 joint committees·1
    # + 1 unknown provider (gn2)·0.5 = 3 + 0.75 + 2 + 2 + 1.5 + 2 + 1.5 + 2 + 0.5 = 15.25
    assert index.loc["Totalt", "points"] == pytest.approx(15.25)
    assert index.loc["Värdskap", "count"] == 1
    assert index.loc["Värdskap", "points"] == pytest.approx(2.0)
    assert index.loc["Samverkansparter", "points"] == pytest.approx(0.75)
    # A has the largest index of the five municipalities in Testlän.
    assert index.loc["Totalt", "rank"] == "plats 1 av 5 i länet"
    # Every component carries its Swedish explanation next to it.
    assert index["explanation"].map(bool).all()


def test_profile_dependency_of_0002(bundle):
    dep = profile_tables(bundle, "0002", "sv")["dependency"]
    # B depends on A (gn, IT) and on the federation (kf); it hosts av itself.
    assert sorted(map(tuple, dep[["provider_name", "area", "n_functions"]].values.tolist())) == [
        ("A", "IT", 1),
        ("Räddningsförbundet", "räddningstjänst", 1),
    ]


def test_profile_stats_of_0002(bundle):
    content = render_profile(bundle, "0002", "sv")
    # D(B) = {gn → A, kf → kf}: 2 of 3 arrangements; HHI = 0.5² + 0.5² = 0.5
    assert find_component(content, "profile-dependency-share").children == "67%"
    assert find_component(content, "profile-hhi").children == "0.50"
    assert find_component(content, "profile-n-arrangements").children == "3"
    # B's partners: A, C (gn, kf) and D (av) = 3
    assert find_component(content, "profile-n-partners").children == "3"


def test_profile_table_grid_rows(bundle):
    content = render_profile(bundle, "0004", "en")
    grid = find_component(content, ids.grid("kommun-0004-arrangemang"))
    assert [r["arrangement"] for r in grid.rowData] == ["ÖF", "Lön", "Nätverket"]
    assert [r["provider"] for r in grid.rowData] == ["not named", "B", "none (informal)"]
    assert grid.columnDefs[0]["headerName"] == "Arrangement"


def test_profile_gaps_name_the_missing_host(bundle):
    gaps = profile_tables(bundle, "0004", "sv")["gaps"]
    by_arrangement = dict(zip(gaps["arrangement"], gaps["gap"]))
    assert "Värdkommun saknas" in by_arrangement["ÖF"]
    assert "Värdkommun saknas" not in by_arrangement["Lön"]


@pytest.mark.parametrize("kod, key", [(None, "empty.choose_municipality"), ("", "empty.choose_municipality")])
def test_profile_empty_selection_is_a_message(bundle, text_of, kod, key):
    assert text_of(render_profile(bundle, kod, "sv")) == t(key, "sv")


def test_profile_unknown_code_is_a_message(bundle, text_of):
    assert text_of(render_profile(bundle, "9999", "sv")) == t("empty.unknown_municipality", "sv", kod="9999")


def test_profile_without_arrangements_is_a_message(bundle, text_of):
    assert t("empty.no_arrangements", "sv", name="E") in text_of(render_profile(bundle, "0005", "sv"))


def test_population_with_year_and_precision():
    row = pd.Series({"population": 50323, "population_year": 2024.0, "population_precision": "exakt"})
    assert population_text(row, "sv") == "50 323 (2024, exakt)"
    assert population_text(pd.Series({"population": None}), "sv") == "okänd"
    rounded = pd.Series(
        {"population": 34100, "population_year": 2020.0, "population_precision": "avrundad_100"}
    )
    assert population_text(rounded, "sv") == "34 100 (2020, avrundad till hundratal)"
    assert population_text(rounded, "en") == "34 100 (2020, rounded to hundreds)"


def test_ended_arrangement_is_not_current(small_web):
    arr = small_web.arrangements.copy()
    arr.loc[arr["id"] == "av", ["end", "status"]] = [dt.date(2024, 6, 30), "avslutad"]
    web = CooperationWeb(small_web.parties, arr, small_web.memberships)
    after = profile_tables(build_bundle(web, on=dt.date(2025, 1, 1)), "0004", "sv")["arrangements"]
    before = profile_tables(build_bundle(web, on=dt.date(2024, 1, 1)), "0004", "sv")["arrangements"]
    assert "Lön" not in set(after["arrangement"])
    assert "Lön" in set(before["arrangement"])


# --------------------------------------------------------------------- map
def _trace(fig, name, *, hubs=False):
    """The line trace (or, with ``hubs``, the seat markers) named ``name``."""
    found = [tr for tr in fig.data if tr.name == name and (tr.mode == "markers") == hubs]
    return found[0]


def test_map_draws_each_arrangement_as_a_star_from_its_provider(bundle):
    fig, _ = render_map(bundle, metric="n_arrangements", forms=None, areas=None, lan=None, lang="sv")
    lines = [tr.name for tr in fig.data if tr.mode == "lines"]
    assert lines == ["Gemensam nämnd", "Kommunalförbund", "Avtalssamverkan", "Informell samverkan"]
    # Spokes (4 coordinates each: hub, midpoint, member, gap):
    # gn from host A to B and C (2) + gn2 (no host) from the centre of A and D to both (2) = 4;
    # kf (a federation, no seat) from the centre of A, B, C to all three = 3; av from host B to D = 1;
    # inf from the centre of C and D to both = 2. Members², as pairs were, would give 4, 3, 1, 1.
    assert len(_trace(fig, "Gemensam nämnd").x) == 4 * 4
    assert len(_trace(fig, "Kommunalförbund").x) == 3 * 4
    assert len(_trace(fig, "Avtalssamverkan").x) == 1 * 4
    assert len(_trace(fig, "Informell samverkan").x) == 2 * 4
    # kf's hub is the centre of A (59.1, 18.1), B (59.2, 18.2) and C (59.3, 18.3).
    hub = _trace(fig, "Kommunalförbund", hubs=True)
    assert list(hub.y) == [pytest.approx(59.2)] and list(hub.x) == [pytest.approx(18.2)]
    # The hover at a spoke's midpoint names arrangement, form and provider.
    av = _trace(fig, "Avtalssamverkan")
    assert av.hovertext[1] == "<b>Lön</b><br>Avtalssamverkan<br>Utförare: B (värdkommun)<br>Medlem: D"
    assert (av.x[0], av.y[0], av.x[2], av.y[2]) == (
        pytest.approx(18.2),
        pytest.approx(59.2),
        pytest.approx(18.4),
        pytest.approx(59.4),
    )
    points = _trace(fig, "Kommuner", hubs=True)
    assert list(points.customdata) == ["0001", "0002", "0003", "0004", "0005"]
    # Stepped colours: classes ≤ 0 and 1–3 (A–D have 3 arrangements, E none).
    assert list(points.marker.color) == [1.0, 1.0, 1.0, 1.0, 0.0]
    assert list(points.marker.colorbar.ticktext) == ["≤ 0", "1–3"]
    # sqrt scaling: E has the largest population (5000) → 28; A (1000) → 7 + 21·√0.2.
    assert points.marker.size[4] == pytest.approx(28.0)
    assert points.marker.size[0] == pytest.approx(7 + 21 * 0.2**0.5)


def test_map_filters_by_form_and_area(bundle):
    fig, _ = render_map(
        bundle, metric=None, forms=["avtalssamverkan", "informell"], areas=None, lan=None, lang="en"
    )
    assert [tr.name for tr in fig.data if tr.mode == "lines"] == [
        "Contract cooperation",
        "Informal cooperation",
    ]
    stars, hubs = map_stars(bundle, areas=["IT"])
    # gn (IT) only: from its host A to B and C.
    assert stars[["arrangement_id", "member"]].values.tolist() == [["gn", "0002"], ["gn", "0003"]]
    assert hubs.empty


def test_map_zooms_to_a_county_and_names_it(bundle):
    national, _ = render_map(bundle, metric=None, forms=None, areas=None, lan=None, lang="sv")
    county, _ = render_map(bundle, metric=None, forms=None, areas=None, lan="01", lang="sv")
    assert view_zoom(national) == pytest.approx(0.0)
    assert view_zoom(county) >= 2
    assert sorted(_trace(county, "Namn", hubs=False).text) == ["A", "B", "C", "D", "E"]


def test_map_focus_shows_partners_and_links_on(bundle, text_of):
    fig, notes = render_map(bundle, metric=None, forms=None, areas=None, lan=None, lang="sv", fokus="0004")
    # D's arrangements: av (host B), inf (C, D) and gn2 (A, D).
    stars, _ = map_stars(bundle, fokus="0004")
    assert sorted(set(stars["arrangement_id"])) == ["av", "gn2", "inf"]
    assert view_zoom(fig) >= 2
    assert "Kommunprofil för D" in text_of(notes)


def test_map_filtered_out_shows_message(bundle, text_of):
    fig, notes = render_map(bundle, metric=None, forms=["bolag"], areas=None, lan=None, lang="sv")
    assert t("empty.filtered", "sv") in text_of(notes)
    assert not [tr for tr in fig.data if tr.mode == "lines"]
    assert "Kommuner" in [tr.name for tr in fig.data]  # the municipalities stay on the map


def test_map_background_is_schematic_without_boundaries(bundle, text_of):
    fig, notes = render_map(bundle, metric=None, forms=None, areas=None, lan=None, lang="sv")
    # One Voronoi cell per municipality with coordinates, and a note on the map saying so.
    assert len(fig.layout.shapes) == 5
    assert [a.text for a in fig.layout.annotations] == [t("map.schematic", "sv")]
    assert "boundaries_geojson" not in text_of(notes)


def test_map_draws_boundaries_when_configured(bundle, shared_dir):
    import json

    from samverkansvav.figures.map import simplify_geojson

    geo = simplify_geojson(
        json.loads((shared_dir / "geo" / "swedish_municipalities.geojson").read_text("utf-8"))
    )
    fig, notes = render_map(bundle, metric=None, forms=None, areas=None, lan=None, lang="sv", boundaries=geo)
    assert len(fig.layout.shapes) == 290
    assert not fig.layout.annotations


def test_app_loads_boundaries_from_config(small_web, shared_dir):
    from samverkansvav.config import load_config
    from samverkansvav.web.app import create_app

    config = load_config().replace(
        boundaries_geojson=str(shared_dir / "geo" / "swedish_municipalities.geojson")
    )
    state = create_app(config, web=small_web).server.config["SAMVERKANSVAV_STATE"]
    assert len(state.boundaries["features"]) == 290


def test_map_update_patches_traces_and_view_only(bundle, text_of):
    from samverkansvav.web.pages.karta import map_update

    patch, notes = map_update(
        bundle,
        metric="n_partners",
        forms=["informell"],
        areas=None,
        lan="01",
        lang="sv",
        boundaries_configured=True,
    )
    ops = patch.to_plotly_json()["operations"]
    assigned = {tuple(op["location"]): op["params"]["value"] for op in ops if op["operation"] == "Assign"}
    # Informal lines (C, D from their centre), its hub, the municipalities and their names.
    assert [tr["name"] for tr in assigned[("data",)]] == [
        "Informell samverkan",
        "Informell samverkan",
        "Kommuner",
        "Namn",
    ]
    assert ("layout", "xaxis", "range") in assigned
    # The background shapes are not resent.
    assert not any(loc[:2] == ("layout", "shapes") for loc in assigned)


def test_map_click_opens_profile():
    click = {"points": [{"customdata": "0003", "lat": 59.3, "lon": 18.3}]}
    assert clicked_kommun(click) == "0003"
    assert clicked_kommun({"points": [{"lat": 1}]}) is None
    assert profile_target("0003", "?lang=en&matt=n_partners") == ("/kommun", "?kod=0003&lang=en")


# ----------------------------------------------------------------- overlap
def test_heatmap_values_ordered_by_community(bundle):
    content = render_overlap(bundle, lan=None, lang="sv")
    heat = find_component(content, "overlap-heatmap").figure
    # All four members are one community; equal diagonals (3 each) → ordered by id A, B, C, D.
    # Shared: AB = AC = BC = 2 (gn, kf); AD = 1 (gn2); BD = 1 (av); CD = 1 (inf).
    assert list(heat.data[0].x) == ["A", "B", "C", "D"]
    assert heat.data[0].z.tolist() == [[3, 2, 2, 1], [2, 3, 2, 1], [2, 2, 3, 1], [1, 1, 1, 3]]


def test_upset_counts_member_sets(bundle):
    sets = overlap_tables(bundle, lan=None, lang="sv")["sets"]
    # {A,B,C} twice (gn, kf); {A,D}, {B,D}, {C,D} once each.
    assert sets["members"].tolist()[0] == ("0001", "0002", "0003")
    assert sets["n"].tolist() == [2, 1, 1, 1]


def test_overlap_for_empty_region_is_a_message(bundle, text_of):
    assert text_of(render_overlap(bundle, lan="99", lang="sv")) == t("empty.filtered", "sv")


# -------------------------------------------------------------- dependency
def test_dependency_tables(bundle):
    data = dependency_tables(bundle, lan=None, lang="sv")
    # Edges: gn: B→A, C→A; kf: A, B, C → kf; av: D→B.
    assert data["providers"][["name", "n_dependents", "n_functions"]].values.tolist() == [
        ["Räddningsförbundet", 3, 1],
        ["A", 2, 1],
        ["B", 1, 1],
    ]
    # HHI: A (only kf) 1.0, D (only B) 1.0, B and C 0.5 each (A and kf); ties by share then code.
    assert list(data["municipalities"].index) == ["0001", "0004", "0002", "0003"]
    assert sorted(data["two_member"]["id"]) == ["av", "gn2", "inf"]
    # No arrangement has a goal or an evaluation.
    assert len(data["evaluation"]) == 5


def test_dependency_matrix_figure(bundle):
    content = render_dependency(bundle, lan=None, lang="sv")
    fig = find_component(content, "dependency-matrix").figure
    z = {(y, x): v for y, row in zip(fig.data[0].y, fig.data[0].z) for x, v in zip(fig.data[0].x, row)}
    assert z[("B", "A")] == 1 and z[("D", "B")] == 1 and z[("A", "Räddningsförbundet")] == 1
    assert z[("A", "A")] == 0


# ---------------------------------------------------------------- overview
def test_overview_numbers(bundle):
    numbers = overview_numbers(bundle)
    assert numbers["n_municipalities"] == 4
    assert numbers["n_arrangements"] == 5
    assert numbers["n_memberships"] == 3 + 3 + 2 + 2 + 2
    assert numbers["by_form"].to_dict() == {
        "gemensam_namnd": 2,
        "kommunalforbund": 1,
        "avtalssamverkan": 1,
        "informell": 1,
    }
    assert numbers["gaps"]["gap_no_host"] == 1  # gn2
    assert list(numbers["most_complex"].index[:1]) == ["0001"]


def test_overview_hand_picked_region(bundle):
    numbers = overview_numbers(bundle, kommuner=["0004"])
    # D is in av, inf, gn2.
    assert numbers["n_arrangements"] == 3
    assert numbers["n_municipalities"] == 1


def test_overview_filtered_out_is_a_message(bundle, text_of):
    assert text_of(render_overview(bundle, lan="99", kommuner=None, lang="sv")) == t("empty.filtered", "sv")


def test_overview_stat_cards(bundle):
    content = render_overview(bundle, lan=None, kommuner=None, lang="sv")
    assert find_component(content, "ov-n-arrangements").children == "5"
    assert find_component(content, "ov-n-gaps").children == "5"  # nothing has a goal → every one has a gap


# ----------------------------------------------------------------- network
def test_network_projection_and_focus(bundle):
    elements, _ = render_network(bundle, mode="projektion", focus=None, lan=None, lang="sv")
    nodes = [e for e in elements if "source" not in e["data"]]
    edges = [e for e in elements if "source" in e["data"]]
    assert len(nodes) == 4 and len(edges) == 6  # every pair of A–D shares something
    weights = {e["data"]["id"]: e["data"]["weight"] for e in edges}
    assert weights["e:0001|0002"] == 2 and weights["e:0003|0004"] == 1


def test_network_bipartite(bundle):
    elements, _ = render_network(bundle, mode="bipartit", focus=None, lan=None, lang="sv")
    kinds = pd.Series([e["data"].get("kind", "edge") for e in elements]).value_counts().to_dict()
    assert kinds == {"edge": 12, "arrangemang": 5, "kommun": 4}
    focused, _ = render_network(bundle, mode="bipartit", focus="0004", lan=None, lang="sv")
    arrangement_nodes = sorted(e["data"]["id"] for e in focused if e["data"].get("kind") == "arrangemang")
    assert arrangement_nodes == ["a:av", "a:gn2", "a:inf"]
    shapes = {
        e["data"]["id"]: e["classes"].split() for e in focused if e["data"].get("kind") == "arrangemang"
    }
    assert shapes["a:av"][:2] == ["arrangemang", "avtalssamverkan"]


def test_network_positions_are_deterministic(small_web, on):
    one = build_bundle(small_web, on=on).projection_positions()
    two = build_bundle(small_web, on=on).projection_positions()
    assert one == two and len(one) == 4


def test_network_focus_without_arrangements_is_a_message(bundle, text_of):
    elements, note = render_network(bundle, mode="projektion", focus="0005", lan=None, lang="sv")
    assert elements == [] and t("empty.no_arrangements", "sv", name="E") in text_of(note)


# ----------------------------------------------------------------- exports
def test_excel_export_of_visible_rows():
    import base64
    import io

    import openpyxl

    rows = [{"name": "=1+1", "n": 3}]
    defs = [{"field": "name", "headerName": "Namn"}, {"field": "n", "headerName": "Antal"}]
    data = export_table("excel", rows, defs, "tabell")
    assert data["filename"] == "tabell.xlsx" and data["base64"]
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data["content"])))
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["Namn", "Antal"]
    assert sheet["B2"].value == 3
    assert sheet["A2"].data_type == "s"  # text, never a formula


def test_csv_export_has_headers():
    import base64

    data = export_table("csv", [{"a": 1}], [{"field": "a", "headerName": "Antal"}], "t")
    assert data["filename"] == "t.csv"
    assert base64.b64decode(data["content"]).decode("utf-8-sig").splitlines()[0] == "Antal"
