"""The field table (``vocabulary/fields.csv``) is whole, and what is generated from it
says exactly what the hand-written tables said.

The literal dictionaries below are copies of the label tables the code holds outside
the vocabulary (named in each test); they pin the strings users see, so replacing such
a table by the vocabulary call changes nothing — or only what is listed as intended.
"""

from __future__ import annotations

import itertools

import pytest

from samverkansvav.ingest import checks
from samverkansvav.ingest.headers import FIELD_LABELS, LIST_FIELDS, LONG_FIELDS, match_header
from samverkansvav.ingest.normalise import LONG_LABELS
from samverkansvav.vocabulary import (
    FIELD_TABLE,
    FIELDS,
    PARSERS,
    REGISTER_FIELDS,
    field_label,
    field_labels,
    fields_parsed_as,
    required_fields,
    template_fields,
)
from samverkansvav.web.i18n import TEXTS, t
from samverkansvav.web.pages import upload_preview

# ------------------------------------------------------------------ the table itself


def test_fields_are_unique_and_every_row_is_filled_in():
    assert len(set(FIELDS)) == len(FIELDS) == 26
    assert len({f.sv for f in FIELD_TABLE}) == len(FIELD_TABLE)
    for f in FIELD_TABLE:
        assert f.parser in PARSERS, f.field
        assert all((f.sv, f.en, f.sv_text, f.en_text, f.explanation_sv, f.explanation_en)), f.field
        assert f.sv_text == f.sv_text.lower() and f.en_text == f.en_text.lower(), f.field
        assert f.stands_in_for is None or f.stands_in_for in FIELDS, f.field
        # A sheet-specific explanation comes in both languages or not at all.
        assert bool(f.membership_explanation_sv) == bool(f.membership_explanation_en), f.field


def test_template_orders_number_each_sheet_from_one_without_gaps():
    for sheet, attribute in (("Samverkan", "template_order"), ("Medlemskap", "membership_order")):
        orders = [getattr(f, attribute) for f in template_fields(sheet)]
        assert orders == list(range(1, len(orders) + 1)), sheet
    assert len(template_fields("Samverkan")) == 18 and len(template_fields("Medlemskap")) == 8
    with pytest.raises(ValueError):
        template_fields("Instruktioner")


def test_every_register_field_is_read_back_from_its_own_header():
    # The template's header must be a variant in ingest/maps/headers.csv, or a filled-in
    # template would not read.
    for fld in REGISTER_FIELDS:
        assert match_header(field_label(fld)).field == fld, fld
    assert set(FIELDS) - set(REGISTER_FIELDS) == {"area_raw", "membership_details"}


def test_labels_in_both_languages_and_in_running_text():
    assert field_label("annual_cost") == "Årskostnad (kr)"
    assert field_label("annual_cost", text=True) == "årskostnad"
    assert field_label("annual_cost", "en") == "Annual cost (SEK)"
    assert field_label("notice_months", "en", text=True) == "notice period"
    assert field_label("share") == "Andel %" and field_label("share", text=True) == "andel"
    assert field_label("no_such_field", "en") == "no_such_field"  # unknown: as is, like form_label
    assert field_labels("en")["membership_details"] == "Memberships"
    assert "area_raw" not in field_labels(derived=False)


def test_parsers_name_the_date_and_list_fields():
    assert fields_parsed_as("date") == {"start", "end", "last_evaluated", "member_start", "member_end"}
    assert fields_parsed_as("amount", "share", "months") == {"annual_cost", "share", "notice_months"}
    assert LIST_FIELDS == fields_parsed_as("parties") == {"members"}
    assert LONG_FIELDS == {"member", "member_code"}
    with pytest.raises(ValueError):
        fields_parsed_as("datum")


# ------------------------------------------------------------------ required columns


def _required_before(shape: str, present: set[str]) -> list[str]:
    """The rule the ingest applied before it read the field table, written out."""
    long = shape == "long"
    return ["name", "form"] + (
        ["member_code" if "member_code" in present else "member"] if long else ["members"]
    )


@pytest.mark.parametrize("shape", ["wide", "long"])
def test_required_fields_give_the_same_missing_columns_as_the_register_rule(shape):
    candidates = ["name", "form", "members", "member", "member_code", "area"]
    for size in range(len(candidates) + 1):
        for present in map(set, itertools.combinations(candidates, size)):
            ours = [f for f in required_fields(shape, present) if f not in present]
            before = [f for f in _required_before(shape, present) if f not in present]
            assert ours == before, (shape, present)
            ingest = checks.required_fields(present, long_form=shape == "long")
            assert ingest == list(required_fields(shape, present)), (shape, present)


def test_required_fields_by_hand():
    assert required_fields("wide") == ("name", "form", "members")
    assert required_fields("long") == ("name", "form", "member")
    assert required_fields("long", {"member_code"}) == ("name", "form", "member_code")
    with pytest.raises(ValueError):
        required_fields("bred")  # type: ignore[arg-type]
    # The template asks for the area too, although a register without it is read (with a warning).
    asked = [f.field for f in template_fields("Samverkan") if f.template_required]
    assert asked == ["name", "form", "area", "members"]


# ------------------------------------------------------------------ the tables that switch over

#: ``ingest/headers.py`` FIELD_LABELS as it was written by hand.
HEADERS_FIELD_LABELS = {
    "id": "Id",
    "name": "Namn",
    "form": "Form",
    "area": "Område",
    "host": "Värdkommun",
    "seat": "Säte",
    "members": "Medlemmar",
    "member": "Medlem",
    "member_code": "Kommunkod",
    "role": "Roll",
    "share": "Andel %",
    "start": "Startdatum",
    "end": "Slutdatum",
    "notice_months": "Uppsägningstid (mån)",
    "annual_cost": "Årskostnad (kr)",
    "owner": "Ansvarig",
    "goal": "Mål",
    "last_evaluated": "Senast utvärderad",
    "status": "Status",
    "source": "Källa",
    "note": "Anmärkning",
    "reporter": "Rapporterande kommun",
    "member_start": "Medlem från",
    "member_end": "Medlem till",
}


def test_header_labels_are_the_hand_written_ones():
    assert FIELD_LABELS == HEADERS_FIELD_LABELS == field_labels("sv", derived=False)


def _messages(findings) -> list[str]:
    return [f.message for f in findings if f is not None]


def test_missing_column_messages_name_the_headers():
    assert _messages(checks.header_findings(set(), {}, long_form=False)) == [
        "Kolumn saknas: Namn, Form, Medlemmar."
    ]
    assert _messages(checks.header_findings({"name"}, {}, long_form=True)) == ["Kolumn saknas: Form, Medlem."]
    # A member code stands in for the member's name; a column two headers could be is not repeated.
    assert _messages(checks.header_findings({"member_code"}, {}, long_form=True, ambiguous={"form"})) == [
        "Kolumn saknas: Namn."
    ]
    assert _messages([checks.follow_up_columns_finding(set())]) == [
        "Registret saknar kolumnerna Mål, Ansvarig, Senast utvärderad; mål, ansvar och utvärdering "
        "kan inte följas upp."
    ]


#: ``ingest/register.py`` _LONG_LABELS: a field written differently on one arrangement's rows.
REGISTER_LONG_LABELS = {
    "form": "form",
    "area_raw": "område",
    "host_raw": "värdkommun",
    "seat_raw": "säte",
    "start": "startdatum",
    "end": "slutdatum",
    "status": "status",
    "notice_months": "uppsägningstid",
    "owner": "ansvarig",
    "goal": "mål",
    "last_evaluated": "senast utvärderad",
    "reporter_raw": "rapporterande kommun",
    "source": "källa",
    "note": "anmärkning",
}


def test_long_form_labels_are_the_running_text_names():
    # The reader keys its raw columns "<field>_raw"; the label is the field's.
    assert LONG_LABELS == REGISTER_LONG_LABELS


#: ``store/commandline.py`` FIELD_LABELS: the command line's upload preview.
STORE_FIELD_LABELS = {
    "id": "id",
    "name": "namn",
    "form": "form",
    "area": "område",
    "area_raw": "område (som skrivet)",
    "host": "värd",
    "seat": "säte",
    "start": "startdatum",
    "end": "slutdatum",
    "status": "status",
    "notice_months": "uppsägningstid",
    "owner": "ansvarig",
    "goal": "mål",
    "last_evaluated": "senast utvärderad",
    "note": "anteckning",
    "members": "medlemmar",
    "membership_details": "medlemskapsuppgifter",
}


def test_store_preview_labels_differ_only_where_they_disagreed_with_the_template():
    generated = {f: field_label(f, text=True) for f in STORE_FIELD_LABELS}
    changed = {
        f: (STORE_FIELD_LABELS[f], generated[f]) for f in generated if generated[f] != STORE_FIELD_LABELS[f]
    }
    # The template's headers are Värdkommun and Anmärkning; the preview named them otherwise.
    assert changed == {"host": ("värd", "värdkommun"), "note": ("anteckning", "anmärkning")}


#: ``web/i18n.py`` upload.field.* entries as they were written by hand.
I18N_FIELD_LABELS = {
    "name": ("Namn", "Name"),
    "form": ("Form", "Form"),
    "area": ("Område", "Area"),
    "area_raw": ("Område (som skrivet)", "Area (as written)"),
    "host": ("Värdkommun", "Host"),
    "seat": ("Säte", "Seat"),
    "start": ("Startdatum", "Start date"),
    "end": ("Slutdatum", "End date"),
    "status": ("Status", "Status"),
    "notice_months": ("Uppsägningstid (mån)", "Notice period (months)"),
    "owner": ("Ansvarig", "Owner"),
    "goal": ("Mål", "Goal"),
    "last_evaluated": ("Senast utvärderad", "Last evaluated"),
    "note": ("Anteckning", "Note"),
    "members": ("Medlemmar", "Members"),
    "membership_details": ("Medlemskap", "Memberships"),
}


def test_web_field_labels_come_from_the_table():
    for fld in FIELDS:
        assert TEXTS[f"upload.field.{fld}"] == {"sv": field_label(fld), "en": field_label(fld, "en")}
    changed = {
        fld: (sv, TEXTS[f"upload.field.{fld}"]["sv"])
        for fld, (sv, en) in I18N_FIELD_LABELS.items()
        if TEXTS[f"upload.field.{fld}"] != {"sv": sv, "en": en}
    }
    # Only the note's Swedish name: the template's header, not a word of its own.
    assert changed == {"note": ("Anteckning", "Anmärkning")}


def test_follow_up_check_labels():
    # Two fields are named as the table's running text names them; the third is a phrase
    # of its own ("datum för senaste utvärdering"), kept in that sentence.
    arrangement = {"name": "Lön", "form": "informell", "area": "IT", "goal": "", "owner": None}
    found = checks.arrangement_findings(arrangement, present_fields=set(checks.FOLLOW_UP_FIELDS))
    assert _messages(f for f in found if f.code == "missing_follow_up") == [
        "Uppföljning saknas: mål, ansvarig, datum för senaste utvärdering är inte angivet."
    ]
    assert field_label("last_evaluated", text=True) == "senast utvärderad"


#: ``web/pages/upload_preview.py`` FIELD_KEYS: the i18n keys the upload page named a changed field by.
UPLOAD_PREVIEW_FIELD_KEYS = {
    fld: f"upload.field.{fld}"
    for fld in (
        "name",
        "form",
        "area",
        "area_raw",
        "host",
        "seat",
        "start",
        "end",
        "status",
        "notice_months",
        "owner",
        "goal",
        "last_evaluated",
        "note",
        "members",
        "membership_details",
    )
}


def test_upload_page_names_changed_fields_as_before():
    for lang in ("sv", "en", "EN", "fr"):
        for fld, key in UPLOAD_PREVIEW_FIELD_KEYS.items():
            assert upload_preview.field_label(fld, lang) == t(key, lang), (fld, lang)
    assert upload_preview.field_label("seat") == "Säte"
    assert upload_preview.field_label("notice_months", "en") == "Notice period (months)"
    # A field outside the table is shown by its key, as before.
    assert upload_preview.field_label("reported_by", "en") == "reported_by"


def test_merge_conflict_messages_name_the_fields_as_before():
    # ``ingest/merge.py`` _FIELD_WORDS: "Registren anger olika <word> för ...".
    merge_words = {
        "form": "form",
        "members": "medlemmar",
        "host": "värdkommun",
        "status": "status",
        "end": "slutdatum",
    }
    assert {f: field_label(f, text=True) for f in merge_words} == merge_words
