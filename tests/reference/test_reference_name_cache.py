"""NameCache: each distinct text resolved once, with shortcuts that must agree with
the resolver itself."""

from __future__ import annotations

import re

import pandas as pd

from samverkansvav.reference import PartyResolver
from samverkansvav.reference.name_cache import NameCache, coarse_keys
from samverkansvav.reference.names import NAME_SEPARATORS

PARTIES = pd.DataFrame(
    {
        "id": ["A1", "A2", "A3", "B1"],
        "name": ["Ale", "Alingsås", "Ale", "Bo-ås"],
        "kind": ["kommun", "kommun", "kommun", "annan"],
    }
)


def test_names_parties_agree_with_names_party_and_the_resolver():
    cache = NameCache(PARTIES)
    names = ["Alingsås", "Ale", "Ale", "Alingsås", "Bo-ås", "Bo ås", "Alingsås"]
    ids = ["A2", "A1", "A3", "A1", "B1", "B1", None]
    cache.learn_names()
    # Alingsås and Bo-ås are their parties' own, unshared names; "Ale" is two
    # parties' name; a name beside another party's id, a variant spelling and a
    # missing id never decide alone.
    assert cache.names_parties(names, ids) == [True, False, False, False, True, False, False]
    assert [cache.names_party(n, p) for n, p in zip(names[:-1], ids[:-1])] == [
        True,
        False,
        False,
        False,
        True,
        False,
    ]
    resolver = PartyResolver(PARTIES)
    assert resolver.resolve("Alingsås").party_id == "A2"
    assert resolver.resolve("Bo-ås").party_id == "B1"


def test_names_parties_without_learning_decide_nothing():
    assert NameCache(PARTIES).names_parties(["Alingsås"], ["A2"]) == [False]


def test_coarse_keys_drop_what_the_old_pattern_dropped():
    chars = {chr(c) for c in range(0x3001) if chr(c).isspace()} | set(NAME_SEPARATORS)
    chars |= set(" .,;:'\"`´’”“")
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]+")
    texts = [
        "Upplands-Väsby ",
        "upplands\u00a0väsby",
        "Å.",
        "A\u2013B",
        "Dals–Ed;\tkommun",
        "x\u3000y",
        "O’Neil",
    ]
    expected = [pattern.sub("", t.casefold()) for t in texts]
    assert coarse_keys(texts) == expected
    assert coarse_keys(["Upplands-Väsby "])[0] == "upplandsväsby"


def test_plain_parties_find_ids_as_plain_party_does():
    cache = NameCache(pd.DataFrame({"id": ["0180", "A_1", "R12"], "name": ["Stockholm", "X", "Skåne"]}))
    texts = ["0180", " 180 ", "a_1", "r12", "Stockholm", "", "180 Stockholm", "0180x"]
    assert cache.plain_parties(texts) == ["0180", "0180", "A_1", "R12", None, None, None, None]
    assert cache.plain_parties(texts) == [cache.plain_party(t) for t in texts]


def test_coarse_keys_of_many_texts_equal_one_by_one():
    texts = ["e\u0301", "\u0301abc", "A", "\u0308", "ΣΑΣ", "ﬁ", "İ", "Å. Ö-ö"]
    assert coarse_keys(texts) == [coarse_keys([t])[0] for t in texts]
    # NUL inside a text: each text on its own.
    assert coarse_keys(["a\x00b", "C"]) == ["a\x00b", "c"]
