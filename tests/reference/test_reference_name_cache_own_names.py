"""NameCache shortcuts decided from the parties table alone: own names and exact ids."""

from __future__ import annotations

import pandas as pd

from samverkansvav.reference import PartyResolver
from samverkansvav.reference.name_cache import NameCache

PARTIES = pd.DataFrame(
    {
        "id": ["A1", "A2", "A3", "B1", "C1", "D1", "E1"],
        "name": ["Ale", "Alingsås", "Ale", "Bo-ås", "Bo ås", "12 Tolv", "e1"],
        "kind": ["kommun"] * 7,
    }
)


def test_own_names_decide_without_the_member_names_being_learned():
    cache = NameCache(PARTIES)
    cache.learn_names()
    names = ["Alingsås", "Ale", "Ale", "Bo-ås", "Bo ås", "12 Tolv", "e1", "Alingsås", "alingsås"]
    ids = ["A2", "A1", "A3", "B1", "C1", "D1", "E1", None, "A2"]
    # Alingsås alone decides; "Ale" is two parties' name, Bo-ås and Bo ås share a
    # coarse key, "12 Tolv" starts with a digit, "e1" reads as the id E1, a missing
    # id and a variant spelling never decide.
    expected = [True, False, False, False, False, False, False, False, False]
    assert cache.names_parties(names, ids) == expected
    assert [cache.names_party(n, p) for n, p in zip(names, ids) if p is not None] == [
        e for e, p in zip(expected, ids) if p is not None
    ]
    assert PartyResolver(PARTIES).resolve("Alingsås").party_id == "A2"


def test_before_learning_nothing_decides():
    cache = NameCache(PARTIES)
    assert cache.names_parties(["Alingsås"], ["A2"]) == [False]
    assert cache.names_party("Alingsås", "A2") is False


def test_ids_that_are_not_plain_give_no_shortcut():
    cache = NameCache(pd.DataFrame({"id": ["A 1", "B2"], "name": ["Ale", "Bo"], "kind": ["kommun"] * 2}))
    cache.learn_names()
    assert cache.names_parties(["Ale", "Bo"], ["A 1", "B2"]) == [False, False]


def test_texts_written_exactly_as_ids_are_their_ids():
    cache = NameCache(pd.DataFrame({"id": ["C0001", "C0002", "R0001"], "name": ["a", "b", "c"]}))
    assert cache.plain_parties(["C0001", "R0001", "C0002"]) == ["C0001", "R0001", "C0002"]
    assert cache.plain_parties(["c0001", "R0001", "X0009"]) == ["C0001", "R0001", None]


def test_ids_differing_only_in_case_resolve_to_the_last_one():
    cache = NameCache(pd.DataFrame({"id": ["ABCD", "abcd", "Q123"], "name": ["x", "y", "z"]}))
    assert cache.plain_parties(["ABCD", "abcd", "Q123"]) == ["abcd", "abcd", "Q123"]
    assert cache.plain_parties(["ABCD"]) == [cache.plain_party("ABCD")] == ["abcd"]
