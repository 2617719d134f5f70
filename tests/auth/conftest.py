"""Fixtures for the sign-in and write-permission tests.

A minimal Dash app (one writing callback that calls ``authorize_write``, one
reading callback, one that fails) is built per test with ``install_auth``;
callbacks are reached with hand-made POSTs to ``/_dash-update-component`` in
Dash 4's request format, as an attacker would send them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from samverkansvav.accounts import add_account
from samverkansvav.config import load_config

REPO_ROOT = Path(__file__).resolve().parents[2]
#: Cheap hashing for tests only (production uses scrypt); the code paths are the same.
FAST_METHOD = "pbkdf2:sha256:1000"
#: Where the test client's requests claim to come from (Flask's default test host).
SAME_ORIGIN = {"Origin": "http://localhost"}
PASSWORDS = {"anna": "anna-lösenord-1", "bertil": "bertil-lösen-2", "root": "root-lösenord-3"}


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def accounts_path(tmp_path: Path) -> Path:
    """anna → kommun 2023 (Malung-Sälen), bertil → 2021 (Vansbro), root → admin."""
    path = tmp_path / "konton.json"
    add_account(path, "anna", PASSWORDS["anna"], kommun="2023", role="kommun", method=FAST_METHOD)
    add_account(path, "bertil", PASSWORDS["bertil"], kommun="2021", role="kommun", method=FAST_METHOD)
    add_account(path, "root", PASSWORDS["root"], kommun=None, role="admin", method=FAST_METHOD)
    return path


@pytest.fixture
def passwords() -> dict[str, str]:
    return dict(PASSWORDS)


@pytest.fixture
def make_app(accounts_path: Path, tmp_path: Path) -> Callable[..., Any]:
    """``make_app(**settings) -> app`` with ``app.writes``: the (user, kommun) of each write done.

    Sessions and sign-in failures live in the database under ``tmp_path/instance``
    (apps built with the same settings share it, as gunicorn workers do).
    """

    def build(**settings: Any):
        import dash
        from dash import Input, Output, State, dcc, html

        from samverkansvav.web.auth import authorize_write, install_auth

        settings.setdefault("accounts_file", str(accounts_path))
        settings.setdefault("data_dir", str(tmp_path / "instance"))
        config = load_config({}, **settings)
        app = dash.Dash(__name__)
        app.layout = html.Div(
            [
                dcc.Input(id="kommun"),
                html.Button(id="save"),
                html.Div(id="out"),
                html.Button(id="read"),
                html.Div(id="read-out"),
                html.Button(id="boom"),
                html.Div(id="boom-out"),
            ]
        )
        app.writes = []

        @app.callback(
            Output("out", "children"),
            Input("save", "n_clicks"),
            State("kommun", "value"),
            prevent_initial_call=True,
        )
        def _save(_n, kommun):
            account = authorize_write(kommun)  # before anything is written
            app.writes.append((account.username, kommun))
            return f"sparat för {kommun}"

        @app.callback(Output("read-out", "children"), Input("read", "n_clicks"), prevent_initial_call=True)
        def _read(n):
            return f"läst {n}"

        @app.callback(Output("boom-out", "children"), Input("boom", "n_clicks"), prevent_initial_call=True)
        def _boom(_n):
            raise RuntimeError("hemlig-intern-detalj")

        install_auth(app, config)
        return app

    return build


def _callback_body(
    output_id: str, output_prop: str, trigger: str, *, value: Any = 1, state: list[dict] | None = None
) -> dict:
    """A ``/_dash-update-component`` request body as Dash 4's renderer sends it."""
    return {
        "output": f"{output_id}.{output_prop}",
        "outputs": {"id": output_id, "property": output_prop},
        "inputs": [{"id": trigger, "property": "n_clicks", "value": value}],
        "changedPropIds": [f"{trigger}.n_clicks"],
        "state": state or [],
    }


@pytest.fixture
def save_request() -> Callable[..., Any]:
    """``save_request(client, kommun, headers=SAME_ORIGIN)``: the hand-made writing callback."""

    def post(client, kommun: str, *, headers: dict | None = None):
        body = _callback_body(
            "out", "children", "save", state=[{"id": "kommun", "property": "value", "value": kommun}]
        )
        return client.post(
            "/_dash-update-component", json=body, headers=SAME_ORIGIN if headers is None else headers
        )

    return post


@pytest.fixture
def read_request() -> Callable[..., Any]:
    def post(client, *, trigger: str = "read", output: str = "read-out", headers: dict | None = None):
        return client.post(
            "/_dash-update-component",
            json=_callback_body(output, "children", trigger),
            headers=SAME_ORIGIN if headers is None else headers,
        )

    return post


@pytest.fixture
def login() -> Callable[..., Any]:
    """``login(client, username, password, next=None)`` posts the sign-in form."""

    def post(client, username: str, password: str, *, next: str | None = None, headers=None):
        data = {"username": username, "password": password}
        if next is not None:
            data["next"] = next
        return client.post("/logga-in", data=data, headers=SAME_ORIGIN if headers is None else headers)

    return post


PG_ENV = "SAMVERKANSVAV_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_settings(request, tmp_path: Path):
    """Settings for apps whose sessions and failures live in SQLite (in tmp_path) or PostgreSQL.

    The PostgreSQL case gets a throwaway database on ``SAMVERKANSVAV_TEST_POSTGRES_URL``
    (skipped locally without it, failed in CI).
    """
    if request.param == "sqlite":
        yield {"data_dir": str(tmp_path / "instance")}
        return
    import os
    import uuid

    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    from samverkansvav.store.db import normalise_url
    from samverkansvav.testing import require

    server = os.environ.get(PG_ENV)
    require(bool(server), f"PostgreSQL tests need {PG_ENV} (a server URL); none is set")
    name = f"samverkansvav_auth_{uuid.uuid4().hex[:10]}"
    base = make_url(normalise_url(server))
    admin = sa.create_engine(base.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield {
            "database_url": base.set(database=name).render_as_string(hide_password=False),
            "data_dir": str(tmp_path / "instance"),
        }
    finally:
        # Apps keep pooled connections: close them before dropping the database.
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
