"""Concentration risks on hand-made webs."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkansvav.analysis.risk import concentration_risks, two_years_before

ON = dt.date(2024, 6, 30)


def test_risks_small_web(small_web):
    risks = concentration_risks(small_web, on=ON)
    assert set(risks) == {"providers", "municipalities", "two_member", "evaluation", "no_goal"}
    # providers with >= 2 dependents: kf (A, B, C) and A (B, C); B has only D
    assert risks["providers"]["provider"].tolist() == ["kf", "0001"]
    # risk = share × HHI: A 1/3·1 = 1/3, B 2/3·0.5 = 1/3, C 1/3, D 1/3 -> all tie,
    # then HHI desc (A, D = 1 before B, C = 0.5), then share, then id
    muni = risks["municipalities"]
    assert muni["kommunkod"].tolist() == ["0001", "0004", "0002", "0003"]
    assert muni["risk_score"].tolist() == pytest.approx([1 / 3] * 4)
    # two members: av (B D), inf (C D), gn2 (A D)
    two = risks["two_member"]
    assert two["id"].tolist() == ["av", "gn2", "inf"]
    assert two.loc[0, "member_names"] == ("B", "D")
    # nothing has an evaluation date or a goal
    assert risks["evaluation"]["reason"].tolist() == ["saknas"] * 5
    assert len(risks["no_goal"]) == 5


def test_evaluation_age_and_goals(build_web):
    web = build_web(
        [
            {"id": "fresh", "form": "informell", "last_evaluated": dt.date(2022, 6, 30), "goal": "Mål"},
            {"id": "stale", "form": "informell", "last_evaluated": dt.date(2022, 6, 29), "goal": " "},
            {"id": "never", "form": "informell", "goal": "Bättre IT"},
            {"id": "ended", "form": "informell", "end": dt.date(2023, 1, 1)},
        ],
        {"fresh": "12", "stale": "123", "never": "12", "ended": "12"},
    )
    risks = concentration_risks(web, on=ON)
    # cutoff 2022-06-30: the same day is not older; one day earlier is; ended is not current
    ev = risks["evaluation"]
    assert ev[["id", "reason"]].values.tolist() == [["never", "saknas"], ["stale", "äldre än två år"]]
    assert risks["no_goal"]["id"].tolist() == ["stale"]  # blank goal counts as missing
    assert risks["two_member"]["id"].tolist() == ["fresh", "never"]
    assert risks["providers"].empty and risks["municipalities"].empty


def test_two_years_before_leap_day():
    assert two_years_before(dt.date(2024, 2, 29)) == dt.date(2022, 2, 28)
    assert two_years_before(dt.date(2024, 3, 1)) == dt.date(2022, 3, 1)
