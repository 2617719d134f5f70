"""Splitting member cells and prose lists into names."""

from __future__ import annotations

import pytest

from samverkansvav.reference import split_party_list


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bjurholms, Nordmalings, Robertsfors, Vindeln och Vännäs kommuner",
            ["Bjurholms", "Nordmalings", "Robertsfors", "Vindeln", "Vännäs"],
        ),
        ("Falkenbergs och Varbergs kommuner", ["Falkenbergs", "Varbergs"]),
        ("Motala, Mjölby, Vadstena och Ödeshögs kommuner", ["Motala", "Mjölby", "Vadstena", "Ödeshögs"]),
        ("Tranemo kommun och Svenljunga kommun", ["Tranemo kommun", "Svenljunga kommun"]),
        (
            "Kommunerna Falköping, Hjo, Karlsborg, Skövde och Tibro",
            ["Falköping", "Hjo", "Karlsborg", "Skövde", "Tibro"],
        ),
        ("Lund samt Eslöv", ["Lund", "Eslöv"]),
        ("Lund & Eslöv", ["Lund", "Eslöv"]),
        ("Mora, Orsa, och Älvdalen", ["Mora", "Orsa", "Älvdalen"]),
    ],
)
def test_prose_lists(text, expected):
    assert split_party_list(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mora;Orsa;Älvdalen", ["Mora", "Orsa", "Älvdalen"]),
        ("Mora / Orsa", ["Mora", "Orsa"]),
        ("Mora\nOrsa\r\nÄlvdalen\n", ["Mora", "Orsa", "Älvdalen"]),
        ("2062, 2034, 2039", ["2062", "2034", "2039"]),
        ("Mora\u00a0,\u00a0Orsa", ["Mora", "Orsa"]),
    ],
)
def test_cell_separators(text, expected):
    assert split_party_list(text) == expected


def test_hyphenated_names_stay_whole():
    assert split_party_list("Malung-Sälen, Dals-Ed och Upplands-Bro") == [
        "Malung-Sälen",
        "Dals-Ed",
        "Upplands-Bro",
    ]


def test_och_after_a_hyphen_is_part_of_the_name():
    # Swedish compound elision: "Bygg- och miljönämnden" is one name.
    assert split_party_list("Bygg- och miljönämnden, Region Skåne") == [
        "Bygg- och miljönämnden",
        "Region Skåne",
    ]


def test_words_containing_och_or_samt_are_not_split():
    # "Kochs" and "Samtal" contain the letters but are not the separator words.
    assert split_party_list("Kochs väg, Samtalsgruppen") == ["Kochs väg", "Samtalsgruppen"]


def test_bullets_numbering_and_notes_are_removed():
    text = "1. Stockholm\n2) Solna\n- Sundbyberg\n• Vara (fr.o.m. 2023, enligt beslut)\n* Lidingö"
    assert split_party_list(text) == ["Stockholm", "Solna", "Sundbyberg", "Vara", "Lidingö"]


def test_a_code_is_not_taken_for_numbering():
    assert split_party_list("180\n0180") == ["180", "0180"]


def test_duplicates_are_kept_for_the_caller_to_report():
    assert split_party_list("Mora, Mora") == ["Mora", "Mora"]


@pytest.mark.parametrize("text", [None, float("nan"), "", " ; , ", "och"])
def test_empty(text):
    assert split_party_list(text) == []


def test_split_then_resolve_the_prose_list(resolver):
    text = "Bjurholms, Nordmalings, Robertsfors, Vindeln och Vännäs kommuner"
    ids = [resolver.resolve(name).party_id for name in split_party_list(text)]
    assert ids == ["2403", "2401", "2409", "2404", "2460"]


def test_no_real_name_contains_a_separator(parties):
    # If a municipality name ever contained "och", "samt" or a separator sign, the
    # splitter would cut it; every one of the 312 default names must survive whole.
    broken = [n for n in parties["name"] if split_party_list(n) != [n]]
    assert broken == []


def test_no_municipality_name_is_mistaken_for_a_collective_term():
    # "Uddevalla kommuner" ends in "alla kommuner": the term must match whole words only.
    from samverkansvav.reference import load_parties
    from samverkansvav.reference.names import is_collective_term

    parties = load_parties()
    names = parties.loc[parties["kind"] == "kommun", "name"].tolist()
    assert [n for n in names if is_collective_term(f"{n} kommuner")] == []
    assert split_party_list("Lysekils, Munkedals och Uddevalla kommuner") == [
        "Lysekils",
        "Munkedals",
        "Uddevalla",
    ]
