"""User text shown on a page stays inert in a real browser (no script runs)."""

from __future__ import annotations

from samverkansvav.model import CooperationWeb

#: Each payload would set ``window.__xss`` if the browser ran it.
PAYLOADS = (
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=2</script>",
    "javascript:window.__xss=3",
    '<svg onload="window.__xss=4">',
)


def _hostile_web() -> CooperationWeb:
    parties = [
        {"id": "0001", "name": "A", "kind": "kommun", "lat": 59.3, "lon": 18.0, "population": 1000},
        {"id": "0002", "name": PAYLOADS[0], "kind": "kommun", "lat": 59.4, "lon": 18.1, "population": 2000},
    ]
    arrangements = [
        {
            "id": f"x{i}",
            "name": payload,
            "form": "avtalssamverkan",
            "area": payload,
            "host": "0001",
            "goal": payload,
            "owner": payload,
            "note": payload,
        }
        for i, payload in enumerate(PAYLOADS)
    ]
    memberships = [
        {
            "arrangement_id": a["id"],
            "party_id": pid,
            "role": "utförare" if pid == "0001" else "uppdragsgivare",
        }
        for a in arrangements
        for pid in ("0001", "0002")
    ]
    return CooperationWeb.from_records(parties=parties, arrangements=arrangements, memberships=memberships)


def test_hostile_names_are_shown_as_text_and_never_run(page, live_server, wait_for_dash, console_problems):
    from samverkansvav.web.app import create_app

    base = live_server(create_app(web=_hostile_web()))
    for path in ("/kommun?kod=0001", "/kommun?kod=0002", "/beroende", "/overlapp", "/", "/scenario?kod=0001"):
        page.goto(base + path)
        wait_for_dash(page)
        page.wait_for_timeout(500)  # give an injected handler time to fire
        assert page.evaluate("() => window.__xss") is None, path
        assert page.locator("script:has-text('__xss')").count() == 0, path
    # The profile shows the payloads as the literal text the register held.
    page.goto(base + "/kommun?kod=0001")
    wait_for_dash(page)
    body = page.inner_text("body")
    assert '<img src=x onerror="window.__xss=1">' in body
    assert "<script>window.__xss=2</script>" in body
    assert page.evaluate("() => window.__xss") is None
