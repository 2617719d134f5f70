"""Exit from a samordningsförbund follows lag (2003:1210), with hand-computed answers."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from samverkansvav.model import CooperationWeb
from samverkansvav.scenarios import CONTINUES, DISSOLVES, checklist_for, exit_scenario

REPO = Path(__file__).resolve().parents[2]
ON = dt.date(2025, 1, 1)
NAN = math.nan


def _finsam(
    members: dict[str, tuple[float, float]],
    *,
    notice=None,
    populations: dict[str, float | None] | None = None,
) -> CooperationWeb:
    """One samordningsförbund; ``members``: id -> (share, annual_cost), NaN when unknown."""
    populations = populations if populations is not None else {"0001": 10_000, "0002": 30_000, "0003": 10_000}
    parties = [
        {"id": i, "name": n, "kind": "kommun", "lan_code": "14", "population": populations.get(i)}
        for i, n in [("0001", "A"), ("0002", "B"), ("0003", "C")]
    ]
    parties += [
        {"id": "R14", "name": "Västra Götalandsregionen", "kind": "region", "lan_code": "14"},
        {"id": "R13", "name": "Region Halland", "kind": "region", "lan_code": "13"},
        {"id": "forsakringskassan", "name": "Försäkringskassan", "kind": "annan"},
        {"id": "arbetsformedlingen", "name": "Arbetsförmedlingen", "kind": "annan"},
    ]
    return CooperationWeb.from_records(
        parties=parties,
        arrangements=[
            {
                "id": "sf",
                "name": "Samordningsförbundet Test",
                "form": "samordningsforbund",
                "area": "rehabilitering",
                "status": "aktiv",
                "notice_months": notice,
            }
        ],
        memberships=[
            {"arrangement_id": "sf", "party_id": p, "role": "medlem", "share": s, "annual_cost": c}
            for p, (s, c) in members.items()
        ],
    )


STATE = {"R14": (NAN, NAN), "forsakringskassan": (NAN, NAN), "arbetsformedlingen": (NAN, NAN)}


def test_a_municipality_leaves_and_only_the_remaining_municipalities_pay_more():
    web = _finsam({"0001": (NAN, 40_000), "0002": (NAN, 60_000), "0003": (NAN, NAN), **STATE})
    a = exit_scenario(web, "0001", on=ON).arrangements[0]
    assert a.form == "samordningsforbund" and a.status == CONTINUES and a.missing_parties == ()
    # 5 §: the region and the state agencies keep their shares; the municipalities'
    # quarter falls on B and C by population 30 000 : 10 000 -> 30 000 kr and 10 000 kr.
    assert a.split == "befolkning"
    assert [(i.party_id, i.kr, i.percent) for i in a.increase] == [
        ("0002", 30_000.0, 50.0),
        ("0003", 10_000.0, None),
    ]
    # No notice in the register: three years from the analysis date.
    assert a.notice_months == 36 and a.earliest_end == dt.date(2028, 1, 1)


def test_equal_split_between_municipalities_when_a_population_is_unknown():
    web = _finsam(
        {"0001": (NAN, 40_000), "0002": (NAN, NAN), "0003": (NAN, NAN), **STATE},
        populations={"0001": 1.0, "0002": 30_000, "0003": None},
    )
    a = exit_scenario(web, "0001", on=ON).arrangements[0]
    assert a.split == "lika" and [(i.party_id, i.kr) for i in a.increase] == [
        ("0002", 20_000.0),
        ("0003", 20_000.0),
    ]


def test_known_shares_come_before_population():
    web = _finsam({"0001": (0.05, 40_000), "0002": (0.05, NAN), "0003": (0.15, NAN), **STATE})
    a = exit_scenario(web, "0001", on=ON).arrangements[0]
    assert a.split == "andel" and [(i.party_id, i.kr) for i in a.increase] == [
        ("0002", 10_000.0),
        ("0003", 30_000.0),
    ]


@pytest.mark.parametrize("register, expected", [(12, 12), (36, 36), (48, 36), (None, 36)])
def test_notice_is_three_years_unless_the_register_says_less(register, expected):
    web = _finsam({"0001": (NAN, NAN), "0002": (NAN, NAN), **STATE}, notice=register)
    assert exit_scenario(web, "0001", on=ON).arrangements[0].notice_months == expected


def test_exit_of_the_only_municipality_dissolves_the_forbund():
    web = _finsam({"0001": (NAN, 40_000), **STATE})
    a = exit_scenario(web, "0001", on=ON).arrangements[0]
    # Three members remain (region, FK, AF) but no municipality: 15 § liquidation.
    assert a.remaining == ("R14", "arbetsformedlingen", "forsakringskassan")
    assert a.status == DISSOLVES and a.missing_parties == ("kommun",)
    assert a.increase == () and a.cost_to_redistribute is None


@pytest.mark.parametrize(
    "leaver, missing",
    [
        ("R14", ("region",)),
        ("forsakringskassan", ("Försäkringskassan",)),
        ("arbetsformedlingen", ("Arbetsförmedlingen",)),
    ],
)
def test_exit_of_a_required_party_dissolves_the_forbund(leaver, missing):
    web = _finsam({"0001": (NAN, NAN), "0002": (NAN, NAN), **STATE})
    a = exit_scenario(web, leaver, on=ON).arrangements[0]
    assert a.status == DISSOLVES and a.missing_parties == missing


def test_a_second_region_may_leave_and_the_other_region_pays_its_quarter():
    web = _finsam(
        {
            "0001": (NAN, NAN),
            "0002": (NAN, NAN),
            "R14": (NAN, NAN),
            "R13": (NAN, 8_000),
            "forsakringskassan": (NAN, NAN),
            "arbetsformedlingen": (NAN, NAN),
        }
    )
    a = exit_scenario(web, "R13", on=ON).arrangements[0]
    assert a.status == CONTINUES
    assert [(i.party_id, i.kr, i.basis) for i in a.increase] == [("R14", 8_000.0, "lika")]


def test_the_checklist_cites_the_finsam_law_never_kl():
    items = checklist_for("samordningsforbund")
    references = [i.reference for i in items if i.reference]
    assert any("2003:1210" in r and "15 §" in r for r in references)
    assert not any("kommunallagen" in r or "KL" in r for r in references)
    charter = next(i for i in items if i.topic == "Förbundsordning")
    assert "Försäkringskassan" in charter.question and "Arbetsförmedlingen" in charter.question
    english = checklist_for("samordningsforbund", lang="en")
    assert [i.reference for i in english] == [i.reference for i in items]
    assert english[0].topic == "Federation charter"


def test_exit_command_on_the_demo_shows_the_form_and_dissolves_the_forbund():
    # Västerås is the only municipality in Samordningsförbundet Västerås.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "samverkansvav",
            "exit",
            "Västerås",
            "--arrangement",
            "samordningsforbundet-vasteras",
            "--date",
            "2025-01-01",
            "--format",
            "json",
        ],
        cwd=REPO,
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    a = data["arrangements"][0]
    assert a["form"] == "samordningsforbund" and a["status"] == "upplöses"
    assert a["missing_parties"] == ["kommun"] and a["notice_months"] == 36
    assert set(a["remaining"]) == {"R19", "forsakringskassan", "arbetsformedlingen"}
    refs = [i["reference"] for i in data["checklist"][0]["items"]]
    assert not any("kommunallagen" in r for r in refs)
