"""Screenshots of the upload report and preview and of the scenario page (not committed).

    python scripts/screenshots_upload_scenario.py OUT_DIR [--chromium /usr/bin/chromium]
                                                  [--sizes 1440x900,1920x1080,1024x768]

Serves the app (embedded demo data) with a throwaway store and one account for
Falun (2080) on a free loopback port, then for Swedish and English and every size:

- ``upload-report-*``: a Falun register with an error row, a guessed name and
  rows without Falun: the sorted, wrapping check report;
- ``upload-preview-*``: the same register without the error row: the file as
  read (guesses marked, rows without Falun flagged) and Spara;
- ``upload-changes-*``: a second version changing a seat and a member list
  (the changes in words), after the first was saved;
- ``upload-restore-*``: the confirm step of a restore;
- ``scenario-{exit,host}-{top,network,costs}-*``: ``/scenario?kod=2080`` (exit) and
  ``/scenario?typ=värd&kod=2080``: the summary, the network with its legend, the costs.

Kept apart from ``scripts/screenshots.py`` (every page at one size) so each can
change on its own.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from samverkansvav.vocabulary import field_label  # noqa: E402  (after the path above)

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
PASSWORD = "skarmbild-lösen-1"
#: The register's columns, headed as the template heads them.
FIELDS = ("id", "name", "form", "area", "host", "seat", "members", "start", "annual_cost")
HEADERS = [field_label(field) for field in FIELDS]
ROWS = [
    [
        "falun-lon",
        "Lönenämnden Falun Borlänge",
        "gemensam nämnd",
        "löneadministration",
        "Falu",
        "",
        "Falu kommun, Borlänge",
        "2019-01-01",
        "1 250 000",
    ],
    [
        "dala-rtj",
        "Räddningstjänsten Dala Mitt",
        "kommunalförbund",
        "räddningstjänst",
        "",
        "",
        "Falun, Borlänges, Säter",
        "2012-01-01",
        "18 400 000",
    ],
    [
        "dala-avf",
        "Dala Avfall",
        "kommunalt bolag",
        "avfall",
        "",
        "",
        "Leksand, Rättvik, Gagnef",
        "2015-01-01",
        "",
    ],
    [
        "dala-inkop",
        "Inköpssamverkan Dalarna",
        "avtalssamverkan",
        "upphandling",
        "Borlänge",
        "",
        "Borlänge, Ludvika, Smedjebacken",
        "2020-01-01",
        "",
    ],
]
ERROR_ROW = ["trasig", "Felaktig rad", "nämndsamverkan", "IT", "", "", "Falun, Xyzzyvik", "2020-01-01", ""]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _register(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Samverkan"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _settle(page, extra_ms: int = 1500) -> None:
    page.wait_for_selector("#page-content > *", timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=60_000)
    page.wait_for_timeout(extra_ms)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Skärmbilder av uppladdning och scenario.")
    parser.add_argument("out_dir", help="katalog för PNG-filerna")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--sizes", default="1440x900,1920x1080,1024x768")
    parser.add_argument("--langs", default="sv,en")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from samverkansvav.accounts import add_account
    from samverkansvav.config import load_config
    from samverkansvav.web.app import create_app
    from samverkansvav.web.auth import install_auth

    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sizes = [tuple(int(v) for v in size.split("x")) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="samverkansvav-bilder-") as tmp_dir:
        tmp = Path(tmp_dir)
        accounts = tmp / "konton.json"
        add_account(accounts, "falun", PASSWORD, kommun="2080", role="kommun", method="pbkdf2:sha256:1000")
        config = load_config({}, data_dir=str(tmp / "data"), accounts_file=str(accounts))
        app = create_app(config)
        install_auth(app, config)
        port = _free_port()
        server = make_server("127.0.0.1", port, app.server, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{port}"
        with_error = _register(tmp / "register-med-fel.xlsx", ROWS + [ERROR_ROW])
        first = _register(tmp / "register.xlsx", ROWS)
        changed_rows = [list(r) for r in ROWS]
        changed_rows[1][5] = "Falun"  # a seat where there was none
        changed_rows[2][6] = "Leksand, Rättvik, Gagnef, Falun"
        second = _register(tmp / "register-2.xlsx", changed_rows)
        try:
            with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
                context = pw.chromium.launch_persistent_context(
                    profile,
                    executable_path=args.chromium,
                    headless=True,
                    args=CHROMIUM_ARGS,
                    viewport={"width": 1440, "height": 900},
                )
                page = context.new_page()
                page.goto(base + "/logga-in?next=/ladda-upp")
                page.fill("#anvandarnamn", "falun")
                page.fill("#losenord", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(base + "/ladda-upp", timeout=30_000)
                saved = False
                for lang in args.langs.split(","):
                    query = "" if lang == "sv" else "?lang=en"
                    for width, height in sizes:
                        page.set_viewport_size({"width": width, "height": height})
                        tag = f"{lang}-{width}x{height}"
                        page.goto(base + "/ladda-upp" + query)
                        _settle(page)
                        page.set_input_files("#upload-file input[type=file]", str(with_error))
                        page.wait_for_selector("#upload-errors", timeout=60_000)
                        _settle(page)
                        page.locator("#upload-report").scroll_into_view_if_needed()
                        _shot(page, out / f"upload-report-{tag}.png")
                        page.set_input_files("#upload-file input[type=file]", str(first))
                        page.wait_for_selector("#upload-read", timeout=60_000)
                        _settle(page)
                        page.locator("#upload-read").scroll_into_view_if_needed()
                        _shot(page, out / f"upload-preview-{tag}.png")
                        if not saved:
                            page.click("#upload-save")
                            page.wait_for_selector("#upload-saved-note", timeout=60_000)
                            saved = True
                        # Once both versions are stored, the first file is the one that changes something.
                        changing = first if saved == "twice" else second
                        page.set_input_files("#upload-file input[type=file]", str(changing))
                        page.wait_for_selector("#upload-read", timeout=60_000)
                        _settle(page)
                        page.locator("#upload-preview h4").first.scroll_into_view_if_needed()
                        _shot(page, out / f"upload-changes-{tag}.png")
                        if saved is True:  # a second version, so there is an older one to restore
                            page.click("#upload-save")
                            page.wait_for_selector("#upload-saved-note", timeout=60_000)
                            saved = "twice"
                            _settle(page)
                        restore = page.locator("#upload-history button")
                        if restore.count():
                            restore.first.click()
                            page.wait_for_selector("#upload-restore-confirm-text p", timeout=30_000)
                            page.locator("#upload-restore-confirm").scroll_into_view_if_needed()
                            _shot(page, out / f"upload-restore-{tag}.png")
                            page.click("#upload-restore-no")
                        for name, path in (
                            ("scenario-exit", "/scenario?kod=2080"),
                            ("scenario-host", "/scenario?typ=v%C3%A4rd&kod=2080"),
                        ):
                            page.goto(base + path + ("&lang=en" if lang == "en" else ""))
                            _settle(page, 3500)
                            _shot(page, out / f"{name}-top-{tag}.png")
                            page.locator("#scenario-network").scroll_into_view_if_needed()
                            page.wait_for_timeout(500)
                            _shot(page, out / f"{name}-network-{tag}.png")
                            costs = page.locator("#scenario-costs-unknown, #scenario-costs")
                            if costs.count():
                                costs.first.scroll_into_view_if_needed()
                                page.wait_for_timeout(300)
                                _shot(page, out / f"{name}-costs-{tag}.png")
                context.close()
        finally:
            server.shutdown()
    return 0


def _shot(page, target: Path, *, full: bool = False) -> None:
    page.screenshot(path=str(target), full_page=full)
    print(target)


if __name__ == "__main__":
    raise SystemExit(main())
