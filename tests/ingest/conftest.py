"""Fixtures for the ingest tests: small registers written in code into tmp_path."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from samverkansvav.testing import require as _require

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    _require((SHARED_DIR / "data").is_dir(), "the shared data folder is not beside the repo")
    return SHARED_DIR / "data"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


WIDE_HEADER = ["Namn", "Form", "Område", "Värdkommun", "Medlemmar"]


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Write sheets ``{name: [rows...]}`` to an .xlsx file; returns its path."""

    def write(
        sheets: dict[str, list[list]],
        name: str = "register.xlsx",
        *,
        hidden: tuple[str, ...] = (),
        merged: dict[str, list[str]] | None = None,
        epoch_1904: bool = False,
    ) -> Path:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        if epoch_1904:
            wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
        for sheet_name, rows in sheets.items():
            ws = wb.create_sheet(sheet_name)
            for row in rows:
                ws.append(row)
            if sheet_name in hidden:
                ws.sheet_state = "hidden"
            for rng in (merged or {}).get(sheet_name, []):
                ws.merge_cells(rng)
        path = tmp_path / name
        wb.save(path)
        return path

    return write


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write rows to a CSV with a chosen separator and encoding; returns its path."""

    def write(
        rows: list[list], name: str = "register.csv", *, sep: str = ";", encoding: str = "utf-8"
    ) -> Path:
        path = tmp_path / name
        with open(path, "w", encoding=encoding, newline="") as handle:
            csv.writer(handle, delimiter=sep).writerows(rows)
        return path

    return write
