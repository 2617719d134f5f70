"""One small exit said in Swedish and in English: the text module, the CLI output, the tables.

The web: A (10 000 inhabitants), B (20 000), C (30 000). "Lön" is an avtalssamverkan
in löneadministration hosted by A with twelve months' notice; the members' shares
and annual costs are A 0.5 / 100 000 kr, B 0.3 / 60 000 kr, C 0.2 / 40 000 kr.

B leaves on 2025-01-01. Two members remain and B was not the host: Lön continues.
B's 60 000 kr is spread by the known shares of A and C (0.5 + 0.2 = 0.7):
A 60 000 · 5/7 = 42 857.14 kr, 42.86 % of its own 100 000 kr; C 60 000 · 2/7 =
17 142.86 kr, 42.86 % of its 40 000 kr. Notice ends 2026-01-01. A provided the task,
so B must rebuild löneadministration and loses its only provider there. Partners:
A and C 2 → 1, B 2 → 0. Dependency share: A provides itself (0.00); C depends on A
(1.00); B's one function still needs a provider that is now missing (1.00, one missing).
"""

from __future__ import annotations

import argparse
import datetime as dt

import pytest

from samverkansvav.model import CooperationWeb
from samverkansvav.scenarios import exit_scenario, host_stops
from samverkansvav.scenarios.tables import header, localised_tables, scenario_tables, sheet_name
from samverkansvav.scenarios.text import candidate_evidence, exit_text, host_stops_text

ON = dt.date(2025, 1, 1)


@pytest.fixture
def lon_web() -> CooperationWeb:
    return CooperationWeb.from_records(
        parties=[
            {"id": pid, "name": name, "kind": "kommun", "population": population}
            for pid, name, population in [("0001", "A", 10_000), ("0002", "B", 20_000), ("0003", "C", 30_000)]
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


SWEDISH = """\
Utträde: B (0002) per 2025-01-01

* Lön [avtalssamverkan, löneadministration]: fortsätter
  Kvarvarande: A, C
  Kostnad att fördela: 60 000 kr (efter andel)
    A: +42 857 kr (42,9 %)
    C: +17 143 kr (42,9 %)
  Uppsägningstid: 12 mån; tidigaste slut: 2026-01-01

Uppgifter att bygga upp eller köpa på nytt:
* löneadministration: Lön (utförare A)

Nätverket: 1 → 1 sammanhängande delar
  A: partner 2 → 1, beroendeandel 0.00 → 0.00
  B: partner 2 → 0, beroendeandel 1.00 → 1.00 (1 med utförare som saknas)
  C: partner 2 → 1, beroendeandel 1.00 → 1.00

Förlorar sin enda utförare inom ett område:
* B: löneadministration (tidigare A)"""

ENGLISH = """\
Exit: B (0002) as of 2025-01-01

* Lön [contract cooperation, löneadministration]: continues
  Remaining: A, C
  Cost to redistribute: 60,000 kr (by share)
    A: +42,857 kr (42.9%)
    C: +17,143 kr (42.9%)
  Notice: 12 months; earliest end: 2026-01-01

Tasks to build up or buy anew:
* löneadministration: Lön (provider A)

The network: 1 → 1 connected groups
  A: partners 2 → 1, dependency share 0.00 → 0.00
  B: partners 2 → 0, dependency share 1.00 → 1.00 (1 with a missing provider)
  C: partners 2 → 1, dependency share 1.00 → 1.00

Loses its only provider in an area:
* B: löneadministration (formerly A)"""


def test_the_exit_in_swedish_and_english(lon_web):
    result = exit_scenario(lon_web, "0002", on=ON)
    assert exit_text(result, "sv") == SWEDISH
    assert result.to_text() == SWEDISH  # the result's own text is the Swedish one
    assert exit_text(result, "en") == ENGLISH


def test_the_cli_prints_the_language_asked_for(lon_web, capsys):
    from samverkansvav.commands._scenario import emit
    from samverkansvav.commands.exit import add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert parser.parse_args(["B"]).lang == "sv"
    args = parser.parse_args(["B", "--lang", "en"])
    emit(exit_scenario(lon_web, "0002", on=ON), args.format, args.lang)
    assert capsys.readouterr().out == ENGLISH + "\n"
    emit(exit_scenario(lon_web, "0002", on=ON), "text", "sv")
    assert capsys.readouterr().out == SWEDISH + "\n"
    with pytest.raises(SystemExit):
        parser.parse_args(["B", "--lang", "fi"])


def test_the_engine_keeps_codes_and_counts(lon_web):
    (a,) = exit_scenario(lon_web, "0002", on=ON).arrangements
    assert (a.status, a.split, a.host_leaves) == ("fortsätter", "andel", False)
    assert [(i.party_id, i.kr, i.percent, i.basis) for i in a.increase] == [
        ("0001", 42857.14, 42.86, "andel"),
        ("0003", 17142.86, 42.86, "andel"),
    ]
    assert a.checklist[0].topic == "Uppsägning enligt avtalet"  # Swedish, as the JSON has it


def test_candidate_evidence_in_both_languages(lon_web):
    # A, the host, leaves: B and C remain. Neither hosts anything else, serves the other or
    # shares another arrangement with it; population decides: C 1.0, B 20 000/30 000 = 0.667.
    (a,) = exit_scenario(lon_web, "0001", on=ON).arrangements
    assert a.status == "saknar_värd" and a.host_leaves
    c, b = a.new_host_candidates
    assert (c.party_id, c.score, b.party_id, b.score) == ("0003", 1.0, "0002", 0.667)
    assert (c.same_area_hosted, c.served_members, c.n_others, c.ties) == (0, 0, 1, 0)
    assert candidate_evidence(c, "sv") == (
        "Är inte värd för någon annan samverkan inom samma område.",
        "Utför redan andra uppgifter åt 0 av 1 övriga kvarvarande.",
        "Delar 0 andra samverkan med de övriga kvarvarande.",
        "Befolkning 30 000.",
    )
    assert c.evidence == candidate_evidence(c, "sv")
    assert candidate_evidence(c, "en") == (
        "Hosts no other arrangement in the same area.",
        "Already performs other tasks for 0 of the 1 other remaining members.",
        "Shares 0 other arrangements with the other remaining members.",
        "Population 30,000.",
    )


def test_one_dependent_is_singular_in_both_languages(lon_web):
    # A stops hosting Lön: B and C depend on it (plural); the heading line counts them.
    result = host_stops(lon_web, "0001", on=ON)
    assert "2 beroende kommuner, saknar värd" in host_stops_text(result, "sv")
    assert "2 dependent municipalities, no host" in host_stops_text(result, "en")
    two = CooperationWeb.from_records(
        parties=[
            {"id": "0001", "name": "A", "kind": "kommun"},
            {"id": "0002", "name": "B", "kind": "kommun"},
        ],
        arrangements=[{"id": "x", "name": "X", "form": "avtalssamverkan", "area": "lön", "host": "0001"}],
        memberships=[
            {"arrangement_id": "x", "party_id": "0001", "role": "utförare"},
            {"arrangement_id": "x", "party_id": "0002", "role": "uppdragsgivare"},
        ],
    )
    one = host_stops(two, "0001", on=ON)
    assert "* X [avtalssamverkan, lön]: 1 beroende kommun, upplöses" in host_stops_text(one, "sv")
    assert "* X [contract cooperation, lön]: 1 dependent municipality, dissolves" in host_stops_text(
        one, "en"
    )


def test_tables_are_headed_in_the_language_asked_for(lon_web):
    result = exit_scenario(lon_web, "0002", on=ON)
    swedish, english = scenario_tables(result, "sv"), scenario_tables(result, "en")
    assert list(swedish["costs"].columns) == [
        "Samverkan",
        "Kommunkod",
        "Kommun",
        "Ökning (kr)",
        "Ökning (%)",
        "Fördelning",
    ]
    assert list(english["costs"].columns) == [
        "Arrangement",
        "Municipality code",
        "Municipality",
        "Increase (kr)",
        "Increase (%)",
        "Split",
    ]
    assert english["costs"].values.tolist() == [
        ["Lön", "0001", "A", 42857.14, 42.86, "by share"],
        ["Lön", "0003", "C", 17142.86, 42.86, "by share"],
    ]
    assert english["summary"].iloc[0][header("status", "en")] == "continues"
    assert english["checklist"].iloc[0].tolist() == [
        "Lön",
        "contract cooperation",
        "Termination under the agreement",
        "Give notice under the agreement's terms and notice period. Responsibility for the task has "
        "always stayed with each commissioning municipality, which must now arrange the performance "
        "itself from the agreement's last day.",
        "kommunallagen 9 kap. 37 §",
    ]
    # The result's own tables() are the Swedish ones under Swedish sheet names.
    assert list(result.tables()) == [sheet_name(code, "sv") for code in swedish]
    assert list(localised_tables(result, "en"))[:2] == ["Arrangements", "Cost split"]
    assert result.tables()["Kostnadsfördelning"].equals(swedish["costs"])


def test_join_command_in_english_end_to_end():
    # The demo data, as in test_scenarios_cli: Malmö → Lund 25.4 km; the Lund–Eslöv committee
    # is a gemensam nämnd hosted by Lund, so its provider is Lund.
    import subprocess
    import sys
    from pathlib import Path

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "samverkansvav",
            "join",
            "Malmö",
            "Överförmyndare",
            "--date",
            "2024-06-30",
            "--lang",
            "en",
        ],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()
    text = done.stdout.decode("utf-8")
    assert text.startswith("Joining: Malmö (1280), area överförmyndare, as of 2024-06-30")
    assert "1. Lund–Eslöv gemensam överförmyndarnämnd (joint committee); provider: Lund" in text
    assert "nearest member Lund, 25.4 km" in text
    assert "Municipalities already hosting the area:\n  - Lund (1281), 25.4 km: Lund–Eslöv" in text
