"""Screenshots of every dashboard page at 1440×900, for reviewing the look (not committed).

    python scripts/screenshots.py OUT_DIR [--lang en] [--boundaries ../shared/geo/swedish_municipalities.geojson]
                                  [--chromium /usr/bin/chromium]

Serves the app (embedded demo data) on a free loopback port, opens every page of
the registry in headless Chromium (software WebGL, so the map draws without a
GPU or network) and writes ``<nn>-<page>.png`` into OUT_DIR.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Skärmbilder av varje sida i 1440×900.")
    parser.add_argument("out_dir", help="katalog för PNG-filerna")
    parser.add_argument("--lang", default="sv", choices=["sv", "en"])
    parser.add_argument("--boundaries", help="GeoJSON med kommungränser för kartan")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from samverkansvav.config import load_config
    from samverkansvav.web.app import create_app

    config = load_config().replace(boundaries_geojson=args.boundaries) if args.boundaries else load_config()
    app = create_app(config)
    state = app.server.config["SAMVERKANSVAV_STATE"]
    pages = app.server.config["SAMVERKANSVAV_PAGES"]
    bundle = state.bundle()
    # The profile shows the municipality with most arrangements (a full, readable page).
    busiest = bundle.metrics.loc[bundle.metrics.index.isin(bundle.kommun_ids), "n_arrangements"].idxmax()

    port = _free_port()
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lang = "" if args.lang == "sv" else "lang=en"
    try:
        with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS,
                viewport={"width": 1440, "height": 900})
            page = context.new_page()
            for number, spec in enumerate(pages, start=1):
                query = "&".join(q for q in (f"kod={busiest}" if spec.path == "/kommun" else "", lang) if q)
                url = f"http://127.0.0.1:{port}{spec.path}" + (f"?{query}" if query else "")
                page.goto(url)
                page.wait_for_selector("#page-content > *", timeout=30_000)
                page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')",
                                       timeout=30_000)
                # A WebGL map draws after the page has settled: wait for its canvas, then
                # give the software renderer time to paint it.
                for graph in page.locator(".js-plotly-plot").all():
                    if graph.locator(".mapboxgl-canvas, .maplibregl-canvas, canvas").count():
                        graph.locator("canvas").first.wait_for(timeout=30_000)
                page.wait_for_timeout(3500)
                name = spec.path.strip("/") or "oversikt"
                target = out / f"{number:02d}-{name}.png"
                page.screenshot(path=str(target))
                print(target)
            context.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
