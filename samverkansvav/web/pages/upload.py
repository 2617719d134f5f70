"""Ladda upp: check a municipality's register, preview what it changes, store it, undo.

URL: ``/ladda-upp``.

The flow, and where each promise is kept:

1. **Check.** The file arrives through ``dcc.Upload`` (``max_size`` is UX only;
   the server refuses large bodies through ``MAX_CONTENT_LENGTH``, set by
   :func:`samverkansvav.web.auth.install_auth`, and :func:`check_upload` checks
   the decoded size again with a Swedish message). The bytes are written to a
   file under ``<data_dir>/uploads`` named by a random token and parsed in a
   resource-limited child process (:func:`samverkansvav.sandbox.read_register_sandboxed`).
   The browser only ever holds the token; the bytes stay on the server.
2. **Report.** Every issue as a table (level, sheet, row, column, message, hint)
   with the standard Excel/CSV buttons; with errors, a list of exactly what to
   fix, and nothing can be stored.
3. **Preview.** New, changed and removed arrangements against the municipality's
   stored register, and conflicts with other municipalities' registers.
4. **Spara / Återställ.** Both call :func:`~samverkansvav.web.auth.authorize_write`
   with the municipality they write, first; identity comes from the server
   session only. A busy database gives "försök igen", never a 500. After a
   write the app's :class:`~samverkansvav.web.data.DataState` gets the new
   regional dataset, so every view shows it at once.

The callbacks are plain functions taking an :class:`UploadEnv` (tests call them
directly); :func:`register` wires thin wrappers onto the app.

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

import base64
import binascii
import contextlib
import datetime as dt
import json
import logging
import os
import re
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import flask
import pandas as pd
from dash import ALL, Input, Output, State, ctx as dash_ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from samverkansvav.web import ids
from samverkansvav.web.components import data_table, message, section
from samverkansvav.web.i18n import normalise_lang, t
from samverkansvav.web.page import Page, PageContext, parse_query

__all__ = [
    "PAGE",
    "PATH",
    "UploadEnv",
    "env_for",
    "store_for",
    "layout",
    "register",
    "check_upload",
    "render_preview",
    "save_upload",
    "render_history",
    "restore_version",
    "refresh_state",
    "report_frame",
    "fix_list",
    "template_bytes",
    "decoded_size",
    "valid_token",
    "clean_file_name",
]

log = logging.getLogger(__name__)

PATH = "/ladda-upp"

#: Name of the check report's table (grid id, download file name).
REPORT_TABLE = "kontrollrapport"


# ------------------------------------------------------------------ server-side keys
#: ``server.config`` keys. ``create_app`` sets STORE and BASE_WEB when it opens the store;
#: otherwise (an app built on a given web) this page opens the store lazily and takes the
#: app's starting dataset as base.
STORE_KEY = "SAMVERKANSVAV_STORE"
BASE_WEB_KEY = "SAMVERKANSVAV_BASE_WEB"
_ENV_KEY = "SAMVERKANSVAV_UPLOAD_ENV"
#: An uploaded file waits this long on the server for "Spara", then it is deleted.
UPLOAD_TTL_S = 2 * 60 * 60
#: At most this many errors are spelled out above the table (the table has them all).
MAX_FIX_LINES = 25
_ALLOWED_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".csv", ".txt"})
_TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")

# ------------------------------------------------------------------ texts (sv + en)

REPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("level", "upload.col.level"), ("sheet", "upload.col.sheet"), ("row", "upload.col.row"), ("column", "upload.col.column"),
    ("message", "upload.col.message"), ("hint", "upload.col.hint"),
)


# ------------------------------------------------------------------ environment
@dataclass
class UploadEnv:
    """What the upload callbacks need: settings, the app's data state, the store, the base data.

    ``base_web`` is the data the regional dataset is built on besides the stored
    registers (the demo data, or the dataset the app was started with);
    ``store_factory`` opens the store on first use.
    """

    config: Any
    state: Any
    base_web: Any
    store_factory: Callable[[], Any]
    _store: Any = None

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
        return float(getattr(self.config, "max_upload_mb", 10.0))


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
    env = UploadEnv(config=config, state=state, base_web=base,
                    store_factory=lambda: store_for(server, config))
    server.config[_ENV_KEY] = env
    return env


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


def _mb(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def report_frame(report) -> pd.DataFrame:
    """The check report as a table (level, sheet, row, column, message, hint); object dtype.

    Row numbers stay Python ints (or ``None``), as Excel shows them.
    """
    rows = [{"level": i.level, "sheet": i.sheet, "row": None if i.row is None else int(i.row),
             "column": i.column, "message": i.message, "hint": i.hint or None} for i in report]
    return pd.DataFrame(rows, columns=[c for c, _ in REPORT_COLUMNS], dtype=object)


def fix_list(report, lang: str = "sv", *, limit: int = MAX_FIX_LINES) -> list[str]:
    """One line per error: where (sheet, row, column, arrangement), what, and what to do.

    Examples
    --------
    >>> from samverkansvav.report import Issue, Report
    >>> fix_list(Report([Issue("fel", "x", "Okänd form.", "Välj ur listan.", sheet="Samverkan",
    ...                        row=3, column="Form")]))
    ['Blad Samverkan, rad 3, kolumn Form: Okänd form. Åtgärd: Välj ur listan.']
    """
    errors = list(report.errors)
    lines = []
    for issue in errors[:limit]:
        where = []
        if issue.sheet:
            where.append(("Blad " if lang == "sv" else "Sheet ") + str(issue.sheet))
        if issue.row is not None:
            where.append(("rad " if lang == "sv" else "row ") + str(issue.row))
        if issue.column:
            where.append(("kolumn " if lang == "sv" else "column ") + str(issue.column))
        if issue.arrangement:
            where.append(f"[{issue.arrangement}]")
        line = (", ".join(where) + ": " if where else "") + issue.message
        if issue.hint:
            line += f" {t('upload.fix_hint', lang)}: {issue.hint}"
        lines.append(line)
    if len(errors) > limit:
        lines.append(t("upload.more_errors", lang, n=len(errors) - limit))
    return lines


def template_bytes(*, example: bool) -> bytes:
    """The register template (``example=True``: with a filled example row) as xlsx bytes."""
    from samverkansvav.ingest.template import write_template

    with tempfile.TemporaryDirectory(prefix="samverkansvav-mall-") as tmp:
        path = write_template(Path(tmp) / "mall.xlsx", example=example)
        return Path(path).read_bytes()


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
_RESULTS: "OrderedDict[str, Any]" = OrderedDict()
_RESULTS_LOCK = threading.Lock()
_RESULTS_MAX = 8


def _remember(token: str, result: Any) -> None:
    with _RESULTS_LOCK:
        _RESULTS[token] = result
        _RESULTS.move_to_end(token)
        while len(_RESULTS) > _RESULTS_MAX:
            _RESULTS.popitem(last=False)


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


def _read(env: UploadEnv, path: Path, file_name: str):
    from samverkansvav.sandbox import read_register_sandboxed

    return read_register_sandboxed(path, parties=env.parties, display_name=file_name)


def _result_for(env: UploadEnv, token: str, meta: dict):
    """The checked register of an upload: remembered, or read again from the kept file."""
    with _RESULTS_LOCK:
        cached = _RESULTS.get(token)
    if cached is not None:
        return cached
    # Another worker checked it (or this one forgot): the bytes are on disk, read them again.
    result = _read(env, meta["path"], meta["file_name"])
    _remember(token, result)
    return result


def _token_of(token_data: Any) -> str | None:
    token = token_data.get("token") if isinstance(token_data, dict) else None
    return token if valid_token(token) else None


# ------------------------------------------------------------------ callbacks as plain functions
@dataclass(frozen=True)
class CheckOutcome:
    """What :func:`check_upload` shows: the report area, the token for the browser, the kommun."""

    children: Any
    token_data: dict | None
    kommun: str | None
    result: Any = None


def _preselect(env: UploadEnv, result: Any, account: Any) -> str | None:
    kommuner = _kommun_ids(env)
    if result is not None and result.reporter and str(result.reporter) in kommuner:
        return str(result.reporter)
    web = getattr(result, "usable_web", None) or getattr(result, "web", None)
    if web is not None and "reported_by" in web.arrangements:
        reported = {str(v) for v in web.arrangements["reported_by"].dropna() if str(v).strip()}
        if len(reported) == 1 and next(iter(reported)) in kommuner:
            return next(iter(reported))
    if account is not None and account.kommun:
        return str(account.kommun)
    return None


def check_upload(env: UploadEnv, contents: str | None, filename: str | None, lang: str = "sv", *,
                 account: Any = None) -> CheckOutcome:
    """Decode, size-check, keep on the server and check one uploaded file.

    Nothing is written to the database. ``account`` (the signed-in account, from
    the session) owns the kept file and preselects its municipality when the
    file does not name one.
    """
    from samverkansvav.ingest import UnreadableFile

    if not contents:
        raise PreventUpdate
    name = clean_file_name(filename)
    limit = int(env.max_upload_mb * 1024 * 1024)
    size = decoded_size(contents)
    if size > limit:
        text = t("upload.too_large", lang, file=name, size=_mb(size / 1024 / 1024), mb=_mb(env.max_upload_mb))
        return CheckOutcome(message(text, kind="warning"), None, no_update)
    try:
        data = base64.b64decode(contents.split(",", 1)[1] if "," in contents else contents, validate=True)
    except (binascii.Error, ValueError):
        return CheckOutcome(message(t("upload.bad_data", lang), kind="warning"), None, no_update)
    if len(data) > limit:  # the estimate above ignores whitespace tricks; the real size decides
        text = t("upload.too_large", lang, file=name, size=_mb(len(data) / 1024 / 1024), mb=_mb(env.max_upload_mb))
        return CheckOutcome(message(text, kind="warning"), None, no_update)
    from samverkansvav.web.parse_gate import GateClosed, client_key, gate_for, make_room

    try:  # bounded work: a slot per client and a few for the whole server (parse_gate.py)
        with gate_for(env.config).slot(client_key(account), signed_in=account is not None):
            quota = int(float(getattr(env.config, "upload_quota_mb", 200.0)) * 1024 * 1024)
            env.uploads_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            make_room(env.uploads_dir, len(data), quota, ttl_s=UPLOAD_TTL_S)
            token, path = _save_upload(env, data, file_name=name, owner=getattr(account, "username", None))
            try:
                result = _read(env, path, name)
            finally:
                if account is None:
                    _discard(env, token)  # an anonymous check can never be saved: delete the file now
    except GateClosed as exc:
        return CheckOutcome(message(exc.message(lang), kind="warning"), None, no_update)
    except OSError:
        log.exception("Uppladdad fil kunde inte sparas i %s", env.uploads_dir)
        return CheckOutcome(message(t("upload.server_error", lang), kind="warning"), None, no_update)
    except UnreadableFile as exc:
        _discard(env, token)  # nothing to save from a file that cannot be read
        text = exc.message if name in exc.message else f"{name}: {exc.message}"
        return CheckOutcome(message(text, kind="warning"), None, no_update)
    if account is None or not result.ok:
        _discard(env, token)  # nothing from it can be saved: keep no copy
        return CheckOutcome(render_report(result, lang), None, _preselect(env, result, account), result)
    _remember(token, result)
    return CheckOutcome(render_report(result, lang), {"token": token}, _preselect(env, result, account), result)


def render_report(result: Any, lang: str = "sv") -> html.Div:
    """Summary, the list of what to fix (with errors) and the full report table."""
    report = result.report
    counts = report.counts()
    children: list = [html.P(t("upload.summary", lang, file=result.file_name, errors=counts.get("fel", 0),
                               warnings=counts.get("varning", 0), infos=counts.get("info", 0)),
                             className="upload-summary")]
    if report.has_errors or not result.ok:
        children.append(html.Div([
            html.P(t("upload.has_errors", lang)),
            html.Ol([html.Li(line) for line in fix_list(report, lang)], className="upload-fix-list"),
        ], className="message message-warning", role="alert", id="upload-errors"))
    else:
        children.append(message(t("upload.no_errors", lang)))
    frame = report_frame(report)
    if frame.empty:
        children.append(message(t("upload.no_issues", lang), kind="muted"))
    else:
        children.append(data_table(REPORT_TABLE, frame, REPORT_COLUMNS, lang))
    return section(t("upload.report", lang), *children, help_text=t("upload.report_help", lang))


def render_preview(env: UploadEnv, token_data: Any, kommun: str | None, lang: str = "sv") -> tuple[Any, bool]:
    """The preview for the kept upload as ``kommun``'s next version, and whether Spara stays disabled."""
    from samverkansvav.store import StoreError

    token = _token_of(token_data)
    if token is None:
        return None, True
    meta = _upload_meta(env, token)
    if meta is None:
        return message(t("upload.expired", lang), kind="warning"), True
    result = _result_for(env, token, meta)
    if not result.ok:
        return None, True  # the report already says what to fix
    if not kommun:
        return message(t("upload.kommun_missing", lang)), True
    account = _account()
    scope = None if account is None else ("regional" if account.is_admin else "kommun")
    try:
        preview = env.store.preview(result, kommun=str(kommun), scope=scope)
    except StoreError as exc:
        return message(exc.message, kind="warning"), True
    tables = preview.tables()
    label = _kommun_label(env, preview.kommun)
    parts: list = []
    if preview.base_version_no is None:
        parts.append(html.P(t("upload.first_version", lang)))
    else:
        parts.append(html.P(t("upload.base_version", lang, n=preview.base_version_no)))
    parts.append(html.P(t("upload.counts", lang, new=len(preview.new), changed=len(preview.changed),
                          removed=len(preview.removed), unchanged=preview.unchanged,
                          conflicts=len(preview.conflicts)), id="upload-counts"))
    if preview.duplicate_of is not None:
        parts.append(message(t("upload.duplicate", lang, n=preview.duplicate_of)))
    ref_cols = (("arrangement_id", "upload.col.arrangement_id"), ("name", "upload.col.name"))
    for key, columns in (("new", ref_cols), ("changed", ref_cols + (("fields", "upload.col.fields"),)),
                         ("removed", ref_cols)):
        if len(tables[key]):
            parts.append(html.H4(t(f"upload.{key}", lang)))
            parts.append(data_table(f"upload-{key}", tables[key].astype(object), columns, lang))
    if len(tables["conflicts"]):
        conflicts = tables["conflicts"].astype(object)
        conflicts["other_kommun"] = [_kommun_label(env, k) for k in conflicts["other_kommun"]]
        parts.append(html.H4(t("upload.conflicts", lang)))
        parts.append(html.P(t("upload.conflicts_help", lang), className="section-help"))
        parts.append(data_table("upload-conflicts", conflicts, (
            ("arrangement_id", "upload.col.arrangement_id"), ("name", "upload.col.name"),
            ("other_kommun", "upload.col.other_kommun"), ("other_version_no", "upload.col.other_version"),
            ("field", "upload.col.field"), ("ours", "upload.col.ours"), ("theirs", "upload.col.theirs")), lang))
    from samverkansvav.web.disagreements import disagreement_block

    parts.extend(message(i.message + (f" {i.hint}" if i.hint else ""),
                         kind="warning" if i.level == "fel" else "info") for i in preview.authority)
    names = env.state.web.party_names() if env.state is not None else {}
    parts.append(disagreement_block(env.state, str(kommun), lang, names=names))
    return section(t("upload.preview", lang, kommun=label), *parts), preview.refused


def refresh_state(env: UploadEnv) -> None:
    """Give the app the new regional dataset: stored registers merged, plus the base data."""
    from samverkansvav.web.data import reload_from_store

    reload_from_store(env.state, env.store, env.base_web)


def _write_failed(exc: Exception, lang: str) -> html.Div:
    from samverkansvav.store import StoreBusy, StoreError

    # A store error's message is written for users; anything else may hold internals.
    text = exc.message if isinstance(exc, StoreError) else t("upload.unexpected", lang)
    if isinstance(exc, StoreBusy):
        return message(t("upload.busy", lang, message=text), kind="warning")
    return message(t("upload.write_failed", lang, message=text), kind="warning")


def _after_write(env: UploadEnv, lang: str) -> html.Div | None:
    try:
        refresh_state(env)
    except Exception:  # noqa: BLE001 - the data is stored; the user is told to reload
        log.exception("Vyerna kunde inte uppdateras efter en skrivning")
        return message(t("upload.refresh_failed", lang), kind="warning")
    return None


def save_upload(env: UploadEnv, token_data: Any, kommun: str | None, lang: str = "sv") -> tuple[Any, Any]:
    """"Spara": authorize, then store the kept upload as ``kommun``'s next version.

    Returns ``(message, saved)`` where ``saved`` is ``{"kommun", "version"}`` when
    something was stored (it refreshes the history), else ``no_update``.
    """
    from samverkansvav.store import StoreError
    from samverkansvav.web.auth import WriteForbidden, authorize_write

    try:
        account = authorize_write(str(kommun or ""))  # identity from the session; before anything else
    except WriteForbidden as exc:
        return message(exc.message, kind="warning"), no_update
    token = _token_of(token_data)
    meta = _upload_meta(env, token) if token else None
    if meta is None:
        return message(t("upload.expired", lang), kind="warning"), no_update
    if meta.get("owner") != account.username:
        return message(t("upload.not_yours", lang), kind="warning"), no_update
    result = _result_for(env, token, meta)
    if not result.ok:
        return message(t("upload.has_errors", lang), kind="warning"), no_update
    try:
        # A municipality's account speaks for its own municipality only; an administrator's is regional.
        version = env.store.import_register(result, kommun=str(kommun), user=account.username,
                                            scope="regional" if account.is_admin else "kommun")
    except StoreError as exc:
        return _write_failed(exc, lang), no_update
    except Exception as exc:  # noqa: BLE001 - a message, never a 500; the log has the traceback
        log.exception("Registret för %s kunde inte sparas", kommun)
        return _write_failed(exc, lang), no_update
    label = _kommun_label(env, version.kommun)
    if version.duplicate:
        return message(t("upload.saved_duplicate", lang, n=version.version_no)), no_update
    note = _after_write(env, lang)
    text = message(t("upload.saved", lang, n=version.version_no, kommun=label, arr=version.n_arrangements))
    return html.Div([text, note] if note else [text], id="upload-saved-note"), {
        "kommun": version.kommun, "version": version.version_no}


def history_rows(env: UploadEnv, kommun: str, lang: str = "sv") -> list[dict]:
    """The versions of ``kommun``'s register, newest first, as plain dicts."""
    rows = []
    for v in sorted(env.store.history(kommun), key=lambda v: v.version_no, reverse=True):
        when = v.created_at
        if isinstance(when, dt.datetime):
            when = when.astimezone().strftime("%Y-%m-%d %H:%M")
        kind = (t("upload.kind_restore", lang, n=v.restored_from) if v.kind == "restore"
                else t("upload.kind_upload", lang))
        # Account names are for signed-in users only.
        user = (v.user or "") if _account() is not None else ""
        rows.append({"version": int(v.version_no), "when": str(when), "user": user,
                     "file": v.file_name, "kind": kind, "n_arrangements": int(v.n_arrangements)})
    return rows


def render_history(env: UploadEnv, kommun: str | None, lang: str = "sv") -> Any:
    """The version table of ``kommun`` with one "Återställ" button per older version."""
    from samverkansvav.store import StoreError

    if not kommun:
        return message(t("upload.history_pick", lang), kind="muted")
    title = t("upload.history", lang, kommun=_kommun_label(env, str(kommun)))
    try:
        rows = history_rows(env, str(kommun), lang)
    except StoreError as exc:
        return section(title, message(t("upload.history_error", lang, message=exc.message), kind="warning"))
    if not rows:
        return section(title, message(t("upload.history_empty", lang), kind="muted"))
    keys = ("version", "when", "user", "file", "kind", "n_arrangements")
    head = html.Tr([html.Th(t(f"upload.col.{k}", lang)) for k in keys] + [html.Th("")])
    body = []
    for i, row in enumerate(rows):
        action: Any = (html.Span(t("upload.current", lang), className="badge") if i == 0 else
                       html.Button(t("upload.restore", lang), id=ids.restore_button(row["version"]),
                                   className="btn btn-light", n_clicks=0))
        body.append(html.Tr([html.Td(str(row[k])) for k in keys] + [html.Td(action)]))
    from samverkansvav.web.disagreements import disagreement_block

    names = env.state.web.party_names() if env.state is not None else {}
    return section(title, disagreement_block(env.state, str(kommun), lang, names=names),
                   html.Table([html.Thead(head), html.Tbody(body)], className="history-table"),
                   help_text=t("upload.history_help", lang))


def restore_version(env: UploadEnv, kommun: str | None, version_no: int, lang: str = "sv") -> tuple[Any, Any]:
    """"Återställ": authorize, then make ``version_no`` current again as a new version."""
    from samverkansvav.store import StoreError
    from samverkansvav.web.auth import WriteForbidden, authorize_write

    try:
        account = authorize_write(str(kommun or ""))
    except WriteForbidden as exc:
        return message(exc.message, kind="warning"), no_update
    try:
        version = env.store.restore(str(kommun), int(version_no), user=account.username)
    except StoreError as exc:
        return _write_failed(exc, lang), no_update
    except Exception as exc:  # noqa: BLE001 - a message, never a 500; the log has the traceback
        log.exception("Version %s för %s kunde inte återställas", version_no, kommun)
        return _write_failed(exc, lang), no_update
    note = _after_write(env, lang)
    text = message(t("upload.restored", lang, source=int(version_no), n=version.version_no,
                     kommun=_kommun_label(env, version.kommun)))
    return html.Div([text, note] if note else [text]), {"kommun": version.kommun, "version": version.version_no}


# ------------------------------------------------------------------ layout
def _app_config() -> Any:
    if flask.has_app_context():
        config = flask.current_app.config.get("SAMVERKANSVAV_CONFIG")
        if config is not None:
            return config
    from samverkansvav.config import load_config

    return load_config()


def _account():
    from samverkansvav.web.auth import current_account

    return current_account() if flask.has_request_context() else None


def layout(ctx: PageContext) -> html.Div:
    from samverkansvav.web.auth import LOGIN_PATH, login_status

    lang = ctx.lang
    config = _app_config()
    max_mb = float(getattr(config, "max_upload_mb", 10.0))
    account = _account()
    bundle = ctx.bundle
    parties = bundle.parties
    options = [{"label": f"{parties.at[k, 'name']} ({k})", "value": k}
               for k in sorted(bundle.kommun_ids, key=lambda k: str(parties.at[k, "name"]))]
    chosen = account.kommun if account is not None and account.kommun in set(bundle.kommun_ids) else None
    login_note: Any = None
    if account is None:
        login_note = html.Div([
            t("upload.login_needed", lang) + " ",
            html.A(t("upload.login_link", lang), href=f"/{LOGIN_PATH}?next={PATH}", id="upload-login-link"),
        ], className="message message-info", id="upload-login-note")
    return html.Div([
        html.H2(t("upload.title", lang)),
        login_status(lang, next_path=PATH),
        login_note,
        html.P(t("upload.intro", lang)),
        section(t("upload.templates", lang),
                html.Div([
                    html.Button(t("upload.template_empty", lang), id=ids.UPLOAD_TEMPLATE_EMPTY,
                                className="btn btn-light", n_clicks=0),
                    html.Button(t("upload.template_example", lang), id=ids.UPLOAD_TEMPLATE_EXAMPLE,
                                className="btn btn-light", n_clicks=0),
                    dcc.Download(id=ids.UPLOAD_TEMPLATE_DOWNLOAD),
                ], className="table-actions"),
                help_text=t("upload.templates_help", lang)),
        dcc.Upload(
            id=ids.UPLOAD_FILE,
            children=html.Div([t("upload.drop", lang), html.A(t("upload.pick", lang))]),
            multiple=False,
            max_size=int(max_mb * 1024 * 1024),
            accept=".xlsx,.xlsm,.csv,.txt,.xls",
            className="upload-drop",
            style={"border": "2px dashed #8aa4bd", "borderRadius": "6px", "padding": "1.5rem",
                   "textAlign": "center", "cursor": "pointer"},
        ),
        html.P(t("upload.limit", lang, mb=_mb(max_mb)), className="section-help"),
        html.Div([
            html.Label(t("upload.kommun", lang), htmlFor=ids.UPLOAD_KOMMUN),
            dcc.Dropdown(id=ids.UPLOAD_KOMMUN, options=options, value=chosen,
                         placeholder=t("upload.kommun_placeholder", lang), clearable=True),
        ], className="control"),
        dcc.Store(id=ids.UPLOAD_TOKEN, data=None),
        dcc.Store(id=ids.UPLOAD_SAVED, data=None),
        dcc.Store(id=ids.UPLOAD_RESTORED, data=None),
        dcc.Loading(html.Div(id=ids.UPLOAD_REPORT), type="default"),
        dcc.Loading(html.Div(id=ids.UPLOAD_PREVIEW), type="default"),
        html.Button(t("upload.save", lang), id=ids.UPLOAD_SAVE, className="btn", n_clicks=0, disabled=True),
        dcc.Loading(html.Div(id=ids.UPLOAD_SAVE_MESSAGE), type="default"),
        html.Div(id=ids.UPLOAD_RESTORE_MESSAGE),
        dcc.Loading(html.Div(id=ids.UPLOAD_HISTORY), type="default"),
    ], className="upload-page")


# ------------------------------------------------------------------ wiring
def _lang(search: str | None) -> str:
    return normalise_lang(parse_query(search).get("lang"))


def register(app, state) -> None:
    """Register the page's callbacks on ``app`` (thin wrappers around the plain functions)."""
    server = app.server
    # The dataset the app starts with is the base the stored registers are merged onto,
    # unless the app factory names another one.
    server.config.setdefault(BASE_WEB_KEY, state.web)
    from samverkansvav.web.parse_gate import install

    install(server)  # an uploaded file takes a parse slot before its body is read

    def env() -> UploadEnv:
        return env_for(server, state)

    @app.callback(Output(ids.UPLOAD_REPORT, "children"), Output(ids.UPLOAD_TOKEN, "data"),
                  Output(ids.UPLOAD_KOMMUN, "value"),
                  Input(ids.UPLOAD_FILE, "contents"), State(ids.UPLOAD_FILE, "filename"),
                  State(ids.URL, "search"), prevent_initial_call=True)
    def _check(contents, filename, search):
        outcome = check_upload(env(), contents, filename, _lang(search), account=_account())
        return outcome.children, outcome.token_data, outcome.kommun

    @app.callback(Output(ids.UPLOAD_PREVIEW, "children"), Output(ids.UPLOAD_SAVE, "disabled"),
                  Input(ids.UPLOAD_TOKEN, "data"), Input(ids.UPLOAD_KOMMUN, "value"),
                  Input(ids.UPLOAD_SAVED, "data"), State(ids.URL, "search"), prevent_initial_call=True)
    def _preview(token_data, kommun, _saved, search):
        return render_preview(env(), token_data, kommun, _lang(search))

    @app.callback(Output(ids.UPLOAD_SAVE_MESSAGE, "children"), Output(ids.UPLOAD_SAVED, "data"),
                  Input(ids.UPLOAD_SAVE, "n_clicks"), State(ids.UPLOAD_TOKEN, "data"),
                  State(ids.UPLOAD_KOMMUN, "value"), State(ids.URL, "search"), prevent_initial_call=True)
    def _save(n_clicks, token_data, kommun, search):
        if not n_clicks:
            raise PreventUpdate
        return save_upload(env(), token_data, kommun, _lang(search))

    @app.callback(Output(ids.UPLOAD_HISTORY, "children"),
                  Input(ids.UPLOAD_KOMMUN, "value"), Input(ids.UPLOAD_SAVED, "data"),
                  Input(ids.UPLOAD_RESTORED, "data"), State(ids.URL, "search"))
    def _history(kommun, _saved, _restored, search):
        return render_history(env(), kommun, _lang(search))

    @app.callback(Output(ids.UPLOAD_RESTORE_MESSAGE, "children"), Output(ids.UPLOAD_RESTORED, "data"),
                  Input({"type": "upload-restore", "version": ALL}, "n_clicks"),
                  State(ids.UPLOAD_KOMMUN, "value"), State(ids.URL, "search"), prevent_initial_call=True)
    def _restore(_clicks, kommun, search):
        trigger = dash_ctx.triggered_id
        if not isinstance(trigger, dict) or not dash_ctx.triggered or not dash_ctx.triggered[0].get("value"):
            raise PreventUpdate  # buttons appearing with the history table are not clicks
        return restore_version(env(), kommun, int(trigger["version"]), _lang(search))

    @app.callback(Output(ids.UPLOAD_TEMPLATE_DOWNLOAD, "data"),
                  Input(ids.UPLOAD_TEMPLATE_EMPTY, "n_clicks"), Input(ids.UPLOAD_TEMPLATE_EXAMPLE, "n_clicks"),
                  prevent_initial_call=True)
    def _template(_empty, _example):
        trigger = dash_ctx.triggered_id
        if (trigger not in (ids.UPLOAD_TEMPLATE_EMPTY, ids.UPLOAD_TEMPLATE_EXAMPLE)
                or not dash_ctx.triggered[0].get("value")):
            raise PreventUpdate
        example = trigger == ids.UPLOAD_TEMPLATE_EXAMPLE
        name = "samverkansregister-exempel.xlsx" if example else "samverkansregister-mall.xlsx"
        return dcc.send_bytes(template_bytes(example=example), name)


PAGE = Page(path=PATH, nav_key="nav.upload", layout=layout, register=register,
            cache_layout=False)  # shows who is signed in
