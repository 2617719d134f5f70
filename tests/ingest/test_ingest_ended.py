"""`avslutad` without an end date: read from the note when it gives a year, else kept as
ended "datum okänt" with a warning, and never dropped from the past."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkansvav.ingest import read_register

HEADER = ["Namn", "Form", "Område", "Medlemmar", "Startdatum", "Slutdatum", "Status", "Anmärkning"]


def _read(write_xlsx, *rows):
    result = read_register(write_xlsx({"Samverkan": [HEADER, *rows]}))
    assert result.ok, result.report.issues
    return result


def test_ended_without_date_or_note_is_a_warning_and_stays_in_the_past(write_xlsx):
    result = _read(
        write_xlsx,
        [
            "Överförmyndarkansliet",
            "kommunalförbund",
            "överförmyndare",
            "Ale, Kungälv",
            dt.date(2008, 1, 1),
            None,
            "avslutad",
            None,
        ],
    )
    issues = [i for i in result.report.issues if i.code == "ended_without_date"]
    assert [(i.level, i.row, i.column, i.arrangement) for i in issues] == [
        ("varning", 2, "Status", "Överförmyndarkansliet")
    ]
    assert issues[0].message.startswith(
        "Status avslutad men inget slutdatum: visas som avslutad med okänt datum"
    )
    assert "Slutdatum" in issues[0].hint
    web = result.web
    assert web.arrangements["end"].tolist() == [None]
    assert len(web.current_on(dt.date(2010, 6, 1)).arrangements) == 1
    assert len(web.current_on(dt.date(2007, 6, 1)).arrangements) == 0
    assert len(web.current_on(dt.date.today()).arrangements) == 0


@pytest.mark.parametrize(
    "note,end",
    [
        ("Nämnden upphörde 2013 efter beslut i fullmäktige.", dt.date(2013, 12, 31)),
        ("Verksamheten avvecklades 2019.", dt.date(2019, 12, 31)),
        ("Avtalet gällde till och med 2022", dt.date(2022, 12, 31)),
        ("Gällde t.o.m. 2021-06-30", dt.date(2021, 6, 30)),
        ("Kungälv lämnade samarbetet 2013", dt.date(2013, 12, 31)),
    ],
)
def test_end_read_from_the_note(write_xlsx, note, end):
    result = _read(
        write_xlsx, ["Samarbetet", "kommunalförbund", "IT", "Ale, Kungälv", None, None, "avslutad", note]
    )
    assert result.web.arrangements["end"].tolist() == [end]
    infos = [i for i in result.report.issues if i.code == "end_from_note"]
    assert [(i.level, i.column) for i in infos] == [("info", "Anmärkning")]
    assert end.isoformat() in infos[0].message and "anmärkningen" in infos[0].message
    assert "ended_without_date" not in [i.code for i in result.report.issues]


@pytest.mark.parametrize(
    "note",
    [
        "Bildat 2010; uppgår i Fyrbodal.",  # no ending word
        "Upphörde, år okänt (beslut 2013 om utredning).",  # the year is in another clause
        "Upphör till och med 2099.",  # not yet happened
    ],
)
def test_notes_without_a_past_ending_year_leave_the_date_unknown(write_xlsx, note):
    result = _read(
        write_xlsx, ["Samarbetet", "kommunalförbund", "IT", "Ale, Kungälv", None, None, "avslutad", note]
    )
    codes = [i.code for i in result.report.issues]
    assert "ended_without_date" in codes and "end_from_note" not in codes
    assert result.web.arrangements["end"].tolist() == [None]


def test_active_arrangement_and_dated_end_are_not_touched(write_xlsx):
    result = _read(
        write_xlsx,
        ["A", "kommunalförbund", "IT", "Ale, Kungälv", None, None, "aktiv", "Ale lämnade 2013"],
        [
            "B",
            "kommunalförbund",
            "VA",
            "Ale, Kungälv",
            None,
            dt.date(2015, 3, 31),
            "avslutad",
            "upphörde 2013",
        ],
    )
    ends = dict(zip(result.web.arrangements["name"], result.web.arrangements["end"]))
    assert ends == {"A": None, "B": dt.date(2015, 3, 31)}
    assert not {"end_from_note", "ended_without_date"} & {i.code for i in result.report.issues}
