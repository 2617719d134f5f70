"""Real-browser checks: every page loads with an empty console, the map → profile flow, the language switch."""

from __future__ import annotations

import re

import pytest

PATHS = ["/", "/karta", "/natverk", "/kommun?kod=0001", "/overlapp", "/beroende"]


@pytest.mark.parametrize("path", PATHS)
def test_page_loads_with_empty_console(page, console_problems, app_url, wait_for_dash, path):
    page.goto(app_url + path)
    wait_for_dash(page)
    assert page.locator("#navbar .nav-link").count() >= 6
    assert page.locator("text=Något gick fel").count() == 0
    assert console_problems(page) == []


def test_map_draws_stars_and_legend(page, expect, console_problems, app_url, wait_for_dash):
    page.goto(app_url + "/karta")
    wait_for_dash(page)
    page.wait_for_selector("#map-graph .scatterlayer .trace", timeout=15_000)
    # The legend names the forms (one line trace per form); it is drawn after the traces.
    legend = page.locator("#map-graph .legendtext")
    expect(legend.filter(has_text=re.compile("^Gemensam nämnd$"))).to_have_count(1, timeout=15_000)
    expect(legend.filter(has_text=re.compile("^Avtalssamverkan$"))).to_have_count(1, timeout=15_000)
    assert console_problems(page) == []


def test_pick_municipality_on_map_opens_profile(
    page,
    expect,
    console_problems,
    app_url,
    wait_for_dash,
    url_matches,
    choose,
):
    page.goto(app_url + "/karta")
    wait_for_dash(page)
    choose(page, "#map-kommun", "B (0002)")
    url_matches(page, r".*/kommun\?kod=0002$")
    expect(page.locator("#profile-name")).to_have_text("B (0002)", timeout=15_000)
    # B: 3 arrangements (gn, kf, av), 3 partners (A, C, D), D(B) = 2 of 3 → 67 %, HHI 0.5² + 0.5² = 0.50.
    expect(page.locator("#profile-n-arrangements")).to_have_text("3")
    expect(page.locator("#profile-n-partners")).to_have_text("3")
    expect(page.locator("#profile-dependency-share")).to_have_text("67%")
    expect(page.locator("#profile-hhi")).to_have_text("0.50")
    assert console_problems(page) == []


def test_click_on_map_point_opens_profile(
    page,
    expect,
    console_problems,
    app_url,
    wait_for_dash,
    url_matches,
):
    page.goto(app_url + "/karta?lan=01")
    wait_for_dash(page)
    page.wait_for_selector("#map-graph .scatterlayer .trace", timeout=15_000)
    page.wait_for_timeout(500)
    # Ask plotly where municipality A (0001) is drawn, then click there.
    xy = page.evaluate("""() => {
        const gd = document.querySelector('#map-graph .js-plotly-plot');
        // _fullData: coordinates arrive base64-encoded and are decoded there.
        const t = gd._fullData.find(t => t.name === 'Kommuner');
        const i = Array.from(t.customdata).indexOf('0001');
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const box = gd.getBoundingClientRect();
        return [box.left + xa._offset + xa.l2p(t.x[i]), box.top + ya._offset + ya.l2p(t.y[i])];
    }""")
    page.mouse.click(xy[0], xy[1])
    url_matches(page, r".*/kommun\?kod=0001")
    expect(page.locator("#profile-name")).to_have_text("A (0001)", timeout=15_000)
    expect(page.locator("#profile-n-arrangements")).to_have_text("3")


def test_language_switch_changes_labels(
    page,
    expect,
    console_problems,
    app_url,
    wait_for_dash,
    url_matches,
):
    page.goto(app_url + "/kommun?kod=0001")
    wait_for_dash(page)
    assert page.inner_text("#nav-karta") == "Karta"
    page.click("text=English")
    url_matches(page, r".*lang=en.*")
    page.wait_for_function("() => document.querySelector('#nav-karta').innerText === 'Map'", timeout=15_000)
    expect(page.locator("#nav-kommun")).to_have_text("Municipality profile")
    # The selection survives the switch.
    expect(page.locator("#profile-name")).to_have_text("A (0001)")
    assert "kod=0001" in page.url
    page.click("text=Svenska")
    page.wait_for_function("() => document.querySelector('#nav-karta').innerText === 'Karta'", timeout=15_000)
    assert console_problems(page) == []


def test_selection_is_written_into_the_url(
    page,
    expect,
    console_problems,
    app_url,
    wait_for_dash,
    url_matches,
    choose,
):
    page.goto(app_url + "/kommun")
    wait_for_dash(page)
    choose(page, "#profile-kommun", "D (0004)")
    url_matches(page, r".*/kommun\?kod=0004$")
    expect(page.locator("#profile-name")).to_have_text("D (0004)", timeout=15_000)
    assert console_problems(page) == []


def test_map_filter_updates_legend_and_url(
    page, console_problems, live_server, small_web, shared_dir, wait_for_dash, choose, url_matches
):
    from samverkansvav.config import load_config
    from samverkansvav.web.app import create_app

    config = load_config().replace(
        boundaries_geojson=str(shared_dir / "geo" / "swedish_municipalities.geojson")
    )
    url = live_server(create_app(config, web=small_web))
    page.goto(url + "/karta")
    wait_for_dash(page)
    choose(page, "#map-forms", "Informell")
    url_matches(page, r".*former=informell.*")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#map-graph .legendtext')].map(e => e.textContent).join('|')"
        " === 'Informell samverkan'",
        timeout=15_000,
    )
    # The boundary shapes sent with the page survive the patch.
    shapes = page.evaluate("() => document.querySelector('#map-graph .js-plotly-plot').layout.shapes.length")
    assert shapes == 290
    assert console_problems(page) == []


def test_typing_in_a_capped_dropdown_finds_a_municipality_beyond_the_first_200(
    page, expect, console_problems, live_server, wait_for_dash, url_matches, choose
):
    """450 municipalities: the profile's list holds Kommun 000 … 199; typing fetches Kommun 420."""
    from samverkansvav.model import CooperationWeb
    from samverkansvav.web.app import create_app

    parties = [
        {"id": f"k{i:03d}", "name": f"Kommun {i:03d}", "kind": "kommun", "lan_code": "05", "lan_name": "Ö"}
        for i in range(450)
    ]
    web = CooperationWeb.from_records(
        parties=parties,
        arrangements=[{"id": "x", "name": "Avtal", "form": "avtalssamverkan", "area": "IT", "host": "k000"}],
        memberships=[{"arrangement_id": "x", "party_id": p} for p in ("k000", "k420")],
    )
    page.goto(live_server(create_app(web=web)) + "/kommun")
    wait_for_dash(page)
    # The page sent Kommun 000 … 199 (tests/web/test_web_dropdown.py); typing asks the server.
    choose(page, "#profile-kommun", "Kommun 420")
    url_matches(page, r".*/kommun\?kod=k420$")
    expect(page.locator("#profile-name")).to_have_text("Kommun 420 (k420)", timeout=15_000)
    assert console_problems(page) == []
