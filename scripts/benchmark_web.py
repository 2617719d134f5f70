"""Benchmark the dashboard at the ``sverige`` synthetic scale.

Measures, in-process (no browser, no network):

- server time of the callback functions (p50 / p95 / max over 50 calls after a
  warm-up) for selecting a municipality and changing a filter on each page;
- each page's first payload: the HTML page + ``/_dash-layout`` + the router's
  response for that URL (what a first visit downloads besides the static JS).

Targets: p95 ≤ 150 ms, first payload < 3 MB.

    python scripts/benchmark_web.py [--calls 50] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import plotly  # noqa: E402

from samverkansvav.model import CooperationWeb  # noqa: E402


def sverige_web(seed: int) -> CooperationWeb:
    from samverkansvav.synthetic import generate

    reg = generate("sverige", seed=seed)
    return CooperationWeb(reg.parties, reg.arrangements, reg.memberships, ("synthetic: sverige",))


def timed(fn, args_list, warmup: int = 3) -> list[float]:
    for args in args_list[:warmup]:
        fn(*args)
    out = []
    for args in args_list:
        start = time.perf_counter()
        result = fn(*args)
        json.dumps(result, cls=plotly.utils.PlotlyJSONEncoder)  # dash serialises the output too
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def router_payload(client, path: str, search: str) -> int:
    body = {
        "output": "..navbar.children...page-content.children...url-state.data..",
        "outputs": [{"id": "navbar", "property": "children"}, {"id": "page-content", "property": "children"},
                    {"id": "url-state", "property": "data"}],
        "inputs": [{"id": "url", "property": "pathname", "value": path},
                   {"id": "url", "property": "search", "value": search}],
        "state": [{"id": "url-state", "property": "data", "value": None}],
        "changedPropIds": ["url.pathname"],
    }
    response = client.post("/_dash-update-component", json=body,
                           headers={"Origin": "http://localhost"})  # same-origin, as a browser sends
    assert response.status_code == 200, response.status_code
    return len(response.data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--boundaries", help="GeoJSON med kommungränser (t.ex. ../shared/geo/swedish_municipalities.geojson)")
    args = parser.parse_args(argv)

    from samverkansvav.config import load_config
    from samverkansvav.web.app import create_app
    from samverkansvav.web.page import context_for
    from samverkansvav.web.pages.beroende import render_dependency
    from samverkansvav.web.pages.karta import map_update
    from samverkansvav.web.pages.kommunprofil import render_profile
    from samverkansvav.web.pages.natverk import render_network
    from samverkansvav.web.pages.oversikt import render_overview
    from samverkansvav.web.pages.overlapp import render_overlap

    start = time.perf_counter()
    web = sverige_web(args.seed)
    print(f"sverige: {len(web.arrangements)} arrangemang, {len(web.memberships)} medlemskap "
          f"({time.perf_counter() - start:.1f} s att generera)")
    start = time.perf_counter()
    config = load_config().replace(boundaries_geojson=args.boundaries) if args.boundaries else load_config()
    app = create_app(config, web=web)
    print(f"create_app inkl. förberäkning: {time.perf_counter() - start:.2f} s")
    state = app.server.config["SAMVERKANSVAV_STATE"]
    bundle = state.bundle()

    rng = random.Random(args.seed)
    members = sorted(set(bundle.memberships["party_id"]) & set(bundle.kommun_ids))
    lans = [code for code, _ in bundle.lans]
    n = args.calls

    def with_context(render):
        # What a Dash callback does: bundle lookup from the URL, then the plain function.
        def call(search, *a, **k):
            c = context_for(state, search)
            return render(c.bundle, *a, lang=c.lang, **k)
        return call

    kods = [rng.choice(members) for _ in range(n)]
    filters = [(rng.sample(bundle.forms, rng.randint(1, 3)), rng.sample(bundle.areas, rng.randint(0, 2)),
                rng.choice([None] + lans)) for _ in range(n)]
    runs = {
        "Kommunprofil: välj kommun": timed(
            lambda kod: with_context(lambda b, kod, lang: render_profile(b, kod, lang))("", kod), [(k,) for k in kods]),
        "Karta: ändra filter (form/område/län)": timed(
            lambda f, a, l: with_context(lambda b, lang: map_update(b, metric="n_arrangements", forms=f, areas=a,
                                                                      lan=l, lang=lang,
                                                                      boundaries_configured=bool(state.boundaries)))(""),
            filters),
        "Översikt: välj län": timed(
            lambda l: with_context(lambda b, lang: render_overview(b, lan=l, kommuner=None, lang=lang))(""),
            [(rng.choice(lans),) for _ in range(n)]),
        "Översikt: välj kommuner": timed(
            lambda ks: with_context(lambda b, lang: render_overview(b, lan=None, kommuner=ks, lang=lang))(""),
            [(rng.sample(members, 3),) for _ in range(n)]),
        "Nätverk: fokus på kommun": timed(
            lambda kod: with_context(lambda b, lang: render_network(b, mode="projektion", focus=kod, lan=None,
                                                                    lang=lang))(""), [(k,) for k in kods]),
        "Nätverk: välj län (bipartit)": timed(
            lambda l: with_context(lambda b, lang: render_network(b, mode="bipartit", focus=None, lan=l,
                                                                  lang=lang))(""),
            [(rng.choice(lans),) for _ in range(n)]),
        "Överlapp: välj län": timed(
            lambda l: with_context(lambda b, lang: render_overlap(b, lan=l, lang=lang))(""),
            [(rng.choice(lans),) for _ in range(n)]),
        "Beroende: välj län": timed(
            lambda l: with_context(lambda b, lang: render_dependency(b, lan=l, lang=lang))(""),
            [(rng.choice(lans),) for _ in range(n)]),
    }
    print(f"\nServertid per anrop (ms, {n} anrop efter uppvärmning; mål p95 ≤ 150 ms)")
    print(f"{'operation':42s} {'p50':>8s} {'p95':>8s} {'max':>8s}")
    worst = 0.0
    for name, values in runs.items():
        worst = max(worst, p95(values))
        print(f"{name:42s} {statistics.median(values):8.1f} {p95(values):8.1f} {max(values):8.1f}")

    client = app.server.test_client()
    base = len(client.get("/").data) + len(client.get("/_dash-layout").data)
    print("\nFörsta nyttolast per sida (HTML + layout + routerns svar; mål < 3 MB)")
    biggest = 0
    for path, search in [("/", ""), ("/karta", ""), ("/natverk", ""), ("/kommun", f"?kod={members[0]}"),
                         ("/overlapp", ""), ("/beroende", "")]:
        size = base + router_payload(client, path, search)
        biggest = max(biggest, size)
        print(f"{path + search:42s} {size / 1024:10.0f} kB")
    ok = worst <= 150 and biggest < 3 * 1024 * 1024
    print(f"\nSämsta p95: {worst:.1f} ms; största sida: {biggest / 1024 / 1024:.2f} MB -> {'OK' if ok else 'ÖVER MÅL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
