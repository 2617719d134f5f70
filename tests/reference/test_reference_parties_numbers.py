"""Number cells of a parties CSV: plain decimals are read in one call by pandas' C
parser, other cells as ``float`` reads them, with the Swedish fallback ("59,33",
"1 234"); every path gives the number ``float`` gives and the same messages."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from samverkansvav.reference.parties import _parse_numbers, _plain_decimals, read_parties_csv


def _float_or_none(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["59.33", "-18.07", "988"], [59.33, -18.07, 988.0]),
        (["5.", ".5", "-.5", "007"], [5.0, 0.5, -0.5, 7.0]),
        (["12345678901234567890"], [12345678901234567890.0]),
        (["0.1000000000000000055511151231257827"], [0.1]),
    ],
)
def test_plain_decimals_are_read_as_float_reads_them(texts, expected):
    assert _plain_decimals(texts).tolist() == expected


def test_minus_zero_keeps_its_sign():
    assert math.copysign(1.0, _plain_decimals(["-0"])[0]) == -1.0


@pytest.mark.parametrize(
    "texts",
    [
        ["1e3"],  # float reads it, but it is no plain decimal: numpy reads it
        [" 5"],
        ["1_000"],
        ["inf"],
        ["59,33"],
        ["\u22125"],  # a Unicode minus
        ["1\n2"],  # a newline inside a cell
        ["1", "-"],
        ["."],
        ["1.2.3"],
        ["1-2"],
        ["--1"],
    ],
)
def test_anything_else_is_left_to_the_other_paths(texts):
    assert _plain_decimals(texts) is None


def test_every_short_text_of_digits_points_and_minus_is_read_as_float_reads_it():
    for length in range(1, 5):
        for letters in itertools.product("09.-", repeat=length):
            text = "".join(letters)
            expected = _float_or_none(text)
            got = _plain_decimals([text])
            assert (got is None) == (expected is None), text
            if expected is not None:
                assert np.float64(expected).tobytes() == got[0].tobytes(), text


@pytest.mark.parametrize(
    ("texts", "numbers", "readable"),
    [
        # Plain decimals with an empty cell between them.
        (["1.5", "", "-2"], [1.5, math.nan, -2.0], [True, False, True]),
        # float's own spellings: numpy's path.
        (["1e3", "1_000", "inf", "nan"], [1000.0, 1000.0, math.inf, math.nan], [True] * 4),
        # Swedish spellings and texts no path reads: the fallback.
        (
            ["59,33", "1 234", "\u22125", "0x10", "-"],
            [59.33, 1234.0, math.nan, math.nan, math.nan],
            [True, True, False, False, False],
        ),
    ],
)
def test_each_path_gives_floats_numbers(texts, numbers, readable):
    got_numbers, got_readable = _parse_numbers(np.array(texts, dtype=object))
    np.testing.assert_array_equal(got_numbers, np.array(numbers))
    assert got_readable.tolist() == readable


def test_a_parties_file_with_every_kind_of_number_cell(write_file):
    path = write_file(
        "parter.csv",
        "id;namn;typ;lat;lon;befolkning\n"
        "1;Ett;kommun;59.5;18;100\n"
        "2;Två;kommun;1e1;-0;1_000\n"
        "3;Tre;kommun;59,5;18,25;1 234\n",
    )
    table = read_parties_csv(path)
    assert table["lat"].tolist() == [59.5, 10.0, 59.5]
    assert table["lon"].tolist() == [18.0, 0.0, 18.25]
    assert math.copysign(1.0, table["lon"].iloc[1]) == -1.0
    assert table["population"].tolist() == [100, 1000, 1234]


def test_unreadable_numbers_are_told_as_before(write_file):
    path = write_file(
        "parter.csv", "id,namn,typ,lat,lon,befolkning\n1,Ett,kommun,-,18.0,1.2.3\n2,Två,kommun,59.0,1-2,-5\n"
    )
    with pytest.raises(ValueError) as caught:
        read_parties_csv(path)
    assert str(caught.value).splitlines()[1:] == [
        "Rad 2, kolumn lat: '-' är inget tal.",
        "Rad 2, kolumn befolkning: '1.2.3' är inget tal.",
        "Rad 3, kolumn lon: '1-2' är inget tal.",
        "Rad 3, kolumn befolkning: '-5' är inget heltal ≥ 0.",
    ]
