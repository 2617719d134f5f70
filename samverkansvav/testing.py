"""Support for the test suite: what a test needs that the machine may lack.

Browser tests need Chromium, store tests a PostgreSQL server, reference tests the
shared source folder. Locally such a test is skipped with the reason shown; in CI
(``CI=true``), where everything is installed, a missing piece is a failure, so a
green CI run never hides skipped tests.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

__all__ = ["IN_CI", "require", "callback_output", "plain_text", "strings_in"]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Skip (locally) or fail (in CI) the running test when ``condition`` is false."""
    import pytest

    if condition:
        return
    if IN_CI:
        pytest.fail(f"Required in CI: {reason}")
    pytest.skip(reason)


def callback_output(body: bytes | str | dict, component_id: str, prop: str) -> Any:
    """The value a Dash callback response gives ``component_id.prop``, parsed from its JSON.

    Tests assert on values, never on the raw text: how a library escapes non-ASCII
    characters or spaces its JSON is not the product's behaviour.
    """
    data = body if isinstance(body, dict) else json.loads(body)
    return data["response"][component_id][prop]


def plain_text(response: Any) -> str:
    """The body of a text or HTML response (a refusal, a page); JSON bodies must be parsed.

    Fails when the body is JSON, so a test can't fall back to matching JSON text.
    """
    assert response.mimetype in {"text/plain", "text/html"}, response.mimetype
    return response.get_data(as_text=True)


def strings_in(value: Any) -> Iterator[str]:
    """Every string in a parsed JSON value (a component tree, a figure), depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings_in(item)
