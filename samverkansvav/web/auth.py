"""Sign-in, sessions and the server-side guards of the dashboard.

``install_auth(app, config)`` turns a Dash app into one that is safe to share:

- a session secret from ``config.secret_key`` (production refuses to start
  without one; development makes a random one per process);
- the session cookie is ``HttpOnly`` and ``SameSite=Lax``, plus ``Secure`` in
  production mode;
- ``MAX_CONTENT_LENGTH`` follows ``config.max_upload_mb`` (a file travels
  base64-encoded inside the callback JSON, hence 1.37 × the file plus slack),
  so an oversized POST - also a hand-made one to ``/_dash-update-component`` -
  gets 413 before any of it is parsed;
- every POST (and other state-changing method) must come from the same host
  (``Origin``, else ``Referer``) or gets 403: Dash posts JSON without a CSRF
  token, so this and SameSite cookies are the CSRF defence;
- ``/logga-in`` and ``/logga-ut``; with ``require_login_to_read`` every other
  route asks anonymous visitors to sign in (redirect for pages, 401 for
  callbacks and other Dash API calls);
- sessions end server-side: the cookie holds a session id that must exist in
  the database (:mod:`samverkansvav.store.sessions`); signing out (POST only,
  same-origin) deletes it, so a copied cookie stops working in every worker;
- failed sign-ins are throttled per IP and per (user, IP) with a growing
  back-off, counted in the database so every worker agrees. A stranger cannot
  lock a user out: the user's own IP is never slowed by someone else's
  failures, and a browser that has signed in as the user before (a signed
  "known device" cookie) passes even a flood against the user name from many IPs;
- the client IP is the socket's, or the ``X-Forwarded-For`` entry added by a
  proxy listed in ``SAMVERKANSVAV_TRUSTED_PROXIES`` (never a header from anyone else).

Identity comes from the signed server session only (:func:`current_account`),
never from callback inputs. Every writing callback calls
:func:`authorize_write` with the kommunkod it is about to write; a
:class:`WriteForbidden` that is not caught becomes a 403 with the Swedish
message, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import logging
import math
import secrets
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import flask
from dash import html
from markupsafe import Markup, escape
from werkzeug.exceptions import InternalServerError, RequestEntityTooLarge

from samverkansvav.accounts import (
    Account,
    AccountsFileError,
    load_accounts,
    may_write,
    normalise_kommun,
    password_fingerprint,
    verify,
)

__all__ = [
    "install_auth",
    "current_account",
    "begin_session",
    "authorize_write",
    "WriteForbidden",
    "login_status",
    "max_content_length",
    "LOGIN_PATH",
    "LOGOUT_PATH",
    "SESSION_KEY",
]

log = logging.getLogger(__name__)
#: Sign-ins, sign-outs and every write decision (who, which kommun, allowed or not).
audit = logging.getLogger("samverkansvav.audit")

LOGIN_PATH, LOGOUT_PATH = "logga-in", "logga-ut"
SESSION_KEY = "konto"
_EXTENSION = "samverkansvav_auth"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: A session lasts a working day; then sign in again.
SESSION_LIFETIME = dt.timedelta(hours=8)
#: Failures are counted within this window.
FAILURE_WINDOW = dt.timedelta(minutes=15)
#: Failures of one user name from one IP before each further try must wait 2^(n - limit) s.
PAIR_FREE_TRIES = 5
#: Failures from one IP (any user names) before the same back-off applies to the IP.
IP_FREE_TRIES = 30
#: Failures against one user name (all IPs) before only browsers known to the user may try.
USER_FLOOD = 100
#: Longest back-off.
MAX_BACKOFF_S = 15 * 60
#: A "known device" cookie (signed user name) lasts this long.
DEVICE_LIFETIME = dt.timedelta(days=90)
DEVICE_COOKIE = "samverkansvav_enhet"
_MIN_SECRET_LENGTH = 16


class WriteForbidden(Exception):
    """The signed-in account (or nobody) may not write this municipality's register."""

    def __init__(self, message: str, *, kommun: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.kommun = kommun


def max_content_length(max_upload_mb: float) -> int:
    """Largest request body in bytes for files of ``max_upload_mb`` MiB.

    A file is sent base64-encoded (4/3 ≈ 1.33, plus the data-URL prefix and JSON
    around it), so allow 1.37 × the file and 64 KiB for the rest of the callback.

    Examples
    --------
    >>> max_content_length(10)  # ceil(1.37 * 10 * 1048576 + 65536) = ceil(14431027.2)
    14431028
    >>> max_content_length(0)
    65536
    """
    return int(math.ceil(1.37 * float(max_upload_mb) * 1024 * 1024 + 64 * 1024))


@dataclass
class _AuthState:
    accounts_file: str | None
    production: bool
    require_login_to_read: bool
    max_upload_mb: float
    routes_prefix: str
    requests_prefix: str
    config: Any = None
    trusted_proxies: tuple = ()
    book: Any = None
    _cache_key: Any = None
    _cache: dict[str, Account] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def accounts(self) -> dict[str, Account]:
        """The accounts file, re-read when it changes; ``{}`` (nobody) when it is broken."""
        if not self.accounts_file:
            return {}
        path = Path(self.accounts_file)
        try:
            st = path.stat()
            key = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            key = None
        with self._lock:
            if key is not None and key == self._cache_key:
                return self._cache
            try:
                accounts = load_accounts(path)
            except AccountsFileError as exc:
                # Fail closed: a broken file signs nobody in, and the log says why.
                log.error("Kontofilen kan inte användas, ingen kan logga in: %s", exc.message)
                accounts = {}
            self._cache_key, self._cache = key, accounts
            return accounts

    def sessions(self):  # -> SessionBook | MemoryBook
        """Sessions and sign-in failures: in the app's database, shared by every worker."""
        if self.book is not None:
            return self.book
        with self._lock:
            if self.book is None:
                from samverkansvav.store.sessions import MemoryBook, SessionBook

                try:
                    store = (
                        flask.current_app.config.get("SAMVERKANSVAV_STORE")
                        if flask.has_app_context()
                        else None
                    )
                    if store is None:
                        from samverkansvav.store import Store

                        store = Store.from_config(self.config)
                        if flask.has_app_context():
                            flask.current_app.config.setdefault("SAMVERKANSVAV_STORE", store)
                    self.book = SessionBook(store)
                except Exception:  # noqa: BLE001 - sign-in still works, per process
                    log.exception(
                        "Databasen kunde inte öppnas för inloggningar; sessioner hålls i minnet "
                        "och delas inte mellan arbetsprocesser."
                    )
                    self.book = MemoryBook()
            return self.book


def _parse_proxies(text: Any) -> tuple:
    """``SAMVERKANSVAV_TRUSTED_PROXIES`` ("10.0.0.1, 10.1.0.0/16") as networks; bad entries are logged."""
    out = []
    for part in str(text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            out.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            log.error("SAMVERKANSVAV_TRUSTED_PROXIES: %r är ingen IP-adress eller nät och ignoreras.", part)
    return tuple(out)


def _trusted(address: str, proxies: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in proxies)


def client_ip(remote_addr: str | None, forwarded_for: str | None, proxies: tuple) -> str:
    """The client's IP: the socket peer, or - when that is a trusted proxy - the last
    ``X-Forwarded-For`` entry not added by a trusted proxy.

    Examples
    --------
    >>> nets = _parse_proxies("10.0.0.1")
    >>> client_ip("10.0.0.1", "203.0.113.7, 198.51.100.2", nets)
    '198.51.100.2'
    >>> client_ip("198.51.100.9", "203.0.113.7", nets)  # not from the proxy: the header is ignored
    '198.51.100.9'
    """
    peer = remote_addr or "-"
    if not proxies or not forwarded_for or not _trusted(peer, proxies):
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _trusted(hop, proxies):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer
    return peer


def _state() -> _AuthState | None:
    if not flask.has_app_context():
        return None
    return flask.current_app.extensions.get(_EXTENSION)


# --------------------------------------------------------------------------- identity
def current_account() -> Account | None:
    """The signed-in account, from the signed server session only (``None`` when anonymous).

    The session holds the user name, a fingerprint of the password hash and a
    session id that must still exist server-side; the account is looked up in
    the accounts file on each call, so a removed account, a changed password or
    a sign-out ends existing sessions (also copies of the cookie).
    """
    state = _state()
    if state is None or not flask.has_request_context():
        return None
    cached = flask.g.get("_samverkansvav_account", False)
    if cached is not False:
        return cached
    account = _session_account(state)
    flask.g._samverkansvav_account = account
    return account


def _session_account(state: _AuthState) -> Account | None:
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


@lru_cache(maxsize=1)
def _kommun_names() -> dict[str, str]:
    try:
        from samverkansvav.reference import load_parties

        parties = load_parties()
        return {str(k): str(v) for k, v in zip(parties["id"], parties["name"])}
    except Exception:  # noqa: BLE001 - a name is a courtesy; the code alone is enough
        return {}


def _kommun_label(code: str | None) -> str:
    if not code:
        return "okänd kommun"
    name = _kommun_names().get(code)
    return f"{name} ({code})" if name else code


def authorize_write(kommun: str) -> Account:
    """The signed-in account, if it may write ``kommun``'s register; else :class:`WriteForbidden`.

    Call it in every writing callback with the kommunkod about to be written,
    *before* writing anything. The identity is the server session's, whatever
    the request says.
    """
    code = normalise_kommun(kommun)
    state = _state()
    if state is None or not state.accounts_file:
        audit.warning("Skrivning nekad (inga konton inrättade) kommun=%r", code)
        raise WriteForbidden(
            "Uppladdning är stängd på den här servern eftersom inga konton är inrättade. "
            "Be förvaltaren skapa ett konto med kommandot add-user.",
            kommun=code,
        )
    account = current_account()
    if account is None:
        audit.warning("Skrivning nekad (ej inloggad) kommun=%r ip=%s", code, _client_ip())
        raise WriteForbidden(
            "Du är inte inloggad. Logga in med ditt kommunkonto för att ladda upp eller "
            "återställa ett register.",
            kommun=code,
        )
    if not may_write(account, code):
        audit.warning(
            "Skrivning nekad användare=%s konto-kommun=%s begärd kommun=%r",
            account.username,
            account.kommun,
            code,
        )
        raise WriteForbidden(
            f"Ditt konto får bara ändra registret för {_kommun_label(account.kommun)}, "
            f"inte för {_kommun_label(code) if code else 'en kommun utan kod'}.",
            kommun=code,
        )
    audit.info("Skrivning tillåten användare=%s roll=%s kommun=%s", account.username, account.role, code)
    return account


def _client_ip() -> str:
    if not flask.has_request_context():
        return "-"
    state = _state()
    proxies = state.trusted_proxies if state is not None else ()
    request = flask.request
    return client_ip(request.remote_addr, request.headers.get("X-Forwarded-For"), proxies)


# --------------------------------------------------------------------------- request guards
def _host_key(netloc: str) -> str:
    netloc = netloc.strip().lower()
    for default_port in (":80", ":443"):
        if netloc.endswith(default_port):
            return netloc[: -len(default_port)]
    return netloc


def _same_origin(request: flask.Request) -> bool:
    """Whether the request's ``Origin`` (else ``Referer``) names this host.

    A POST with neither header is refused: browsers send ``Origin`` on every
    cross-origin POST, and a client that sends neither has no business posting.
    """
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return False
    parts = urlsplit(source)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    return _host_key(parts.netloc) == _host_key(request.host)


def _safe_next(target: str | None, default: str) -> str:
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


def _is_public(path: str, state: _AuthState) -> bool:
    prefix = state.routes_prefix
    if path in (prefix + LOGIN_PATH, prefix + LOGOUT_PATH, prefix + "_favicon.ico"):
        return True
    # Stylesheets and the (public, open-source) component bundles hold no data.
    return path.startswith((prefix + "assets/", prefix + "_dash-component-suites/"))


def _text_response(message: str, status: int) -> flask.Response:
    response = flask.make_response(message, status)
    response.mimetype = "text/plain"
    response.charset = "utf-8"
    return response


def _guard() -> flask.Response | None:
    state = _state()
    request = flask.request
    limit = flask.current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is not None and request.content_length is not None and request.content_length > limit:
        # Refuse on the header alone, before a byte of the body is read.
        return _too_large(None)
    if (
        limit is not None
        and request.content_length is None
        and request.method not in _SAFE_METHODS
        and request.environ.get("wsgi.input_terminated")
    ):
        # A chunked body has no length header, and Werkzeug silently cuts it at the limit
        # (pallets/werkzeug#2620): read one byte more than allowed to tell, then hand the
        # body on unchanged.
        raw = request.environ["wsgi.input"].read(limit + 1)
        if len(raw) > limit:
            return _too_large(None)
        request.environ["wsgi.input"] = io.BytesIO(raw)
    if state is not None and state.production and request.path in _dev_paths(state):
        return _text_response("Finns inte.", 404)  # development-only endpoints are off in production
    if request.method not in _SAFE_METHODS and not _same_origin(request):
        log.warning(
            "POST från annat ursprung nekad: %s %s Origin=%r Referer=%r",
            request.method,
            request.path,
            request.headers.get("Origin"),
            request.headers.get("Referer"),
        )
        return _text_response("Begäran nekades: den kom inte från Samverkansvävs egen sida.", 403)
    if state is None or not state.require_login_to_read or _is_public(request.path, state):
        return None
    if current_account() is not None:
        return None
    is_api = request.path.startswith(state.routes_prefix + "_")
    if request.method in ("GET", "HEAD") and not is_api:
        full = request.full_path if request.query_string else request.path
        return flask.redirect(f"{state.requests_prefix}{LOGIN_PATH}?next={quote(full, safe='/')}")
    return _text_response("Logga in för att se Samverkansväv.", 401)


def _dev_paths(state: _AuthState) -> tuple[str, ...]:
    """Dash's development-only endpoints (hot reload), refused in production."""
    return (state.routes_prefix + "_reload-hash",)


def _ensure_logging() -> None:
    """Application and audit messages to stderr also under ``python app.py`` (gunicorn sets up its own)."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if audit.getEffectiveLevel() > logging.INFO:
        audit.setLevel(logging.INFO)


def _too_large(_error: Exception | None) -> flask.Response:
    state = _state()
    mb = state.max_upload_mb if state else None
    size = f" Största tillåtna filstorlek är {mb:g} MB." if mb is not None else ""
    return _text_response(f"Filen eller begäran är för stor och togs inte emot.{size}", 413)


def _forbidden(error: WriteForbidden) -> flask.Response:
    return _text_response(error.message, 403)


def _server_error(_error: Exception) -> flask.Response:
    # Never a traceback in the browser; the log has it.
    return _text_response(
        "Ett oväntat fel inträffade på servern. Försök igen; om felet kvarstår, kontakta förvaltaren.", 500
    )


def _security_headers(response: flask.Response) -> flask.Response:
    state = _state()
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
    headers.setdefault("Referrer-Policy", "same-origin")
    if state is not None and state.production:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


# --------------------------------------------------------------------------- pages
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


def _request_lang(next_path: str) -> str:
    """The page language: ``lang`` of the request, else of the page the user came from."""
    from urllib.parse import parse_qs

    from samverkansvav.web.i18n import normalise_lang

    asked = flask.request.values.get("lang")
    if not asked:
        asked = (parse_qs(urlsplit(next_path).query).get("lang") or [""])[0]
    return normalise_lang(asked)


def _login_page(
    state: _AuthState,
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
    from samverkansvav.web.i18n import t

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
    response = flask.make_response(body, status)
    response.mimetype = "text/html"
    response.headers["Cache-Control"] = "no-store"
    return response


def begin_session(account: Account) -> None:
    """Sign ``account`` in for the current request's session (server-side row + signed cookie)."""
    state: _AuthState = flask.current_app.extensions[_EXTENSION]
    sid = state.sessions().create(account.username, SESSION_LIFETIME)
    flask.session.clear()  # a fresh session on sign-in: nothing from before carries over
    flask.session[SESSION_KEY] = {
        "u": account.username,
        "f": password_fingerprint(account.password_hash),
        "s": sid,
    }
    flask.session.permanent = True
    flask.g.pop("_samverkansvav_account", None)


def _backoff_s(failures: int, free: int) -> float:
    """Seconds to wait after the latest failure: 0 up to ``free`` failures, then 1, 2, 4, … ≤ 15 min.

    >>> [_backoff_s(n, 5) for n in (4, 5, 6, 8, 40)]
    [0.0, 1.0, 2.0, 8.0, 900.0]
    """
    if failures < free:
        return 0.0
    return float(min(MAX_BACKOFF_S, 2 ** min(failures - free, 20)))


def _device_serializer():
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(flask.current_app.secret_key, salt="samverkansvav-kand-enhet")


def _known_device(username: str) -> bool:
    """Whether this browser has signed in as ``username`` before (a signed cookie we set then)."""
    token = flask.request.cookies.get(DEVICE_COOKIE)
    if not token:
        return False
    try:
        names = _device_serializer().loads(token, max_age=int(DEVICE_LIFETIME.total_seconds()))
    except Exception:  # noqa: BLE001 - any bad or old cookie is simply unknown
        return False
    return isinstance(names, list) and username in names


def _throttle_keys(username: str, ip: str) -> dict[str, str]:
    return {"ip": f"ip:{ip}", "pair": f"pair:{username}|{ip}", "user": f"user:{username}"}


def _throttled(state: _AuthState, username: str, ip: str) -> bool:
    """Whether this try must wait (per-IP and per-(user, IP) back-off; a flood against the user
    from many IPs lets only browsers known to the user through)."""
    keys = _throttle_keys(username, ip)
    found = state.sessions().failures(keys.values(), FAILURE_WINDOW)
    now = dt.datetime.now(dt.UTC)
    for kind, free in (("pair", PAIR_FREE_TRIES), ("ip", IP_FREE_TRIES)):
        count, latest = found[keys[kind]]
        wait = _backoff_s(count, free)
        if wait and latest is not None and (now - latest).total_seconds() < wait:
            return True
    count, _ = found[keys["user"]]
    return count >= USER_FLOOD and not _known_device(username)


def _login() -> flask.Response:
    from samverkansvav.web.i18n import t

    state: _AuthState = flask.current_app.extensions[_EXTENSION]
    request = flask.request
    home = state.requests_prefix
    next_path = _safe_next(request.values.get("next"), home)
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
    ip = _client_ip()
    book = state.sessions()
    if _throttled(state, key, ip):
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
        book.record_failure(_throttle_keys(key, ip).values())
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
    book.clear(_throttle_keys(key, ip)["pair"])
    begin_session(account)
    audit.info(
        "Inloggad användare=%s roll=%s kommun=%s ip=%s", account.username, account.role, account.kommun, ip
    )
    response = flask.redirect(next_path)
    known = [account.username]
    response.set_cookie(
        DEVICE_COOKIE,
        _device_serializer().dumps(known),
        max_age=int(DEVICE_LIFETIME.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=state.production,
        path=state.requests_prefix,
    )
    return response


_LOGOUT_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Logga ut – Samverkansväv</title></head>
<body><main><h1>Logga ut</h1>
<form method="post" action="{action}"><button type="submit">Logga ut</button></form>
<p><a href="{home}">Tillbaka</a></p></main></body></html>
"""


def _logout() -> flask.Response:
    """POST (same origin, checked by the guard): end the session here and in the database.

    A GET only shows a button: another site cannot sign a user out with a link.
    """
    state: _AuthState = flask.current_app.extensions[_EXTENSION]
    if flask.request.method != "POST":
        body = _LOGOUT_PAGE.format(
            action=escape(state.requests_prefix + LOGOUT_PATH), home=escape(state.requests_prefix)
        )
        response = flask.make_response(body, 200)
        response.mimetype = "text/html"
        response.headers["Cache-Control"] = "no-store"
        return response
    account = current_account()
    data = flask.session.get(SESSION_KEY)
    sid = data.get("s") if isinstance(data, dict) else None
    if isinstance(sid, str):
        try:
            state.sessions().end(sid)
        except Exception:  # noqa: BLE001 - the cookie is cleared anyway; the log says why
            log.exception("Sessionen kunde inte avslutas i databasen")
    flask.session.clear()
    if account is not None:
        audit.info("Utloggad användare=%s ip=%s", account.username, _client_ip())
    return flask.redirect(state.requests_prefix)


# --------------------------------------------------------------------------- install
def install_auth(app: Any, config: Any) -> None:
    """Add sessions, sign-in and the request guards to a Dash ``app`` (idempotent).

    Raises :class:`RuntimeError` in production mode without a usable
    ``config.secret_key``.
    """
    server: flask.Flask = app.server
    if _EXTENSION in server.extensions:
        return
    _ensure_logging()
    production = bool(getattr(config, "production", False))
    secret = getattr(config, "secret_key", None)
    if production:
        if not secret:
            raise RuntimeError(
                "Produktionsläge kräver en hemlig nyckel: sätt miljövariabeln "
                "SAMVERKANSVAV_SECRET_KEY till en lång slumpmässig sträng, till exempel från "
                "python -c 'import secrets; print(secrets.token_hex(32))'."
            )
        if len(str(secret)) < _MIN_SECRET_LENGTH:
            raise RuntimeError(
                f"SAMVERKANSVAV_SECRET_KEY är för kort för produktionsläge: använd minst "
                f"{_MIN_SECRET_LENGTH} tecken (helst 64 slumpmässiga hex-tecken)."
            )
        server.debug = False
    elif not secret:
        # Development: a new key per process (sessions end when the server restarts).
        secret = secrets.token_hex(32)
    server.secret_key = str(secret)
    server.config.update(
        SESSION_COOKIE_NAME="samverkansvav_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        MAX_CONTENT_LENGTH=max_content_length(getattr(config, "max_upload_mb", 10.0)),
        PROPAGATE_EXCEPTIONS=False if production else server.config.get("PROPAGATE_EXCEPTIONS"),
    )
    dash_config = getattr(app, "config", {})
    routes_prefix = dash_config.get("routes_pathname_prefix") or "/"
    requests_prefix = dash_config.get("requests_pathname_prefix") or routes_prefix
    state = _AuthState(
        accounts_file=getattr(config, "accounts_file", None) or None,
        production=production,
        require_login_to_read=bool(getattr(config, "require_login_to_read", False)),
        max_upload_mb=float(getattr(config, "max_upload_mb", 10.0)),
        routes_prefix=routes_prefix,
        requests_prefix=requests_prefix,
        config=config,
        trusted_proxies=_parse_proxies(getattr(config, "trusted_proxies", None)),
    )
    server.extensions[_EXTENSION] = state
    # First in line, before Dash's own set-up hook: a refused request costs nothing.
    server.before_request_funcs.setdefault(None, []).insert(0, _guard)
    server.after_request(_security_headers)
    server.add_url_rule(
        routes_prefix + LOGIN_PATH, endpoint="samverkansvav_login", view_func=_login, methods=["GET", "POST"]
    )
    server.add_url_rule(
        routes_prefix + LOGOUT_PATH,
        endpoint="samverkansvav_logout",
        view_func=_logout,
        methods=["GET", "POST"],
    )
    server.register_error_handler(RequestEntityTooLarge, _too_large)
    server.register_error_handler(WriteForbidden, _forbidden)
    server.register_error_handler(InternalServerError, _server_error)
    if state.accounts_file and not Path(state.accounts_file).exists():
        log.warning(
            "Kontofilen %s finns inte: ingen kan logga in förrän ett konto skapas med add-user.",
            state.accounts_file,
        )


# --------------------------------------------------------------------------- component
_STATUS_TEXT = {
    "signed_in": {"sv": "Inloggad som {user}", "en": "Signed in as {user}"},
    "logout": {"sv": "Logga ut", "en": "Sign out"},
    "login": {"sv": "Logga in", "en": "Sign in"},
    "admin": {"sv": "administratör", "en": "administrator"},
}


def login_status(lang: str = "sv", *, next_path: str | None = None) -> html.Div:
    """Who is signed in, with a sign-out link (or a sign-in link), as a small Div.

    Call it while rendering (a layout function or callback), not in a static
    layout: it reads the current request's session. Empty when sign-in is not
    configured. All text is passed as Dash children, so it is shown as text.
    """
    lang = lang if lang in ("sv", "en") else "sv"
    state = _state()
    if state is None or not state.accounts_file:
        return html.Div(className="login-status", id="login-status")
    account = current_account() if flask.has_request_context() else None
    if account is None:
        target = _safe_next(next_path, "")
        href = state.requests_prefix + LOGIN_PATH + (f"?next={quote(target, safe='/')}" if target else "")
        return html.Div(
            html.A(_STATUS_TEXT["login"][lang], href=href, className="login-link"),
            className="login-status",
            id="login-status",
        )
    who = _STATUS_TEXT["admin"][lang] if account.is_admin else _kommun_label(account.kommun)
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
