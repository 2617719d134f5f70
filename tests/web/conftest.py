"""Fixtures of the in-process dashboard tests: an app on the small web, its client and bundle."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkansvav.web.app import create_app
from samverkansvav.web.data import build_bundle

#: A fixed analysis date so the tests do not depend on today.
ON = dt.date(2025, 1, 1)


@pytest.fixture
def on() -> dt.date:
    return ON


@pytest.fixture
def bundle(small_web):
    return build_bundle(small_web, on=ON)


@pytest.fixture
def app(small_web):
    return create_app(web=small_web)


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.fixture
def state(app):
    return app.server.config["SAMVERKANSVAV_STATE"]


@pytest.fixture
def pages(app):
    return app.server.config["SAMVERKANSVAV_PAGES"]


@pytest.fixture
def text_of():
    """All visible strings of a component tree, joined (for 'is this label shown' checks)."""

    def collect(node) -> str:
        if node is None:
            return ""
        if isinstance(node, (str, int, float)):
            return str(node)
        if isinstance(node, (list, tuple)):
            return " ".join(collect(n) for n in node)
        parts = [collect(getattr(node, "children", None))]
        for prop in ("label", "placeholder", "title"):
            value = getattr(node, prop, None)
            if isinstance(value, str):
                parts.append(value)
        return " ".join(p for p in parts if p)

    return collect
