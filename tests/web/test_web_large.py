"""A municipality in thousands of arrangements: bounded pictures and cells, hand-counted."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from samverkansvav.model import CooperationWeb
from samverkansvav.web.components import find_component
from samverkansvav.web.data import build_bundle, joined_names, members_by_arrangement, missing_mask
from samverkansvav.web.history_view import HISTORY_ID, TIMELINE_BARS, history_section
from samverkansvav.web.pages.karta import NAMES_PER_LINE, map_stars, merge_shared_lines
from samverkansvav.web.pages.kommunprofil import NAMES_PER_CELL, profile_tables

D = dt.date


def _pair_web(n: int) -> CooperationWeb:
    """``n`` agreements hosted by A (0001) with B (0002), agreement i starting on day i of 2001."""
    parties = [
        {"id": i, "name": name, "kind": "kommun", "lan_code": "05", "lan_name": "Ö", "lat": lat, "lon": 15.0}
        for i, name, lat in [("0001", "A", 58.0), ("0002", "B", 59.0)]
    ]
    arrangements = [
        {
            "id": f"a{i:04d}",
            "name": f"Avtal {i:04d}",
            "form": "avtalssamverkan",
            "area": "IT",
            "host": "0001",
            "status": "aktiv",
            "start": D(2001, 1, 1) + dt.timedelta(days=i),
        }
        for i in range(n)
    ]
    memberships = [
        {"arrangement_id": f"a{i:04d}", "party_id": p, "role": r}
        for i in range(n)
        for p, r in [("0001", "utförare"), ("0002", "uppdragsgivare")]
    ]
    return CooperationWeb.from_records(parties=parties, arrangements=arrangements, memberships=memberships)


def test_the_dependency_cell_names_twenty_arrangements_and_counts_the_rest():
    bundle = build_bundle(_pair_web(25), on=D(2025, 1, 1))
    dependency = profile_tables(bundle, "0002", "sv")["dependency"]
    assert dependency["n_functions"].tolist() == [25]
    cell = dependency.at[0, "arrangements"]
    assert NAMES_PER_CELL == 20
    assert cell.startswith("Avtal 0000, Avtal 0001, ") and "Avtal 0019" in cell and "Avtal 0020" not in cell
    assert cell.endswith(" … och 5 till")  # 25 − 20
    english = profile_tables(bundle, "0002", "en")["dependency"].at[0, "arrangements"]
    assert english.endswith(" … and 5 more")


def test_the_profile_tables_are_built_once_per_municipality_and_language():
    bundle = build_bundle(_pair_web(3), on=D(2025, 1, 1))
    first = profile_tables(bundle, "0002", "sv")
    assert profile_tables(bundle, "0002", "sv") is first
    assert profile_tables(bundle, "0002", "en") is not first
    rows = first["arrangements"]
    assert rows["arrangement"].tolist() == ["Avtal 0000", "Avtal 0001", "Avtal 0002"]
    assert set(rows["partners"]) == {"A"} and set(rows["provider"]) == {"A"}
    assert set(profile_tables(bundle, "0001", "sv")["arrangements"]["provider"]) == {"kommunen själv"}


def test_the_timeline_draws_the_latest_started_periods_and_says_how_many_there_are():
    n = TIMELINE_BARS + 15
    bundle = build_bundle(_pair_web(n), on=D(2025, 1, 1))
    section = history_section(bundle, "0001", "sv")
    timeline = find_component(section, f"{HISTORY_ID}-timeline").figure
    drawn = [name for trace in timeline.data for name in trace.y]
    assert len(drawn) == TIMELINE_BARS == 60
    # Periods are sorted by start: the 60 latest are agreements 15 … 74.
    assert drawn[0] == "Avtal 0015" and drawn[-1] == f"Avtal {n - 1:04d}"
    texts = [c.children for c in section.children if getattr(c, "className", "") == "message message-muted"]
    assert "Tidslinjen visar de 60 senast påbörjade av 75 medlemskapsperioder." in texts


def test_a_small_history_has_no_note_about_a_cap():
    section = history_section(build_bundle(_pair_web(3), on=D(2025, 1, 1)), "0001", "sv")
    timeline = find_component(section, f"{HISTORY_ID}-timeline").figure
    assert sum(len(trace.y) for trace in timeline.data) == 3
    assert not any(getattr(c, "className", "") == "message message-muted" for c in section.children)


def test_agreements_between_the_same_two_municipalities_are_one_line_on_the_map():
    bundle = build_bundle(_pair_web(8), on=D(2025, 1, 1))
    stars, hubs = map_stars(bundle)
    assert len(stars) == 8 and hubs.empty  # one spoke per agreement, from the host A to B
    merged = merge_shared_lines(stars, "sv")
    assert len(merged) == 1
    hover = merged.at[0, "hover"]
    assert NAMES_PER_LINE == 5
    assert [f"Avtal {i:04d}" in hover for i in range(8)] == [True] * 5 + [False] * 3
    assert hover.endswith("… och 3 till")
    assert (merged.at[0, "member"], merged.at[0, "hub_id"]) == ("0002", "0001")


def test_lines_of_different_forms_or_places_stay_apart():
    stars = pd.DataFrame(
        {
            "arrangement_id": ["x", "y", "z"],
            "member": ["B", "B", "C"],
            "hub_id": ["A", "A", "A"],
            "form": ["avtalssamverkan", "gemensam_namnd", "avtalssamverkan"],
            "hub_lat": [58.0] * 3,
            "hub_lon": [15.0] * 3,
            "lat": [59.0, 59.0, 60.0],
            "lon": [15.0] * 3,
            "hover": ["x", "y", "z"],
        }
    )
    assert merge_shared_lines(stars, "sv")["hover"].tolist() == ["x", "y", "z"]


def test_column_helpers():
    frame = pd.DataFrame({"arrangement_id": ["x", "x", "y", None], "party_id": ["2", "1", "3", "4"]})
    assert members_by_arrangement(frame) == {"x": ("1", "2"), "y": ("3",)}
    assert joined_names([("1", "2"), ("1", "2"), ("2",)], {"1": "Ett", "2": "Två"}, leave_out="2") == [
        "Ett",
        "Ett",
        "",
    ]
    values = pd.Series(["a", "", "  ", None, 0, float("nan"), pd.NaT], dtype=object)
    assert missing_mask(values).tolist() == [False, True, True, True, False, True, True]
    assert missing_mask(pd.Series(["a", " ", None], dtype="string")).tolist() == [False, True, True]
