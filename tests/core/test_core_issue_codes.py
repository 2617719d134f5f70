"""Every issue code the source emits is in the catalogue, and every catalogued code is emitted."""

from __future__ import annotations

import re
from pathlib import Path

from samverkansvav.issue_codes import DYNAMIC_CODES, ISSUE_CODES

PACKAGE = Path(__file__).resolve().parents[2] / "samverkansvav"
# A level constant followed by a literal code, or an explicit ``code="..."``.
EMITTED = re.compile(r"\b(?:ERROR|WARNING|INFO),\s*\"([a-z][a-z_0-9]*)\"|\bcode=\"([a-z][a-z_0-9]*)\"")


def _emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if path.name == "issue_codes.py":
            continue
        for literal, keyword in EMITTED.findall(path.read_text("utf-8")):
            codes.add(literal or keyword)
    return codes


def test_every_emitted_code_is_catalogued():
    assert _emitted_codes() - set(ISSUE_CODES) == set()


def test_every_catalogued_code_is_emitted():
    assert set(ISSUE_CODES) - _emitted_codes() - DYNAMIC_CODES == set()


def test_the_scan_finds_both_spellings():
    assert EMITTED.findall('self.out.add(WARNING, "host_missing", "…")') == [("host_missing", "")]
    assert EMITTED.findall('Finding(code="lou_check")') == [("", "lou_check")]


def test_descriptions_are_swedish_sentences():
    for code, text in ISSUE_CODES.items():
        assert re.fullmatch(r"[a-z][a-z_0-9]*", code)
        assert text.endswith((".", ")")) and text[0].isupper(), code
