"""Reusable fixtures for every real-browser test (Debian Chromium driven by Playwright).

- ``live_server(app)``: serves a Dash app on a free loopback port in a thread
  (werkzeug ``make_server``) and returns its base URL; stopped after the test.
- ``app_url``: the dashboard on the small web, already served.
- ``browser_context``: one headless Chromium per session with a fresh profile dir.
- ``page``: a fresh Playwright page in headless Chromium (``/usr/bin/chromium``,
  WebGL through SwiftShader so the map draws, no network, fresh profile). Every
  console message and page error is collected in ``page.console_messages``
  (list of ``(type, text)``) so a test can assert an empty console.
- ``wait_for_dash(page)``: waits until Dash has no callback in flight.
- ``expect``: Playwright's ``expect``; assert on an element through it, so the check
  waits for the state it names instead of reading the page once (a read right after a
  wait on another element races the callback that writes this one).
- ``console_problems(page)``: the collected messages minus :data:`KNOWN_THIRD_PARTY`
  (a dash-cytoscape 1.0.2 warning and SwiftShader GL driver notes).

Without Chromium or Playwright the tests skip locally with the reason shown and
FAIL in CI (``CI=true``).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import threading
from pathlib import Path

import pytest

from samverkansvav.testing import require as _require

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


#: Console messages the app cannot avoid. dash-cytoscape 1.0.2 always passes its
#: default ``wheelSensitivity`` (1) to cytoscape.js, which warns whenever the option is
#: defined (``options.wheelSensitivity !== undefined``), even at the default value.
#: Under SwiftShader (software WebGL, used in headless tests) Chromium also relays GL
#: driver performance notes ("GPU stall due to ReadPixels") when the WebGL map is read
#: for hover picking; they come from the test machine's GL stack, not the app.
KNOWN_THIRD_PARTY: tuple[str, ...] = ("You have set a custom wheel sensitivity", "GL Driver Message")


def pytest_collection_modifyitems(items):
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().parent == here:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("SAMVERKANSVAV_CHROMIUM", str(CHROMIUM))
    _require(Path(path).exists(), f"Chromium saknas ({path}); installera Debian-paketet chromium")
    return path


@pytest.fixture(scope="session")
def playwright_instance():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the machine
        _require(False, "Python-paketet playwright saknas (pip install playwright)")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser_context(playwright_instance, chromium_path):
    # A fresh, throwaway profile: Playwright takes it as the persistent-context dir
    # (Chromium refuses --user-data-dir in args for a normal launch).
    profile = tempfile.mkdtemp(prefix="samverkansvav-chromium-")
    context = playwright_instance.chromium.launch_persistent_context(
        profile,
        executable_path=chromium_path,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1440, "height": 900},
        locale="sv-SE",
        accept_downloads=True,
    )
    yield context
    context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser_context):
    """A fresh page at 1440×900 collecting console messages."""
    page = browser_context.new_page()
    messages: list[tuple[str, str]] = []
    page.on("console", lambda msg: messages.append((msg.type, msg.text)))
    page.on("pageerror", lambda exc: messages.append(("pageerror", str(exc))))
    page.console_messages = messages
    yield page
    page.close()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server():
    """Factory: ``live_server(app) -> base URL``; every server is shut down after the test."""
    from werkzeug.serving import make_server

    servers = []

    def serve(app) -> str:
        port = _free_port()
        server = make_server("127.0.0.1", port, app.server, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}"

    yield serve
    for server, thread in servers:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def app_url(live_server, small_web):
    from samverkansvav.web.app import create_app

    return live_server(create_app(web=small_web))


@pytest.fixture
def wait_for_dash():
    """Wait until the Dash renderer has drawn the page and no callback is pending."""

    def wait(page, timeout: float = 15_000) -> None:
        page.wait_for_selector("#page-content > *", timeout=timeout)
        page.wait_for_function(
            "() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=timeout
        )
        page.wait_for_timeout(300)  # let late callbacks (figure resize, grid render) settle

    return wait


@pytest.fixture
def choose():
    """Pick the option labelled ``text`` in the dropdown ``selector``.

    Waits for that option to be drawn and clicks it, instead of typing and
    pressing Enter: on a busy machine Enter can land before the list has been
    filtered and pick the first option.
    """

    def pick(page, selector: str, text: str, *, close: bool = False, timeout: float = 15_000) -> None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        # On a loaded machine the menu can open before its options are refreshed, the
        # typed filter can land before the search box has focus, or a searchable list
        # can redraw its options (fetched as you type) under the pointer: close it and
        # try again.
        attempts = 3
        for attempt in range(attempts):
            page.click(selector)
            try:
                page.locator('[role="option"]').first.wait_for(state="visible", timeout=timeout / attempts)
                # Replace whatever an earlier attempt left in the search box.
                page.keyboard.press("Control+A")
                page.keyboard.type(text)
                # Options fetched for the typed text arrive through a callback: let it
                # finish so the option clicked is not redrawn under the pointer.
                page.wait_for_function(
                    "() => !document.querySelector('[data-dash-is-loading=\"true\"]')",
                    timeout=timeout / attempts,
                )
                option = page.locator('[role="option"]', has_text=text).first
                option.wait_for(state="visible", timeout=timeout / attempts)
                option.click(timeout=timeout / attempts)
            except PlaywrightTimeout:
                if attempt == attempts - 1:
                    raise
                page.keyboard.press("Escape")
                page.wait_for_timeout(500)
                continue
            break
        if close:
            page.keyboard.press("Escape")

    return pick


@pytest.fixture
def expect(playwright_instance):
    """Playwright's ``expect`` (retries until the element is in the asserted state)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


@pytest.fixture
def url_matches():
    """Wait until the page's address matches ``pattern``.

    The dashboard rewrites the address with the History API, which fires no
    load event, so this polls ``page.url`` instead of waiting for a navigation.
    """
    from playwright.sync_api import expect

    def wait(page, pattern: str, timeout: float = 15_000) -> None:
        expect(page).to_have_url(re.compile(pattern), timeout=timeout)

    return wait


@pytest.fixture
def console_problems():
    """Console messages of a page that are not known third-party noise."""

    def problems(page) -> list[tuple[str, str]]:
        return [
            (kind, text)
            for kind, text in page.console_messages
            if not any(known in text for known in KNOWN_THIRD_PARTY)
        ]

    return problems
