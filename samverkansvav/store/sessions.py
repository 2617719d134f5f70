"""Server-side sessions and sign-in throttling, shared by every worker through the database.

- A session is a random ``sid`` in the signed cookie plus a row in ``sessions``.
  Signing out deletes the row, so a copy of the cookie stops working in every
  worker at once.
- Failed sign-ins are rows in ``login_failures`` keyed ``ip:<ip>``,
  ``pair:<user>|<ip>`` and ``user:<user>``; :class:`SessionBook` counts them in a
  window so each worker applies the same back-off (see :mod:`samverkansvav.web.auth`).

:class:`MemoryBook` has the same methods for an app without a database (one
process only: its state is not shared).
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections import deque
from collections.abc import Iterable

import sqlalchemy as sa

from samverkansvav.store import schema

__all__ = ["SessionBook", "MemoryBook", "Failures"]

#: Failure rows older than this are deleted now and then (the longest window used).
KEEP_FAILURES = dt.timedelta(hours=1)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


class Failures(dict):
    """``key -> (count within the window, time of the latest failure or None)``."""


class SessionBook:
    """Sessions and failed sign-ins in the store's database (``store``: a :class:`~samverkansvav.store.Store`)."""

    def __init__(self, store) -> None:  # noqa: ANN001 - a Store; imported lazily elsewhere
        self.store = store
        self._prune_every = 200
        self._writes = 0

    # ------------------------------------------------------------ sessions
    def create(self, username: str, lifetime: dt.timedelta) -> str:
        """A new session for ``username``; returns its id (kept in the signed cookie)."""
        sid = secrets.token_urlsafe(32)
        now = _now()
        row = {"sid": sid, "user_name": username[:64], "created_at": now, "expires_at": now + lifetime}
        self.store._write(lambda conn: conn.execute(schema.sessions.insert(), row))
        return sid

    def valid(self, sid: str, username: str) -> bool:
        """Whether ``sid`` is a live session of ``username``."""
        table = schema.sessions
        query = sa.select(table.c.user_name, table.c.expires_at).where(table.c.sid == sid)
        row = self.store._read(lambda conn: conn.execute(query).first())
        return row is not None and row[0] == username and _utc(row[1]) > _now()

    def end(self, sid: str) -> None:
        """End one session (sign-out)."""
        table = schema.sessions
        self.store._write(lambda conn: conn.execute(table.delete().where(table.c.sid == sid)))

    def end_user(self, username: str) -> None:
        """End every session of ``username`` (a replaced or removed account)."""
        table = schema.sessions
        self.store._write(lambda conn: conn.execute(table.delete().where(table.c.user_name == username)))

    # ------------------------------------------------------------ failures
    def record_failure(self, keys: Iterable[str]) -> None:
        now = _now()
        rows = [{"key": k[:200], "at": now} for k in keys]
        table = schema.login_failures

        def write(conn) -> None:  # noqa: ANN001
            conn.execute(table.insert(), rows)
            if self._writes % self._prune_every == 0:
                conn.execute(table.delete().where(table.c.at < now - KEEP_FAILURES))
                conn.execute(schema.sessions.delete().where(schema.sessions.c.expires_at < now))

        self._writes += 1
        self.store._write(write)

    def failures(self, keys: Iterable[str], window: dt.timedelta) -> Failures:
        """Failures per key within ``window`` of now, with the latest time."""
        keys = [k[:200] for k in keys]
        table = schema.login_failures
        query = (
            sa.select(table.c.key, sa.func.count(), sa.func.max(table.c.at))
            .where(table.c.key.in_(keys), table.c.at >= _now() - window)
            .group_by(table.c.key)
        )
        rows = self.store._read(lambda conn: conn.execute(query).all())
        out = Failures({k: (0, None) for k in keys})
        for key, count, latest in rows:
            out[key] = (int(count), _utc(latest) if latest is not None else None)
        return out

    def clear(self, key: str) -> None:
        table = schema.login_failures
        self.store._write(lambda conn: conn.execute(table.delete().where(table.c.key == key[:200])))


class MemoryBook:
    """:class:`SessionBook` in this process's memory (no database configured)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, tuple[str, dt.datetime]] = {}
        self._failures: dict[str, deque] = {}

    def create(self, username: str, lifetime: dt.timedelta) -> str:
        sid = secrets.token_urlsafe(32)
        with self._lock:
            if len(self._sessions) > 10_000:
                now = _now()
                self._sessions = {k: v for k, v in self._sessions.items() if v[1] > now}
            self._sessions[sid] = (username, _now() + lifetime)
        return sid

    def valid(self, sid: str, username: str) -> bool:
        with self._lock:
            found = self._sessions.get(sid)
        return found is not None and found[0] == username and found[1] > _now()

    def end(self, sid: str) -> None:
        with self._lock:
            self._sessions.pop(sid, None)

    def end_user(self, username: str) -> None:
        with self._lock:
            self._sessions = {k: v for k, v in self._sessions.items() if v[0] != username}

    def record_failure(self, keys: Iterable[str]) -> None:
        now = _now()
        with self._lock:
            if len(self._failures) > 10_000:  # bound the memory a flood of names can take
                self._failures.clear()
            for key in keys:
                self._failures.setdefault(key[:200], deque(maxlen=1000)).append(now)

    def failures(self, keys: Iterable[str], window: dt.timedelta) -> Failures:
        cutoff = _now() - window
        out = Failures()
        with self._lock:
            for key in keys:
                recent = [t for t in self._failures.get(key[:200], ()) if t >= cutoff]
                out[key[:200]] = (len(recent), recent[-1] if recent else None)
        return out

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key[:200], None)
