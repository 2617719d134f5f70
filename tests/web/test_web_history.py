"""The Historik views (profile section, region timeline, earlier exits), called directly."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkansvav.model import CooperationWeb
from samverkansvav.web.components import find_component
from samverkansvav.web.data import build_bundle
from samverkansvav.web.history_view import (
    HISTORY_ID,
    REGION_HISTORY_ID,
    history_section,
    recorded_exits_section,
    region_history,
)
from samverkansvav.web.i18n import t
from samverkansvav.web.ids import grid

D = dt.date


def _web() -> CooperationWeb:
    """A, B (län 05) and C (06): kf formed 2010, C joins 2012 and leaves 2015;
    an agreement starts 2030 (after the analysis date)."""
    parties = [
        {
            "id": i,
            "name": n,
            "kind": "kommun",
            "lan_code": lan,
            "lan_name": ln,
            "lat": 58.0,
            "lon": 15.0,
            "population": 10_000,
        }
        for i, n, lan, ln in [("0001", "A", "05", "Ö"), ("0002", "B", "05", "Ö"), ("0003", "C", "06", "J")]
    ]
    arrangements = [
        {
            "id": "kf",
            "name": "Förbundet",
            "form": "kommunalforbund",
            "area": "IT",
            "start": D(2010, 1, 1),
            "status": "aktiv",
            "source": "https://kf.example",
        },
        {
            "id": "ny",
            "name": "Nytt avtal",
            "form": "avtalssamverkan",
            "area": "lön",
            "host": "0001",
            "start": D(2030, 1, 1),
            "status": "aktiv",
            "source": "https://ny.example",
        },
    ]
    memberships = [
        {"arrangement_id": "kf", "party_id": "0001", "role": "medlem"},
        {"arrangement_id": "kf", "party_id": "0002", "role": "medlem"},
        {
            "arrangement_id": "kf",
            "party_id": "0003",
            "role": "medlem",
            "start": D(2012, 7, 1),
            "end": D(2015, 12, 31),
        },
        {"arrangement_id": "ny", "party_id": "0001", "role": "utförare"},
        {"arrangement_id": "ny", "party_id": "0002", "role": "uppdragsgivare"},
    ]
    return CooperationWeb.from_records(parties=parties, arrangements=arrangements, memberships=memberships)


@pytest.fixture
def hist_bundle():
    return build_bundle(_web(), on=D(2020, 6, 30))


def _rows(tree, name):
    return find_component(tree, grid(name)).rowData


def test_profile_history_section(hist_bundle, text_of):
    section = history_section(hist_bundle, "0003", "sv")
    assert section.id == HISTORY_ID
    text = text_of(section)
    assert t("history.title", "sv") in text and "2020-06-30" in text
    # C's timeline: one bar, its membership 2012-07-01 – 2015-12-31
    timeline = find_component(section, f"{HISTORY_ID}-timeline").figure
    (bar,) = timeline.data
    assert (bar.y[0], bar.base[0]) == ("Förbundet", "2012-07-01")
    assert bar.x[0] == ((D(2015, 12, 31) - D(2012, 7, 1)).days + 1) * 86_400_000
    # figures per year 2010..2019 on 31 December, then the analysis date
    per_year = find_component(section, f"{HISTORY_ID}-per-year").figure
    assert list(per_year.data[0].x) == list(range(2010, 2021))
    assert list(per_year.data[0].y) == [0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    # events, each with its source; nothing after the analysis date
    rows = _rows(section, "kommun-0003-historik")
    assert [(r["date"], r["event"], r["party"]) for r in rows] == [
        ("2010-01-01", "bildades", "A, B"),
        ("2012-07-01", "gick med", "C"),
        ("2015-12-31", "lämnade", "C"),
    ]
    assert {r["source"] for r in rows} == {"https://kf.example"}


def test_profile_history_in_english_and_without_dated_events(text_of):
    bundle = build_bundle(_web(), on=D(2020, 6, 30))
    section = history_section(bundle, "0001", "en")
    text = text_of(section)
    assert "History" in text and "Figures per year" in text
    rows = _rows(section, "kommun-0001-historik")
    # the 2030 agreement is after the analysis date: not shown
    assert [r["event"] for r in rows] == ["formed", "joined", "left"]
    undated = CooperationWeb.from_records(
        parties=[
            {"id": "0001", "name": "A", "kind": "kommun"},
            {"id": "0002", "name": "B", "kind": "kommun"},
        ],
        arrangements=[{"id": "x", "name": "X", "form": "kommunalforbund", "area": "IT"}],
        memberships=[{"arrangement_id": "x", "party_id": p, "role": "medlem"} for p in ("0001", "0002")],
    )
    section = history_section(build_bundle(undated, on=D(2020, 6, 30)), "0001", "sv")
    assert t("history.no_events", "sv") in text_of(section)


def test_region_history_for_a_lan_and_for_picked_municipalities(hist_bundle, text_of):
    section = region_history(hist_bundle, lan="05", kommuner=[], lang="sv")
    assert section.id == REGION_HISTORY_ID
    figure = find_component(section, f"{REGION_HISTORY_ID}-figure").figure
    by_name = {trace.name: trace for trace in figure.data}
    assert list(by_name["bildades"].y) == [1] + [0] * 10
    assert list(by_name["gick med"].y) == [0, 0, 1] + [0] * 8
    assert list(by_name["lämnade"].y) == [0] * 5 + [1] + [0] * 5
    assert list(by_name[t("metric.n_arrangements", "sv")].y) == [1] * 11
    # newest first
    assert [r["event"] for r in _rows(section, "oversikt-handelser")] == ["lämnade", "gick med", "bildades"]
    exits = _rows(section, "tidigare-utraden-05")
    assert exits == [
        {
            "last_day": "2015-12-31",
            "leavers": "C",
            "arrangement": "Förbundet",
            "remaining": "A, B",
            "source": "https://kf.example",
        }
    ]
    picked = region_history(hist_bundle, lan=None, kommuner=["0003"], lang="en")
    assert "Development over time" in text_of(picked)


def test_recorded_exits_only_before_the_analysis_date(text_of):
    bundle = build_bundle(_web(), on=D(2015, 6, 30))
    block = recorded_exits_section(bundle, lan="06", lang="sv")
    assert t("history.no_exits", "sv") in text_of(block)


def test_pages_show_the_history(hist_bundle):
    from samverkansvav.web.pages.kommunprofil import HISTORY_KOD, HISTORY_SLOT, render_history, render_profile
    from samverkansvav.web.pages.oversikt import render_overview

    # The profile holds a place for its history, which arrives in a request of its own.
    profile = render_profile(hist_bundle, "0001", "sv")
    assert find_component(profile, HISTORY_SLOT) is not None
    assert find_component(profile, HISTORY_KOD).data == "0001"
    assert find_component(profile, HISTORY_ID) is None
    assert find_component(render_history(hist_bundle, "0001", "sv"), HISTORY_ID) is not None
    assert render_history(hist_bundle, "9999", "sv") is None
    overview = render_overview(hist_bundle, lan="05", kommuner=[], lang="sv")
    assert find_component(overview, REGION_HISTORY_ID) is not None


def test_exit_scenario_page_shows_earlier_exits_in_the_region(hist_bundle):
    from samverkansvav.web.pages.scenario import render_scenario

    content = render_scenario(hist_bundle, kind="utträde", kod="0001", arrangement_ids=None, lang="sv")
    block = find_component(content, "scenario-recorded-exits")
    assert block is not None
    assert [r["leavers"] for r in _rows(block, "tidigare-utraden-05")] == ["C"]
    host = render_scenario(hist_bundle, kind="värd", kod="0001", arrangement_ids=None, lang="sv")
    assert find_component(host, "scenario-recorded-exits") is None


def test_profile_marks_an_arrangement_that_ended_on_an_unknown_date():
    """RFÖN is recorded as ended with no year (data/SOURCES.md): on a past date Kalix's profile
    lists it, marked, and from today on it is gone."""
    import datetime as dt

    from samverkansvav.demo import load_demo_web
    from samverkansvav.web.data import build_bundle
    from samverkansvav.web.pages.kommunprofil import profile_tables

    web = load_demo_web()
    past = profile_tables(build_bundle(web, on=dt.date(2015, 6, 30)), "2514", "sv")["arrangements"]
    assert "Räddningstjänstförbundet Östra Norrbotten (RFÖN) (avslutad, datum okänt)" in set(
        past["arrangement"]
    )
    english = profile_tables(build_bundle(web, on=dt.date(2015, 6, 30)), "2514", "en")["arrangements"]
    assert "Räddningstjänstförbundet Östra Norrbotten (RFÖN) (ended, date unknown)" in set(
        english["arrangement"]
    )
    today = profile_tables(build_bundle(web, on=dt.date.today()), "2514", "sv")["arrangements"]
    assert not today["arrangement"].str.contains("RFÖN").any()
