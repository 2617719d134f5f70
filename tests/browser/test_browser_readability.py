"""Readability measured in headless Chromium at 1440×900 on the demo data (issue 14).

The network canvas must fill the content, its drawn labels be 10–28 px on
screen and rarely overlap, a municipality's or a county's view name (almost)
every node; the map must zoom to a county and name its municipalities. The
numbers come from the drawn page (cytoscape's and plotly's own state), not from
the Python side.
"""

from __future__ import annotations

import math

import pytest

#: Measures the network view as drawn: canvas size against the content width, and for
#: every node whose label is drawn (non-empty and not hidden by min-zoomed-font-size)
#: its on-screen font size and its node-plus-label box.
MEASURE_NETWORK = """() => {
  const host = document.getElementById('network-graph');
  const holder = [host, ...host.querySelectorAll('*')].find(e => e._cyreg && e._cyreg.cy);
  const cy = holder._cyreg.cy;
  const page = document.getElementById('page-content');
  const ps = getComputedStyle(page);
  const content = page.clientWidth - parseFloat(ps.paddingLeft) - parseFloat(ps.paddingRight);
  const rect = host.getBoundingClientRect();
  const zoom = cy.zoom();
  const nodes = cy.nodes();
  const drawn = [];
  nodes.forEach(n => {
    const label = n.style('label');
    if (!label) return;
    const px = parseFloat(n.style('font-size')) * zoom;
    const minPx = parseFloat(n.style('min-zoomed-font-size')) || 0;
    if (px < minPx) return;
    const b = n.renderedBoundingBox({includeLabels: true, includeOverlays: false});
    drawn.push({id: n.id(), px: px, x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2});
  });
  let pairs = 0, overlapping = 0;
  for (let i = 0; i < drawn.length; i++) {
    for (let j = i + 1; j < drawn.length; j++) {
      pairs++;
      const a = drawn[i], b = drawn[j];
      if (Math.min(a.x2, b.x2) > Math.max(a.x1, b.x1) && Math.min(a.y2, b.y2) > Math.max(a.y1, b.y1)) overlapping++;
    }
  }
  return {canvas_width: rect.width, canvas_height: rect.height, content_width: content,
          n_nodes: nodes.length, n_labelled: drawn.length, pairs: pairs, overlapping: overlapping,
          min_px: drawn.length ? Math.min(...drawn.map(d => d.px)) : null,
          max_px: drawn.length ? Math.max(...drawn.map(d => d.px)) : null, zoom: zoom};
}"""


@pytest.fixture(scope="module")
def demo_url():
    """The dashboard on the embedded demo data, served for this module's tests."""
    import socket
    import threading

    from werkzeug.serving import make_server

    from samverkansvav.demo import load_demo_web
    from samverkansvav.web.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = make_server("127.0.0.1", port, create_app(web=load_demo_web()).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=10)


def _open_network(page, url: str, wait_for_dash) -> dict:
    page.goto(url)
    wait_for_dash(page)
    page.wait_for_selector("#network-graph canvas", timeout=15_000)
    page.wait_for_timeout(500)
    return page.evaluate(MEASURE_NETWORK)


@pytest.mark.parametrize(
    "path, names_most", [("/natverk?fokus=2080", True), ("/natverk?lan=20", True), ("/natverk", False)]
)
def test_network_is_readable(page, console_problems, demo_url, wait_for_dash, path, names_most):
    m = _open_network(page, demo_url + path, wait_for_dash)
    assert m["canvas_width"] >= 0.85 * m["content_width"], m
    assert m["canvas_height"] >= 540, m
    assert m["n_labelled"] > 0
    assert 10 <= m["min_px"] and m["max_px"] <= 28, m
    assert m["overlapping"] <= 0.03 * max(m["pairs"], 1), m
    if names_most:
        assert m["n_labelled"] >= 0.9 * m["n_nodes"], m
    assert console_problems(page) == []


#: Where node ``id`` is drawn, in page coordinates.
NODE_XY = """(id) => {
  const host = document.getElementById('network-graph');
  const holder = [host, ...host.querySelectorAll('*')].find(e => e._cyreg && e._cyreg.cy);
  const p = holder._cyreg.cy.getElementById(id).renderedPosition();
  const box = holder.getBoundingClientRect();
  return [box.left + p.x, box.top + p.y];
}"""


def test_click_opens_side_panel_with_links(page, console_problems, demo_url, wait_for_dash, url_matches):
    _open_network(page, demo_url + "/natverk?lan=20", wait_for_dash)
    x, y = page.evaluate(NODE_XY, "2080")
    page.mouse.click(x, y)
    page.wait_for_selector("#network-panel-title", timeout=15_000)
    assert page.inner_text("#network-panel-title") == "Falun"
    hrefs = {
        i: page.get_attribute(f"#{i}", "href")
        for i in ("network-link-profile", "network-link-map", "network-link-ego", "network-link-scenario")
    }
    assert hrefs == {
        "network-link-profile": "/kommun?kod=2080",
        "network-link-map": "/karta?fokus=2080",
        "network-link-ego": "/natverk?fokus=2080",
        "network-link-scenario": "/scenario?kod=2080",
    }
    # The panel floats over the canvas: the canvas keeps its width.
    m = page.evaluate(MEASURE_NETWORK)
    assert m["canvas_width"] >= 0.85 * m["content_width"]
    page.click("#network-link-profile")
    url_matches(page, r".*/kommun\?kod=2080$")
    page.wait_for_selector("#profile-name", timeout=15_000)
    assert page.inner_text("#profile-name").startswith("Falun")
    assert console_problems(page) == []


#: The map as drawn: the width in degrees of longitude of the visible x range, and the
#: names written on it.
MEASURE_MAP = """() => {
  const gd = document.querySelector('#map-graph .js-plotly-plot');
  const r = gd._fullLayout.xaxis.range;
  const names = [...gd.querySelectorAll('.scatterlayer .textpoint text')].map(e => e.textContent);
  return {span: r[1] - r[0], names: names};
}"""


def _open_map(page, url: str, wait_for_dash) -> dict:
    page.goto(url)
    wait_for_dash(page)
    page.wait_for_selector("#map-graph .scatterlayer .trace", timeout=15_000)
    return page.evaluate(MEASURE_MAP)


def test_map_zooms_to_a_county_and_names_it(page, console_problems, demo_url, wait_for_dash):
    from samverkansvav.demo import load_demo_web

    national = _open_map(page, demo_url + "/karta", wait_for_dash)
    county = _open_map(page, demo_url + "/karta?lan=20", wait_for_dash)
    # One zoom level halves the visible span.
    assert math.log2(national["span"] / county["span"]) >= 2, (national["span"], county["span"])
    parties = load_demo_web().parties
    dalarna = set(parties.loc[(parties["lan_code"] == "20") & (parties["kind"] == "kommun"), "name"])
    assert len(dalarna) == 15
    named = dalarna & set(county["names"])
    assert len(named) >= 0.9 * len(dalarna), sorted(dalarna - named)
    # A national view names a few big cities, not every municipality.
    assert 0 < len(national["names"]) <= 15
    assert console_problems(page) == []
