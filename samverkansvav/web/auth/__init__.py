"""Sign-in, sessions and the server-side guards of the dashboard.

``install_auth(app, config)`` turns a Dash app into one that is safe to share:

- a session secret from ``config.secret_key`` (production refuses to start
  without one; development makes a random one per process);
- the session cookie is ``HttpOnly`` and ``SameSite=Lax``, plus ``Secure`` in
  production mode;
- the request guards of :mod:`.guards`: size limit, same-origin writes, and with
  ``require_login_to_read`` sign-in before reading;
- ``/logga-in`` and ``/logga-ut`` (:mod:`.signin`);
- sessions end server-side (:mod:`.sessions`): the cookie holds a session id that
  must exist in the database (:mod:`samverkansvav.store.sessions`); signing out
  (POST only, same-origin) deletes it, so a copied cookie stops working in every worker;
- failed sign-ins are throttled per IP and per (user, IP) (:mod:`.throttle`);
- the client IP is the socket's, or the ``X-Forwarded-For`` entry added by a
  proxy listed in ``SAMVERKANSVAV_TRUSTED_PROXIES`` (:mod:`.client`).

Identity comes from the signed server session only (:func:`current_account`),
never from callback inputs. Every writing callback calls
:func:`authorize_write` with the kommunkod it is about to write; a
:class:`WriteForbidden` that is not caught becomes a 403 with the Swedish
message, and nothing is written (:mod:`.permissions`).
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import flask
from dash import Dash
from werkzeug.exceptions import InternalServerError, RequestEntityTooLarge

from samverkansvav.config import Config
from samverkansvav.web.auth.client import client_ip, parse_proxies, request_ip
from samverkansvav.web.auth.guards import (
    forbidden,
    guard_request,
    max_content_length,
    security_headers,
    server_error,
    too_large,
)
from samverkansvav.web.auth.permissions import WriteForbidden, authorize_write
from samverkansvav.web.auth.sessions import SESSION_KEY, SESSION_LIFETIME, begin_session, current_account
from samverkansvav.web.auth.signin import login_status, login_view, logout_view
from samverkansvav.web.auth.state import EXTENSION, LOGIN_PATH, LOGOUT_PATH, AuthState, audit
from samverkansvav.web.auth.throttle import (
    DEVICE_COOKIE,
    DEVICE_LIFETIME,
    FAILURE_WINDOW,
    IP_FREE_TRIES,
    MAX_BACKOFF_S,
    PAIR_FREE_TRIES,
    USER_FLOOD,
)

__all__ = [
    "install_auth",
    "current_account",
    "begin_session",
    "authorize_write",
    "WriteForbidden",
    "login_status",
    "max_content_length",
    "client_ip",
    "request_ip",
    "LOGIN_PATH",
    "LOGOUT_PATH",
    "SESSION_KEY",
    "SESSION_LIFETIME",
    "FAILURE_WINDOW",
    "PAIR_FREE_TRIES",
    "IP_FREE_TRIES",
    "USER_FLOOD",
    "MAX_BACKOFF_S",
    "DEVICE_LIFETIME",
    "DEVICE_COOKIE",
]

log = logging.getLogger(__name__)

_MIN_SECRET_LENGTH = 16


def _ensure_logging() -> None:
    """Application and audit messages to stderr also under ``python app.py`` (gunicorn sets up its own)."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if audit.getEffectiveLevel() > logging.INFO:
        audit.setLevel(logging.INFO)


def _session_secret(config: Config) -> str:
    """The key that signs session cookies; production refuses to start without a long one."""
    secret = config.secret_key
    if config.production:
        if not secret:
            raise RuntimeError(
                "Produktionsläge kräver en hemlig nyckel: sätt miljövariabeln "
                "SAMVERKANSVAV_SECRET_KEY till en lång slumpmässig sträng, till exempel från "
                "python -c 'import secrets; print(secrets.token_hex(32))'."
            )
        if len(secret) < _MIN_SECRET_LENGTH:
            raise RuntimeError(
                f"SAMVERKANSVAV_SECRET_KEY är för kort för produktionsläge: använd minst "
                f"{_MIN_SECRET_LENGTH} tecken (helst 64 slumpmässiga hex-tecken)."
            )
        return secret
    # Development: a new key per process (sessions end when the server restarts).
    return secret or secrets.token_hex(32)


def install_auth(app: Dash, config: Config) -> None:
    """Add sessions, sign-in and the request guards to a Dash ``app`` (idempotent).

    Raises :class:`RuntimeError` in production mode without a usable
    ``config.secret_key``.
    """
    server: flask.Flask = app.server
    if EXTENSION in server.extensions:
        return
    _ensure_logging()
    production = config.production
    server.secret_key = _session_secret(config)
    if production:
        server.debug = False
    server.config.update(
        SESSION_COOKIE_NAME="samverkansvav_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        MAX_CONTENT_LENGTH=max_content_length(config.max_upload_mb),
        PROPAGATE_EXCEPTIONS=False if production else server.config.get("PROPAGATE_EXCEPTIONS"),
    )
    routes_prefix = app.config.get("routes_pathname_prefix") or "/"
    requests_prefix = app.config.get("requests_pathname_prefix") or routes_prefix
    state = AuthState(
        config=config,
        routes_prefix=routes_prefix,
        requests_prefix=requests_prefix,
        trusted_proxies=parse_proxies(config.trusted_proxies),
    )
    server.extensions[EXTENSION] = state
    # First in line, before Dash's own set-up hook: a refused request costs nothing.
    server.before_request_funcs.setdefault(None, []).insert(0, guard_request)
    server.after_request(security_headers)
    server.add_url_rule(
        routes_prefix + LOGIN_PATH,
        endpoint="samverkansvav_login",
        view_func=login_view,
        methods=["GET", "POST"],
    )
    server.add_url_rule(
        routes_prefix + LOGOUT_PATH,
        endpoint="samverkansvav_logout",
        view_func=logout_view,
        methods=["GET", "POST"],
    )
    server.register_error_handler(RequestEntityTooLarge, too_large)
    server.register_error_handler(WriteForbidden, forbidden)
    server.register_error_handler(InternalServerError, server_error)
    if state.accounts_file and not Path(state.accounts_file).exists():
        log.warning(
            "Kontofilen %s finns inte: ingen kan logga in förrän ett konto skapas med add-user.",
            state.accounts_file,
        )
