"""The sign-in and sign-out pages (``/logga-in``, ``/logga-ut``) and the "signed in as" strip.

Both pages are plain HTML served by Flask, so they work without JavaScript; every value
shown is escaped. Signing out is a POST (a link could be followed by another site).
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import flask
from dash import html
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from samverkansvav.accounts import verify
from samverkansvav.web.auth.client import request_ip
from samverkansvav.web.auth.permissions import kommun_label
from samverkansvav.web.auth.sessions import begin_session, current_account, end_session
from samverkansvav.web.auth.state import EXTENSION, LOGIN_PATH, LOGOUT_PATH, AuthState, audit, auth_state
from samverkansvav.web.auth.throttle import remember_device, throttle_keys, throttled
from samverkansvav.web.i18n import LANGUAGES, normalise_lang, t

__all__ = ["login_view", "logout_view", "login_status", "safe_next"]

_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Samverkansväv</title>
<style>
body{{font-family:system-ui,sans-serif;background:#f5f6f8;margin:0}}
main{{max-width:24rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;
box-shadow:0 1px 4px rgba(0,0,0,.1)}}
label{{display:block;margin-top:1rem}} input{{width:100%;padding:.5rem;box-sizing:border-box}}
button{{margin-top:1.5rem;padding:.6rem 1.2rem}} .fel{{color:#a40000;margin-top:1rem}}
.info{{color:#333;margin-top:1rem}}
</style></head>
<body><main>
<h1>{title}</h1>
<p>{intro}</p>
{notice}
<form method="post" action="{action}">
<input type="hidden" name="next" value="{next}">
<input type="hidden" name="lang" value="{lang}">
<label for="anvandarnamn">{username_label}</label>
<input id="anvandarnamn" name="username" autocomplete="username" required maxlength="64" value="{username}">
<label for="losenord">{password_label}</label>
<input id="losenord" name="password" type="password" autocomplete="current-password" required maxlength="1024">
<button type="submit">{submit}</button>
</form>
<p><a href="{home}">{back}</a></p>
</main></body></html>
"""

_LOGOUT_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Logga ut – Samverkansväv</title></head>
<body><main><h1>Logga ut</h1>
<form method="post" action="{action}"><button type="submit">Logga ut</button></form>
<p><a href="{home}">Tillbaka</a></p></main></body></html>
"""

_STATUS_TEXT = {
    "signed_in": {"sv": "Inloggad som {user}", "en": "Signed in as {user}"},
    "logout": {"sv": "Logga ut", "en": "Sign out"},
    "login": {"sv": "Logga in", "en": "Sign in"},
    "admin": {"sv": "administratör", "en": "administrator"},
}


def safe_next(target: str | None, default: str) -> str:
    """A local path to return to after sign-in (never another site: no open redirect)."""
    if not target or not isinstance(target, str):
        return default
    target = target.strip()
    if any(ord(c) < 32 for c in target) or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def _request_lang(next_path: str) -> str:
    """The page language: ``lang`` of the request, else of the page the user came from."""
    asked = flask.request.values.get("lang")
    if not asked:
        asked = (parse_qs(urlsplit(next_path).query).get("lang") or [""])[0]
    return normalise_lang(asked)


def _html_response(body: str, status: int) -> flask.Response:
    response = flask.make_response(body, status)
    response.mimetype = "text/html"
    response.headers["Cache-Control"] = "no-store"
    return response


def _login_page(
    state: AuthState,
    *,
    next_path: str,
    username: str = "",
    error: str | None = None,
    info: str | None = None,
    status: int = 200,
    lang: str = "sv",
) -> flask.Response:
    notice = Markup("")
    if error:
        notice = Markup('<p class="fel" role="alert">{}</p>').format(error)
    elif info:
        notice = Markup('<p class="info">{}</p>').format(info)
    # Every value is escaped: a user name like <img src=x onerror=...> is shown as text.
    body = _PAGE.format(
        lang=escape(lang),
        title=escape(t("login.title", lang)),
        intro=escape(t("login.intro", lang)),
        username_label=escape(t("login.username", lang)),
        password_label=escape(t("login.password", lang)),
        submit=escape(t("login.submit", lang)),
        back=escape(t("login.back", lang)),
        notice=notice,
        action=escape(state.requests_prefix + LOGIN_PATH),
        next=escape(next_path),
        username=escape(username[:64]),
        home=escape(state.requests_prefix),
    )
    return _html_response(body, status)


def login_view() -> Response:
    """``/logga-in``: GET shows the form, POST checks the password (throttled) and signs in."""
    state: AuthState = flask.current_app.extensions[EXTENSION]
    request = flask.request
    home = state.requests_prefix
    next_path = safe_next(request.values.get("next"), home)
    lang = _request_lang(next_path)
    if not state.accounts_file:
        return _login_page(state, next_path=next_path, status=503, lang=lang, info=t("login.disabled", lang))
    if request.method == "GET":
        account = current_account()
        info = t("login.signed_in_as", lang, username=account.username) if account else None
        return _login_page(state, next_path=next_path, info=info, lang=lang)
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    key = username.strip().lower()[:64]
    ip = request_ip()
    book = state.sessions()
    if throttled(state, key, ip):
        audit.warning("Inloggning spärrad (för många försök) användare=%r ip=%s", key, ip)
        return _login_page(
            state,
            next_path=next_path,
            username=username,
            status=429,
            lang=lang,
            error=t("login.throttled", lang),
        )
    account = verify(state.accounts(), username, password)
    if account is None:
        book.record_failure(throttle_keys(key, ip).values())
        audit.warning("Inloggning misslyckades användare=%r ip=%s", key, ip)
        # The same words whether the user exists or not.
        return _login_page(
            state,
            next_path=next_path,
            username=username,
            status=401,
            lang=lang,
            error=t("login.failed", lang),
        )
    book.clear(throttle_keys(key, ip)["pair"])
    begin_session(account)
    audit.info(
        "Inloggad användare=%s roll=%s kommun=%s ip=%s", account.username, account.role, account.kommun, ip
    )
    response = flask.redirect(next_path)
    remember_device(response, state, account.username)
    return response


def logout_view() -> Response:
    """POST (same origin, checked by the guard): end the session here and in the database.

    A GET only shows a button: another site cannot sign a user out with a link.
    """
    state: AuthState = flask.current_app.extensions[EXTENSION]
    if flask.request.method != "POST":
        body = _LOGOUT_PAGE.format(
            action=escape(state.requests_prefix + LOGOUT_PATH), home=escape(state.requests_prefix)
        )
        return _html_response(body, 200)
    account = current_account()
    end_session(state)
    if account is not None:
        audit.info("Utloggad användare=%s ip=%s", account.username, request_ip())
    return flask.redirect(state.requests_prefix)


def login_status(lang: str = "sv", *, next_path: str | None = None) -> html.Div:
    """Who is signed in, with a sign-out link (or a sign-in link), as a small Div.

    Call it while rendering (a layout function or callback), not in a static
    layout: it reads the current request's session. Empty when sign-in is not
    configured. All text is passed as Dash children, so it is shown as text.
    """
    lang = lang if lang in LANGUAGES else "sv"
    state = auth_state()
    if state is None or not state.accounts_file:
        return html.Div(className="login-status", id="login-status")
    account = current_account() if flask.has_request_context() else None
    if account is None:
        target = safe_next(next_path, "")
        href = state.requests_prefix + LOGIN_PATH + (f"?next={quote(target, safe='/')}" if target else "")
        return html.Div(
            html.A(_STATUS_TEXT["login"][lang], href=href, className="login-link"),
            className="login-status",
            id="login-status",
        )
    who = _STATUS_TEXT["admin"][lang] if account.is_admin else kommun_label(account.kommun)
    return html.Div(
        [
            html.Span(_STATUS_TEXT["signed_in"][lang].format(user=account.username), className="login-user"),
            html.Span(f" ({who}) ", className="login-kommun"),
            # Sign-out is a POST (a link could be followed by another site).
            html.Form(
                html.Button(_STATUS_TEXT["logout"][lang], type="submit", className="logout-link"),
                action=state.requests_prefix + LOGOUT_PATH,
                method="post",
                className="logout-form",
            ),
        ],
        className="login-status",
        id="login-status",
    )
