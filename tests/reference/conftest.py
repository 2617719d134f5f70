"""Fixtures for the reference-data tests (names, parties, the build script)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from samverkansvav.reference import PartyResolver, load_parties

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def parties() -> pd.DataFrame:
    return load_parties()


@pytest.fixture(scope="session")
def resolver(parties: pd.DataFrame) -> PartyResolver:
    return PartyResolver(parties)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write ``text`` to ``tmp_path/name`` in the given encoding and return the path."""

    def write(name: str, text: str, *, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write
