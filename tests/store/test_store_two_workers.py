"""One truth across workers (issue 13 item 2): two app instances over one database, as
two gunicorn workers are. A save through one is served by the other within about a
second, and so is an undo; the affected municipality's profile shows what another
register says differently. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import time

import pytest

from samverkansvav.config import load_config
from samverkansvav.ingest import read_register
from samverkansvav.testing import callback_output, strings_in
from samverkansvav.web.data import REFRESH_INTERVAL_S

SAME_ORIGIN = {"Origin": "http://localhost"}
HEADER = ["Id", "Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Status", "Slutdatum"]


def _register(tmp_path, name, rows, reporter):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([HEADER, *rows])
    return read_register(path, reporter=reporter)


def _page_strings(app, path: str, search: str) -> list[str]:
    """The page as the router callback serves it (a hand-made Dash 4 request)."""
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
    response = app.server.test_client().post("/_dash-update-component", json=body, headers=SAME_ORIGIN)
    assert response.status_code == 200
    return list(strings_in(callback_output(response.get_json(), "page-content", "children")))


@pytest.fixture
def two_apps(db_url, tmp_path):
    from samverkansvav.web.app import create_app

    config = load_config(
        {}, database_url=db_url, data_dir=str(tmp_path / "instance"), include_demo_data=False
    )
    first, second = create_app(config), create_app(config)
    yield first, second
    for app in (first, second):
        app.server.config["SAMVERKANSVAV_STORE"].close()


def _served(app, marker: str, *, timeout_s: float = 30.0) -> list[str]:
    """The profile of Borlänge once ``marker`` is on it (or as it is after ``timeout_s``).

    A worker notices a change within REFRESH_INTERVAL_S and reloads in the
    background; the generous timeout only keeps a slow CI machine from failing.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        shown = _page_strings(app, "/kommun", "?kod=2081")
        if marker in shown or time.monotonic() > deadline:
            return shown
        app.server.config["SAMVERKANSVAV_STATE"].wait_until_current()
        time.sleep(REFRESH_INTERVAL_S / 4)


def test_a_save_through_one_worker_is_served_by_the_other(two_apps, tmp_path):
    from samverkansvav.web.pages.upload import env_for, refresh_state

    first, second = two_apps
    assert "Borlänges markörsamverkan" not in _page_strings(second, "/kommun", "?kod=2081")
    result = _register(
        tmp_path,
        "b.csv",
        [["mark", "Borlänges markörsamverkan", "kommunalförbund", "IT", "", "Borlänge, Säter", "aktiv", ""]],
        "2081",
    )
    with first.server.test_request_context():
        env = env_for(first.server)
        env.store.import_register(result, kommun="2081", user="borlange", scope="kommun")
        refresh_state(env)
    assert "Borlänges markörsamverkan" in _page_strings(first, "/kommun", "?kod=2081")  # at once
    assert "Borlänges markörsamverkan" in _served(second, "Borlänges markörsamverkan")

    # Falun says the shared arrangement ended; the other worker shows Borlänge the disagreement.
    falun = _register(
        tmp_path,
        "f.csv",
        [
            [
                "mark",
                "Borlänges markörsamverkan",
                "kommunalförbund",
                "IT",
                "",
                "Borlänge, Säter, Falun",
                "avslutad",
                "2020-01-01",
            ]
        ],
        "2080",
    )
    second.server.config["SAMVERKANSVAV_STORE"].import_register(falun, kommun="2080", scope="kommun")
    shown = _served(
        first, "Falun anger att 'Borlänges markörsamverkan' avslutades 2020-01-01; ert register anger aktiv."
    )
    assert (
        "Falun anger att 'Borlänges markörsamverkan' avslutades 2020-01-01; ert register anger aktiv."
        in shown
    )
    assert "Borlänges markörsamverkan" in shown  # still Borlänge's, still active


def test_an_undo_through_one_worker_is_served_by_the_other(two_apps, tmp_path):
    first, second = two_apps
    store = first.server.config["SAMVERKANSVAV_STORE"]
    one = _register(
        tmp_path,
        "1.csv",
        [["v1", "Version ett", "kommunalförbund", "IT", "", "Borlänge, Säter", "aktiv", ""]],
        "2081",
    )
    two = _register(
        tmp_path,
        "2.csv",
        [["v2", "Version två", "kommunalförbund", "IT", "", "Borlänge, Säter", "aktiv", ""]],
        "2081",
    )
    store.import_register(one, kommun="2081", scope="kommun")
    store.import_register(two, kommun="2081", scope="kommun")
    assert "Version två" in _served(second, "Version två")
    store.restore("2081", 1)
    for app in (first, second):
        shown = _served(app, "Version ett")
        assert "Version ett" in shown and "Version två" not in shown
