"""The Scenario page (exit, host stop, where to join): plain render functions on the small web,
the page through the test client, and the Excel export, all against hand-computed values.

The small web (tests/conftest.py): A=0001 … E=0005 (population 1000·i), arrangements
gn (gemensam nämnd, host A; A B C), kf (förbund; A B C), av (avtal, host B; B D),
inf (informell; C D), gn2 (gemensam nämnd, no host; A D). E is in nothing. No costs.
"""

from __future__ import annotations

import base64
import io
import json
import re

import openpyxl
import plotly
import pytest

from samverkansvav.model import CooperationWeb
from samverkansvav.testing import plain_text, strings_in
from samverkansvav.web import ids
from samverkansvav.web.app import render
from samverkansvav.web.components import find_component
from samverkansvav.web.data import build_bundle
from samverkansvav.web.i18n import TEXTS, t
from samverkansvav.web.page import PageContext
from samverkansvav.web.pages import scenario as sc

#: B's exit in the small web: no host is needed anywhere (A keeps hosting gn, kf needs none, av
#: ends), so the empty "Värdkandidater" is left out and named on the cover.
EXIT_SHEETS = [
    "Om rapporten",
    "Samverkan",
    "Kostnadsfördelning",
    "Att bygga upp",
    "Före och efter",
    "Nätverk",
    "Förlorar enda utförare",
    "Checklista",
]


def _exit(bundle, kod="0002", arrangement_ids=None, lang="sv"):
    result, notes = sc.compute_scenario(
        bundle, kind="utträde", kod=kod, arrangement_ids=arrangement_ids, lang=lang
    )
    assert result is not None, [n.children for n in notes]
    return result


def _cost_web() -> CooperationWeb:
    """A exits a federation with known shares and a joint committee it hosts with unknown shares.

    - kf: kommunalförbund A, B, C; shares 0.5/0.3/0.2; annual cost 120 000 / 300 000 / 200 000 kr
    - gn: gemensam nämnd host A; A, C, D; A pays 90 000 kr, shares and the others' costs unknown
    - av: avtalssamverkan host B; A, B (dissolves when A leaves)
    """
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
        {
            "id": "gn",
            "name": "IT-nämnden",
            "form": "gemensam_namnd",
            "area": "IT",
            "host": "0001",
            "notice_months": 12,
        },
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
def cost_bundle(on):
    return build_bundle(_cost_web(), on=on)


# ----------------------------------------------------------------- texts and small helpers
def test_every_scenario_text_has_both_languages():
    keys = [key for key in TEXTS if key.startswith("scenario.")]
    assert len(keys) > 20
    for key in keys + ["nav.scenario"]:
        entry = TEXTS[key]
        assert set(entry) == {"sv", "en"}, key
        assert entry["sv"].strip() and entry["en"].strip(), key


@pytest.mark.parametrize(
    "raw, kind",
    [
        (None, "utträde"),
        ("", "utträde"),
        ("utträde", "utträde"),
        ("uttrade", "utträde"),
        ("EXIT", "utträde"),
        ("värd", "värd"),
        ("vard", "värd"),
        ("host", "värd"),
        ("<script>", None),
        ("ansluta", "ansluta"),
        ("Join", "ansluta"),
    ],
)
def test_normalise_kind(raw, kind):
    assert sc.normalise_kind(raw) == kind


def test_number_formats():
    assert sc.format_kr(1_234_567.4, "sv") == "1 234 567 kr"
    assert sc.format_kr(1_234_567.4, "en") == "1,234,567 kr"
    assert sc.format_kr(float("nan"), "sv") == "okänd"
    assert sc.format_percent(12.345, "sv") == "12,3 %"
    assert sc.format_percent(None, "en") == "unknown"


def test_arrangement_options_of_b(bundle):
    # B (0002) is in gn, kf and av; sorted by name: GN IT, Lön, Räddningsförbundet.
    options = sc.arrangement_options(bundle, "0002", "sv")
    assert [o["value"] for o in options] == ["gn", "av", "kf"]
    assert options[1]["label"] == "Lön (Avtalssamverkan, löneadministration)"
    assert sc.arrangement_options(bundle, None, "sv") == []


# ----------------------------------------------------------------- B (0002) exits everything
def test_exit_of_b_outcome_table(bundle):
    result = _exit(bundle)
    outcome = sc.exit_tables(bundle, result, "sv")["outcome"]
    # av: B and D, B leaves → only D remains → upplöses. gn (host A) and kf keep A and C → fortsätter.
    assert outcome[["arrangement", "status", "remaining", "new_host"]].values.tolist() == [
        ["GN IT", "fortsätter", "A, C", "–"],
        ["Lön", "upplöses", "D", "–"],
        ["Räddningsförbundet", "fortsätter", "A, C", "–"],
    ]
    # No costs in the small web: unknown, never 0; nothing to redistribute for the dissolved one.
    assert outcome["annual_cost"].tolist() == ["okänd"] * 3
    assert outcome["to_redistribute"].tolist() == ["okänd", "–", "okänd"]


def test_exit_of_b_before_after(bundle):
    tables = sc.exit_tables(bundle, _exit(bundle), "sv")
    rows = tables["before_after"].set_index("kommunkod")
    # B before: partners A, C, D = 3; provided by others in gn (A) and kf (förbundet) of 3 → 67 %;
    # HHI (1/2)² + (1/2)² = 0,50. After: partners 0, but B still needs all three functions
    # and the two others provided now have no provider: 2 of 3 = 67 %, one missing provider → HHI 1,00.
    assert rows.loc[
        "0002",
        [
            "partners_before",
            "partners_after",
            "dependency_before",
            "dependency_after",
            "hhi_before",
            "hhi_after",
        ],
    ].tolist() == ["3", "0", "67 %", "67 %", "0,50", "1,00"]
    # D before: av (B provides), inf (no provider), gn2 (no host) → 1 of 3 = 33 %, HHI 1,00;
    # after: av dissolves with its provider gone, but D still needs löneadministration:
    # 1 of 3 = 33 %, HHI 1,00; partners B, C, A → C, A = 2.
    assert rows.loc[
        "0004",
        [
            "partners_before",
            "partners_after",
            "dependency_before",
            "dependency_after",
            "hhi_before",
            "hhi_after",
        ],
    ].tolist() == ["3", "2", "33 %", "33 %", "1,00", "1,00"]
    # Affected: B and every member of gn, kf, av = A, B, C, D (E is untouched).
    assert rows.index.tolist() == ["0001", "0002", "0003", "0004"]
    # Network: one component before and after (A–C–D still joined by kf, inf, gn2);
    # parties in cooperation 4 → 3 (B is out); arrangements 5 → 4 (av dissolved).
    assert tables["network"][["before", "after"]].values.tolist() == [["1", "1"], ["4", "3"], ["5", "4"]]


def test_exit_of_b_rebuild_and_lost_provider(bundle):
    tables = sc.exit_tables(bundle, _exit(bundle), "sv")
    # B got IT from A (gn) and rescue services from the federation; it provided av itself.
    assert tables["rebuild"][["arrangement", "provider"]].values.tolist() == [
        ["GN IT", "A"],
        ["Räddningsförbundet", "Räddningsförbundet"],
    ]
    # B itself is left with no provider for IT and rescue services; D had
    # löneadministration only from B (av): lost.
    assert tables["lost"][["kommun", "area", "provider", "arrangement"]].values.tolist() == [
        ["B", "IT", "A", "GN IT"],
        ["B", "räddningstjänst", "Räddningsförbundet", "Räddningsförbundet"],
        ["D", "löneadministration", "B", "Lön"],
    ]
    # Equal split (no shares known) of an unknown cost over A and C in gn and kf.
    assert tables["costs"][["arrangement", "kommun", "increase_kr", "basis"]].values.tolist() == [
        ["GN IT", "A", "okänd", "lika delar"],
        ["GN IT", "C", "okänd", "lika delar"],
        ["Räddningsförbundet", "A", "okänd", "lika delar"],
        ["Räddningsförbundet", "C", "okänd", "lika delar"],
    ]


def test_exit_of_b_lost_links_and_network_classes(bundle):
    result = _exit(bundle)
    # B loses its ties to A (gn, kf), C (gn, kf) and D (av).
    assert sc.lost_links(result).values.tolist() == [
        ["0001", "0002", 2],
        ["0002", "0003", 2],
        ["0002", "0004", 1],
    ]
    classes = {e["data"]["id"]: e.get("classes") for e in sc.scenario_elements(bundle, result)}
    # Each of B's ties disappears completely (shared before = lost count); the others stay.
    assert classes["0001-0002"] == classes["0002-0003"] == classes["0002-0004"] == "lost"
    assert classes["0001-0003"] == classes["0003-0004"] == "kept"
    assert classes["0002"] == "leaver" and classes["0001"] == "member"


def test_exit_of_b_only_av_weakens_the_tie_to_a(bundle):
    # B leaves only gn: the tie A–B goes from 2 shared to 1 → weakened, not lost; D is not affected.
    result = _exit(bundle, arrangement_ids=["gn"])
    classes = {e["data"]["id"]: e.get("classes") for e in sc.scenario_elements(bundle, result)}
    assert classes["0001-0002"] == "weakened" and classes["0002-0003"] == "weakened"
    assert "0004" not in classes


def test_rendered_exit_shows_status_and_figures(bundle, text_of):
    content = sc.render_scenario(bundle, kind="utträde", kod="0002", arrangement_ids=None, lang="sv")
    assert find_component(content, "scenario-status-1").children == "upplöses"  # Lön
    assert find_component(content, "scenario-status-0").children == "fortsätter"  # GN IT
    assert find_component(content, "scenario-n-dissolved").children == "1"
    assert find_component(content, "scenario-components") is None  # no graph jargon in the headline
    assert find_component(content, "scenario-cost").children == "okänd"
    text = text_of(content)
    assert "Utträde: B (0002) lämnar 3 samverkan, per 2025-01-01" in text
    # The checklist follows the form: the federation's förbundsordning, the committee's reglemente.
    assert "Förbundsordning" in text and "Samverkansavtal och reglemente" in text
    fig = find_component(content, ids.SCENARIO_MAP).figure
    lost = [tr for tr in fig.data if tr.name == t("map.lost", "sv")]
    assert len(lost) == 1  # one thick trace with the three lost ties
    # No text on map traces: MapLibre would fetch font glyphs from the internet.
    assert all("text" not in (tr.mode or "") for tr in fig.data)
    json.dumps(content, cls=plotly.utils.PlotlyJSONEncoder)  # the whole tree serialises


def test_rendered_exit_in_english(bundle, text_of):
    content = sc.render_scenario(bundle, kind="utträde", kod="0002", arrangement_ids=None, lang="en")
    assert find_component(content, "scenario-status-1").children == "dissolves"
    assert "Before and after" in text_of(content)


# ----------------------------------------------------------------- costs (hand-built web)
def test_costs_by_share_and_equal_split(cost_bundle):
    result = _exit(cost_bundle, kod="0001")
    tables = sc.exit_tables(cost_bundle, result, "sv")
    costs = tables["costs"]
    # kf: A's 120 000 kr over B and C by shares 0.3 : 0.2 → 72 000 and 48 000 kr,
    #     i.e. 72 000 / 300 000 = 24,0 % and 48 000 / 200 000 = 24,0 % of their own cost.
    # gn: A's 90 000 kr equally over C and D → 45 000 each; their own cost unknown → okänd %.
    assert costs[["arrangement", "kommun", "increase_kr", "increase_pct", "basis"]].values.tolist() == [
        ["IT-nämnden", "C", "45 000 kr", "okänd", "lika delar"],
        ["IT-nämnden", "D", "45 000 kr", "okänd", "lika delar"],
        ["Räddningsförbundet", "B", "72 000 kr", "24,0 %", "efter andel"],
        ["Räddningsförbundet", "C", "48 000 kr", "24,0 %", "efter andel"],
    ]
    outcome = tables["outcome"]
    assert outcome[["arrangement", "status"]].values.tolist() == [
        ["IT-nämnden", "saknar värd"],
        ["Lön", "upplöses"],
        ["Räddningsförbundet", "fortsätter"],
    ]
    # gn notice 12 months from 2025-01-01 → earliest end 2026-01-01.
    assert outcome.loc[0, "notice"] == "12" and outcome.loc[0, "earliest_end"] == "2026-01-01"
    content = sc.render_scenario(cost_bundle, kind="utträde", kod="0001", arrangement_ids=None, lang="sv")
    # 120 000 + 90 000 to redistribute (av dissolves and had no cost).
    assert find_component(content, "scenario-cost").children == "210 000 kr"


def test_host_candidates_ranked(cost_bundle):
    tables = sc.exit_tables(cost_bundle, _exit(cost_bundle, kod="0001"), "sv")
    # gn without A: candidates C (3000) and D (4000). No one hosts IT elsewhere or serves the other;
    # ties: C–D share nothing else → 0 each; population part C 3000/4000 = 0,75, D 1,00.
    assert tables["candidates"][["arrangement", "rank", "kommun", "score"]].values.tolist() == [
        ["IT-nämnden", "1", "D", "1,00"],
        ["IT-nämnden", "2", "C", "0,75"],
    ]
    assert tables["outcome"].loc[0, "new_host"] == "D"


# ----------------------------------------------------------------- host stops
def test_host_a_stops(bundle, text_of):
    result, notes = sc.compute_scenario(bundle, kind="värd", kod="0001", arrangement_ids=None, lang="sv")
    assert notes == []
    tables = sc.host_tables(bundle, result, "sv")
    # A hosts gn only (gn2 has no named host): B and C remain → saknar värd.
    # C: ties 1 (kf with B) /1 + population 3000/3000 = 2,00; B: 1 + 2000/3000 = 1,67.
    assert tables["outcome"][["arrangement", "status", "dependents", "new_host"]].values.tolist() == [
        ["GN IT", "saknar värd", "B, C", "C"]
    ]
    assert tables["candidates"][["kommun", "score"]].values.tolist() == [["C", "2,00"], ["B", "1,67"]]
    assert tables["dependents"][["kommun", "loses"]].values.tolist() == [
        ["B", "GN IT (IT)"],
        ["C", "GN IT (IT)"],
    ]
    content = sc.render_scenario(bundle, kind="värd", kod="0001", arrangement_ids=None, lang="sv")
    assert find_component(content, "scenario-status-0").children == "saknar värd"
    assert "Ny värdkommun" in text_of(content)  # the checklist asks for a new host


# ----------------------------------------------------------------- empty and unknown selections
@pytest.mark.parametrize(
    "kind, kod, arr, key",
    [
        (None, None, None, "scenario.empty"),
        ("utträde", "", [], "scenario.empty"),
    ],
)
def test_empty_selection_message(bundle, text_of, kind, kod, arr, key):
    content = sc.render_scenario(bundle, kind=kind, kod=kod, arrangement_ids=arr, lang="sv")
    assert text_of(content) == t(key, "sv")


def test_unknown_selections_give_messages(bundle, text_of):
    def text(**kw):
        kw.setdefault("arrangement_ids", None)
        kw.setdefault("kind", None)
        return text_of(sc.render_scenario(bundle, lang="sv", **kw))

    assert text(kod="9999") == t("scenario.unknown_kommun", "sv", kod="9999")
    assert text(kod="0005") == t("scenario.no_arrangements", "sv", name="E")
    assert text(kind="värd", kod="0004") == t("scenario.hosts_nothing", "sv", name="D")
    assert t("scenario.none_known", "sv", name="B") in text(kod="0002", arrangement_ids=["zz"])
    # An unknown id next to a known one is left out with a note; the scenario still runs.
    mixed = text(kod="0002", arrangement_ids=["zz", "av"])
    assert t("scenario.unknown_arrangements", "sv", ids="zz") in mixed and "lämnar 1 samverkan" in mixed
    assert t("scenario.unknown_type", "sv", typ="nonsens") in text(kind="nonsens", kod="0002")


def test_engine_failure_is_a_message_not_a_traceback(bundle, text_of, monkeypatch):
    import samverkansvav.scenarios as engine

    def boom(*args, **kwargs):
        raise RuntimeError("trasig")

    monkeypatch.setattr(engine, "exit_scenario", boom)
    content = sc.render_scenario(bundle, kind=None, kod="0002", arrangement_ids=None, lang="sv")
    assert text_of(content) == t("scenario.failed", "sv")
    assert sc.scenario_download(bundle, kind=None, kod="0002", arrangement_ids=None, lang="sv") is None


# ----------------------------------------------------------------- layout, router, client
def test_layout_reads_the_url(bundle):
    ctx = PageContext(bundle=bundle, lang="sv", query={"typ": "värd", "kod": "0001"})
    tree = sc.layout(ctx)
    assert find_component(tree, ids.SCENARIO_TYPE).value == "värd"
    assert find_component(tree, ids.SCENARIO_KOMMUN).value == "0001"
    assert find_component(tree, ids.SCENARIO_ARRANGEMENTS_BLOCK).style == {"display": "none"}
    ctx = PageContext(bundle=bundle, lang="sv", query={"typ": "utträde", "kod": "0002", "arr": "av,zz"})
    tree = sc.layout(ctx)
    # Only known ids go into the dropdown; the unknown one is reported in the content.
    assert find_component(tree, ids.SCENARIO_ARRANGEMENTS).value == ["av"]
    assert find_component(tree, "scenario-status-0").children == "upplöses"


QUERIES = [
    "",
    "?typ=uttr%C3%A4de&kod=0002",
    "?typ=utträde&kod=0002&arr=gn,av",
    "?typ=v%C3%A4rd&kod=0001",
    "?typ=värd&kod=0004&lang=en",
    "?kod=9999&arr=x",
    "?typ=%3Cscript%3E&kod=0002&datum=inte-ett-datum",
    "?kod=0002&datum=1990-01-01",
    "?kod=0005",
    "?typ=ansluta&kod=0004&omrade=IT",
    "?typ=ansluta&kod=0004",
    "?typ=ansluta&kod=0002&omrade=%3Cb%3Ex&lang=en",
    "?typ=ansluta&kod=0004&omrade=l%C3%B6neadministration&datum=1990-01-01",
]


@pytest.mark.parametrize("query", QUERIES)
def test_page_returns_200(client, query):
    response = client.get("/scenario" + query)
    assert response.status_code == 200
    assert "react-entry-point" in plain_text(response)


@pytest.mark.parametrize("query", QUERIES)
def test_router_renders_scenario_without_error(pages, state, query):
    _, content = render(pages, state, "/scenario", query)
    texts = "\n".join(strings_in(json.loads(json.dumps(content, cls=plotly.utils.PlotlyJSONEncoder))))
    assert t("error.title", "sv") not in texts and t("error.title", "en") not in texts


def test_callbacks_are_registered(client):
    outputs = " ".join(d["output"] for d in client.get("/_dash-dependencies").get_json())
    for output in (
        f"{ids.SCENARIO_CONTENT}.children",
        f"{ids.SCENARIO_DOWNLOAD}.data",
        f"{ids.SCENARIO_PRINTED}.data",
        f"{ids.SCENARIO_ARRANGEMENTS}.options",
        f"{ids.SCENARIO_AREA_BLOCK}.style",
    ):
        assert output in outputs


# ----------------------------------------------------------------- Excel
def _workbook(download: dict) -> openpyxl.Workbook:
    assert download["filename"].endswith(".xlsx")
    content = base64.b64decode(download["content"]) if download.get("base64") else download["content"]
    return openpyxl.load_workbook(io.BytesIO(content))


def test_excel_has_one_sheet_per_part(bundle):
    download = sc.scenario_download(bundle, kind="utträde", kod="0002", arrangement_ids=None, lang="sv")
    assert download["filename"] == "scenario-uttrade-0002-2025-01-01.xlsx"
    book = _workbook(download)
    assert book.sheetnames == EXIT_SHEETS
    summary = list(book["Samverkan"].iter_rows(values_only=True))
    assert summary[0][:5] == ("Samverkan", "Form", "Område", "Status", "Kvarvarande")
    # Arrangements and the remaining members by name, not by id or kommunkod.
    assert [(row[0], row[3], row[4]) for row in summary[1:]] == [
        ("GN IT", "fortsätter", "A, C"),
        ("Lön", "upplöses", "D"),
        ("Räddningsförbundet", "fortsätter", "A, C"),
    ]
    network = list(book["Nätverk"].iter_rows(values_only=True))
    assert network[1] == ("Grupper av kommuner som hänger ihop genom samverkan", 1, 1)  # numbers stay numbers
    cover = {k: v for k, v in book["Om rapporten"].iter_rows(min_row=2, values_only=True) if k}
    assert cover["Scenario"] == "Utträde: B lämnar 3 samverkan" and cover["Kommun"] == "B (0002)"
    assert cover["Analysdatum"] == "2025-01-01" and cover["Tomma delar"] == "Värdkandidater: inga rader."
    assert "Datakälla" in cover
    # Shares are Excel percentages: B depended on A (gn) and the federation (kf) in 2 of 3 → 0.667 as %.
    sheet = book["Före och efter"]
    assert [c.value for c in sheet[1]][2:5] == ["Partner efter", "Beroendeandel före", "Beroendeandel efter"]
    b_row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "B")
    assert round(b_row[3].value, 3) == 0.667 and b_row[3].number_format == "0.0%"
    for ws in book.worksheets:
        assert ws.max_row >= 2, ws.title  # no empty sheets
        assert "Kommunkod" not in [c.value for c in ws[1]] and "Id" not in [c.value for c in ws[1]]


def test_excel_of_host_stop_and_cost_numbers(bundle, cost_bundle):
    book = _workbook(sc.scenario_download(bundle, kind="värd", kod="0001", arrangement_ids=None, lang="sv"))
    assert book.sheetnames == [
        "Om rapporten",
        "Värdskap",
        "Beroende kommuner",
        "Värdkandidater",
        "Förlorar enda utförare",
        "Checklista",
    ]
    # A hosts gn for B and C: listed by name.
    assert [r[4] for r in book["Värdskap"].iter_rows(min_row=2, values_only=True)] == ["B, C"]
    book = _workbook(
        sc.scenario_download(cost_bundle, kind="utträde", kod="0001", arrangement_ids=["kf"], lang="sv")
    )
    sheet = book["Kostnadsfördelning"]
    rows = list(sheet.iter_rows(values_only=True))
    # 120 000 × 0.3/0.5 = 72 000 (24 % of 300 000); × 0.2/0.5 = 48 000 (24 % of 200 000).
    assert rows[0] == ("Samverkan", "Kommun", "Ökning (kr)", "Ökning (%)", "Fördelning")
    assert [r[1:4] for r in rows[1:]] == [("B", 72000, 0.24), ("C", 48000, 0.24)]
    assert sheet["D2"].number_format == "0.0%"


def test_excel_writes_formula_like_names_as_text(on):
    web = CooperationWeb.from_records(
        parties=[
            {"id": "0001", "name": '=HYPERLINK("http://x","A")', "kind": "kommun"},
            {"id": "0002", "name": "B", "kind": "kommun"},
        ],
        arrangements=[{"id": "x", "name": "=1+1", "form": "avtalssamverkan", "area": "lön", "host": "0002"}],
        memberships=[
            {"arrangement_id": "x", "party_id": "0001", "role": "uppdragsgivare"},
            {"arrangement_id": "x", "party_id": "0002", "role": "utförare"},
        ],
    )
    download = sc.scenario_download(
        build_bundle(web, on=on), kind=None, kod="0001", arrangement_ids=None, lang="sv"
    )
    sheet = _workbook(download)["Samverkan"]
    cell = sheet.cell(row=2, column=1)
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_no_download_for_an_empty_selection(bundle):
    assert sc.scenario_download(bundle, kind=None, kod=None, arrangement_ids=None, lang="sv") is None
    assert sc.scenario_download(bundle, kind="värd", kod="0004", arrangement_ids=None, lang="sv") is None


# ----------------------------------------------------------------- where to join (typ=ansluta)
# Coordinates of the small web: party i at lat 59 + i/10, lon 18 + i/10. Per 0.1°:
# latitude 11.1195 km; longitude 11.1195 · cos(mean latitude) km.


def _join(bundle, kod, area, lang="sv"):
    return sc.compute_scenario(bundle, kind="ansluta", kod=kod, arrangement_ids=None, lang=lang, area=area)


def test_area_options_are_the_bundle_areas(bundle):
    # Sorted ignoring case: "re…" before "rä…" (e < ä), Ö last.
    assert [o["value"] for o in sc.area_options(bundle)] == [
        "IT",
        "löneadministration",
        "regional samverkan",
        "räddningstjänst",
        "överförmyndare",
    ]
    assert sc.match_area(bundle, " it ") == "IT"
    assert sc.match_area(bundle, "rymdfart") is None and sc.match_area(bundle, "") is None


def test_d_could_join_the_it_committee(bundle):
    result, notes = _join(bundle, "0004", "it")
    assert notes == []
    tables = sc.join_tables(bundle, result, "sv")
    # D (59.4, 18.4) is not in gn (A B C, host A). Nearest member C (59.3, 18.3):
    # dy = 11.12 km, dx = 11.12 · cos 59.35° = 5.67 km → √(123.64 + 32.14) = 12.48 → 12,5 km.
    assert tables["options"].values.tolist() == [["GN IT", "Gemensam nämnd", "A", "A, B, C", "C", "12,5"]]
    # Host A (59.1, 18.1): dy = 33.36 km, dx = 33.36 · cos 59.25° = 17.06 km → √(1112.8 + 290.9) = 37.47.
    assert tables["hosts"].values.tolist() == [["0001", "A", "GN IT", "37,5"]]
    content = sc.render_scenario(
        bundle, kind="ansluta", kod="0004", arrangement_ids=None, lang="sv", area="IT"
    )
    assert (
        find_component(content, "scenario-heading").children == "Ansluta: D (0004), område IT, per 2025-01-01"
    )
    assert find_component(content, "scenario-n-options").children == "1"
    assert find_component(content, "scenario-n-hosts").children == "1"
    assert find_component(content, "scenario-nearest").children == "GN IT (12,5 km)"
    json.dumps(content, cls=plotly.utils.PlotlyJSONEncoder)


def test_join_without_host_and_in_english(bundle, text_of):
    # B (59.2, 18.2) and överförmyndare: gn2 (A, D) has no named host → no provider, no hosts.
    # Nearest member A (59.1, 18.1): dy = 11.12, dx = 11.12 · cos 59.15° = 5.70 → 12.50 km.
    result, _ = _join(bundle, "0002", "överförmyndare", lang="en")
    assert sc.join_tables(bundle, result, "en")["options"].values.tolist() == [
        ["ÖF", "Joint committee", "not named", "A, D", "A", "12.5"]
    ]
    content = sc.render_scenario(
        bundle, kind="ansluta", kod="0002", arrangement_ids=None, lang="en", area="överförmyndare"
    )
    text = text_of(content)
    assert "Joining: B (0002), area överförmyndare, as of 2025-01-01" in text
    assert t("scenario.join.no_hosts", "en") in text


def test_join_when_already_in_everything_of_the_area(bundle, text_of):
    # D is in av, the only löneadministration arrangement: nothing to join, but B hosts av.
    # B (59.2, 18.2) → D (59.4, 18.4): dy = 22.24, dx = 22.24 · cos 59.3° = 11.35 → 24.97 → 25,0 km.
    result, notes = _join(bundle, "0004", "löneadministration")
    assert result.options == ()
    assert text_of(notes) == t("scenario.join.already_in_all", "sv", name="D", area="löneadministration")
    assert sc.join_tables(bundle, result, "sv")["hosts"].values.tolist() == [["0002", "B", "Lön", "25,0"]]
    content = sc.render_scenario(
        bundle, kind="ansluta", kod="0004", arrangement_ids=None, lang="sv", area="löneadministration"
    )
    assert t("scenario.join.no_options", "sv") in text_of(find_component(content, "scenario-join-options"))
    assert find_component(content, "scenario-n-options").children == "0"
    assert find_component(content, "scenario-nearest").children == "–"


def test_join_empty_and_unknown_selections(bundle, text_of):
    def text(**kw):
        return text_of(sc.render_scenario(bundle, kind="ansluta", arrangement_ids=None, lang="sv", **kw))

    assert text(kod=None, area="IT") == t("scenario.empty", "sv")
    assert text(kod="0004", area=None) == t("scenario.join.choose_area", "sv", name="D")
    assert text(kod="0004", area="  ") == t("scenario.join.choose_area", "sv", name="D")
    assert text(kod="0004", area="rymdfart") == t("scenario.join.unknown_area", "sv", area="rymdfart")
    assert text(kod="9999", area="IT") == t("scenario.unknown_kommun", "sv", kod="9999")
    # E (0005) is in nothing: joining is still a fair question (unlike an exit).
    assert "Ansluta: E (0005), område räddningstjänst" in text(kod="0005", area="räddningstjänst")


def test_layout_reads_the_join_url(bundle):
    ctx = PageContext(bundle=bundle, lang="sv", query={"typ": "ansluta", "kod": "0004", "omrade": "it"})
    tree = sc.layout(ctx)
    assert find_component(tree, ids.SCENARIO_TYPE).value == "ansluta"
    assert [o["value"] for o in find_component(tree, ids.SCENARIO_TYPE).options] == [
        "utträde",
        "värd",
        "ansluta",
    ]
    assert find_component(tree, ids.SCENARIO_AREA).value == "IT"
    assert find_component(tree, ids.SCENARIO_AREA_BLOCK).style == {}
    assert find_component(tree, ids.SCENARIO_ARRANGEMENTS_BLOCK).style == {"display": "none"}
    assert find_component(tree, "scenario-join-options") is not None
    # The other scenario types keep the area control hidden (but present for the URL sync).
    tree = sc.layout(PageContext(bundle=bundle, lang="sv", query={"kod": "0002"}))
    assert find_component(tree, ids.SCENARIO_AREA_BLOCK).style == {"display": "none"}
    assert find_component(tree, ids.SCENARIO_ARRANGEMENTS_BLOCK).style == {}


def test_join_excel(bundle):
    download = sc.scenario_download(
        bundle, kind="ansluta", kod="0004", arrangement_ids=None, lang="sv", area="IT"
    )
    assert download["filename"] == "scenario-ansluta-0004-IT-2025-01-01.xlsx"
    book = _workbook(download)
    assert book.sheetnames == ["Om rapporten", "Att ansluta till", "Värdar i området"]
    rows = list(book["Att ansluta till"].iter_rows(values_only=True))
    # Members and the nearest member by name; 12.5 km a number, not text.
    assert rows[1] == ("GN IT", "gemensam nämnd", "A", "A, B, C", "C", 12.5, 25)
    assert list(book["Värdar i området"].iter_rows(values_only=True))[1] == ("A", "GN IT", 37.5)
    assert sc.scenario_download(bundle, kind="ansluta", kod="0004", arrangement_ids=None, lang="sv") is None


# ----------------------------------------------------------------- checklist topics in English
def test_every_engine_checklist_topic_has_a_translation():
    from samverkansvav.model import FORMS
    from samverkansvav.scenarios import checklist_for

    topics = {i.topic for f in FORMS for h in (False, True) for i in checklist_for(f, host_leaves=h)}
    # 22 topics for KL forms and the rest, 3 more of the samordningsförbund's own
    assert len(topics) == 25
    untranslated = {topic for topic in topics if sc.checklist_topic(topic, "en") == topic}
    assert untranslated == set()
    assert all(sc.checklist_topic(topic, "sv") == topic for topic in topics)


def test_english_checklist_has_translated_headings_and_the_swedish_note(bundle, text_of):
    content = sc.render_scenario(bundle, kind="utträde", kod="0002", arrangement_ids=None, lang="en")
    # B's arrangements in order: GN IT (gemensam nämnd), Lön (avtal), Räddningsförbundet (förbund).
    headings = [
        li.children[0].children for li in find_component(content, "scenario-checklist-2").children[1].children
    ]
    assert headings[:3] == [
        "Federation charter: ",
        "Liability for debts and equity: ",
        "Terms of withdrawal: ",
    ]
    assert text_of(find_component(content, "scenario-checklist-note")) == t("scenario.checklist_note", "en")
    # The questions are English too, item for item the Swedish checklist's.
    from samverkansvav.scenarios import checklist_for

    questions = [
        li.children[1] for li in find_component(content, "scenario-checklist-2").children[1].children
    ]
    assert questions == [item.question for item in checklist_for("kommunalforbund", lang="en")]
    # Swedish terms of art (förbundsordning) may stand in English text; Swedish sentences may not.
    assert not re.search(r"\b(och|att|ska|vilka|kommunen)\b", " ".join(questions))
    swedish = sc.render_scenario(bundle, kind="utträde", kod="0002", arrangement_ids=None, lang="sv")
    assert find_component(swedish, "scenario-checklist-note") is None
    headings = [
        li.children[0].children for li in find_component(swedish, "scenario-checklist-2").children[1].children
    ]
    assert headings[0] == "Förbundsordning: "


# ----------------------------------------------------------------- plain summary, costs, network (issue 14)
def test_exit_summary_says_what_b_must_arrange_what_others_lose_and_the_cost(bundle):
    from samverkansvav.web.pages.scenario_summary import exit_summary_lines

    # B leaves gn (host A), kf (the federation provides) and av (B hosts; only D remains → ends).
    lines = exit_summary_lines(_exit(bundle), "sv")
    assert lines == [
        "B måste själv ordna eller köpa 2 uppgifter som andra utför i dag: IT (i dag via GN IT, utförare A); "
        "räddningstjänst (i dag via Räddningsförbundet).",
        "1 samverkan upphör eftersom färre än två medlemmar blir kvar: Lön.",
        "Andra kommuner förlorar sin enda utförare: D inom löneadministration.",
        "Kostnaden är okänd för 2 samverkan (årskostnaden saknas i registret): GN IT och Räddningsförbundet.",
    ]


def test_exit_summary_with_known_cost(cost_bundle):
    from samverkansvav.web.pages.scenario_summary import exit_summary_lines

    result, _ = sc.compute_scenario(
        cost_bundle, kind="utträde", kod="0001", arrangement_ids=["kf"], lang="en"
    )
    # A pays 120 000 kr in kf; B and C remain.
    assert (
        "120,000 kr a year in Räddningsförbundet is shared among the 2 remaining members."
        in exit_summary_lines(result, "en")
    )


def test_host_summary_names_each_dependent_and_its_loss(bundle):
    from samverkansvav.web.pages.scenario_summary import host_summary_lines

    result, _ = sc.compute_scenario(bundle, kind="värd", kod="0001", arrangement_ids=None, lang="sv")
    lines = host_summary_lines(result, "sv")
    # A hosts only gn (A, B, C): B and C lose it.
    assert lines[:3] == [
        "A utför 1 samverkan åt andra; 2 kommuner förlorar sin utförare.",
        "B förlorar GN IT (IT).",
        "C förlorar GN IT (IT).",
    ]


def test_summary_comes_first_and_unknown_costs_are_one_line(bundle, text_of):
    content = sc.render_scenario(bundle, kind="utträde", kod="0002", arrangement_ids=None, lang="sv")
    children = content.children
    heading = next(i for i, c in enumerate(children) if getattr(c, "id", None) == "scenario-heading")
    assert children[heading + 1].id == "scenario-summary"
    # Every increase is unknown (no costs in the small web): no table of "okänd", one line instead.
    assert find_component(content, "scenario-costs") is None
    assert (
        text_of(find_component(content, "scenario-costs-unknown"))
        == "Okänd ökning för 4 kommuner i GN IT och Räddningsförbundet (årskostnaden saknas)."
    )
    text = text_of(content)
    assert "Sammanhängande delar" not in text and "Röd streckad" not in text


def test_network_legend_names_only_what_is_drawn(bundle, text_of):
    from samverkansvav.web.pages.scenario_summary import network_legend

    full = sc.scenario_elements(bundle, _exit(bundle))
    # B leaves everything: 3 lost ties (to A, C, D), 3 kept (A–C: gn, kf; C–D: inf; A–D: gn2), none weakened.
    assert " ".join(text_of(network_legend(full, "sv")).split()) == (
        "Kommunen i scenariot Ingen gemensam samverkan kvar efteråt (3) Oförändrad koppling (3)"
    )
    partial = sc.scenario_elements(bundle, _exit(bundle, arrangement_ids=["gn"]))
    assert "Färre gemensamma samverkan efteråt (2)" in text_of(network_legend(partial, "sv"))
    assert "Ingen gemensam" not in text_of(network_legend(partial, "sv"))


@pytest.mark.parametrize("n", [1, 2, 5, 12, 30, 80])
def test_ring_layout_keeps_labels_apart(n):
    import itertools

    from samverkansvav.web.pages.scenario_summary import LABEL_FONT_PX, ring_positions

    names = {str(i): "Upplands Väsby"[: 5 + i % 10] for i in range(n)}  # 5–14 characters
    names["c"] = "Falun"
    pos = ring_positions("c", list(names)[:-1])
    assert pos["c"] == (0.0, 0.0) and len(pos) == n + 1
    # A label box: about 0.6 em per character, one line high, under its node.
    boxes = {
        k: (
            x - 0.3 * LABEL_FONT_PX * len(names[k]),
            y + 10,
            x + 0.3 * LABEL_FONT_PX * len(names[k]),
            y + 10 + LABEL_FONT_PX * 1.3,
        )
        for k, (x, y) in pos.items()
    }
    overlapping = [
        (p, q)
        for p, q in itertools.combinations(boxes, 2)
        if not (
            boxes[p][2] <= boxes[q][0]
            or boxes[q][2] <= boxes[p][0]
            or boxes[p][3] <= boxes[q][1]
            or boxes[q][3] <= boxes[p][1]
        )
    ]
    assert overlapping == []


def test_exit_summary_of_d_names_a_task_without_a_host_and_counts_in_english(bundle):
    from samverkansvav.web.pages.scenario_summary import exit_summary_lines

    # D is in av (host B, with B), inf (informal, with C) and gn2 (no host named, with A): all three
    # end with one member left; D got lön from B and överförmyndare from a host nobody named.
    lines = exit_summary_lines(_exit(bundle, kod="0004"), "sv")
    assert lines[:2] == [
        "D måste själv ordna eller köpa 2 uppgifter som andra utför i dag: löneadministration (i dag via Lön, "
        "utförare B); överförmyndare (i dag via ÖF; värdkommunen är inte angiven).",
        "3 samverkan upphör eftersom färre än två medlemmar blir kvar: Lön, Nätverket och ÖF.",
    ]
    english = exit_summary_lines(_exit(bundle, kod="0004", lang="en"), "en")
    assert english[1] == "3 arrangements end because fewer than two members remain: Lön, Nätverket and ÖF."
    one = exit_summary_lines(_exit(bundle, kod="0004", arrangement_ids=["av"], lang="en"), "en")
    assert one[:2] == [
        "D must provide or buy 1 task that others perform today: löneadministration "
        "(today through Lön, provided by B).",
        "1 arrangement ends because fewer than two members remain: Lön.",
    ]
