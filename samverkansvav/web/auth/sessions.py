"""Server-side sessions: who is signed in, from the signed cookie *and* a row in the database.

The cookie holds the user name, a fingerprint of the password hash and a session id
that must still exist server-side, so a removed account, a changed password or a
sign-out ends a session everywhere (also copies of the cookie).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

import flask

from samverkansvav.accounts import Account, password_fingerprint
from samverkansvav.web.auth.state import EXTENSION, AuthState, auth_state

__all__ = ["SESSION_KEY", "SESSION_LIFETIME", "current_account", "begin_session", "end_session"]

log = logging.getLogger(__name__)

SESSION_KEY = "konto"
#: A session lasts a working day; then sign in again.
SESSION_LIFETIME = dt.timedelta(hours=8)
#: Where the account of the current request is remembered once looked up.
_REQUEST_ACCOUNT = "_samverkansvav_account"


def current_account() -> Account | None:
    """The signed-in account, from the signed server session only (``None`` when anonymous).

    The account is looked up in the accounts file on each request, never taken
    from callback inputs.
    """
    state = auth_state()
    if state is None or not flask.has_request_context():
        return None
    cached = flask.g.get(_REQUEST_ACCOUNT, False)
    if cached is not False:
        return cached
    account = _session_account(state)
    setattr(flask.g, _REQUEST_ACCOUNT, account)
    return account


def _session_account(state: AuthState) -> Account | None:
    data = flask.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    username, fingerprint, sid = data.get("u"), data.get("f"), data.get("s")
    if not isinstance(username, str) or not isinstance(fingerprint, str) or not isinstance(sid, str):
        return None
    account = state.accounts().get(username)
    if account is None or not secrets.compare_digest(
        password_fingerprint(account.password_hash), fingerprint
    ):
        return None
    try:
        if not state.sessions().valid(sid, username):
            return None
    except Exception:  # noqa: BLE001 - fail closed: no session check, no identity
        log.exception("Sessionen kunde inte kontrolleras")
        return None
    return account


def begin_session(account: Account) -> None:
    """Sign ``account`` in for the current request's session (server-side row + signed cookie)."""
    state: AuthState = flask.current_app.extensions[EXTENSION]
    sid = state.sessions().create(account.username, SESSION_LIFETIME)
    flask.session.clear()  # a fresh session on sign-in: nothing from before carries over
    flask.session[SESSION_KEY] = {
        "u": account.username,
        "f": password_fingerprint(account.password_hash),
        "s": sid,
    }
    flask.session.permanent = True
    flask.g.pop(_REQUEST_ACCOUNT, None)


def end_session(state: AuthState) -> None:
    """End the current request's session here (cookie) and in the database (every worker)."""
    data = flask.session.get(SESSION_KEY)
    sid = data.get("s") if isinstance(data, dict) else None
    if isinstance(sid, str):
        try:
            state.sessions().end(sid)
        except Exception:  # noqa: BLE001 - the cookie is cleared anyway; the log says why
            log.exception("Sessionen kunde inte avslutas i databasen")
    flask.session.clear()
