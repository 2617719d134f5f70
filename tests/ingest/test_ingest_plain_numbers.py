"""Plain decimal cells read in bulk give what one-by-one reading gives."""

from samverkansvav.ingest.normalise import _parsed_with_plain


def _func(value):
    return ("other", value)


def _plain(number):
    return (number * 2, None)


def test_plain_and_other_cells_keep_their_order():
    values = ["12,5", "x", "3", "1.25", "1 000", "007"]
    assert _parsed_with_plain(values, _func, _plain) == [
        (25.0, None),
        ("other", "x"),
        (6.0, None),
        (2.5, None),
        ("other", "1 000"),
        (14.0, None),
    ]


def test_only_plain_only_other_and_not_text():
    assert _parsed_with_plain(["1", "2,5"], _func, _plain) == [(2.0, None), (5.0, None)]
    assert _parsed_with_plain(["a"], _func, _plain) == [("other", "a")]
    assert _parsed_with_plain([1.5, "2"], _func, _plain) == [("other", 1.5), (4.0, None)]
    assert _parsed_with_plain([], _func, _plain) == []
