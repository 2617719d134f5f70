"""Real browser: one exit scenario end to end on a hand-built web, numbers checked on the page.

The web (built here): A=0001 … D=0004.

- kf "Räddningsförbundet" (kommunalförbund): A, B, C with shares 0.5 / 0.3 / 0.2 and annual
  costs 120 000 / 300 000 / 200 000 kr;
- gn "IT-nämnden" (gemensam nämnd, host A): A, C, D; A pays 90 000 kr, shares unknown;
- av "Lön" (avtalssamverkan, host B): A, B.

A exits everything: IT-nämnden saknar värd, Lön upplöses (only B is left), Räddningsförbundet
fortsätter with A's 120 000 kr spread by share: B 72 000 kr (24,0 % of 300 000), C 48 000 kr.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from samverkansvav.model import CooperationWeb
from samverkansvav.web import ids


def _web() -> CooperationWeb:
    parties = [
        {
            "id": f"000{i}",
            "name": n,
            "kind": "kommun",
            "lan_code": "01",
            "lan_name": "Testlän",
            "lat": 59.0 + i / 10,
            "lon": 18.0 + i / 10,
            "population": 1000 * i,
        }
        for i, n in enumerate("ABCD", start=1)
    ]
    arrangements = [
        {"id": "kf", "name": "Räddningsförbundet", "form": "kommunalforbund", "area": "räddningstjänst"},
        {"id": "gn", "name": "IT-nämnden", "form": "gemensam_namnd", "area": "IT", "host": "0001"},
        {"id": "av", "name": "Lön", "form": "avtalssamverkan", "area": "lön", "host": "0002"},
    ]
    nan = float("nan")
    memberships = [
        {"arrangement_id": "kf", "party_id": "0001", "role": "medlem", "share": 0.5, "annual_cost": 120_000},
        {"arrangement_id": "kf", "party_id": "0002", "role": "medlem", "share": 0.3, "annual_cost": 300_000},
        {"arrangement_id": "kf", "party_id": "0003", "role": "medlem", "share": 0.2, "annual_cost": 200_000},
        {"arrangement_id": "gn", "party_id": "0001", "role": "värd", "share": nan, "annual_cost": 90_000},
        {"arrangement_id": "gn", "party_id": "0003", "role": "medlem", "share": nan, "annual_cost": nan},
        {"arrangement_id": "gn", "party_id": "0004", "role": "medlem", "share": nan, "annual_cost": nan},
        {
            "arrangement_id": "av",
            "party_id": "0001",
            "role": "uppdragsgivare",
            "share": nan,
            "annual_cost": nan,
        },
        {"arrangement_id": "av", "party_id": "0002", "role": "utförare", "share": nan, "annual_cost": nan},
    ]
    return CooperationWeb.from_records(parties=parties, arrangements=arrangements, memberships=memberships)


@pytest.fixture
def scenario_url(live_server):
    from samverkansvav.web.app import create_app

    return live_server(create_app(web=_web()))


def test_exit_scenario_end_to_end(
    page,
    expect,
    console_problems,
    scenario_url,
    wait_for_dash,
    choose,
    url_matches,
):
    page.goto(scenario_url + "/scenario")
    wait_for_dash(page)
    assert (
        page.locator(f"#{ids.SCENARIO_CONTENT}").inner_text().strip()
        == "Välj scenario och kommun ovan för att se vad som händer."
    )

    # Choose A; every current arrangement of A is left (the empty choice means all).
    choose(page, f"#{ids.SCENARIO_KOMMUN}", "A (0001)")
    url_matches(page, r".*/scenario\?kod=0001.*")
    page.wait_for_selector("#scenario-heading", timeout=15_000)
    wait_for_dash(page)
    assert page.inner_text("#scenario-heading").startswith("Utträde: A (0001) lämnar 3 samverkan")
    # The plain summary first: A got lön (from B) and räddningstjänst (from the federation) from others.
    summary = page.inner_text("#scenario-summary")
    assert "A måste själv ordna eller köpa 2 uppgifter" in summary
    assert "120 000 kr per år i Räddningsförbundet fördelas på de 2 som är kvar." in summary

    # Sorted by name: IT-nämnden, Lön, Räddningsförbundet.
    assert page.inner_text("#scenario-status-0") == "saknar värd"
    assert page.inner_text("#scenario-status-1") == "upplöses"
    assert page.inner_text("#scenario-status-2") == "fortsätter"
    assert page.inner_text("#scenario-n-dissolved") == "1"
    # 120 000 (kf) + 90 000 (gn) kr to redistribute; av dissolves.
    assert page.inner_text("#scenario-cost") == "210 000 kr"
    costs = page.inner_text("#scenario-costs")
    assert re.search(r"Räddningsförbundet\s+B\s+72 000 kr\s+24,0 %\s+efter andel", costs), costs
    assert re.search(r"Räddningsförbundet\s+C\s+48 000 kr\s+24,0 %\s+efter andel", costs), costs
    assert re.search(r"IT-nämnden\s+D\s+45 000 kr\s+okänd\s+lika delar", costs), costs
    # The map draws the lost ties; the network marks them.
    page.wait_for_selector(f"#{ids.SCENARIO_MAP} canvas", timeout=15_000)
    legend = page.locator(f"#{ids.SCENARIO_MAP} .legendtext")  # drawn after the canvas
    expect(legend.filter(has_text="Förlorade kopplingar")).to_have_count(1, timeout=15_000)

    # Narrow the exit to the federation only: the choice goes into the URL and the numbers follow.
    choose(page, f"#{ids.SCENARIO_ARRANGEMENTS}", "Räddningsförbundet", close=True)
    url_matches(page, r".*arr=kf.*")
    page.wait_for_function(
        "() => (document.querySelector('#scenario-heading')||{}).innerText?.includes('lämnar 1 samverkan')",
        timeout=15_000,
    )
    wait_for_dash(page)
    assert page.inner_text("#scenario-status-0") == "fortsätter"
    assert page.inner_text("#scenario-cost") == "120 000 kr"

    # Excel: one sheet per part, numbers as numbers.
    with page.expect_download(timeout=15_000) as info:
        page.click(f"#{ids.SCENARIO_EXCEL}")
    book = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    assert book.sheetnames[0] == "Om rapporten"
    assert "Kostnadsfördelning" in book.sheetnames and "Checklista" in book.sheetnames
    rows = list(book["Kostnadsfördelning"].iter_rows(values_only=True))
    assert [r[1:4] for r in rows[1:]] == [("B", 72000, 0.24), ("C", 48000, 0.24)]  # 24 % as a share

    # Print: the button calls the browser's print (stubbed so the headless run does not block).
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.click(f"#{ids.SCENARIO_PRINT}")
    page.wait_for_function("() => window.__printed === 1", timeout=5_000)

    assert console_problems(page) == []


def test_shared_link_opens_the_same_scenario(page, console_problems, scenario_url, wait_for_dash):
    page.goto(scenario_url + "/scenario?typ=utträde&kod=0001&arr=av&lang=en")
    wait_for_dash(page)
    assert page.inner_text("#scenario-status-0") == "dissolves"
    assert page.locator("text=Something went wrong").count() == 0
    assert console_problems(page) == []
