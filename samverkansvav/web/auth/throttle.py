"""Throttling of failed sign-ins, so that guessing is slow and nobody can lock a user out.

Failures are counted per IP and per (user, IP) with a growing back-off, in the
database so every worker agrees. A stranger cannot lock a user out: the user's own
IP is never slowed by someone else's failures, and a browser that has signed in as
the user before (a signed "known device" cookie) passes even a flood against the
user name from many IPs.
"""

from __future__ import annotations

import datetime as dt

import flask
from werkzeug.wrappers import Response

from samverkansvav.web.auth.state import AuthState

__all__ = [
    "FAILURE_WINDOW",
    "PAIR_FREE_TRIES",
    "IP_FREE_TRIES",
    "USER_FLOOD",
    "MAX_BACKOFF_S",
    "DEVICE_LIFETIME",
    "DEVICE_COOKIE",
    "backoff_s",
    "throttle_keys",
    "throttled",
    "remember_device",
]

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


def backoff_s(failures: int, free: int) -> float:
    """Seconds to wait after the latest failure: 0 up to ``free`` failures, then 1, 2, 4, … ≤ 15 min.

    >>> [backoff_s(n, 5) for n in (4, 5, 6, 8, 40)]
    [0.0, 1.0, 2.0, 8.0, 900.0]
    """
    if failures < free:
        return 0.0
    return float(min(MAX_BACKOFF_S, 2 ** min(failures - free, 20)))


def throttle_keys(username: str, ip: str) -> dict[str, str]:
    """The failure counters a sign-in of ``username`` from ``ip`` counts against."""
    return {"ip": f"ip:{ip}", "pair": f"pair:{username}|{ip}", "user": f"user:{username}"}


def _device_serializer():  # noqa: ANN202 - itsdangerous is imported lazily
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


def throttled(state: AuthState, username: str, ip: str) -> bool:
    """Whether this try must wait (per-IP and per-(user, IP) back-off; a flood against the user
    from many IPs lets only browsers known to the user through)."""
    keys = throttle_keys(username, ip)
    found = state.sessions().failures(keys.values(), FAILURE_WINDOW)
    now = dt.datetime.now(dt.UTC)
    for kind, free in (("pair", PAIR_FREE_TRIES), ("ip", IP_FREE_TRIES)):
        count, latest = found[keys[kind]]
        wait = backoff_s(count, free)
        if wait and latest is not None and (now - latest).total_seconds() < wait:
            return True
    count, _ = found[keys["user"]]
    return count >= USER_FLOOD and not _known_device(username)


def remember_device(response: Response, state: AuthState, username: str) -> None:
    """Mark this browser as known to ``username`` (it passes a flood against the user name)."""
    response.set_cookie(
        DEVICE_COOKIE,
        _device_serializer().dumps([username]),
        max_age=int(DEVICE_LIFETIME.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=state.production,
        path=state.requests_prefix,
    )
