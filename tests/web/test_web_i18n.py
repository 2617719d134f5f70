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


def test_a_word_after_a_count_agrees_with_it_in_both_languages():
    from samverkansvav.web.i18n import t

    assert t("network.hover_kommun", "en", name="Falun", n=1, p=1, d="0%") == (
        "Falun: 1 arrangement, 1 partner, dependency share 0%"
    )
    assert t("network.hover_kommun", "en", name="Falun", n=2, p=5, d="0%") == (
        "Falun: 2 arrangements, 5 partners, dependency share 0%"
    )
    assert t("network.hover_kommun", "sv", name="Falun", n=1, p=1, d="0 %") == (
        "Falun: 1 arrangemang, 1 part, beroendeandel 0 %"
    )
    assert t("network.hover_arrangement", "sv", name="X", form="avtal", m=1) == "X (avtal), 1 medlem"
    assert (
        t("map.stars_count", "en", a=1, n=0) == "1 arrangement drawn as stars from their provider: 0 lines."
    )


def test_every_plural_choice_names_a_placeholder_of_its_text():
    import re
    import string

    from samverkansvav.web.i18n import TEXTS

    choice = re.compile(r"\{(\w+):[^{}|]*\|[^{}]*\}")
    for key, entry in TEXTS.items():
        for lang, text in entry.items():
            for name in choice.findall(text):
                plain = choice.sub("", text)
                fields = {f for _, f, _, _ in string.Formatter().parse(plain) if f}
                assert name in fields, (key, lang, name)
