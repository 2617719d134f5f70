"""The vocabulary tables agree with each other: every map target is a known form, role,
status or field, and every form has what the rest of the project needs."""

from __future__ import annotations

import csv
from pathlib import Path

from samverkansvav.figures.palette import FORM_COLOURS, FORM_SHAPES
from samverkansvav.model import ARRANGEMENT_COLUMNS, MEMBERSHIP_COLUMNS, ROLES, STATUSES
from samverkansvav.vocabulary import ENTITY_FORMS, FORM_TABLE, FORMS, HOST_FORMS, REGISTER_FIELDS, form_label

MAPS = Path(__file__).resolve().parents[2] / "samverkansvav" / "ingest" / "maps"


def _column(name: str, column: str) -> set[str]:
    with (MAPS / name).open(encoding="utf-8", newline="") as handle:
        return {row[column] for row in csv.DictReader(handle)}


def test_form_map_targets_are_forms():
    assert _column("forms.csv", "form") <= set(FORMS)
    # Every form can be written with its own name.
    assert set(FORMS) <= _column("forms.csv", "form")


def test_role_and_status_map_targets_are_known():
    assert _column("roles.csv", "role") <= set(ROLES)
    assert _column("statuses.csv", "status") <= set(STATUSES)


def test_header_map_targets_are_fields():
    # Every variant names a field of the field table (vocabulary/fields.csv) ...
    assert _column("headers.csv", "field") <= set(REGISTER_FIELDS)
    # ... and every field can be written (its template header among the variants).
    assert set(REGISTER_FIELDS) <= _column("headers.csv", "field")
    # "-" marks words that rule a header out ("antal kommuner" is a count, not a member list).
    assert _column("header_meanings.csv", "field") <= set(REGISTER_FIELDS) | {"-"}


def test_register_fields_fill_the_model():
    # Model columns not read from a column of the same name: the area as written comes
    # from the area column, ids are made while reading, the Rapporterande kommun
    # column (field reporter) fills reported_by.
    made = {"area_raw", "arrangement_id", "party_id", "reported_by"}
    assert (set(ARRANGEMENT_COLUMNS) | set(MEMBERSHIP_COLUMNS)) - made <= set(REGISTER_FIELDS)
    assert "reporter" in REGISTER_FIELDS


def test_forms_table_drives_the_derived_sets():
    assert HOST_FORMS == {"gemensam_namnd", "avtalssamverkan"}
    assert "samordningsforbund" in ENTITY_FORMS and "informell" not in ENTITY_FORMS
    assert not HOST_FORMS & ENTITY_FORMS
    assert {f.form for f in FORM_TABLE if f.law} == set(FORMS) - {"informell"}


def test_every_form_has_labels_colour_and_shape():
    for form in FORMS:
        assert form_label(form, "sv") != form_label(form, "en"), form
        assert form in FORM_COLOURS and form in FORM_SHAPES, form
    assert len(set(FORM_COLOURS.values())) == len(FORM_COLOURS)  # no two forms share a colour
