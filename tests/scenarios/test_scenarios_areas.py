"""Every area of an arrangement counts in scenarios (areas as lists, issue 12 item 5)."""

from __future__ import annotations

import datetime as dt

from samverkansvav.scenarios import exit_scenario, where_to_join

ON = dt.date(2024, 1, 15)
PARTIES = {"0001": ("A", 1000), "0002": ("B", 1000), "0003": ("C", 1000), "0004": ("D", 1000)}


def _web(build_web):
    return build_web(
        PARTIES,
        [
            # A hosts the joint committee that is left and is the arrangement to re-host.
            {
                "id": "mb",
                "name": "Miljö och bygg",
                "form": "gemensam_namnd",
                "area": "miljö; bygg",
                "host": "0001",
                "members": ["0001", "0002", "0003"],
            },
            # B already hosts building permits for D: "same area" through its second area.
            {
                "id": "byggB",
                "name": "Bygglov B",
                "form": "avtalssamverkan",
                "area": "plan och bygg, bygg",
                "host": "0002",
                "members": ["0002", "0004"],
            },
            # C hosts something in no shared area.
            {
                "id": "lonC",
                "name": "Lön C",
                "form": "avtalssamverkan",
                "area": "lön",
                "host": "0003",
                "members": ["0003", "0004"],
            },
        ],
    )


def test_host_candidate_same_area_evidence_uses_every_listed_area(build_web):
    a = exit_scenario(_web(build_web), "0001", arrangement_ids=["mb"], on=ON).arrangements[0]
    by_id = {c.party_id: c for c in a.new_host_candidates}
    # B: same area 1 (byggB shares "bygg"); served 0 of 1; ties 0 of max 0; pop 1/1
    # -> 3·1 + 0 + 0 + 1 = 4.0. C: 0 + 0 + 0 + 1 = 1.0.
    assert (by_id["0002"].same_area_hosted, by_id["0002"].score) == (1, 4.0)
    assert (by_id["0003"].same_area_hosted, by_id["0003"].score) == (0, 1.0)
    assert "Bygglov B" in by_id["0002"].evidence[0]


def test_where_to_join_finds_an_arrangement_by_any_of_its_areas(build_web):
    web = _web(build_web)
    assert [o.id for o in where_to_join(web, "0004", "miljö", on=ON).options] == ["mb"]
    assert {o.id for o in where_to_join(web, "0004", "BYGG", on=ON).options} == {"mb"}
    # The hosts of the area: A (mb) and B (byggB), whatever position the area has.
    assert {h.party_id for h in where_to_join(web, "0004", "bygg", on=ON).hosts} == {"0001", "0002"}
    # "plan och bygg" is one area: never split on "och".
    assert where_to_join(web, "0003", "plan", on=ON).options == ()
    assert [o.id for o in where_to_join(web, "0003", "plan och bygg", on=ON).options] == ["byggB"]
