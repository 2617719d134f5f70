"""where_to_join: distances on one meridian, so 0.1° latitude = 11.12 km by hand."""

from __future__ import annotations

import datetime as dt

from samverkansvav.scenarios import where_to_join

ON = dt.date(2024, 1, 15)
# km per degree of latitude = 6371 · π / 180 = 111.195
PARTIES = {
    "0001": ("K", 1000, 59.0, 18.0),
    "0002": ("P1", 1000, 59.1, 18.0),  # 11.12 km from K
    "0003": ("P2", 1000, 59.3, 18.0),  # 33.36 km
    "0004": ("P3", 1000, 59.5, 18.0),  # 55.60 km
    "0005": ("P4", 1000, 59.6, 18.0),  # 66.72 km
    "0006": ("Q", 1000),  # no coordinates
}


def _web(build_web):
    return build_web(
        PARTIES,
        [
            {
                "id": "near",
                "name": "Nära avtal",
                "form": "avtalssamverkan",
                "area": "Överförmyndare",
                "host": "0002",
                "members": ["0002", "0003"],
            },
            {
                "id": "tie",
                "name": "Förbundet",
                "form": "kommunalforbund",
                "area": "överförmyndare",
                "members": ["0002", "0005"],
            },
            {
                "id": "far",
                "name": "Långt bort",
                "form": "gemensam_namnd",
                "area": "överförmyndare",
                "host": "0004",
                "members": ["0004", "0005"],
            },
            {
                "id": "unknown",
                "name": "Okänt läge",
                "form": "informell",
                "area": "överförmyndare",
                "members": ["0006", "0003"],
            },
            {
                "id": "nocoords",
                "name": "Utan koordinater",
                "form": "informell",
                "area": "överförmyndare",
                "members": ["0006"],
            },
            {
                "id": "member",
                "name": "Redan med",
                "form": "gemensam_namnd",
                "area": "överförmyndare",
                "host": "0003",
                "members": ["0001", "0003"],
            },
            {
                "id": "other",
                "name": "Annat område",
                "form": "kommunalforbund",
                "area": "avfall",
                "members": ["0002", "0003"],
            },
        ],
    )


def test_options_sorted_by_nearest_member_then_form(build_web):
    result = where_to_join(_web(build_web), "0001", "överförmyndare", on=ON)
    # near and tie both reach P1 at 11.1 km; kommunalförbund precedes avtalssamverkan in
    # FORMS; 'unknown' is nearest at P2 (33.4 km); 'far' at P3 (55.6 km); no coordinates last
    assert [o.id for o in result.options] == ["tie", "near", "unknown", "far", "nocoords"]
    near = next(o for o in result.options if o.id == "near")
    # mean of 11.120 and 33.359 = 22.239
    assert (near.nearest_member, near.nearest_km, near.mean_km) == ("0002", 11.1, 22.2)
    assert result.options[-1].nearest_km is None
    # K is already in 'member'; 'other' is another area (matching ignores case)
    assert not {"member", "other"} & {o.id for o in result.options}


def test_hosts_of_the_area_sorted_by_distance(build_web):
    result = where_to_join(_web(build_web), "0001", "Överförmyndare", on=ON)
    # hosts: P1 (near), P2 (member — K's own committee host still counts), P3 (far)
    assert [(h.party_id, h.distance_km) for h in result.hosts] == [
        ("0002", 11.1),
        ("0003", 33.4),
        ("0004", 55.6),
    ]
    tables = result.tables()
    assert list(tables["Värdar i området"]["Kommun"]) == ["P1", "P2", "P3"]
