"""Every page answers through the Flask test client, and the router renders each one."""

from __future__ import annotations

import json

import plotly
import pytest

from samverkansvav.testing import callback_output, plain_text, strings_in
from samverkansvav.web.app import create_app, render, switch_date, switch_language, sync_query
from samverkansvav.web.i18n import t
from samverkansvav.web.pages import PAGE_MODULES, load_pages

PATHS = ["/", "/karta", "/natverk", "/kommun", "/overlapp", "/beroende"]
QUERIES = [
    "",
    "?lang=en",
    "?kod=0001",
    "?kod=0001&lang=en&datum=2024-06-30",
    "?lan=01&vy=bipartit&fokus=0002",
    "?kommuner=0004&former=informell&omraden=IT",
    "?kod=9999&lan=99&datum=inte-ett-datum",
    "?kod=%3Cscript%3E",
]


@pytest.mark.parametrize("path", PATHS)
def test_every_page_returns_200(client, path):
    for query in QUERIES:
        response = client.get(path + query)
        assert response.status_code == 200, query
        assert "react-entry-point" in plain_text(response)


def test_layout_and_dependencies_endpoints(client):
    assert client.get("/_dash-layout").status_code == 200
    deps = client.get("/_dash-dependencies")
    assert deps.status_code == 200
    # router + language + date + download + 6 page syncs + page callbacks
    assert len(deps.get_json()) >= 10


@pytest.mark.parametrize("path", PATHS)
def test_router_renders_without_error(pages, state, path):
    for query in QUERIES:
        nav, content = render(pages, state, path, query)
        texts = "\n".join(strings_in(json.loads(json.dumps(content, cls=plotly.utils.PlotlyJSONEncoder))))
        assert t("error.title", "sv") not in texts, query
        assert t("error.title", "en") not in texts, query


def test_unknown_path_shows_not_found(pages, state, text_of):
    _, content = render(pages, state, "/finns-inte", "")
    assert t("notfound.title", "sv") in text_of(content)


def test_registry_lists_the_six_views_first_in_menu_order():
    pages = load_pages()
    # Scenario and Ladda upp come after the six views in the menu.
    assert PAGE_MODULES[:6] == ("oversikt", "karta", "natverk", "kommunprofil", "overlapp", "beroende")
    assert [p.path for p in pages][:6] == PATHS
    assert len({p.path for p in pages}) == len(pages)


def test_navbar_follows_language(pages, state, text_of):
    nav_sv, _ = render(pages, state, "/karta", "")
    nav_en, _ = render(pages, state, "/karta", "?lang=en")
    assert "Karta" in text_of(nav_sv) and "Beroende och risk" in text_of(nav_sv)
    assert "Map" in text_of(nav_en) and "Dependency and risk" in text_of(nav_en)
    assert "Karta" not in text_of(nav_en)


def test_navbar_links_keep_language_and_date(pages, state):
    nav, _ = render(pages, state, "/karta", "?lang=en&datum=2024-01-01&lan=01")
    links = [c for c in nav[1].children]
    hrefs = {link.children: link.href for link in links}
    # lan is a page selection and is dropped; lang and datum travel with the user.
    assert hrefs["Overview"] == "/?datum=2024-01-01&lang=en"
    assert hrefs["Municipality profile"] == "/kommun?datum=2024-01-01&lang=en"


def test_query_helpers():
    assert sync_query("?lang=en&kod=0001", {"kod": "0180"}) == "?kod=0180&lang=en"
    assert sync_query("?kod=0001", {"kod": None}) == ""
    assert sync_query("", {"former": ["a", "b"]}) == "?former=a%2Cb"
    assert switch_language("en", "?kod=0001") == "?kod=0001&lang=en"
    assert switch_language("sv", "?kod=0001&lang=en") == "?kod=0001"
    import datetime as dt

    assert switch_date("2024-05-01", "?lang=en", default=dt.date(2025, 1, 1)) == "?datum=2024-05-01&lang=en"
    assert switch_date("2025-01-01", "?datum=2024-05-01", default=dt.date(2025, 1, 1)) == ""


def test_router_callback_over_http(client):
    """The router is wired: posting a URL change returns the page for it."""
    payload = {
        "output": "..navbar.children...page-content.children...url-state.data..",
        "outputs": [
            {"id": "navbar", "property": "children"},
            {"id": "page-content", "property": "children"},
            {"id": "url-state", "property": "data"},
        ],
        "inputs": [
            {"id": "url", "property": "pathname", "value": "/kommun"},
            {"id": "url", "property": "search", "value": "?kod=0002"},
        ],
        "state": [{"id": "url-state", "property": "data", "value": None}],
        "changedPropIds": ["url.pathname"],
    }
    response = client.post("/_dash-update-component", json=payload, headers={"Origin": "http://localhost"})
    assert response.status_code == 200
    body = response.get_json()
    page = "\n".join(strings_in(callback_output(body, "page-content", "children")))
    assert "B (0002)" in page
    assert callback_output(body, "url-state", "data")["search"] == "?kod=0002"


def test_router_skips_url_written_by_the_page(client):
    payload = {
        "output": "..navbar.children...page-content.children...url-state.data..",
        "outputs": [
            {"id": "navbar", "property": "children"},
            {"id": "page-content", "property": "children"},
            {"id": "url-state", "property": "data"},
        ],
        "inputs": [
            {"id": "url", "property": "pathname", "value": "/kommun"},
            {"id": "url", "property": "search", "value": "?kod=0002"},
        ],
        "state": [
            {"id": "url-state", "property": "data", "value": {"path": "/kommun", "search": "?kod=0002"}}
        ],
        "changedPropIds": ["url.search"],
    }
    response = client.post("/_dash-update-component", json=payload, headers={"Origin": "http://localhost"})
    assert response.status_code == 204  # PreventUpdate: no re-render, the controls keep focus


def test_two_apps_do_not_share_data(small_web):
    from samverkansvav.model import empty_web

    first = create_app(web=small_web)
    second = create_app(web=empty_web(small_web.parties))
    s1 = first.server.config["SAMVERKANSVAV_STATE"]
    s2 = second.server.config["SAMVERKANSVAV_STATE"]
    assert len(s1.bundle().arrangements) == 5
    assert len(s2.bundle().arrangements) == 0
