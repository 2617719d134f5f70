"""The parties CSV read as one even grid: the same table and the same messages as
the row-by-row reading, which a quoted cell forces."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from samverkansvav.model import PARTY_COLUMNS
from samverkansvav.reference.parties import (
    _finish,
    _grid_cells_are_stripped,
    _plain_grid,
    read_parties_csv,
)

GOOD = (
    "id,namn,typ,lat,lon,befolkning,lan_kod\n"
    "0180,Stockholm,kommun,59.33,18.07,984748,01\n"
    "R01,Region Stockholm,Region,,,,01\n"
    "X1,Upplands Väsby,annan,59.52,17.91,1 234,\n"
)

BAD = (
    "id,namn,typ,lat,lon,befolkning\n"
    "1,Ett,kommun,59.1,18.0,100\n"
    ",Två,kommun,,,\n"
    "1,Tre,stad?,,,\n"
    "4,Fyra,region,91,18,\n"
    "5,Fem,annan,59,,-3\n"
    "6,,kommun,abc,18,1 234\n"
)

BAD_MESSAGES = [
    "Rad 3, kolumn id: id saknas.",
    "Rad 4, kolumn id: id '1' finns redan på rad 2.",
    "Rad 4, kolumn typ: 'stad?' är ingen känd typ (tillåtna: kommun, region, annan).",
    "Rad 5, kolumn lat: '91' ligger utanför -90…90.",
    "Rad 6, kolumn lat/lon: ange både lat och lon, eller ingen av dem.",
    "Rad 6, kolumn befolkning: '-3' är inget heltal ≥ 0.",
    "Rad 7, kolumn namn: namn saknas.",
    "Rad 7, kolumn lat: 'abc' är inget tal.",
]


def _grid(text: str, delimiter: str = ","):
    return _plain_grid(text.encode(), text, delimiter)


def _stripped(text: str) -> bool:
    return _grid_cells_are_stripped(np.frombuffer(text.encode(), dtype=np.uint8), text, ",")


def _quoted(text: str) -> str:
    """The same table with its first header cell quoted: csv.reader reads it row by row."""
    assert text.startswith("id")
    return '"id"' + text[len("id") :]


def test_an_even_text_is_one_grid():
    assert _grid("id;namn\n1;A\n2;B", ";") == (["id", "namn"], ["1", "A", "2", "B"], True)
    assert _grid("id,namn\n1, A\n") == (["id", "namn"], ["1", " A"], False)


@pytest.mark.parametrize(
    "text",
    [
        "id,namn\n1,A,x\n",
        "id,namn\n\n1,A\n",
        "id,namn\n1\n",
        'id,namn\n1,"A"\n',
        "id,namn\r\n1,A\r\n",
        "id\n1\n",
    ],
)
def test_uneven_quoted_or_single_column_texts_are_no_grid(text):
    assert _grid(text) is None


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("id,namn\n1,Upplands Väsby\n", True),
        ("id,namn\n1,A B C\n2,D\n", True),
        ("id,namn\n1, A\n", False),
        ("id,namn\n1,A \n", False),
        ("id,namn\n 1,A\n", False),
        ("id,namn \n1,A", False),
        ("id,namn\n1,A ", False),
        (" id,namn\n1,A", False),
        ("id,namn\n1,A\tB\n", False),
        ("id,namn\n1,A\u00a0B\n", False),
    ],
)
def test_cells_are_stripped_only_without_white_space_at_any_edge(text, stripped):
    assert _stripped(text) is stripped


def test_a_grid_file_gives_the_models_table(write_file):
    parties = read_parties_csv(write_file("p.csv", GOOD))
    assert tuple(parties.columns) == PARTY_COLUMNS
    assert parties["id"].tolist() == ["0180", "R01", "X1"]
    assert parties["name"].tolist() == ["Stockholm", "Region Stockholm", "Upplands Väsby"]
    assert parties["kind"].tolist() == ["kommun", "region", "annan"]
    assert parties["lan_code"].tolist() == ["01", "01", None]
    assert parties["lan_name"].tolist() == [None, None, None]
    assert parties["lat"].tolist()[::2] == [59.33, 59.52] and np.isnan(parties["lat"].iloc[1])
    assert parties["population"].tolist() == [984748, pd.NA, 1234]
    assert parties["population_year"].isna().all()
    assert parties["population_precision"].tolist() == [None, None, None]
    assert parties["population_source"].tolist() == ["p.csv", None, "p.csv"]
    assert [str(dtype) for dtype in parties.dtypes] == [
        "object",
        "object",
        "object",
        "object",
        "object",
        "float64",
        "float64",
        "Int64",
        "Int64",
        "object",
        "object",
    ]
    pd.testing.assert_frame_equal(parties, _finish(parties.copy()), check_exact=True)


@pytest.mark.parametrize(
    "text",
    [
        GOOD,
        GOOD.replace(",", ";"),
        GOOD.replace("\n0180", "\n,,,,,,\n0180"),
        GOOD.replace("Stockholm,kommun", " Stockholm , kommun"),
        GOOD.replace("Väsby", "Väsby\u00a0kommun"),
        GOOD.rstrip("\n"),
    ],
)
def test_grid_and_row_by_row_reading_give_the_same_table(write_file, text):
    on_grid = read_parties_csv(write_file("p.csv", text))
    by_rows = read_parties_csv(write_file("p.csv", _quoted(text)))
    pd.testing.assert_frame_equal(on_grid, by_rows, check_exact=True)


@pytest.mark.parametrize("quote", [False, True])
def test_bad_rows_are_told_in_row_order(write_file, quote):
    text = _quoted(BAD) if quote else BAD
    with pytest.raises(ValueError) as info:
        read_parties_csv(write_file("p.csv", text))
    assert str(info.value) == "Partsfilen p.csv har fel:\n" + "\n".join(BAD_MESSAGES)


def test_a_blank_row_in_a_grid_is_skipped_but_counted(write_file):
    text = BAD.replace("\n1,Ett", "\n,,,,,\n1,Ett", 1)
    assert _grid(text) is not None
    with pytest.raises(ValueError) as info:
        read_parties_csv(write_file("p.csv", text))
    shifted = [
        message.replace(f"Rad {n},", f"Rad {n + 1},") for message in BAD_MESSAGES for n in [int(message[4])]
    ]
    shifted = [message.replace("finns redan på rad 2", "finns redan på rad 3") for message in shifted]
    assert str(info.value) == "Partsfilen p.csv har fel:\n" + "\n".join(shifted)


def test_missing_columns_are_told_before_any_row(write_file):
    with pytest.raises(ValueError) as info:
        read_parties_csv(write_file("p.csv", "id,name,lat\n1,A,x\n"))
    assert str(info.value) == (
        "Partsfilen p.csv saknar kolumnen/kolumnerna typ (rad 1). Obligatoriska kolumner: id, namn, typ."
    )


@pytest.mark.parametrize("text", [" \n\t\n", "\u00a0"])
def test_white_space_only_is_empty(write_file, text):
    with pytest.raises(ValueError, match="är tom"):
        read_parties_csv(write_file("p.csv", text))
