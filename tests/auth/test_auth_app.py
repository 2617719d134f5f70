"""The guards on the real dashboard (``create_app`` + ``install_auth``) and the wsgi entry point."""

from __future__ import annotations

import importlib.util
import uuid

import pytest

from samverkansvav.config import load_config

SAME_ORIGIN = {"Origin": "http://localhost"}


def _router_body(client, pathname: str) -> dict:
    """The router callback's request, built from /_dash-dependencies as the browser would."""
    deps = client.get("/_dash-dependencies").get_json()
    router = next(
        cb
        for cb in deps
        if [(i["id"], i["property"]) for i in cb["inputs"]] == [("url", "pathname"), ("url", "search")]
    )
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1)))
        for part in router["output"].strip(".").split("...")
    ]
    values = {"pathname": pathname, "search": ""}
    return {
        "output": router["output"],
        "outputs": outputs,
        "inputs": [{**i, "value": values[i["property"]]} for i in router["inputs"]],
        "changedPropIds": ["url.pathname"],
        "state": [{**s, "value": None} for s in router["state"]],
    }


@pytest.fixture
def real_app(accounts_path, small_web):
    def build(**settings):
        from samverkansvav.web.app import create_app
        from samverkansvav.web.auth import install_auth

        config = load_config({}, accounts_file=str(accounts_path), **settings)
        app = create_app(config, web=small_web)
        install_auth(app, config)
        return app

    return build


def test_real_app_serves_the_router_to_same_origin(real_app):
    app = real_app()
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    response = client.post("/_dash-update-component", json=_router_body(client, "/"), headers=SAME_ORIGIN)
    assert response.status_code == 200
    assert "navbar" in response.get_json()["response"]


def test_real_app_refuses_cross_origin_callback(real_app):
    app = real_app()
    client = app.server.test_client()
    response = client.post(
        "/_dash-update-component", json=_router_body(client, "/"), headers={"Origin": "https://ond.example"}
    )
    assert response.status_code == 403


def test_real_app_refuses_oversized_callback(real_app):
    app = real_app(max_upload_mb=0.01)  # limit 79 902 bytes (see test_auth_web)
    client = app.server.test_client()
    body = _router_body(client, "/")
    body["inputs"][1]["value"] = "?" + "x" * 100_000
    response = client.post("/_dash-update-component", json=body, headers=SAME_ORIGIN)
    assert response.status_code == 413


def test_real_app_behind_sign_in(real_app, login, passwords):
    app = real_app(require_login_to_read=True)
    client = app.server.test_client()
    assert client.get("/").status_code == 302
    assert client.get("/_dash-dependencies").status_code == 401
    login(client, "anna", passwords["anna"])
    assert client.get("/").status_code == 200
    response = client.post("/_dash-update-component", json=_router_body(client, "/"), headers=SAME_ORIGIN)
    assert response.status_code == 200


# ------------------------------------------------------------------ wsgi.py
def _load_wsgi(repo_root):
    spec = importlib.util.spec_from_file_location(f"wsgi_{uuid.uuid4().hex}", repo_root / "wsgi.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_wsgi_app_is_production_with_debug_off(repo_root, monkeypatch, tmp_path):
    monkeypatch.delenv("SAMVERKANSVAV_PRODUCTION", raising=False)
    monkeypatch.delenv("SAMVERKANSVAV_REQUIRE_LOGIN_TO_READ", raising=False)
    monkeypatch.setenv("SAMVERKANSVAV_SECRET_KEY", "w" * 64)
    monkeypatch.setenv("SAMVERKANSVAV_DATA_DIR", str(tmp_path))
    module = _load_wsgi(repo_root)
    server = module.server
    assert module.config.production is True
    assert server.debug is False
    assert server.config["SESSION_COOKIE_SECURE"] is True
    assert server.secret_key == "w" * 64
    assert server.test_client().get("/", base_url="https://localhost").status_code == 200


@pytest.mark.slow
def test_wsgi_app_without_secret_refuses_to_start(repo_root, monkeypatch, tmp_path):
    monkeypatch.delenv("SAMVERKANSVAV_PRODUCTION", raising=False)
    monkeypatch.delenv("SAMVERKANSVAV_SECRET_KEY", raising=False)
    monkeypatch.setenv("SAMVERKANSVAV_DATA_DIR", str(tmp_path))
    with pytest.raises(RuntimeError, match="Produktionsläge kräver en hemlig nyckel"):
        _load_wsgi(repo_root)
