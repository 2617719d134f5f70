"""The translation table is complete and every label the views use exists."""

from __future__ import annotations

import re
from pathlib import Path

from samverkansvav.analysis.metrics import index_components
from samverkansvav.model import FORMS
from samverkansvav.web.i18n import INDEX_COMPONENTS_EN, LANGUAGES, TEXTS, form_labels, t

WEB_DIR = Path(__file__).resolve().parents[2] / "samverkansvav" / "web"


def test_every_entry_has_both_languages():
    for key, entry in TEXTS.items():
        assert set(entry) == set(LANGUAGES), key
        assert all(entry[lang].strip() for lang in LANGUAGES), key


def test_every_key_used_in_the_code_exists():
    used = set()
    for path in WEB_DIR.rglob("*.py"):
        used |= set(re.findall(r'\bt\(\s*"([a-z_]+\.[a-z_.]+)"', path.read_text("utf-8")))
    assert used, "no t(...) calls found"
    assert sorted(used - set(TEXTS)) == []


def test_forms_have_labels_in_both_languages():
    assert set(form_labels("sv")) == set(FORMS)
    assert form_labels("sv")["gemensam_namnd"] == "Gemensam nämnd"
    assert form_labels("en")["gemensam_namnd"] == "Joint committee"


def test_every_index_component_has_an_english_text():
    assert {key for key, *_ in index_components()} == set(INDEX_COMPONENTS_EN)


def test_unknown_language_falls_back_to_swedish():
    assert t("nav.karta", "de") == "Karta"
