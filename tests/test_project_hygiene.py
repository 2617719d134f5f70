"""Rules the test suite keeps about itself."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
HERE = Path(__file__).name
#: Spelled in two parts so that this file does not match its own rule.
BARE_SKIP = "pytest." + "skip("


def _lines() -> list[tuple[str, int, str]]:
    return [
        (str(path.relative_to(TESTS)), number, line)
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != HERE
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
    ]


def test_no_bare_skip_outside_the_require_helper():
    """A bare skip call is invisible in CI; ``require()`` fails there instead."""
    offenders = [f"{path}:{number}" for path, number, line in _lines() if BARE_SKIP in line]
    assert offenders == []


def test_http_bodies_are_read_through_the_parsing_helpers():
    """JSON bodies are parsed (``get_json``, ``callback_output``), text bodies read by
    ``plain_text``, which refuses JSON: no test matches substrings of raw JSON, whose
    escaping is the library's business."""
    raw = re.compile(r"\.get_data\(|\bresponse\.data\b|\.data\.decode\(")
    offenders = [f"{path}:{number}: {line.strip()}" for path, number, line in _lines() if raw.search(line)]
    assert offenders == []


def test_the_rules_above_can_fail(tmp_path):
    """The patterns catch what they are meant to catch (a check that can't fail is no check)."""
    raw = re.compile(r"\.get_data\(|\bresponse\.data\b|\.data\.decode\(")
    assert raw.search('assert "läst 1" in response.get_data(as_text=True)')
    assert raw.search('assert b"x" in response.data')
    assert BARE_SKIP in "pytest." + 'skip("no host")'


def test_every_requirement_is_pinned():
    """A fresh machine installs exactly the versions the suite passed with."""
    root = TESTS.parent
    for name in ("requirements.txt", "requirements-dev.txt"):
        lines = [line.split("#")[0].strip() for line in (root / name).read_text("utf-8").splitlines()]
        requirements = [line for line in lines if line and not line.startswith(("-r", "-c", "--"))]
        assert requirements, name
        assert [r for r in requirements if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][\w.]*", r)] == []


def test_ruff_lint_and_format_pass():
    """The code keeps the project's lint rules and formatting (pyproject.toml, [tool.ruff])."""
    import subprocess
    import sys

    root = TESTS.parent
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=root, capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout[-3000:]
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert fmt.returncode == 0, fmt.stdout[-3000:]
