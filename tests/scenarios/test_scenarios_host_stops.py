"""Host stops: the Göteborg/Partille case built by hand (see conftest.py for what is real)."""

from __future__ import annotations

import datetime as dt
import json

from samverkansvav.scenarios import DISSOLVES, NO_HOST, host_stops

ON = dt.date(2023, 3, 1)


def test_goteborg_stop_lists_the_eight_dependents(goteborg_web, goteborg_dependents):
    result = host_stops(goteborg_web, "1480", on=ON)
    # only the host-based agreement counts: Göteborg is a plain member of the federation
    assert [a.id for a in result.arrangements] == ["alkohol_gbg"]
    (a,) = result.arrangements
    assert a.status == NO_HOST
    assert a.dependents == tuple(sorted(goteborg_dependents))
    assert [d.party_id for d in result.dependents] == sorted(goteborg_dependents)
    assert all(d.arrangements == (("alkohol_gbg", a.name, "alkohol och tobak"),) for d in result.dependents)
    # notice 12 months from 2023-03-01 would be 2024-03-01; the agreement ends 2023-06-30
    assert a.earliest_end == dt.date(2023, 6, 30)


def test_partille_ranks_first_given_the_evidence(goteborg_web):
    (a,) = host_stops(goteborg_web, "1480", on=ON).arrangements
    # Each candidate has 7 other dependents. Ties exclude the agreement itself:
    #   Partille: gr 7 + tobak 2 + rtj 3 = 12, Härryda 12, Lerum 12, Mölndal 7+3+1 = 11,
    #   Kungälv 7+1 = 8, Alingsås/Ale/Öckerö 7.  max 12.  Largest population Mölndal 70 000.
    # Partille: 3·1 (tobak_partille, same area) + 2·2/7 + 12/12 + 40/70   = 5.143
    # Mölndal:  0 + 2·1/7 (pays Kungälv's payroll) + 11/12 + 70/70        = 2.202
    # Lerum:    0 + 0 + 12/12 + 43/70 = 1.614 ; Härryda: 1 + 39/70 = 1.557
    # Kungälv:  8/12 + 48/70 = 1.352 ; Alingsås: 7/12 + 42/70 = 1.183
    # Ale:      7/12 + 32/70 = 1.040 ; Öckerö:   7/12 + 13/70 = 0.769
    ranked = [(c.name, c.score) for c in a.new_host_candidates]
    assert ranked == [
        ("Partille", 5.143),
        ("Mölndal", 2.202),
        ("Lerum", 1.614),
        ("Härryda", 1.557),
        ("Kungälv", 1.352),
        ("Alingsås", 1.183),
        ("Ale", 1.04),
        ("Öckerö", 0.769),
    ]
    partille = a.new_host_candidates[0]
    assert (partille.same_area_hosted, partille.served_members, partille.ties) == (1, 2, 12)
    assert any("Tobakstillsyn" in e for e in partille.evidence)
    assert "1480" not in {c.party_id for c in a.new_host_candidates}


def test_without_partilles_licensing_function_molndal_would_lead(
    goteborg_web_without_partille_evidence,
):
    (a,) = host_stops(goteborg_web_without_partille_evidence, "1480", on=ON).arrangements
    # Without tobak_partille: Partille ties 7+3 = 10, Mölndal 11 (max).
    # Mölndal: 2·1/7 + 11/11 + 1 = 2.286 ; Partille: 10/11 + 40/70 = 1.481
    assert a.new_host_candidates[0].name == "Mölndal"
    scores = {c.name: c.score for c in a.new_host_candidates}
    assert (scores["Mölndal"], scores["Partille"]) == (2.286, 1.481)


def test_who_loses_its_only_licensing_provider(goteborg_web):
    result = host_stops(goteborg_web, "1480", on=ON)
    lost = {l.party_id for l in result.lost_only_provider if l.area == "alkohol och tobak"}
    # Härryda and Lerum keep Partille's agreement in the area; Partille hosts its own
    # (a municipality is not its own provider), so it loses Göteborg like the other five.
    assert lost == {"1402", "1481", "1482", "1489", "1440", "1407"}


def test_after_the_agreement_ended_there_is_nothing_to_stop(goteborg_web):
    result = host_stops(goteborg_web, "1480", on=dt.date(2023, 7, 1))
    assert result.arrangements == () and result.dependents == ()
    assert "inte värd" in result.to_text()


def test_single_dependent_dissolves_without_candidates(build_web):
    web = build_web(
        {"0001": ("A", 1), "0002": ("B", 2)},
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
    (a,) = host_stops(web, "0001", on=ON).arrangements
    assert (a.status, a.new_host_candidates) == (DISSOLVES, ())


def test_host_stop_json_and_tables(goteborg_web):
    result = host_stops(goteborg_web, "1480", on=ON)
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert data["host"] == "1480"
    assert data["arrangements"][0]["new_host_candidates"][0]["kommunkod"] == "1402"
    tables = result.tables()
    assert len(tables["Beroende kommuner"]) == 8
    assert tables["Värdkandidater"]["Kommun"].iloc[0] == "Partille"
    assert "Ny utförare" in set(tables["Checklista"]["Ämne"])
