"""Swedish numbers, dates, forms, areas and roles (table tests, hand-checked)."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkansvav.ingest.values import (
    norm_key,
    normalise_area,
    normalise_form,
    normalise_role,
    normalise_status,
    parse_date,
    parse_number,
    parse_share,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 250 000,50", 1_250_000.5),
        ("1\u00a0250\u00a0000,50", 1_250_000.5),  # NBSP thousands
        ("1\u202f250", 1250.0),  # narrow NBSP
        ("\u22125", -5.0),  # U+2212 minus
        ("12 832 tkr", 12_832_000.0),  # 12 832 × 1000
        ("57 649 000kr", 57_649_000.0),
        ("10 088 575 kr", 10_088_575.0),
        ("3 mkr", 3_000_000.0),
        ("1.250.000,50", 1_250_000.5),
        ("1,250,000.50", 1_250_000.5),
        ("450000", 450_000.0),
        (450000, 450_000.0),
        (12.5, 12.5),
        ("", None),
        (None, None),
    ],
)
def test_parse_number_reads_swedish_amounts(text, expected):
    assert parse_number(text) == (expected, None)


@pytest.mark.parametrize("text", ["cirka tio", "12,5 %", "1 2 3 kr x", "NA", "None"])
def test_parse_number_refuses_text_it_cannot_read(text):
    value, problem = parse_number(text)
    assert value is None and problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [("17,5 %", 0.175), ("10,44", 0.1044), (25, 0.25), ("100%", 1.0), ("", None)],
)
def test_parse_share_reads_percentages(text, expected):
    assert parse_share(text) == (expected, None)


def test_parse_share_rejects_more_than_hundred_percent():
    assert parse_share("150 %")[1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-07-01", dt.date(2023, 7, 1)),
        ("2023-07-01 00:00", dt.date(2023, 7, 1)),
        ("2023-07-01T12:30:00", dt.date(2023, 7, 1)),
        ("1/3/2024", dt.date(2024, 3, 1)),  # day first, as in Sweden
        ("01.03.2024", dt.date(2024, 3, 1)),
        ("20230701", dt.date(2023, 7, 1)),
        ("1 juli 2023", dt.date(2023, 7, 1)),
        (45352, dt.date(2024, 3, 1)),  # Excel serial: 1899-12-30 + 45352 days
        ("45352", dt.date(2024, 3, 1)),
        (dt.datetime(2024, 3, 1, 8, 0), dt.date(2024, 3, 1)),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 1)),
        ("2023", dt.date(2023, 1, 1)),
        ("", None),
    ],
)
def test_parse_date_formats(value, expected):
    assert parse_date(value) == (expected, None)


def test_parse_date_1904_system_shifts_1462_days():
    # 45352 − 1462 = 43890 in the 1904 system is the same day.
    assert parse_date(43890, epoch_1904=True) == (dt.date(2024, 3, 1), None)


def test_parse_date_period_end_for_year_and_month():
    assert parse_date("2022", period_end=True) == (dt.date(2022, 12, 31), None)
    assert parse_date("2024-02", period_end=True) == (dt.date(2024, 2, 29), None)


@pytest.mark.parametrize("value", ["snart", "2023-13-01", "31/2/2024", 30, "1/3"])
def test_parse_date_unreadable_is_a_problem(value):
    result, problem = parse_date(value)
    assert result is None and problem


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("GN", "gemensam_namnd"),
        ("gemensam nämnd", "gemensam_namnd"),
        ("Gemensam Nämnd", "gemensam_namnd"),
        ("nämnd", "gemensam_namnd"),
        ("Kommunalförbund", "kommunalforbund"),
        ("KF", "kommunalforbund"),
        ("förbund", "kommunalforbund"),
        ("samordningsförbund", "samordningsforbund"),
        ("Finsam", "samordningsforbund"),
        ("avtal", "avtalssamverkan"),
        ("samverkansavtal", "avtalssamverkan"),
        ("AVTALSSAMVERKAN", "avtalssamverkan"),
        ("AB", "bolag"),
        ("aktiebolag", "bolag"),
        ("bolag", "bolag"),
        ("stiftelse", "stiftelse"),
        ("ekonomisk förening", "ekonomisk_forening"),
        ("ideell förening", "ideell_forening"),
        ("förening", "ideell_forening"),
        ("nätverk", "informell"),
        ("informell", "informell"),
        ("samverkansråd", "informell"),
        ("kommunalforbund", "kommunalforbund"),
    ],
)
def test_form_synonyms(text, form):
    assert normalise_form(text) == form


@pytest.mark.parametrize("text", ["kooperativ", "", "samverkan"])
def test_unknown_form_is_none(text):
    assert normalise_form(text) is None


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("räddningstjänst, sotning", "räddningstjänst"),
        ("Räddningstjänst", "räddningstjänst"),
        ("avlopp/VA", "VA"),
        ("vatten (dricksvattenproduktion)", "VA"),
        ("miljö- och hälsoskydd/livsmedel", "miljö- och hälsoskydd"),
        ("gymnasie- och vuxenutbildning", "gymnasieskola"),
        ("finansiell samordning av rehabilitering (FINSAM)", "FINSAM"),
        ("personal/HR", "HR/personal"),
        ("IT-drift, verksamhetssystem, digitalisering", "IT"),
        ("krisberedskap", "krisberedskap"),
        ("alkohol och tobak", "alkohol och tobak (tillstånd)"),
    ],
)
def test_area_synonyms_map_to_the_first_known_area(text, area):
    match = normalise_area(text)
    assert (match.area, match.known) == (area, True)


def test_unknown_area_is_kept_verbatim():
    match = normalise_area("Gravplatsförvaltning")
    assert (match.area, match.known) == ("Gravplatsförvaltning", False)


def test_roles_and_statuses():
    assert normalise_role("Värd") == "värd"
    assert normalise_role("köpare") == "uppdragsgivare"
    assert normalise_status("Avvecklad") == "avslutad"
    assert normalise_status("okänt") is None


def test_real_data_areas_are_all_known(shared_data):
    import pandas as pd

    frame = pd.read_csv(shared_data / "samverkan_verklig.csv", dtype=str, keep_default_na=False)
    unknown = [a for a in frame["omrade"].unique() if not normalise_area(a).known]
    assert unknown == []


def test_norm_key_drops_accents_and_folds_case_beyond_swedish():
    assert norm_key("Œuvre Straße Ärende") == "uvre strasse arende"
    assert norm_key("Crème brûlée, e\u0301\u0303") == "creme brulee e"
    assert norm_key("ﬁnans § 3") == "finans § 3"
