"""The written-out white space is exactly what ``str.isspace`` holds for."""

from __future__ import annotations

import sys

from samverkansvav.reference.name_cache import _coarse_drop
from samverkansvav.reference.parties import WHITE_SPACE, _white_space_but_blank_and_newline


def test_white_space_is_every_character_isspace_holds_for():
    every = "".join(char for char in map(chr, range(sys.maxunicode + 1)) if char.isspace())
    assert WHITE_SPACE == every


def test_the_stripped_check_looks_for_all_white_space_but_blank_and_newline():
    assert set(_white_space_but_blank_and_newline()) == set(WHITE_SPACE) - {" ", "\n"}


def test_the_coarse_key_drops_all_white_space():
    assert set(map(ord, WHITE_SPACE)) <= set(_coarse_drop())
