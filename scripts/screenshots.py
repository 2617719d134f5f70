"""Screenshots of the dashboard's pages and states, for reviewing the look (not committed).

    python scripts/screenshots.py OUT_DIR [--lang sv|en|both] [--sizes 1440x900,1920x1080,1024x768]
                                  [--only natverk,karta] [--kommun 2080] [--lan 20]
                                  [--boundaries ../shared/geo/swedish_municipalities.geojson]
                                  [--chromium /usr/bin/chromium]

Serves the app (embedded demo data) on a free loopback port and opens every
page of the registry plus the states in :data:`STATES` (a county, a
municipality in focus, a clicked network node …) in headless Chromium
(software WebGL, so WebGL figures draw without a GPU or network). Writes
``<size>-<lang>-<nn>-<state>.png`` into OUT_DIR, one per state, language and
window size. ``--only`` keeps the states whose name starts with one of the
given words.
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

#: Extra states beyond each page's default view: (name, URL with {kommun}/{lan}, action).
#: An action ``tap:<node>`` clicks a node of the network, ``full`` takes the whole page.
STATES: tuple[tuple[str, str, str], ...] = (
    ("karta-lan", "/karta?lan={lan}", ""),
    ("karta-fokus", "/karta?fokus={kommun}", ""),
    ("natverk-lan", "/natverk?lan={lan}", ""),
    ("natverk-fokus", "/natverk?fokus={kommun}", ""),
    ("natverk-panel", "/natverk?lan={lan}", "tap:{kommun}"),
    ("natverk-bipartit", "/natverk?vy=bipartit&fokus={kommun}", ""),
    ("kommun-hel", "/kommun?kod={kommun}", "full"),
    ("beroende-lan", "/beroende?lan=01", ""),
    ("scenario-kommun", "/scenario?kod={kommun}", ""),
)

#: Where a network node is drawn, in page coordinates.
NODE_XY = """(id) => {
  const host = document.getElementById('network-graph');
  const holder = [host, ...host.querySelectorAll('*')].find(e => e._cyreg && e._cyreg.cy);
  const node = holder._cyreg.cy.getElementById(id);
  if (!node.length) return null;
  const p = node.renderedPosition();
  const box = holder.getBoundingClientRect();
  return [box.left + p.x, box.top + p.y];
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _settle(page) -> None:
    page.wait_for_selector("#page-content > *", timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=30_000)
    # A WebGL figure draws after the page has settled: wait for its canvas, then give the
    # software renderer time to paint it.
    for graph in page.locator(".js-plotly-plot").all():
        if graph.locator(".mapboxgl-canvas, .maplibregl-canvas").count():
            graph.locator("canvas").first.wait_for(timeout=30_000)
    page.wait_for_timeout(2500)


def plan(pages, *, kommun: str, lan: str, busiest: str, only: list[str]) -> list[tuple[str, str, str]]:
    """(name, path with query, action) of every screenshot, pages first, then the states."""
    shots = []
    for spec in pages:
        query = f"?kod={busiest}" if spec.path == "/kommun" else ""
        shots.append((spec.path.strip("/") or "oversikt", spec.path + query, ""))
    shots += [
        (name, url.format(kommun=kommun, lan=lan), action.format(kommun=kommun))
        for name, url, action in STATES
    ]
    if only:
        shots = [s for s in shots if any(s[0].startswith(word) for word in only)]
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Skärmbilder av sidor och lägen i flera fönsterstorlekar.")
    parser.add_argument("out_dir", help="katalog för PNG-filerna")
    parser.add_argument("--lang", default="sv", choices=["sv", "en", "both"])
    parser.add_argument(
        "--sizes", default="1440x900", help="fönsterstorlekar, t.ex. 1440x900,1920x1080,1024x768"
    )
    parser.add_argument(
        "--only", default="", help="bara lägen vars namn börjar med något av orden (kommaseparerat)"
    )
    parser.add_argument("--kommun", default="2080", help="kommunkod för fokus-, profil- och scenariolägen")
    parser.add_argument("--lan", default="20", help="länskod för länslägen")
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
    # The profile page shows the municipality with most arrangements (a full, readable page).
    busiest = bundle.metrics.loc[bundle.metrics.index.isin(bundle.kommun_ids), "n_arrangements"].idxmax()
    shots = plan(
        pages, kommun=args.kommun, lan=args.lan, busiest=busiest, only=[w for w in args.only.split(",") if w]
    )
    sizes = [tuple(int(v) for v in s.lower().split("x")) for s in args.sizes.split(",") if s]
    langs = ["sv", "en"] if args.lang == "both" else [args.lang]

    port = _free_port()
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=args.chromium,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": sizes[0][0], "height": sizes[0][1]},
            )
            page = context.new_page()
            for width, height in sizes:
                page.set_viewport_size({"width": width, "height": height})
                for lang in langs:
                    for number, (name, url, action) in enumerate(shots, start=1):
                        if lang == "en":
                            url += ("&" if "?" in url else "?") + "lang=en"
                        page.goto(f"http://127.0.0.1:{port}{url}")
                        _settle(page)
                        if action.startswith("tap:"):
                            xy = page.evaluate(NODE_XY, action[4:])
                            if xy:
                                page.mouse.click(*xy)
                                page.wait_for_timeout(1500)
                        target = out / f"{width}x{height}-{lang}-{number:02d}-{name}.png"
                        page.screenshot(path=str(target), full_page=action == "full")
                        print(target)
            context.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
