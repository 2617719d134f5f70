"""Sessions that end and throttling that cannot be turned into a lock-out (issue 13 item 4).

Sessions and failures live in the database, so two apps over one database (two
gunicorn workers) agree; a copied cookie stops working after sign-out everywhere.
"""

from __future__ import annotations

from samverkansvav.testing import plain_text
from samverkansvav.web.auth import DEVICE_COOKIE, IP_FREE_TRIES, PAIR_FREE_TRIES, USER_FLOOD, client_ip

SAME_ORIGIN = {"Origin": "http://localhost"}


def _client(app, ip: str):
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def _session_cookie(client) -> str:
    return client.get_cookie("samverkansvav_session").value


def test_copied_cookie_stops_working_after_logout_in_every_worker(
    make_app, save_request, login, passwords, db_settings
):
    secret = "test-hemlighet-" + "x" * 32  # workers share the secret (gunicorn preloads one app)
    first = make_app(secret_key=secret, **db_settings)
    second = make_app(secret_key=secret, **db_settings)  # one database, like two gunicorn workers
    browser = first.server.test_client()
    assert login(browser, "anna", passwords["anna"]).status_code == 302
    stolen = _session_cookie(browser)
    thief = second.server.test_client()
    thief.set_cookie("samverkansvav_session", stolen)
    assert save_request(thief, "2023").status_code == 200  # the copy works while the session lives
    assert browser.post("/logga-ut", headers=SAME_ORIGIN).status_code == 302
    assert save_request(thief, "2023").status_code == 403
    assert save_request(browser, "2023").status_code == 403
    assert first.writes + second.writes == [("anna", "2023")]


def test_logout_is_post_only_and_same_origin(make_app, save_request, login, passwords):
    app = make_app()
    client = app.server.test_client()
    login(client, "anna", passwords["anna"])
    assert client.get("/logga-ut").status_code == 200
    assert client.post("/logga-ut", headers={"Origin": "https://elak.example"}).status_code == 403
    assert save_request(client, "2023").status_code == 200  # still signed in
    page = plain_text(client.get("/logga-ut"))
    assert 'method="post"' in page


def test_a_stranger_cannot_lock_out_a_user(make_app, login, passwords, db_settings):
    app = make_app(**db_settings)
    stranger = _client(app, "203.0.113.66")
    statuses = [login(stranger, "anna", f"gissning-{i}").status_code for i in range(3 * IP_FREE_TRIES)]
    assert statuses[:PAIR_FREE_TRIES] == [401] * PAIR_FREE_TRIES
    assert statuses[-1] == 429  # the stranger is slowed down ...
    anna = _client(app, "198.51.100.5")
    assert login(anna, "anna", passwords["anna"]).status_code == 302  # ... anna, from her own IP, is not


def test_a_flood_from_many_ips_lets_a_known_browser_in(make_app, login, passwords, db_settings):
    app = make_app(**db_settings)
    known = _client(app, "198.51.100.5")
    assert login(known, "anna", passwords["anna"]).status_code == 302  # sets the known-device cookie
    assert known.get_cookie(DEVICE_COOKIE) is not None
    known.post("/logga-ut", headers=SAME_ORIGIN)
    for i in range(USER_FLOOD):  # 4 tries each from 25 addresses: no single IP is slowed
        login(_client(app, f"203.0.113.{i // 4 + 1}"), "anna", f"gissning-{i}")
    fresh = _client(app, "198.51.100.77")
    assert login(fresh, "anna", passwords["anna"]).status_code == 429  # unknown browser during the flood
    assert login(known, "anna", passwords["anna"]).status_code == 302  # anna's own browser gets in
    assert login(_client(app, "198.51.100.78"), "bertil", passwords["bertil"]).status_code == 302


def test_failures_are_shared_between_workers(make_app, login, passwords, db_settings):
    first, second = make_app(**db_settings), make_app(**db_settings)
    for i in range(PAIR_FREE_TRIES):
        assert login(_client(first, "203.0.113.9"), "bertil", f"fel-{i}").status_code == 401
    # the next try through the other worker waits too
    assert login(_client(second, "203.0.113.9"), "bertil", passwords["bertil"]).status_code == 429


def test_forwarded_for_only_from_a_trusted_proxy(make_app, login):
    app = make_app(trusted_proxies="10.0.0.1")
    via_proxy = _client(app, "10.0.0.1")
    for i in range(PAIR_FREE_TRIES):
        login(via_proxy, "anna", f"fel-{i}", headers={**SAME_ORIGIN, "X-Forwarded-For": "203.0.113.1"})
    # another client behind the same proxy is a different IP: not slowed by the first one's failures
    other = login(via_proxy, "anna", "fel-x", headers={**SAME_ORIGIN, "X-Forwarded-For": "203.0.113.2"})
    assert other.status_code == 401
    # a client that is not the proxy cannot choose its IP with the header
    assert client_ip("198.51.100.1", "203.0.113.2", ()) == "198.51.100.1"


def test_reload_hash_is_off_in_production(make_app):
    production = make_app(production=True, secret_key="p" * 40)
    assert production.server.test_client().get("/_reload-hash").status_code == 404
    development = make_app()
    assert development.server.test_client().get("/_reload-hash").status_code == 200


def test_sign_in_and_writes_are_logged_in_development(make_app, save_request, login, passwords, caplog):
    import logging

    logging.getLogger("samverkansvav.audit").setLevel(logging.NOTSET)  # as a fresh process has it
    app = make_app()  # installing the guards turns the audit log on, at INFO
    client = app.server.test_client()
    login(client, "anna", passwords["anna"])
    save_request(client, "2023")
    messages = [r.getMessage() for r in caplog.records if r.name == "samverkansvav.audit"]
    assert any(m.startswith("Inloggad användare=anna") for m in messages)
    assert any(m.startswith("Skrivning tillåten användare=anna") for m in messages)
