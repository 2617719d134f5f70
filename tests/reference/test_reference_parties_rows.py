"""The parties CSV split into rows: the plain fast path reads what csv.reader reads."""

import csv
import io

import pytest

from samverkansvav.reference.parties import _csv_rows, _first_line


@pytest.mark.parametrize(
    "text",
    ["a,b\n", "a,b", "a,b\n\n", "a,b\n\nc,d\n", "", "\n", "a;b\n ;\nc", "a,b\n,\n", "x\n\n\n", 'a,"b\nc"\n'],
)
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_rows_equal_csv_reader(text, delimiter):
    assert _csv_rows(text, delimiter) == list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_rows_by_hand():
    assert _csv_rows("id;namn\n\n0180;Stockholm\n", ";") == [["id", "namn"], [], ["0180", "Stockholm"]]
    assert _csv_rows("id,namn\r\n1,A\r\n", ",") == [["id", "namn"], ["1", "A"]]


def test_first_line_of_a_long_text():
    assert _first_line("x" * 10_000 + "\nb") == "x" * 10_000
    assert _first_line("a\u2028b") == "a"
    assert _first_line("") == ""
