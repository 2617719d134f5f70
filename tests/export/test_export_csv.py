"""csv_bytes: Swedish Excel dialect with OWASP formula neutralisation of text only."""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest

from samverkansvav.export import csv_bytes


def _rows(data: bytes, sep: str = ";") -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=sep))


@pytest.mark.parametrize(
    "text", ["=1+1", "+46", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://evil","x")']
)
def test_text_starting_with_a_trigger_gets_an_apostrophe(text):
    (_, row) = _rows(csv_bytes(pd.DataFrame({"t": [text]})))
    assert row == ["'" + text]


def test_nul_start_is_neutralised_and_removed():
    rows = _rows(csv_bytes(pd.DataFrame({"t": ["\x00=1+1", "a\x01b"]})))
    # the NUL start counts as a trigger; NUL and other C0 controls are then dropped
    assert [r[0] for r in rows[1:]] == ["'=1+1", "ab"]


def test_real_numbers_are_never_prefixed():
    frame = pd.DataFrame({"kr": [-5, -1250000.5, np.int64(-7), 0.25]})
    rows = _rows(csv_bytes(frame))
    # decimal comma for Swedish Excel; the minus sign stays a number
    assert [r[0] for r in rows[1:]] == ["-5", "-1250000,5", "-7", "0,25"]


def test_mixed_object_column_neutralises_only_text():
    rows = _rows(csv_bytes(pd.DataFrame({"v": [-3, "-3", "0180"]}, dtype=object)))
    assert [r[0] for r in rows[1:]] == ["-3", "'-3", "0180"]


def test_headers_are_neutralised_too():
    rows = _rows(csv_bytes(pd.DataFrame({"=namn": ["x"]})))
    assert rows[0] == ["'=namn"]


def test_separator_quotes_missing_values_and_dates():
    frame = pd.DataFrame(
        {
            "namn": ["Ale; Alingsås", "rad\nbrytning", None],
            "slut": [dt.date(2023, 6, 30), None, pd.NaT],
            "n": [np.nan, 1.0, 2.0],
        }
    )
    data = csv_bytes(frame)
    text = data.decode("utf-8-sig")
    assert text.startswith("namn;slut;n\r\n")
    assert '"Ale; Alingsås";2023-06-30;\r\n' in text
    assert _rows(data)[1:] == [["Ale; Alingsås", "2023-06-30", ""], ["rad\nbrytning", "", "1"], ["", "", "2"]]


def test_comma_dialect_on_request():
    data = csv_bytes(pd.DataFrame({"a": [1.5], "b": ["x,y"]}), sep=",", decimal=".")
    assert data.decode("utf-8-sig") == 'a,b\r\n1.5,"x,y"\r\n'


def test_same_separator_and_decimal_is_refused():
    with pytest.raises(ValueError):
        csv_bytes(pd.DataFrame({"a": [1]}), sep=",", decimal=",")
