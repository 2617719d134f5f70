"""NameCache reads ids and names as texts: a column of texts as it is, any other
column through ``str``; the own-name shortcut sees a shared key with or without
the all-unique fast path."""

from __future__ import annotations

import pandas as pd

from samverkansvav.reference.name_cache import NameCache, _shared, _texts


def test_a_column_of_texts_is_taken_as_it_is():
    assert _texts(pd.Series(["0180", "R01"], dtype=object)) == ["0180", "R01"]


def test_other_values_become_their_str():
    assert _texts(pd.Series([180, 1], dtype=object)) == ["180", "1"]
    assert _texts(pd.Series(["Ale", None], dtype=object)) == ["Ale", "None"]
    assert _texts(pd.Series([], dtype=object)) == []


def test_keys_are_shared_only_when_repeated():
    assert _shared(["a", "b", "c"]).tolist() == [False, False, False]
    assert _shared(["a", "b", "a", "c"]).tolist() == [True, False, True, False]
    assert _shared([]).tolist() == []


def test_a_name_whose_key_another_party_shares_does_not_decide_alone():
    parties = pd.DataFrame({"id": ["A1", "B2", "C3"], "name": ["Ale", "Bo-ås", "Bo ås"]})
    cache = NameCache(parties)
    cache.learn_names()
    assert cache.names_parties(["Ale", "Bo-ås", "Bo ås"], ["A1", "B2", "C3"]) == [True, False, False]


def test_integer_ids_are_read_as_their_text():
    cache = NameCache(pd.DataFrame({"id": [1180, 2], "name": ["Stad", "Ort"]}))
    assert cache.name_of("1180") == "Stad"
    assert cache.plain_party("1180") == "1180"


def test_when_every_name_decides_alone_each_names_its_party():
    parties = pd.DataFrame({"id": ["A1", "B2"], "name": ["Ale", "Bo-ås"]})
    cache = NameCache(parties)
    cache.learn_names()
    assert cache.names_parties(["Ale", "Bo-ås", "Ale"], ["A1", "B2", "B2"]) == [True, True, False]
