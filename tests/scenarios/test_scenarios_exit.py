"""Exit scenarios on tiny hand-built webs with hand-computed answers."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from samverkansvav.scenarios import CONTINUES, DISSOLVES, NO_HOST, add_months, exit_scenario

ON = dt.date(2024, 1, 15)
PARTIES = {
    "0001": ("A", 10_000),
    "0002": ("B", 20_000),
    "0003": ("C", 10_000),
    "0004": ("D", 5_000),
    "0005": ("E", 1_000),
}


# ------------------------------------------------------------------ dissolves
@pytest.fixture
def two_member_web(build_web):
    return build_web(
        PARTIES,
        [
            {
                "id": "av",
                "name": "Lön",
                "form": "avtalssamverkan",
                "area": "löneadministration",
                "host": "0001",
                "notice_months": 6,
                "members": {"0001": {}, "0002": {"annual_cost": 250_000}},
            },
        ],
    )


def test_two_member_contract_dissolves_when_the_client_leaves(two_member_web):
    result = exit_scenario(two_member_web, "0002", on=ON)
    (a,) = result.arrangements
    assert a.status == DISSOLVES
    assert a.remaining == ("0001",)
    # nothing is spread over the one who is left: the arrangement ends
    assert a.annual_cost == 250_000
    assert a.cost_to_redistribute is None and a.increase == ()
    # 2024-01-15 + 6 months = 2024-07-15
    assert a.notice_months == 6 and a.earliest_end == dt.date(2024, 7, 15)
    # B got payroll from A: it must rebuild it
    (f,) = result.functions_to_rebuild
    assert (f.id, f.area, f.provider, f.provider_name) == ("av", "löneadministration", "0001", "A")
    assert f.staff is None
    assert (result.before.n_components, result.after.n_components) == (1, 0)
    assert result.after.n_arrangements == 0


def test_two_member_contract_dissolves_when_the_host_leaves(two_member_web):
    result = exit_scenario(two_member_web, "0001", on=ON)
    # |R| = 1 < 2: dissolving wins over "saknar värd", and no candidates are ranked
    assert result.arrangements[0].status == DISSOLVES
    assert result.arrangements[0].new_host_candidates == ()
    # A provided the task itself: nothing to rebuild for A ...
    assert result.functions_to_rebuild == ()
    # ... but B loses its only payroll provider
    (lost,) = result.lost_only_provider
    assert (lost.party_id, lost.area, lost.provider) == ("0002", "löneadministration", "0001")


def test_agreed_end_date_before_notice_runs_out_wins(build_web):
    web = build_web(
        PARTIES,
        [
            {
                "id": "av",
                "name": "Lön",
                "form": "avtalssamverkan",
                "area": "lön",
                "host": "0001",
                "notice_months": 12,
                "end": dt.date(2024, 3, 31),
                "members": ["0001", "0002"],
            },
        ],
    )
    # on + 12 months = 2025-01-15, agreed end 2024-03-31 -> the earlier one
    assert exit_scenario(web, "0002", on=ON).arrangements[0].earliest_end == dt.date(2024, 3, 31)


def test_unknown_notice_and_end_give_no_date(build_web):
    web = build_web(
        PARTIES,
        [
            {
                "id": "av",
                "name": "Lön",
                "form": "avtalssamverkan",
                "area": "lön",
                "host": "0001",
                "members": ["0001", "0002"],
            },
        ],
    )
    a = exit_scenario(web, "0002", on=ON).arrangements[0]
    assert a.notice_months is None and a.earliest_end is None
    assert a.annual_cost is None


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 12, 15), 1) == dt.date(2024, 1, 15)


# ---------------------------------------------------------- host leaves a GN
@pytest.fixture
def gn_web(build_web):
    return build_web(
        PARTIES,
        [
            {
                "id": "gn",
                "name": "IT-nämnden",
                "form": "gemensam_namnd",
                "area": "IT",
                "host": "0001",
                "members": ["0001", "0002", "0003"],
            },
            # C already hosts IT for D: staff and systems exist
            {
                "id": "it2",
                "name": "IT-drift",
                "form": "avtalssamverkan",
                "area": "IT",
                "host": "0003",
                "members": ["0003", "0004"],
            },
            # B already performs payroll for C
            {
                "id": "lon",
                "name": "Lön",
                "form": "avtalssamverkan",
                "area": "löneadministration",
                "host": "0002",
                "members": ["0002", "0003"],
            },
            {
                "id": "kf",
                "name": "Förbundet",
                "form": "kommunalforbund",
                "area": "räddningstjänst",
                "members": ["0002", "0003", "0005"],
            },
        ],
    )


def test_host_leaving_three_member_joint_committee_ranks_candidates(gn_web):
    result = exit_scenario(gn_web, "0001", on=ON)
    (a,) = result.arrangements
    assert a.status == NO_HOST and a.remaining == ("0002", "0003")
    # C: 3·1 (hosts it2 in IT) + 2·0/1 (serves no other remaining) + 1·2/2 (ties: lon, kf)
    #    + 1·10 000/20 000 = 4.5
    # B: 3·0 + 2·1/1 (performs lon for C) + 1·2/2 + 1·20 000/20 000 = 4.0
    # -> C first although B is larger and already serves C: same-area hosting weighs most.
    assert [c.party_id for c in a.new_host_candidates] == ["0003", "0002"]
    c, b = a.new_host_candidates
    assert (c.score, b.score) == (4.5, 4.0)
    assert (c.same_area_hosted, c.served_members, c.ties) == (1, 0, 2)
    assert (b.same_area_hosted, b.served_members, b.ties) == (0, 1, 2)
    assert any("IT-drift" in e for e in c.evidence)
    assert a.checklist[0].topic == "Ny värdkommun"
    # B and C had IT only through A's committee (C's own it2 does not count: it is C itself)
    assert {(l.party_id, l.area) for l in result.lost_only_provider} == {("0002", "IT"), ("0003", "IT")}


def test_without_the_same_area_evidence_the_larger_provider_wins(build_web):
    web = build_web(
        PARTIES,
        [
            {
                "id": "gn",
                "name": "IT-nämnden",
                "form": "gemensam_namnd",
                "area": "IT",
                "host": "0001",
                "members": ["0001", "0002", "0003"],
            },
            {
                "id": "lon",
                "name": "Lön",
                "form": "avtalssamverkan",
                "area": "löneadministration",
                "host": "0002",
                "members": ["0002", "0003"],
            },
        ],
    )
    a = exit_scenario(web, "0001", on=ON).arrangements[0]
    # B: 0 + 2·1 + 1·1/1 + 1·1 = 4.0 ; C: 0 + 0 + 1·1/1 + 1·0.5 = 1.5
    assert [(c.party_id, c.score) for c in a.new_host_candidates] == [("0002", 4.0), ("0003", 1.5)]


# -------------------------------------------------------- a federation member
def _federation(build_web, d_share):
    return build_web(
        PARTIES,
        [
            {
                "id": "kf",
                "name": "Räddningsförbundet",
                "form": "kommunalforbund",
                "area": "räddningstjänst",
                "notice_months": 12,
                "members": {
                    "0001": {"share": 0.4, "annual_cost": 100_000},
                    "0002": {"share": 0.3, "annual_cost": 75_000},
                    "0003": {"share": 0.2, "annual_cost": 40_000},
                    "0004": {"share": d_share},
                },
            },
        ],
    )


def test_federation_member_leaving_spreads_cost_by_shares(build_web):
    result = exit_scenario(_federation(build_web, 0.1), "0001", on=ON)
    (a,) = result.arrangements
    assert a.status == CONTINUES and a.remaining == ("0002", "0003", "0004")
    assert a.split == "andel" and a.cost_to_redistribute == 100_000
    inc = {i.party_id: i for i in a.increase}
    # remaining shares 0.3 + 0.2 + 0.1 = 0.6
    # B: 100 000 · 0.3/0.6 = 50 000 kr = 66.67 % of its own 75 000
    # C: 100 000 · 0.2/0.6 = 33 333.33 kr = 83.33 % of its own 40 000
    # D: 100 000 · 0.1/0.6 = 16 666.67 kr, own cost unknown -> % unknown
    assert (inc["0002"].kr, inc["0002"].percent) == (50_000.0, 66.67)
    assert (inc["0003"].kr, inc["0003"].percent) == (33_333.33, 83.33)
    assert (inc["0004"].kr, inc["0004"].percent) == (16_666.67, None)
    assert math.isclose(sum(i.kr for i in a.increase), 100_000, abs_tol=0.02)
    # the federation itself is the provider A must replace; 2024-01-15 + 12 mån
    (f,) = result.functions_to_rebuild
    assert (f.provider, f.provider_name) == ("kf", "Räddningsförbundet")
    assert f.earliest_end == dt.date(2025, 1, 15)
    # The others keep the federation; A itself is left without a rescue service, and
    # its dependency share after stays 1.00 (one function, provider now missing).
    assert [(l.party_id, l.area, l.provider) for l in result.lost_only_provider] == [
        ("0001", "räddningstjänst", "kf")
    ]
    leaver = result.after.by_party()["0001"]
    assert (leaver.dependency_share, leaver.provider_hhi, leaver.n_missing_provider) == (1.0, 1.0, 1)
    assert "Ingen kommun står utan utförare" not in result.to_text()


def test_federation_member_leaving_splits_equally_when_a_share_is_unknown(build_web):
    a = exit_scenario(_federation(build_web, float("nan")), "0001", on=ON).arrangements[0]
    assert a.split == "lika"
    inc = {i.party_id: i for i in a.increase}
    # 100 000 / 3 = 33 333.33 kr each; B: 33 333.33/75 000 = 44.44 %; C: /40 000 = 83.33 %
    assert (inc["0002"].kr, inc["0002"].percent) == (33_333.33, 44.44)
    assert (inc["0003"].kr, inc["0003"].percent) == (33_333.33, 83.33)
    assert (inc["0004"].kr, inc["0004"].percent) == (33_333.33, None)
    assert {i.basis for i in a.increase} == {"lika"}


def test_federation_figures_before_and_after(build_web):
    result = exit_scenario(_federation(build_web, 0.1), "0001", on=ON)
    before, after = result.before.by_party(), result.after.by_party()
    # A had 3 partners and depended on kf for its only arrangement; afterwards it has no
    # partners, and still needs its rescue service from a provider that is now missing:
    # 1 of 1 function dependent -> 1.0 (not 0.0, which would read as less dependent).
    assert (before["0001"].n_partners, after["0001"].n_partners) == (3, 0)
    assert (before["0001"].dependency_share, after["0001"].dependency_share) == (1.0, 1.0)
    assert (before["0001"].n_missing_provider, after["0001"].n_missing_provider) == (0, 1)
    # B loses one partner (A) but still depends on kf alone: share 1, HHI 1
    assert (before["0002"].n_partners, after["0002"].n_partners) == (3, 2)
    assert (after["0002"].dependency_share, after["0002"].provider_hhi) == (1.0, 1.0)


# --------------------------------------------------------- splits the network
def test_exit_that_splits_the_network(build_web):
    web = build_web(
        PARTIES,
        [
            {
                "id": "x",
                "name": "X",
                "form": "kommunalforbund",
                "area": "avfall",
                "members": ["0001", "0002", "0003"],
            },
            {
                "id": "y",
                "name": "Y",
                "form": "kommunalforbund",
                "area": "vatten",
                "members": ["0003", "0004", "0005"],
            },
        ],
    )
    result = exit_scenario(web, "0003", arrangement_ids=["y"], on=ON)
    assert [a.status for a in result.arrangements] == [CONTINUES]
    # C was the only bridge between {A, B} and {D, E}
    assert (result.before.n_components, result.after.n_components) == (1, 2)
    before, after = result.before.by_party(), result.after.by_party()
    assert (before["0003"].n_partners, after["0003"].n_partners) == (4, 2)
    assert (before["0004"].n_partners, after["0004"].n_partners) == (2, 1)
    # affected = the leaver plus the members of y
    assert sorted(before) == ["0003", "0004", "0005"]


# ---------------------------------------------------------------- edges
def test_default_set_is_every_current_arrangement(build_web):
    web = build_web(
        PARTIES,
        [
            {
                "id": "old",
                "name": "Gammal",
                "form": "kommunalforbund",
                "area": "avfall",
                "end": dt.date(2023, 12, 31),
                "members": ["0001", "0002", "0003"],
            },
            {
                "id": "now",
                "name": "Nu",
                "form": "informell",
                "area": "nätverk",
                "members": ["0001", "0002", "0003"],
            },
        ],
    )
    result = exit_scenario(web, "0001", on=ON)
    assert [a.id for a in result.arrangements] == ["now"]
    # informal cooperation provides nothing to rebuild
    assert result.functions_to_rebuild == ()
    assert [i.topic for i in result.arrangements[0].checklist][0] == "Inget formellt utträde"


def test_unknown_arrangement_is_an_error(gn_web):
    with pytest.raises(ValueError, match="lon"):
        exit_scenario(gn_web, "0001", arrangement_ids=["gn", "lon"], on=ON)


def test_kommun_without_arrangements_gives_an_empty_result(gn_web):
    result = exit_scenario(gn_web, "0005", arrangement_ids=[], on=ON)
    assert result.arrangements == () and result.functions_to_rebuild == ()
    assert "inte med i någon" in result.to_text()


def test_to_dict_is_strict_json_with_the_contract_keys(gn_web):
    data = exit_scenario(gn_web, "0001", on=ON).to_dict()
    text = json.dumps(data, allow_nan=False, ensure_ascii=False)
    assert json.loads(text) == data
    assert {"kommun", "arrangements", "functions_to_rebuild", "before", "after", "checklist"} <= set(data)
    arrangement = data["arrangements"][0]
    assert {
        "id",
        "namn",
        "form",
        "status",
        "remaining",
        "new_host_candidates",
        "cost_to_redistribute",
        "increase",
    } <= set(arrangement)
    assert arrangement["new_host_candidates"][0]["kommunkod"] == "0003"
    assert data["checklist"][0]["items"][0]["topic"] == "Ny värdkommun"


def test_tables_have_swedish_headers_and_export(gn_web):
    from samverkansvav.export import workbook_bytes

    tables = exit_scenario(gn_web, "0001", on=ON).tables()
    assert list(tables["Värdkandidater"]["Kommun"]) == ["C", "B"]
    assert list(tables["Nätverk"].columns) == ["Mått", "Före", "Efter"]
    assert workbook_bytes(tables)[:2] == b"PK"
