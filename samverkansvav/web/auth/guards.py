"""The checks every request passes before any page or callback runs, and the error pages.

- ``MAX_CONTENT_LENGTH`` follows ``config.max_upload_mb`` (a file travels base64-encoded
  inside the callback JSON, hence 1.37 × the file plus slack), so an oversized POST - also
  a hand-made one to ``/_dash-update-component`` - gets 413 before any of it is parsed;
- every POST (and other state-changing method) must come from the same host (``Origin``,
  else ``Referer``) or gets 403: Dash posts JSON without a CSRF token, so this and
  SameSite cookies are the CSRF defence;
- with ``require_login_to_read`` anonymous visitors are asked to sign in (redirect for
  pages, 401 for callbacks and other Dash API calls);
- errors never show a traceback, and every response carries the security headers.
"""

from __future__ import annotations

import io
import logging
import math
from urllib.parse import quote, urlsplit

import flask
from werkzeug.wrappers import Response

from samverkansvav.web.auth.permissions import WriteForbidden
from samverkansvav.web.auth.sessions import current_account
from samverkansvav.web.auth.state import LOGIN_PATH, LOGOUT_PATH, AuthState, auth_state

__all__ = [
    "max_content_length",
    "guard_request",
    "security_headers",
    "too_large",
    "forbidden",
    "server_error",
    "text_response",
]

log = logging.getLogger(__name__)

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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


def _is_public(path: str, state: AuthState) -> bool:
    prefix = state.routes_prefix
    if path in (prefix + LOGIN_PATH, prefix + LOGOUT_PATH, prefix + "_favicon.ico"):
        return True
    # Stylesheets and the (public, open-source) component bundles hold no data.
    return path.startswith((prefix + "assets/", prefix + "_dash-component-suites/"))


def _dev_paths(state: AuthState) -> tuple[str, ...]:
    """Dash's development-only endpoints (hot reload), refused in production."""
    return (state.routes_prefix + "_reload-hash",)


def text_response(message: str, status: int) -> flask.Response:
    """A plain-text response (a message, never markup)."""
    response = flask.make_response(message, status)
    response.mimetype = "text/plain"  # Werkzeug adds "; charset=utf-8" to a text type
    return response


def _body_too_large(request: flask.Request) -> bool:
    """Whether the body exceeds ``MAX_CONTENT_LENGTH`` (judged before the body is parsed)."""
    limit = flask.current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is None:
        return False
    if request.content_length is not None:
        # Refuse on the header alone, before a byte of the body is read.
        return request.content_length > limit
    if request.method not in _SAFE_METHODS and request.environ.get("wsgi.input_terminated"):
        # A chunked body has no length header, and Werkzeug silently cuts it at the limit
        # (pallets/werkzeug#2620): read one byte more than allowed to tell, then hand the
        # body on unchanged.
        raw = request.environ["wsgi.input"].read(limit + 1)
        if len(raw) > limit:
            return True
        request.environ["wsgi.input"] = io.BytesIO(raw)
    return False


def guard_request() -> Response | None:
    """Refuse a request that is too large, from another site or (when reading needs it) anonymous."""
    state = auth_state()
    request = flask.request
    if _body_too_large(request):
        return too_large(None)
    if state is not None and state.production and request.path in _dev_paths(state):
        return text_response("Finns inte.", 404)  # development-only endpoints are off in production
    if request.method not in _SAFE_METHODS and not _same_origin(request):
        log.warning(
            "POST från annat ursprung nekad: %s %s Origin=%r Referer=%r",
            request.method,
            request.path,
            request.headers.get("Origin"),
            request.headers.get("Referer"),
        )
        return text_response("Begäran nekades: den kom inte från Samverkansvävs egen sida.", 403)
    if state is None or not state.require_login_to_read or _is_public(request.path, state):
        return None
    if current_account() is not None:
        return None
    is_api = request.path.startswith(state.routes_prefix + "_")
    if request.method in ("GET", "HEAD") and not is_api:
        full = request.full_path if request.query_string else request.path
        return flask.redirect(f"{state.requests_prefix}{LOGIN_PATH}?next={quote(full, safe='/')}")
    return text_response("Logga in för att se Samverkansväv.", 401)


def too_large(_error: Exception | None) -> flask.Response:
    state = auth_state()
    mb = state.max_upload_mb if state else None
    size = f" Största tillåtna filstorlek är {mb:g} MB." if mb is not None else ""
    return text_response(f"Filen eller begäran är för stor och togs inte emot.{size}", 413)


def forbidden(error: WriteForbidden) -> flask.Response:
    return text_response(error.message, 403)


def server_error(_error: Exception) -> flask.Response:
    # Never a traceback in the browser; the log has it.
    return text_response(
        "Ett oväntat fel inträffade på servern. Försök igen; om felet kvarstår, kontakta förvaltaren.", 500
    )


def security_headers(response: flask.Response) -> flask.Response:
    state = auth_state()
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
    headers.setdefault("Referrer-Policy", "same-origin")
    if state is not None and state.production:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
