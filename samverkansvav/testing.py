"""Support for the test suite: what a test needs that the machine may lack.

Browser tests need Chromium, store tests a PostgreSQL server, reference tests the
shared source folder. Locally such a test is skipped with the reason shown; in CI
(``CI=true``), where everything is installed, a missing piece is a failure, so a
green CI run never hides skipped tests.
"""

from __future__ import annotations

import os

__all__ = ["IN_CI", "require"]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Skip (locally) or fail (in CI) the running test when ``condition`` is false."""
    import pytest

    if condition:
        return
    if IN_CI:
        pytest.fail(f"Required in CI: {reason}")
    pytest.skip(reason)
