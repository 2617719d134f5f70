"""The sign-in state of one app: its settings, its accounts file and its session book.

``install_auth`` keeps one :class:`AuthState` in ``server.extensions``; every other part
of sign-in finds it with :func:`auth_state` while serving a request.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import TYPE_CHECKING

import flask

from samverkansvav.accounts import Account, AccountsFileError, load_accounts
from samverkansvav.config import Config

if TYPE_CHECKING:
    from samverkansvav.store.sessions import MemoryBook, SessionBook

__all__ = ["AuthState", "auth_state", "EXTENSION", "LOGIN_PATH", "LOGOUT_PATH", "audit"]

log = logging.getLogger(__name__)
#: Sign-ins, sign-outs and every write decision (who, which kommun, allowed or not).
audit = logging.getLogger("samverkansvav.audit")

LOGIN_PATH, LOGOUT_PATH = "logga-in", "logga-ut"
#: The key of the app's :class:`AuthState` in ``server.extensions``.
EXTENSION = "samverkansvav_auth"


@dataclass
class AuthState:
    """What sign-in needs to know about one app, and its caches (shared by the app's threads)."""

    config: Config
    routes_prefix: str
    requests_prefix: str
    trusted_proxies: tuple[IPv4Network | IPv6Network, ...] = ()
    book: SessionBook | MemoryBook | None = None
    _cache_key: tuple[int, int, int] | None = None
    _cache: dict[str, Account] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def accounts_file(self) -> str | None:
        return self.config.accounts_file or None

    @property
    def production(self) -> bool:
        return self.config.production

    @property
    def require_login_to_read(self) -> bool:
        return self.config.require_login_to_read

    @property
    def max_upload_mb(self) -> float:
        return self.config.max_upload_mb

    def accounts(self) -> dict[str, Account]:
        """The accounts file, re-read when it changes; ``{}`` (nobody) when it is broken."""
        if not self.accounts_file:
            return {}
        path = Path(self.accounts_file)
        try:
            st = path.stat()
            key: tuple[int, int, int] | None = (st.st_mtime_ns, st.st_size, st.st_ino)
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

    def sessions(self) -> SessionBook | MemoryBook:
        """Sessions and sign-in failures: in the app's database, shared by every worker."""
        if self.book is not None:
            return self.book
        with self._lock:
            if self.book is None:
                self.book = self._open_book()
            return self.book

    def _open_book(self) -> SessionBook | MemoryBook:
        from samverkansvav.store.sessions import MemoryBook, SessionBook

        try:
            store = flask.current_app.config.get("SAMVERKANSVAV_STORE") if flask.has_app_context() else None
            if store is None:
                from samverkansvav.store import Store

                store = Store.from_config(self.config)
                if flask.has_app_context():
                    flask.current_app.config.setdefault("SAMVERKANSVAV_STORE", store)
            return SessionBook(store)
        except Exception:  # noqa: BLE001 - sign-in still works, per process
            log.exception(
                "Databasen kunde inte öppnas för inloggningar; sessioner hålls i minnet "
                "och delas inte mellan arbetsprocesser."
            )
            return MemoryBook()


def auth_state() -> AuthState | None:
    """The current app's sign-in state (``None`` outside an app or when auth is not installed)."""
    if not flask.has_app_context():
        return None
    return flask.current_app.extensions.get(EXTENSION)
