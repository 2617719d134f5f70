"""Before/after never reads as an improvement when a provider goes (issue 12, item 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkansvav.scenarios import NO_HOST, exit_scenario, host_stops

ON = dt.date(2025, 1, 1)
MILJO = "gemensam-miljonamnd-mjolby-boxholm-odeshog"
MJOLBY, BOXHOLM, ODESHOG = "0586", "0560", "0509"
NOBODY_LEFT_WITHOUT = "Ingen kommun står utan utförare"


@pytest.fixture(scope="module")
def demo_web():
    from samverkansvav.demo import load_demo_web

    return load_demo_web()


def test_host_leaves_its_miljonamnd_and_the_others_keep_their_dependency(demo_web):
    result = exit_scenario(demo_web, MJOLBY, arrangement_ids=[MILJO], on=ON)
    (a,) = result.arrangements
    assert a.status == NO_HOST and a.remaining == (ODESHOG, BOXHOLM)
    before, after = result.before.by_party(), result.after.by_party()
    # Boxholm gets every function it is in from someone else; the nämnd still exists
    # for it, with a provider that is now missing: 1.00 stays 1.00 (it was 0.50).
    assert before[BOXHOLM].dependency_share == 1.0 and after[BOXHOLM].dependency_share == 1.0
    assert after[BOXHOLM].n_missing_provider == 1 and after[ODESHOG].n_missing_provider == 1
    assert after[ODESHOG].dependency_share == before[ODESHOG].dependency_share
    # Mjölby provided the nämnd itself: nothing to rebuild, no missing provider.
    assert result.functions_to_rebuild == () and after[MJOLBY].n_missing_provider == 0
    lost = {(l.party_id, l.area, l.provider) for l in result.lost_only_provider}
    assert lost == {(BOXHOLM, "miljö- och hälsoskydd", MJOLBY), (ODESHOG, "miljö- och hälsoskydd", MJOLBY)}
    text = result.to_text()
    assert "Boxholm: miljö- och hälsoskydd (tidigare Mjölby)" in text
    assert "Ödeshög: miljö- och hälsoskydd (tidigare Mjölby)" in text
    assert NOBODY_LEFT_WITHOUT not in text


def test_json_keeps_its_keys_and_adds_the_missing_provider(demo_web):
    data = exit_scenario(demo_web, MJOLBY, arrangement_ids=[MILJO], on=ON).to_dict()
    row = next(m for m in data["after"]["municipalities"] if m["kommunkod"] == BOXHOLM)
    assert {"kommunkod", "namn", "n_partners", "dependency_share", "provider_hhi"} <= set(row)
    assert (row["dependency_share"], row["n_missing_provider"]) == (1.0, 1)
    assert {l["kommunkod"] for l in data["lost_only_provider"]} == {BOXHOLM, ODESHOG}


def test_the_leaver_losing_its_only_rescue_service_is_named(demo_web):
    # Alingsås leaves AVRF, its only rescue service; Vårgårda alone cannot keep the
    # federation, so both are left without a provider in the area.
    result = exit_scenario(
        demo_web, "1489", arrangement_ids=["alingsas-och-vargarda-raddningstjanstforbund-avrf"], on=ON
    )
    lost = {(l.party_id, l.area) for l in result.lost_only_provider}
    assert lost == {("1489", "räddningstjänst"), ("1442", "räddningstjänst")}
    text = result.to_text()
    assert "Alingsås: räddningstjänst" in text and NOBODY_LEFT_WITHOUT not in text
    # Alingsås is in 4 arrangements, 2 provided by others (GR, AVRF): 0.50 before, and
    # after it still needs rescue services with nobody providing them: 2 of 4 = 0.50.
    before, after = result.before.by_party(), result.after.by_party()
    assert before["1489"].dependency_share == 0.5 and after["1489"].dependency_share == 0.5
    assert after["1489"].n_missing_provider == 1
    # Vårgårda's federation dissolved under it: still dependent, provider missing.
    assert after["1442"].dependency_share == before["1442"].dependency_share == 1.0
    assert after["1442"].n_missing_provider == 1


def test_leaving_everything_is_a_gap_not_zero_dependency(demo_web):
    result = exit_scenario(demo_web, BOXHOLM, on=ON)
    before, after = result.before.by_party()[BOXHOLM], result.after.by_party()[BOXHOLM]
    assert after.n_partners == 0
    assert before.dependency_share == after.dependency_share == 1.0
    provided_by_others = [f for f in result.functions_to_rebuild if f.provider is not None]
    assert after.n_missing_provider == len(provided_by_others) == len(result.arrangements)
    assert NOBODY_LEFT_WITHOUT not in result.to_text()


def test_no_provider_lost_says_so():
    from samverkansvav.model import CooperationWeb

    web = CooperationWeb.from_records(
        parties=[
            {"id": i, "name": n, "kind": "kommun"} for i, n in [("0001", "A"), ("0002", "B"), ("0003", "C")]
        ],
        arrangements=[{"id": "inf", "name": "Nätverk", "form": "informell", "area": "IT"}],
        memberships=[
            {"arrangement_id": "inf", "party_id": p, "role": "medlem"} for p in ("0001", "0002", "0003")
        ],
    )
    result = exit_scenario(web, "0001", on=ON)
    assert result.lost_only_provider == () and NOBODY_LEFT_WITHOUT in result.to_text()


def test_host_stops_counts_the_dependents_as_losing_their_only_provider(demo_web):
    result = host_stops(demo_web, MJOLBY, on=ON)
    lost = {(l.party_id, l.area) for l in result.lost_only_provider}
    assert {(BOXHOLM, "miljö- och hälsoskydd"), (ODESHOG, "miljö- och hälsoskydd")} <= lost
