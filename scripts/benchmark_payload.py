"""First payload of every page on a huge register (not a unit test).

Usage::

    python scripts/benchmark_payload.py [N]

Builds a web with N (default 100,000) two-member arrangements for Falun (2080)
and Borlänge (2081), then sends each page's router callback (what a browser
sends on navigation) twice and prints status, response size and server time.
Targets (issue 13): every page's first payload < 3 MB; server time < 1 s.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import time

import numpy as np
import pandas as pd

from samverkansvav.config import load_config
from samverkansvav.model import CooperationWeb
from samverkansvav.reference import load_parties
from samverkansvav.web.app import create_app

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
if not 1 <= n <= 200_000:
    sys.exit("N must be between 1 and 200000")
parties = load_parties()
arr = pd.DataFrame(
    {
        "id": [f"a{i}" for i in range(n)],
        "name": [f"Avtal nummer {i}" for i in range(n)],
        "form": "avtalssamverkan",
        "area": "IT",
        "host": "2080",
        "status": "aktiv",
    }
)
mem = pd.DataFrame(
    {
        "arrangement_id": np.repeat(arr["id"].to_numpy(), 2),
        "party_id": ["2080", "2081"] * n,
        "role": ["utförare", "uppdragsgivare"] * n,
        "annual_cost": 1000.0,
    }
)
web = CooperationWeb(parties, arr, mem, ("bench",))
t = time.perf_counter()
app = create_app(load_config({}, include_demo_data=False), web=web)
print("app built", round(time.perf_counter() - t, 1), "s")
client = app.server.test_client()


def page(path, search):
    body = {
        "output": "..navbar.children...page-content.children...url-state.data..",
        "outputs": [
            {"id": "navbar", "property": "children"},
            {"id": "page-content", "property": "children"},
            {"id": "url-state", "property": "data"},
        ],
        "inputs": [
            {"id": "url", "property": "pathname", "value": path},
            {"id": "url", "property": "search", "value": search},
        ],
        "changedPropIds": ["url.pathname"],
        "state": [{"id": "url-state", "property": "data", "value": None}],
    }
    t = time.perf_counter()
    r = client.post("/_dash-update-component", json=body, headers={"Origin": "http://localhost"})
    return r.status_code, len(r.data), time.perf_counter() - t


from samverkansvav.web.pages import load_pages  # noqa: E402 (after the app is built above)

for p in load_pages():
    for search in [""] + (["?kod=2080"] if p.path == "/kommun" else []):
        code, size, sec = page(p.path, search)
        print(f"{p.path}{search}: {code} {size / 1e6:.2f} MB {sec:.2f} s (first)")
        code, size, sec = page(p.path, search)
        print(f"{p.path}{search}: {code} {size / 1e6:.2f} MB {sec:.2f} s (again)")
