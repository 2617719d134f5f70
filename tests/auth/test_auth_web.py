"""The server-side guards on a minimal Dash app: sign-in, write permission, size, origin."""

from __future__ import annotations

import pytest
from dash import html

from samverkansvav.accounts import add_account
from samverkansvav.testing import callback_output, plain_text
from samverkansvav.web.auth import (
    SESSION_KEY,
    WriteForbidden,
    authorize_write,
    current_account,
    login_status,
    max_content_length,
)

SAME_ORIGIN = {"Origin": "http://localhost"}


# ------------------------------------------------------------------ writing callbacks
def test_anonymous_write_is_refused_and_nothing_written(make_app, save_request):
    app = make_app()
    response = save_request(app.server.test_client(), "2023")
    assert response.status_code == 403
    assert "Du är inte inloggad" in plain_text(response)
    assert app.writes == []


def test_account_cannot_write_another_kommun_with_a_hand_made_callback(
    make_app, save_request, login, passwords
):
    app = make_app()
    client = app.server.test_client()
    assert login(client, "anna", passwords["anna"]).status_code == 302
    response = save_request(client, "2021")  # anna belongs to 2023; the request says 2021
    assert response.status_code == 403
    text = plain_text(response)
    assert "Ditt konto får bara ändra registret för Malung-Sälen (2023)" in text
    assert "Vansbro (2021)" in text
    assert app.writes == []


def test_account_writes_its_own_kommun(make_app, save_request, login, passwords):
    app = make_app()
    client = app.server.test_client()
    login(client, "anna", passwords["anna"])
    response = save_request(client, "2023")
    assert response.status_code == 200
    assert callback_output(response.get_json(), "out", "children") == "sparat för 2023"
    assert app.writes == [("anna", "2023")]


def test_admin_writes_any_kommun(make_app, save_request, login, passwords):
    app = make_app()
    client = app.server.test_client()
    login(client, "root", passwords["root"])
    assert save_request(client, "2021").status_code == 200
    assert save_request(client, "2023").status_code == 200
    assert app.writes == [("root", "2021"), ("root", "2023")]


def test_forged_session_cookie_is_ignored(make_app, save_request):
    """A cookie signed with another key (here: another app's) carries no identity."""
    victim, other = make_app(), make_app()
    forger = other.server.test_client()
    with forger.session_transaction() as session:
        session[SESSION_KEY] = {"u": "root", "f": "0" * 16}
    cookie = forger.get_cookie("samverkansvav_session")
    client = victim.server.test_client()
    client.set_cookie("samverkansvav_session", cookie.value)
    assert save_request(client, "2021").status_code == 403
    assert victim.writes == []


def test_session_with_wrong_password_fingerprint_is_anonymous(make_app, save_request):
    app = make_app()
    client = app.server.test_client()
    with client.session_transaction() as session:  # correctly signed, but not from a sign-in
        session[SESSION_KEY] = {"u": "root", "f": "0" * 16}
    assert save_request(client, "2021").status_code == 403


def test_password_change_ends_existing_sessions(make_app, save_request, login, passwords, accounts_path):
    app = make_app()
    client = app.server.test_client()
    login(client, "anna", passwords["anna"])
    assert save_request(client, "2023").status_code == 200
    add_account(
        accounts_path,
        "anna",
        "helt-nytt-lösen-7",
        kommun="2023",
        role="kommun",
        replace=True,
        method="pbkdf2:sha256:1000",
    )
    assert save_request(client, "2023").status_code == 403
    assert app.writes == [("anna", "2023")]


def test_logout_ends_the_session(make_app, save_request, login, passwords):
    app = make_app()
    client = app.server.test_client()
    login(client, "anna", passwords["anna"])
    assert client.get("/logga-ut").status_code == 200  # a GET only shows the sign-out button
    assert save_request(client, "2023").status_code == 200
    assert client.post("/logga-ut", headers={"Origin": "http://localhost"}).status_code == 302
    assert save_request(client, "2023").status_code == 403


def test_upload_closed_without_accounts_file(make_app, save_request):
    app = make_app(accounts_file=None)
    response = save_request(app.server.test_client(), "2023")
    assert response.status_code == 403
    assert "inga konton är inrättade" in plain_text(response)


def test_authorize_write_outside_an_app_refuses():
    with pytest.raises(WriteForbidden):
        authorize_write("2023")


def test_current_account_outside_a_request_is_none():
    assert current_account() is None


# ------------------------------------------------------------------ sign-in page
def test_wrong_password_and_unknown_user_get_the_same_answer(make_app, login, passwords):
    app = make_app()
    client = app.server.test_client()
    wrong = login(client, "anna", "fel-lösenord-123")
    unknown = login(client, "ingen-sadan", "fel-lösenord-123")
    assert wrong.status_code == unknown.status_code == 401
    text_wrong = plain_text(wrong).replace("anna", "NAMN")
    text_unknown = plain_text(unknown).replace("ingen-sadan", "NAMN")
    assert text_wrong == text_unknown
    assert "Fel användarnamn eller lösenord." in text_wrong
    assert "samverkansvav_session" not in (wrong.headers.get("Set-Cookie") or "")


def test_login_page_shows_user_text_escaped(make_app, login):
    app = make_app()
    client = app.server.test_client()
    hostile = "<img src=x onerror=alert(1)>"
    body = plain_text(login(client, hostile, "x", next='"><script>alert(2)</script>'))
    assert "<img" not in body and "<script>alert" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "onerror=alert(1)" in body  # present, but only as escaped text inside value="..."
    get_body = plain_text(client.get("/logga-in?next=%22%3E%3Cscript%3Ealert(3)%3C/script%3E"))
    assert "<script>alert(3)" not in get_body


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/kommunprofil?kommun=2023", "/kommunprofil?kommun=2023"),
        ("https://ond.example/", "/"),
        ("//ond.example/", "/"),
        ("/\\ond.example", "/"),
        ("javascript:alert(1)", "/"),
        (None, "/"),
    ],
)
def test_login_redirects_only_to_local_paths(make_app, login, passwords, target, expected):
    app = make_app()
    response = login(app.server.test_client(), "anna", passwords["anna"], next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_session_cookie_flags_in_development(make_app, login, passwords):
    app = make_app()
    cookie = login(app.server.test_client(), "anna", passwords["anna"]).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_in_production(make_app, login, passwords):
    app = make_app(production=True, secret_key="x" * 32)
    client = app.server.test_client()
    cookie = login(client, "anna", passwords["anna"], headers={"Origin": "https://localhost"}).headers[
        "Set-Cookie"
    ]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert app.server.debug is False


def test_repeated_failures_are_throttled(make_app, login, passwords):
    app = make_app()
    client = app.server.test_client()
    statuses = [login(client, "anna", f"fel-{i}-xxxxxx").status_code for i in range(10)]
    # 5 free tries for anna from this IP, then each try waits 1, 2, 4 … s after the last failure
    assert statuses == [401] * 5 + [429] * 5
    # refused even with the right password while the back-off runs
    response = login(client, "anna", passwords["anna"])
    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in plain_text(response)
    assert login(client, "bertil", passwords["bertil"]).status_code == 302  # others unaffected


def test_login_without_accounts_is_unavailable(make_app, login):
    app = make_app(accounts_file=None)
    response = login(app.server.test_client(), "anna", "vad-som-helst-1")
    assert response.status_code == 503
    assert "Inloggning är inte aktiverad" in plain_text(response)


# ------------------------------------------------------------------ secret key and production
def test_production_without_secret_refuses_to_start(make_app):
    with pytest.raises(RuntimeError, match="SAMVERKANSVAV_SECRET_KEY"):
        make_app(production=True, secret_key=None)


def test_production_with_short_secret_refuses_to_start(make_app):
    with pytest.raises(RuntimeError, match="för kort"):
        make_app(production=True, secret_key="kort")


def test_development_makes_a_random_secret_per_app(make_app):
    first, second = make_app(), make_app()
    assert len(first.server.secret_key) == 64  # 32 random bytes as hex
    assert first.server.secret_key != second.server.secret_key


def test_configured_secret_is_used(make_app):
    assert make_app(secret_key="k" * 40).server.secret_key == "k" * 40


# ------------------------------------------------------------------ size and origin
def test_max_content_length_follows_the_setting(make_app):
    # 1.37 * 2 * 1048576 = 2873098.24; + 65536 = 2938634.24; ceil -> 2938635
    assert max_content_length(2) == 2938635
    assert make_app(max_upload_mb=2.0).server.config["MAX_CONTENT_LENGTH"] == 2938635


def test_oversized_callback_post_gets_413(make_app, save_request, login, passwords):
    app = make_app(max_upload_mb=0.01)  # limit ceil(1.37*10485.76 + 65536) = 79902 bytes
    client = app.server.test_client()
    login(client, "anna", passwords["anna"])
    payload = "x" * 100_000  # a "file" bigger than the limit inside a callback
    body = {
        "output": "out.children",
        "outputs": {"id": "out", "property": "children"},
        "inputs": [{"id": "save", "property": "n_clicks", "value": 1}],
        "changedPropIds": ["save.n_clicks"],
        "state": [{"id": "kommun", "property": "value", "value": payload}],
    }
    response = client.post("/_dash-update-component", json=body, headers=SAME_ORIGIN)
    assert response.status_code == 413
    assert "för stor" in plain_text(response)
    assert "0.01 MB" in plain_text(response)
    assert app.writes == []


def _chunked_post(app, size: int) -> tuple[int, str]:
    """A POST with a chunked body (no Content-Length), as gunicorn hands it on: (status, text)."""
    import io

    from werkzeug.test import EnvironBuilder, run_wsgi_app

    environ = EnvironBuilder(
        path="/_dash-update-component",
        method="POST",
        headers={**SAME_ORIGIN, "Content-Type": "application/json", "Transfer-Encoding": "chunked"},
    ).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input_terminated"] = True
    body = b'{"output": "read-out.children", "outputs": {"id": "read-out", "property": "children"}, '
    body += b'"inputs": [{"id": "read", "property": "n_clicks", "value": 1}], '
    body += b'"changedPropIds": ["read.n_clicks"], "state": [], "pad": "'
    body += b"x" * (size - len(body) - 2) + b'"}'
    environ["wsgi.input"] = io.BytesIO(body)
    chunks, status, _headers = run_wsgi_app(app.server.wsgi_app, environ, buffered=True)
    return int(status.split()[0]), b"".join(chunks).decode("utf-8")


def test_oversized_chunked_body_gets_413(make_app):
    """Without a length header the body is measured while read (Werkzeug alone would truncate it)."""
    app = make_app(max_upload_mb=0.01)  # limit 79 902 bytes
    status, text = _chunked_post(app, 200_000)
    assert status == 413 and "för stor" in text


def test_small_chunked_body_is_served(make_app):
    app = make_app(max_upload_mb=0.01)
    status, text = _chunked_post(app, 50_000)
    assert status == 200
    assert callback_output(text, "read-out", "children") == "läst 1"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://ond.example"},
        {"Origin": "http://localhost.ond.example"},
        {"Origin": "null"},
        {"Referer": "https://ond.example/sida"},
        {},  # neither header: refused too
        {"Origin": "https://ond.example", "Referer": "http://localhost/"},  # Origin wins
    ],
)
def test_cross_origin_post_gets_403(make_app, read_request, headers):
    app = make_app()
    response = read_request(app.server.test_client(), headers=headers)
    assert response.status_code == 403
    assert "kom inte från Samverkansvävs egen sida" in plain_text(response)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://localhost"},
        {"Origin": "https://localhost:443"},  # default ports are equivalent
        {"Referer": "http://localhost/kommunprofil"},
    ],
)
def test_same_origin_post_is_served(make_app, read_request, headers):
    app = make_app()
    response = read_request(app.server.test_client(), headers=headers)
    assert response.status_code == 200
    assert callback_output(response.get_json(), "read-out", "children") == "läst 1"


def test_cross_origin_login_post_is_refused(make_app, login, passwords):
    app = make_app()
    response = login(
        app.server.test_client(), "anna", passwords["anna"], headers={"Origin": "https://ond.example"}
    )
    assert response.status_code == 403


# ------------------------------------------------------------------ reading behind sign-in
def test_views_are_public_by_default(make_app, read_request):
    app = make_app()
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    assert read_request(client).status_code == 200


def test_require_login_to_read_redirects_pages_and_refuses_callbacks(make_app, read_request):
    app = make_app(require_login_to_read=True)
    client = app.server.test_client()
    page = client.get("/kommunprofil?kommun=2023")
    assert page.status_code == 302
    assert page.headers["Location"] == "/logga-in?next=/kommunprofil%3Fkommun%3D2023"
    assert client.get("/").headers["Location"] == "/logga-in?next=/"
    for api in ("/_dash-layout", "/_dash-dependencies"):
        assert client.get(api).status_code == 401
    callback = read_request(client)
    assert callback.status_code == 401
    assert "Logga in" in plain_text(callback)


def test_require_login_to_read_keeps_sign_in_and_assets_open(make_app, login, passwords, read_request):
    app = make_app(require_login_to_read=True)
    client = app.server.test_client()
    assert client.get("/logga-in").status_code == 200
    assert client.get("/_favicon.ico").status_code == 200
    assert login(client, "bertil", passwords["bertil"], next="/").headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert read_request(client).status_code == 200


# ------------------------------------------------------------------ no tracebacks, headers
def test_a_failing_callback_shows_no_traceback(make_app, read_request):
    app = make_app(production=True, secret_key="s" * 32)
    response = read_request(
        app.server.test_client(), trigger="boom", output="boom-out", headers={"Origin": "https://localhost"}
    )
    assert response.status_code == 500
    text = plain_text(response)
    assert "Traceback" not in text and "hemlig-intern-detalj" not in text
    assert "Ett oväntat fel inträffade" in text


def test_security_headers(make_app):
    response = make_app().server.test_client().get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_install_is_idempotent(make_app):
    from samverkansvav.config import load_config
    from samverkansvav.web.auth import install_auth

    app = make_app()
    key = app.server.secret_key
    install_auth(app, load_config({}))
    assert app.server.secret_key == key
    assert app.server.test_client().get("/logga-in").status_code == 200


# ------------------------------------------------------------------ the status component
def _texts(component) -> list[str]:
    """Every string in a Dash component tree."""
    if isinstance(component, str):
        return [component]
    children = getattr(component, "children", None)
    if children is None:
        return []
    if not isinstance(children, (list, tuple)):
        children = [children]
    return [text for child in children for text in _texts(child)]


def test_login_status_shows_who_is_signed_in(make_app, login, passwords):
    app = make_app()
    client = app.server.test_client()
    login(client, "anna", passwords["anna"])
    cookie = client.get_cookie("samverkansvav_session")
    with app.server.test_request_context("/", headers={"Cookie": f"samverkansvav_session={cookie.value}"}):
        status = login_status("sv")
    assert isinstance(status, html.Div)
    assert _texts(status) == ["Inloggad som anna", " (Malung-Sälen (2023)) ", "Logga ut"]
    # sign-out is a same-origin POST form, not a link another site could follow
    assert (status.children[-1].action, status.children[-1].method) == ("/logga-ut", "post")


def test_login_status_for_anonymous_and_without_accounts(make_app):
    app = make_app()
    with app.server.test_request_context("/"):
        status = login_status("en", next_path="/karta")
    assert _texts(status) == ["Sign in"]
    assert status.children.href == "/logga-in?next=/karta"
    closed = make_app(accounts_file=None)
    with closed.server.test_request_context("/"):
        assert _texts(login_status("sv")) == []
