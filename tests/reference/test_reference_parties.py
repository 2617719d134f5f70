"""The default parties table, län table and a user's own parties CSV."""

from __future__ import annotations

import pandas as pd
import pytest

from samverkansvav.model import PARTY_COLUMNS
from samverkansvav.reference import PartyResolver, load_lan, load_parties, load_region_names


def test_default_parties_shape(parties):
    assert tuple(parties.columns) == PARTY_COLUMNS
    # 290 municipalities + 20 regions (21 län, Gotland's region is municipality 0980)
    # + 2 national bodies = 312
    assert len(parties) == 312
    assert parties["kind"].value_counts().to_dict() == {"kommun": 290, "region": 20, "annan": 2}
    assert parties["id"].is_unique


def test_kommunkod_is_text_with_leading_zero(parties):
    kommuner = parties[parties["kind"] == "kommun"]
    assert kommuner["id"].map(lambda x: isinstance(x, str) and len(x) == 4 and x.isdigit()).all()
    assert parties.set_index("id").at["0180", "name"] == "Stockholm"


def test_regions(parties):
    regions = parties[parties["kind"] == "region"].set_index("id")
    assert "R09" not in regions.index
    assert regions.at["R20", "name"] == "Region Dalarna"
    assert regions.at["R14", "name"] == "Västra Götalandsregionen"
    assert regions.at["R01", "name"] == "Region Stockholm"
    # Region Blekinge's point is the mean of its five municipalities' points.
    kommuner = parties[(parties["kind"] == "kommun") & (parties["lan_code"] == "10")]
    assert len(kommuner) == 5
    assert regions.at["R10", "lat"] == pytest.approx(kommuner["lat"].mean(), abs=1e-6)
    assert regions.at["R10", "lon"] == pytest.approx(kommuner["lon"].mean(), abs=1e-6)


def test_gotland_is_a_municipality_named_region_gotland(parties):
    row = parties.set_index("id").loc["0980"]
    assert (row["name"], row["kind"], row["lan_code"]) == ("Gotland", "kommun", "09")
    assert load_region_names()["09"] == "Region Gotland"


def test_national_bodies(parties):
    annan = parties[parties["kind"] == "annan"].set_index("id")["name"].to_dict()
    assert annan == {"arbetsformedlingen": "Arbetsförmedlingen", "forsakringskassan": "Försäkringskassan"}


def test_population_carries_year_precision_and_source(parties):
    kommuner = parties[parties["kind"] == "kommun"]
    assert kommuner["population"].notna().all()
    assert kommuner["population_year"].between(2020, 2024).all()
    assert kommuner["population_precision"].value_counts().to_dict() == {"exakt": 236, "avrundad_100": 54}
    assert kommuner["population_source"].str.len().gt(0).all()


def test_default_is_cached_but_returned_as_a_copy():
    first = load_parties()
    first.loc[0, "name"] = "Ändrad"
    assert load_parties().loc[0, "name"] != "Ändrad"


def test_load_lan():
    lan = load_lan()
    assert list(lan.columns) == ["lan_code", "lan_name"]
    assert len(lan) == 21
    assert lan["lan_code"].tolist()[:3] == ["01", "03", "04"]
    assert dict(zip(lan["lan_code"], lan["lan_name"]))["20"] == "Dalarna"


# ------------------------------------------------------------- user CSV
def test_user_csv_swedish_headers_semicolon_cp1252(write_file):
    path = write_file(
        "parter.csv",
        "id;namn;typ;lat;lon;befolkning\n"
        "0301;Oslo;kommun;59,91;10,75;709 037\n"
        "03;Oslo fylke;region;;;\n"
        "nav;NAV;annan;;;\n",
        encoding="cp1252",
    )
    parties = load_parties(path)
    assert tuple(parties.columns) == PARTY_COLUMNS
    assert parties["id"].tolist() == ["0301", "03", "nav"]
    assert parties["kind"].tolist() == ["kommun", "region", "annan"]
    oslo = parties.iloc[0]
    assert (oslo["lat"], oslo["lon"], oslo["population"]) == (59.91, 10.75, 709037)
    assert pd.isna(parties.iloc[1]["lat"])
    assert PartyResolver(parties).resolve("Oslos kommun").party_id == "0301"


def test_user_csv_english_headers_comma_utf8_bom(write_file):
    path = write_file("p.csv", "\ufeffID,Name,Kind\nA,Åby,municipality\nB,Böda,kommun\n")
    parties = load_parties(path)
    assert parties[["id", "name", "kind"]].values.tolist() == [
        ["A", "Åby", "kommun"],
        ["B", "Böda", "kommun"],
    ]


def test_user_csv_errors_name_row_and_column(write_file):
    path = write_file(
        "fel.csv",
        "id,namn,typ,lat,lon,befolkning\n"
        "1,Ett,kommun,59.1,18.0,100\n"
        ",Två,kommun,,,\n"  # row 3: no id
        "1,Tre,stad?,,,\n"  # row 4: duplicate id and unknown kind
        "4,Fyra,region,91,18,\n"  # row 5: latitude out of range
        "5,Fem,annan,59,,-3\n"  # row 6: lat without lon, negative population
        "6,,kommun,abc,18,\n",  # row 7: no name, lat not a number
    )
    with pytest.raises(ValueError) as info:
        load_parties(path)
    message = str(info.value)
    for expected in (
        "Rad 3, kolumn id",
        "Rad 4, kolumn id",
        "finns redan på rad 2",
        "Rad 4, kolumn typ",
        "Rad 5, kolumn lat",
        "Rad 6, kolumn lat/lon",
        "Rad 6, kolumn befolkning",
        "Rad 7, kolumn namn",
        "Rad 7, kolumn lat",
    ):
        assert expected in message
    assert "Rad 2," not in message  # the good row is not blamed


def test_user_csv_missing_required_column(write_file):
    path = write_file("p.csv", "id;namn\n1;Ett\n")
    with pytest.raises(ValueError, match="saknar kolumnen.*typ"):
        load_parties(path)


@pytest.mark.parametrize("text", ["", "id,namn,typ\n", "\n\n"])
def test_user_csv_without_parties(write_file, text):
    with pytest.raises(ValueError, match="tom|inga parter"):
        load_parties(write_file("p.csv", text))


def test_user_csv_missing_file(tmp_path):
    with pytest.raises(ValueError, match="kan inte läsas"):
        load_parties(tmp_path / "finns-inte.csv")
