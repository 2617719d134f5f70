"""The vocabulary tables agree with each other: every map target is a known form, role,
status or field, and every form has what the rest of the project needs."""

from __future__ import annotations

import csv
from pathlib import Path

from samverkansvav.figures.palette import FORM_COLOURS, FORM_SHAPES
from samverkansvav.model import ARRANGEMENT_COLUMNS, MEMBERSHIP_COLUMNS, ROLES, STATUSES
from samverkansvav.vocabulary import ENTITY_FORMS, FORM_TABLE, FORMS, HOST_FORMS, form_label

MAPS = Path(__file__).resolve().parents[2] / "samverkansvav" / "ingest" / "maps"
#: Header fields that are not model columns but are read into them (member lists, the
#: member's code, the reporting municipality, membership dates).
READ_ONLY_FIELDS = {"members", "member", "member_code", "reporter", "member_start", "member_end"}


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
    fields = set(ARRANGEMENT_COLUMNS) | set(MEMBERSHIP_COLUMNS) | READ_ONLY_FIELDS
    renamed = {"annual_cost", "share", "role", "seat", "host"}  # model columns under these names
    assert _column("headers.csv", "field") <= fields | renamed
    # "-" marks words that rule a header out ("antal kommuner" is a count, not a member list).
    assert _column("header_meanings.csv", "field") <= fields | renamed | {"-"}


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
