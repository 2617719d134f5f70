"""Coarse keys of many texts at once, ASCII and not mixed, against hand-written keys."""

from samverkansvav.reference.name_cache import coarse_keys


def test_coarse_keys_of_mixed_ascii_and_other_texts_keep_their_order():
    texts = ["Å. Ö-ö", "Upplands Väsby ", "ABC-d", "e\u0301", "", "x\u00a0y", "Borås"]
    assert coarse_keys(texts) == ["åöö", "upplandsväsby", "abcd", "é", "", "xy", "borås"]


def test_coarse_keys_of_ascii_texts_only():
    assert coarse_keys(["Ale", " Lilla Edet", "Dals-Ed"]) == ["ale", "lillaedet", "dalsed"]
