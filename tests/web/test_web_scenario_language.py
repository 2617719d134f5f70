"""The scenario page and its Excel export in Swedish and in English, on one small exit.

The web: A, B, C in one avtalssamverkan "Lön" (löneadministration) hosted by A, twelve
months' notice; shares and annual costs A 0.5 / 100 000 kr, B 0.3 / 60 000 kr,
C 0.2 / 40 000 kr. B leaves on 2025-01-01: Lön continues with A and C, who take over
B's 60 000 kr by share: A 60 000 · 5/7 = 42 857 kr, C 60 000 · 2/7 = 17 143 kr, each
42.86 % of its own cost.
"""

from __future__ import annotations

import base64
import datetime as dt
import io

import openpyxl
import pytest

from samverkansvav.model import CooperationWeb
from samverkansvav.web.components import find_component
from samverkansvav.web.data import build_bundle
from samverkansvav.web.pages import scenario as sc

ON = dt.date(2025, 1, 1)
TERMINATION_EN = (
    "Give notice under the agreement's terms and notice period. Responsibility for the task has "
    "always stayed with each commissioning municipality, which must now arrange the performance "
    "itself from the agreement's last day."
)
TERMINATION_SV = (
    "Säg upp avtalet enligt dess villkor och uppsägningstid. Ansvaret för uppgiften har hela tiden "
    "legat kvar hos varje uppdragsgivande kommun, som nu själv måste ordna utförandet från avtalets "
    "sista dag."
)


@pytest.fixture
def lon_bundle():
    web = CooperationWeb.from_records(
        parties=[
            {
                "id": f"000{i}",
                "name": name,
                "kind": "kommun",
                "lan_code": "01",
                "lan_name": "Testlän",
                "lat": 59.0 + i / 10,
                "lon": 18.0 + i / 10,
                "population": 10_000 * i,
            }
            for i, name in enumerate("ABC", start=1)
        ],
        arrangements=[
            {
                "id": "lon",
                "name": "Lön",
                "form": "avtalssamverkan",
                "area": "löneadministration",
                "host": "0001",
                "notice_months": 12,
            }
        ],
        memberships=[
            {"arrangement_id": "lon", "party_id": pid, "role": role, "share": share, "annual_cost": cost}
            for pid, role, share, cost in [
                ("0001", "utförare", 0.5, 100_000),
                ("0002", "uppdragsgivare", 0.3, 60_000),
                ("0003", "uppdragsgivare", 0.2, 40_000),
            ]
        ],
    )
    return build_bundle(web, on=ON)


def _cells(content, table_id: str) -> list[list[str]]:
    table = find_component(content, table_id).children
    return [[td.children for td in tr.children] for tr in table.children[1].children]


@pytest.mark.parametrize(
    "lang, heading, status, costs, topic",
    [
        (
            "sv",
            "Utträde: B (0002) lämnar 1 samverkan, per 2025-01-01",
            "fortsätter",
            [
                ["Lön", "A", "42 857 kr", "42,9 %", "efter andel"],
                ["Lön", "C", "17 143 kr", "42,9 %", "efter andel"],
            ],
            "Uppsägning enligt avtalet: ",
        ),
        (
            "en",
            "Exit: B (0002) leaves 1 arrangement, as of 2025-01-01",
            "continues",
            [["Lön", "A", "42,857 kr", "42.9%", "by share"], ["Lön", "C", "17,143 kr", "42.9%", "by share"]],
            "Termination under the agreement: ",
        ),
    ],
)
def test_the_page_says_the_exit_in_its_language(lon_bundle, lang, heading, status, costs, topic):
    content = sc.render_scenario(lon_bundle, kind="utträde", kod="0002", arrangement_ids=None, lang=lang)
    assert find_component(content, "scenario-heading").children == heading
    assert find_component(content, "scenario-status-0").children == status
    assert find_component(content, "scenario-cost").children == ("60 000 kr" if lang == "sv" else "60,000 kr")
    assert _cells(content, "scenario-costs") == costs
    first = find_component(content, "scenario-checklist-0").children[1].children[0]
    assert first.children[0].children == topic
    assert first.children[1] == (TERMINATION_SV if lang == "sv" else TERMINATION_EN)


def _book(download: dict) -> openpyxl.Workbook:
    content = base64.b64decode(download["content"]) if download.get("base64") else download["content"]
    return openpyxl.load_workbook(io.BytesIO(content))


def test_the_excel_export_is_english_when_the_page_is(lon_bundle):
    book = _book(
        sc.scenario_download(lon_bundle, kind="utträde", kod="0002", arrangement_ids=None, lang="en")
    )
    # No host is needed (B was not the host): the empty candidates part is named on the cover.
    assert book.sheetnames == [
        "About the report",
        "Arrangements",
        "Cost split",
        "To build up",
        "Before and after",
        "Network",
        "Lose their only provider",
        "Checklist",
    ]
    rows = list(book["Arrangements"].iter_rows(values_only=True))
    assert rows[0] == (
        "Arrangement",
        "Form",
        "Area",
        "Status",
        "Remaining",
        "Proposed new host",
        "Annual cost (kr)",
        "Cost to redistribute (kr)",
        "Notice (months)",
        "Earliest end",
    )
    assert rows[1][:5] == ("Lön", "contract cooperation", "löneadministration", "continues", "A, C")
    assert rows[1][6:9] == (60000, 60000, 12)
    checklist = list(book["Checklist"].iter_rows(values_only=True))
    assert checklist[0] == ("Arrangement", "Form", "Topic", "Question", "Reference")
    assert checklist[1] == (
        "Lön",
        "contract cooperation",
        "Termination under the agreement",
        TERMINATION_EN,
        "kommunallagen 9 kap. 37 §",
    )
    costs = list(book["Cost split"].iter_rows(values_only=True))
    assert costs[0] == ("Arrangement", "Municipality", "Increase (kr)", "Increase (%)", "Split")
    assert costs[1] == ("Lön", "A", 42857.14, 0.4286, "by share")
    cover = {k: v for k, v in book["About the report"].iter_rows(min_row=2, values_only=True) if k}
    assert cover["Scenario"] == "Exit: B leaves 1 arrangement"
    assert cover["Municipality"] == "B (0002)" and cover["Empty parts"] == "Host candidates: no rows."
    assert list(book["Network"].iter_rows(values_only=True))[1][0] == (
        "Groups of municipalities linked through cooperation"
    )


def test_the_excel_export_stays_swedish_for_a_swedish_page(lon_bundle):
    book = _book(
        sc.scenario_download(lon_bundle, kind="utträde", kod="0002", arrangement_ids=None, lang="sv")
    )
    assert book.sheetnames[:3] == ["Om rapporten", "Samverkan", "Kostnadsfördelning"]
    assert list(book["Samverkan"].iter_rows(values_only=True))[0] == (
        "Samverkan",
        "Form",
        "Område",
        "Status",
        "Kvarvarande",
        "Föreslagen ny värd",
        "Årskostnad (kr)",
        "Kostnad att fördela (kr)",
        "Uppsägningstid (mån)",
        "Tidigaste slut",
    )
    assert list(book["Checklista"].iter_rows(values_only=True))[1] == (
        "Lön",
        "avtalssamverkan",
        "Uppsägning enligt avtalet",
        TERMINATION_SV,
        "kommunallagen 9 kap. 37 §",
    )
    cover = {k: v for k, v in book["Om rapporten"].iter_rows(min_row=2, values_only=True) if k}
    assert cover["Scenario"] == "Utträde: B lämnar 1 samverkan"
