"""Name and code resolution: every rule with hand-picked real names."""

from __future__ import annotations

import pandas as pd
import pytest

from samverkansvav.reference import PartyResolver, Resolution, fold_accents, normalize_name


@pytest.mark.parametrize(
    "text",
    [
        "Malung-Sälens kommun",
        "Malung-Sälen",
        "malung salen",
        "2023",
        "MALUNG-SÄLEN",
        "Malung Sälen",
        " Malung-Sälen\u00a0",
        "Malung\u2013Sälen",
        "malung-sälens",
    ],
)
def test_malung_salen_variants(resolver, text):
    assert resolver.resolve(text).party_id == "2023"


def test_accent_sensitive_match_is_exact_and_folded_is_not(resolver):
    assert resolver.resolve("Malung-Sälen") == Resolution("2023", (), True)
    # Only the folded form matches: resolved, but flagged with the name used.
    assert resolver.resolve("malung salen") == Resolution("2023", ("Malung-Sälen",), False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("180", "0180"),
        ("0180", "0180"),
        ("114", "0114"),
        ("2584", "2584"),
        ("0180 Stockholm", "0180"),
        ("0180 Stockholms stad", "0180"),
        ("180 - Stockholm", "0180"),
        ("0180-Stockholm", "0180"),
        ("2023: Malung-Sälens kommun", "2023"),
        ("Stockholm (0180)", "0180"),
    ],
)
def test_codes(resolver, text, expected):
    assert resolver.resolve(text).party_id == expected


def test_code_and_name_that_disagree_are_not_guessed(resolver):
    # 0180 is Stockholm, but the text says Göteborg (1480): refuse, suggest both.
    result = resolver.resolve("0180 Göteborg")
    assert result.party_id is None
    assert set(result.suggestions) == {"Stockholm", "Göteborg"}


def test_unknown_code_is_unresolved(resolver):
    assert resolver.resolve("9999").party_id is None
    assert resolver.resolve("0").party_id is None  # "0000" does not exist


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Göteborgs Stad", "1480"),
        ("Göteborgs stad", "1480"),
        ("Stockholms stad", "0180"),
        ("Stockholms stads", "0180"),
        ("Borås Stad", "1490"),
        ("Västerås stad", "1980"),
        ("Bjurholms kommun", "2403"),
        ("Vännäs kommun", "2460"),
        ("Vännäs kommuns", "2460"),
        ("Nordmalings", "2401"),
        ("Bjurholms", "2403"),
        ("Dals-Eds kommun", "1438"),
        ("Lilla Edets kommun", "1462"),
        ("Falu kommun", "2080"),
        ("Falun", "2080"),
        ("Gotlands kommun", "0980"),
        ("Region Gotland", "0980"),
        ("Gotland", "0980"),
        ("Kalix kommun", "2514"),
        ("Marks kommun", "1463"),
        ("Mark", "1463"),
        ("Upplands Väsby", "0114"),
        ("Upplands-Väsby", "0114"),
        ("Upplands-Bro", "0139"),
        ("Upplands Bro kommun", "0139"),
        ("Östra Göinge kommun", "1256"),
        ("Vindelns kommun", "2404"),
        ("Vindelns", "2404"),
    ],
)
def test_suffixes_and_genitives(resolver, text, expected):
    result = resolver.resolve(text)
    assert (result.party_id, result.exact) == (expected, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    # Names that end in -s are tried whole before any genitive -s is dropped.
    [
        ("Borås", "1490"),
        ("Vännäs", "2460"),
        ("Höganäs", "1284"),
        ("Kramfors", "2282"),
        ("Västerås", "1980"),
        ("Hofors", "2104"),
        ("Mönsterås", "0861"),
        ("Robertsfors", "2409"),
        ("Bollnäs", "2183"),
        ("Munkfors", "1762"),
        ("Degerfors", "1862"),
        ("Hagfors", "1783"),
        ("Ljusnarsberg", "1864"),
        ("Grums", "1764"),
        ("Alingsås", "1489"),
        ("Tranås", "0687"),
        ("Torsås", "0834"),
        ("Strängnäs", "0486"),
        ("Sotenäs", "1427"),
        ("Hällefors", "1863"),
        ("Bengtsfors", "1460"),
        ("Storfors", "1760"),
    ],
)
def test_names_ending_in_s(resolver, text, expected):
    assert resolver.resolve(text).party_id == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ale", "1440"),
        ("Åre", "2321"),
        ("Mora", "2062"),
        ("Habo", "0643"),
        ("Håbo", "0305"),
        ("Piteå", "2581"),
        ("Luleå", "2580"),
        ("Umeå", "2480"),
        ("Skellefteå", "2482"),
        ("Eda", "1730"),
        ("Kil", "1715"),
        ("Berg", "2326"),
        ("Ydre", "0512"),
        ("Hjo", "1497"),
    ],
)
def test_short_and_irregular_names(resolver, text, expected):
    assert resolver.resolve(text) == Resolution(expected, (), True)


def test_every_municipality_resolves_in_all_usual_forms(resolver, parties):
    municipalities = parties[parties["kind"] == "kommun"]
    failures = []
    for pid, name in zip(municipalities["id"], municipalities["name"]):
        for text in (name, name.upper(), f"{name} kommun", f"{name}s kommun", pid, pid.lstrip("0")):
            if resolver.resolve(text).party_id != pid:
                failures.append(text)
    assert failures == []


def test_folding_collisions_in_the_real_names_are_only_habo_hobo(parties):
    # Computed over the 290 names: after folding å/ä/ö (and hyphen = space) only
    # "Habo" (0643) and "Håbo" (0305) coincide. A new collision needs a test below.
    municipalities = parties[parties["kind"] == "kommun"]
    groups: dict[str, list[str]] = {}
    for name in municipalities["name"]:
        groups.setdefault(fold_accents(normalize_name(name)), []).append(name)
    assert {k: sorted(v) for k, v in groups.items() if len(v) > 1} == {"habo": ["Habo", "Håbo"]}


def test_folded_form_that_is_ambiguous_is_not_chosen(resolver):
    # "Hábo" matches neither name exactly; folded it is both Habo and Håbo.
    assert resolver.resolve("Hábo") == Resolution(None, ("Habo", "Håbo"), False)
    assert resolver.resolve("Hàbos kommun").party_id is None


def test_accent_folding_only_without_exact_match(resolver):
    # "Habo" is an exact (accent-sensitive) name, so folding never reaches Håbo.
    assert resolver.resolve("HABO").party_id == "0643"
    assert resolver.resolve("håbo kommun").party_id == "0305"
    assert resolver.resolve("Vasteras").party_id == "1980"
    assert resolver.resolve("Ostra Goinge").party_id == "1256"
    assert resolver.resolve("Goteborgs stad").party_id == "1480"


def test_no_name_plus_s_is_another_name(parties):
    # The genitive rule strips one -s; it must never turn one real name into another.
    names = set(parties["name"])
    assert sorted(n for n in names if n.endswith("s") and n[:-1] in names) == []


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Nordmalling", "Nordmaling"),
        ("Robertsfor", "Robertsfors"),
        ("Upsala", "Uppsala"),
        ("Götebrog", "Göteborg"),
        ("Skelleftea kommunn", "Skellefteå"),
    ],
)
def test_misspellings_are_suggested_not_guessed(resolver, text, suggestion):
    result = resolver.resolve(text)
    assert result.party_id is None
    assert result.exact is False
    assert suggestion in result.suggestions
    assert len(result.suggestions) <= 3


def test_nonsense_has_no_suggestions(resolver):
    assert resolver.resolve("xyzzy") == Resolution(None, (), False)


@pytest.mark.parametrize("text", ["", "   ", None, float("nan"), "\u00a0"])
def test_empty_input(resolver, text):
    assert resolver.resolve(text) == Resolution(None, (), False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Region Dalarna", "R20"),
        ("Region Skåne", "R12"),
        ("region skåne", "R12"),
        ("Region Västra Götaland", "R14"),
        ("Västra Götalandsregionen", "R14"),
        ("VGR", "R14"),
        ("Region Jämtland Härjedalen", "R23"),
        ("Region Sörmland", "R04"),
        ("Region Jönköpings län", "R06"),
        ("Region Stockholm", "R01"),
        ("R20", "R20"),
        ("Försäkringskassan", "forsakringskassan"),
        ("Arbetsförmedlingen", "arbetsformedlingen"),
        ("forsakringskassan", "forsakringskassan"),
    ],
)
def test_regions_and_national_bodies(resolver, text, expected):
    assert resolver.resolve(text).party_id == expected


def test_a_county_is_not_a_party_but_its_region_is_suggested(resolver):
    assert resolver.resolve("Dalarnas län") == Resolution(None, ("Region Dalarna",), False)
    assert resolver.resolve("Skåne län").suggestions == ("Region Skåne",)


def test_parenthesised_note_is_ignored(resolver):
    assert resolver.resolve("Vara (fr.o.m. 2023)").party_id == "1470"


def test_name_of(resolver):
    assert resolver.name_of("2023") == "Malung-Sälen"
    assert resolver.name_of("R14") == "Västra Götalandsregionen"
    assert resolver.name_of("okänd") == "okänd"  # unknown ids are shown as they are


def test_resolver_on_a_custom_table():
    # A non-Swedish table: ids are not 4-digit codes, names have no Swedish suffixes.
    table = pd.DataFrame({"id": ["301", "A1"], "name": ["Oslo", "Ås"]})
    resolver = PartyResolver(table)
    assert resolver.resolve("Oslo").party_id == "301"
    assert resolver.resolve("a1").party_id == "A1"
    assert resolver.resolve("As") == Resolution("A1", ("Ås",), False)
    # Padding uses the table's own code width (3), so "0301" is not invented.
    assert resolver.resolve("0301").party_id is None


def test_resolve_many(resolver):
    assert [r.party_id for r in resolver.resolve_many(["Mora", "Nordmalling"])] == ["2062", None]
