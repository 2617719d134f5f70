"""Ladda upp, on the server: the app's store and settings, and uploaded files kept for "Spara".

The browser only ever holds a random token; the bytes stay in ``<data_dir>/uploads``
(deleted after :data:`UPLOAD_TTL_S`) and the checked register is remembered per
token and reporting municipality. Split out of :mod:`.upload`, which re-exports
the public names.

Examples
--------
>>> valid_token("0" * 32), valid_token("../etc/passwd"), valid_token(None)
(True, False, False)
>>> decoded_size("data:application/octet-stream;base64,QUJDRA==")
4
>>> clean_file_name("C:\\\\Users\\\\anna\\\\reg\\x00ister.xlsx")
'register.xlsx'
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import flask
import pandas as pd

log = logging.getLogger(__name__)

# ------------------------------------------------------------------ server-side keys
#: ``server.config`` keys. ``create_app`` sets STORE and BASE_WEB when it opens the store;
#: otherwise (an app built on a given web) this page opens the store lazily and takes the
#: app's starting dataset as base.
STORE_KEY = "SAMVERKANSVAV_STORE"
BASE_WEB_KEY = "SAMVERKANSVAV_BASE_WEB"
_ENV_KEY = "SAMVERKANSVAV_UPLOAD_ENV"
#: An uploaded file waits this long on the server for "Spara", then it is deleted.
UPLOAD_TTL_S = 2 * 60 * 60
_ALLOWED_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt"})
_TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


# ------------------------------------------------------------------ environment
class RecentResults:
    """The last few checked registers, by upload token, safe to share between request threads.

    Each app holds its own (on its :class:`UploadEnv`), so two apps in one process
    never answer for each other's uploads. Only the newest ``limit`` are kept:
    a checked register holds a whole dataset, and one that has fallen out is
    read again from the kept file.

    >>> recent = RecentResults(limit=2)
    >>> recent.put("a", 1); recent.put("b", 2); recent.get("a")
    1
    >>> recent.put("c", 3)  # "b" is now the oldest used, so it goes
    >>> recent.get("b"), recent.get("a"), recent.get("c"), len(recent)
    (None, 1, 3, 2)
    """

    def __init__(self, limit: int = 8) -> None:
        self.limit = limit
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, result: Any) -> None:
        with self._lock:
            self._items[key] = result
            self._items.move_to_end(key)
            while len(self._items) > self.limit:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


@dataclass
class UploadEnv:
    """What the upload callbacks need: settings, the app's data state, the store, the base data.

    ``base_web`` is the data the regional dataset is built on besides the stored
    registers (the demo data, or the dataset the app was started with);
    ``store_factory`` opens the store on first use; ``results`` remembers the
    checked registers of this app's uploads.
    """

    config: Any
    state: Any
    base_web: Any
    store_factory: Callable[[], Any]
    _store: Any = None
    results: RecentResults = field(default_factory=RecentResults)

    @property
    def store(self):
        if self._store is None:
            self._store = self.store_factory()
        return self._store

    @property
    def uploads_dir(self) -> Path:
        return Path(self.config.data_dir) / "uploads"

    @property
    def parties(self) -> pd.DataFrame | None:
        return None if self.base_web is None else self.base_web.parties

    @property
    def max_upload_mb(self) -> float:
        return self.config.max_upload_mb


_ENV_LOCK = threading.Lock()


def store_for(server: flask.Flask, config: Any = None):
    """The app's :class:`~samverkansvav.store.Store`: ``server.config[STORE_KEY]``, opened once from config."""
    with _ENV_LOCK:
        store = server.config.get(STORE_KEY)
        if store is None:
            from samverkansvav.store import Store

            config = config or server.config.get("SAMVERKANSVAV_CONFIG")
            if config is None:
                from samverkansvav.config import load_config

                config = load_config()
            store = Store.from_config(config)
            server.config[STORE_KEY] = store
        return store


def env_for(server: flask.Flask, state: Any = None) -> UploadEnv:
    """The :class:`UploadEnv` of an app's Flask ``server`` (built once, cached on the server)."""
    env = server.config.get(_ENV_KEY)
    if env is not None:
        return env
    config = server.config.get("SAMVERKANSVAV_CONFIG")
    if config is None:
        from samverkansvav.config import load_config

        config = load_config()
    state = state or server.config.get("SAMVERKANSVAV_STATE")
    base = server.config.get(BASE_WEB_KEY)
    if base is None and state is not None:
        base = state.web
    env = UploadEnv(
        config=config, state=state, base_web=base, store_factory=lambda: store_for(server, config)
    )
    # Two first requests at once may both build one; setdefault keeps a single env (and cache).
    return server.config.setdefault(_ENV_KEY, env)


# ------------------------------------------------------------------ small pure helpers
def valid_token(token: Any) -> bool:
    """Whether ``token`` looks like one of ours (32 hex digits): it becomes part of a path."""
    return isinstance(token, str) and bool(_TOKEN_RE.match(token))


def decoded_size(contents: str) -> int:
    """Bytes a ``data:...;base64,`` URL decodes to, computed without decoding it."""
    payload = contents.split(",", 1)[1] if "," in contents else contents
    payload = payload.strip()
    padding = len(payload) - len(payload.rstrip("="))
    return len(payload) * 3 // 4 - padding


def clean_file_name(name: Any) -> str:
    """The last path part of a browser-given file name, without control characters, at most 120 chars."""
    text = str(name or "")
    text = re.split(r"[\\/]", text)[-1]
    text = "".join(ch for ch in text if ch.isprintable())
    return text.strip()[:120] or "register"


def _kommun_label(env: UploadEnv, kommun: str | None) -> str:
    if not kommun:
        return ""
    names = {}
    if env.base_web is not None:
        names = env.base_web.party_names()
    if env.state is not None and kommun not in names:
        names = env.state.web.party_names()
    name = names.get(kommun)
    return f"{name} ({kommun})" if name else str(kommun)


def _kommun_ids(env: UploadEnv) -> set[str]:
    parties = env.state.web.parties if env.state is not None else env.parties
    if parties is None or parties.empty:
        return set()
    return set(parties.loc[parties["kind"].eq("kommun"), "id"].astype(str))


# ------------------------------------------------------------------ uploads on the server
def _remember(env: UploadEnv, key: str, result: Any) -> None:
    env.results.put(key, result)


def _cleanup(folder: Path, *, now: float | None = None) -> None:
    """Delete uploads older than :data:`UPLOAD_TTL_S` (never fails the caller)."""
    now = time.time() if now is None else now
    try:
        for path in folder.iterdir():
            try:
                if now - path.stat().st_mtime > UPLOAD_TTL_S:
                    path.unlink()
            except OSError:
                continue
    except OSError:
        return


def _save_upload(env: UploadEnv, data: bytes, *, file_name: str, owner: str | None) -> tuple[str, Path]:
    folder = env.uploads_dir
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    _cleanup(folder)
    token = secrets.token_hex(16)
    suffix = Path(file_name).suffix.lower()
    suffix = suffix if suffix in _ALLOWED_SUFFIXES else ".bin"
    path = folder / f"{token}{suffix}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    meta = {"owner": owner, "file_name": file_name, "suffix": suffix}
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token, path


def _discard(env: UploadEnv, token: str) -> None:
    for path in env.uploads_dir.glob(f"{token}.*"):
        with contextlib.suppress(OSError):
            path.unlink()


def _upload_meta(env: UploadEnv, token: Any) -> dict | None:
    if not valid_token(token):
        return None
    try:
        meta = json.loads((env.uploads_dir / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("suffix") not in _ALLOWED_SUFFIXES | {".bin"}:
        return None
    path = env.uploads_dir / f"{token}{meta['suffix']}"
    if not path.is_file():
        return None
    return {**meta, "path": path}


def _read(env: UploadEnv, path: Path, file_name: str, reporter: str | None = None):
    from samverkansvav.sandbox import read_register_sandboxed

    return read_register_sandboxed(path, parties=env.parties, display_name=file_name, reporter=reporter)


def _result_for(env: UploadEnv, token: str, meta: dict, reporter: str | None = None):
    """The checked register of an upload as ``reporter``'s (``None``: as the file says).

    The municipality chosen on the page is the reporter: a file that names none is
    read again with it, so its annual costs are that municipality's. Results are
    remembered per (upload, reporter); another worker reads the kept bytes again.
    """
    cached = env.results.get(token)
    chosen = env.results.get(f"{token}:{reporter}") if reporter else None
    if cached is not None and (not reporter or str(cached.reporter or "") == str(reporter)):
        return cached
    if chosen is not None:
        return chosen
    if cached is None:
        cached = _read(env, meta["path"], meta["file_name"])
        _remember(env, token, cached)
        if not reporter or str(cached.reporter or "") == str(reporter):
            return cached
    if cached.reporter:  # the file names its reporter; that is what it says about itself
        return cached
    result = _read(env, meta["path"], meta["file_name"], reporter=str(reporter))
    _remember(env, f"{token}:{reporter}", result)
    return result


def _token_of(token_data: Any) -> str | None:
    token = token_data.get("token") if isinstance(token_data, dict) else None
    return token if valid_token(token) else None


def _mb(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _own_kommun(account: Any) -> str | None:
    """The municipality a municipality account is limited to (``None`` for administrators)."""
    if account is None or getattr(account, "is_admin", False) or not getattr(account, "kommun", None):
        return None
    return str(account.kommun)
