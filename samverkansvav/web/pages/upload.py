"""Ladda upp: check a municipality's register, preview what it changes, store it, undo.

URL: ``/ladda-upp``.

The flow, and where each promise is kept:

1. **Check.** The size limit is written on the drop zone. The file arrives through
   ``dcc.Upload`` (``max_size`` is UX only; a file over it never reaches Dash, so
   ``assets/upload_size.js`` tells the page, which clears the previous file and
   says why; the server refuses large bodies through ``MAX_CONTENT_LENGTH``, set
   by :func:`samverkansvav.web.auth.install_auth`, and :func:`check_upload`
   checks the decoded size again). The bytes are written to a file under
   ``<data_dir>/uploads`` named by a random token and parsed in a
   resource-limited child process (:func:`samverkansvav.sandbox.read_register_sandboxed`).
   The browser only ever holds the token; the bytes stay on the server
   (:mod:`.upload_files`).
2. **Report.** Every issue as a table (level, sheet, row, column, message, hint),
   errors first, then warnings, then information, the long columns wrapped, with
   the standard Excel/CSV buttons; with errors, a list of exactly what to fix,
   and nothing can be stored.
3. **Preview** (:func:`preview_view`, recomputed after every new file, choice of
   municipality, save and restore). The chosen municipality is the reporter (a
   municipality account can choose only its own). New, changed and removed
   arrangements against its stored register, changes in words ("Säte: – →
   Falun"), conflicts with other registers, and the file as read
   (:mod:`.upload_preview`): form, host and members, guessed names marked, rows
   without the reporting municipality flagged.
4. **Spara** is disabled, visibly, when nothing would be saved, and refuses
   content equal to the current version and a preview made against a version
   that is no longer current. **Återställ** asks first (:mod:`.upload_versions`)
   and sets a checked file aside, so a save cannot silently undo the restore.
   Both writes call :func:`~samverkansvav.web.auth.authorize_write` with the
   municipality they write, first; identity comes from the server session only.
   A busy database gives "försök igen", never a 500. After a write the app's
   :class:`~samverkansvav.web.data.DataState` gets the new regional dataset, so
   every view shows it at once.

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
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from dash import ALL, Input, Output, State, dcc, html, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from samverkansvav.web import ids
from samverkansvav.web.components import data_table, message, section
from samverkansvav.web.i18n import normalise_lang, t
from samverkansvav.web.page import Page, parse_query
from samverkansvav.web.pages.upload_files import (  # noqa: F401 - public names re-exported
    BASE_WEB_KEY,
    STORE_KEY,
    UPLOAD_TTL_S,
    UploadEnv,
    _discard,
    _kommun_ids,
    _kommun_label,
    _mb,
    _own_kommun,
    _read,
    _remember,
    _result_for,
    _save_upload,
    _token_of,
    _upload_meta,
    clean_file_name,
    decoded_size,
    env_for,
    store_for,
    valid_token,
)
from samverkansvav.web.pages.upload_layout import (  # noqa: F401 - public names re-exported
    _HIDDEN,
    PATH,
    RESTORE_CONFIRM,
    RESTORE_NO,
    RESTORE_PENDING,
    RESTORE_QUESTION,
    RESTORE_YES,
    UPLOAD_BASE,
    UPLOAD_REFUSED,
    UPLOAD_SAVE_WHY,
    UPLOAD_TOO_LARGE,
    _account,
    _app_config,
    kommun_choices,
    layout,
)
from samverkansvav.web.pages.upload_preview import (
    arrangement_frame,
    change_frame,
    conflict_value,
    field_label,
    guessed_names,
    render_arrangements,
    sorted_report_frame,
)
from samverkansvav.web.pages.upload_versions import (  # noqa: F401 - public names re-exported
    _after_write,
    _write_failed,
    ask_restore,
    history_rows,
    refresh_state,
    register_code,
    register_label,
    render_history,
    restore_version,
)

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
    "preview_view",
    "render_upload",
    "too_large_message",
    "refused_message",
    "ask_restore",
    "kommun_choices",
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


#: Name of the check report's table (grid id, download file name).
REPORT_TABLE = "kontrollrapport"


#: At most this many errors are spelled out above the table (the table has them all).
MAX_FIX_LINES = 25

# ------------------------------------------------------------------ texts (sv + en)

REPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("level", "upload.col.level"),
    ("sheet", "upload.col.sheet"),
    ("row", "upload.col.row"),
    ("column", "upload.col.column"),
    ("message", "upload.col.message"),
    ("hint", "upload.col.hint"),
)


def report_frame(report) -> pd.DataFrame:
    """The check report as a table (level, sheet, row, column, message, hint); object dtype.

    Row numbers stay Python ints (or ``None``), as Excel shows them.
    """
    rows = [
        {
            "level": i.level,
            "sheet": i.sheet,
            "row": None if i.row is None else int(i.row),
            "column": i.column,
            "message": i.message,
            "hint": i.hint or None,
        }
        for i in report
    ]
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


def too_large_message(env: UploadEnv, file_name: Any, size: Any, lang: str = "sv") -> html.Div:
    """The page's own message for a file the browser refused as too large (it never reached us)."""
    try:
        mb = _mb(max(float(size), 0.0) / 1024 / 1024)
    except (TypeError, ValueError):
        mb = "?"
    text = t(
        "upload.too_large_browser", lang, file=clean_file_name(file_name), size=mb, mb=_mb(env.max_upload_mb)
    )
    return html.Div(message(text, kind="warning"), id="upload-too-large-note")


def refused_message(refusal: Any, lang: str = "sv") -> html.Div:
    """The page's message for a check the server refused before reading the file (HTTP 429).

    ``refusal`` is what assets/gate_refusal.js hands over: ``{"reason": "busy" |
    "client" | "quota"}``; an unknown reason reads as "busy".
    """
    from samverkansvav.web.parse_gate import MESSAGES, GateClosed

    reason = refusal.get("reason") if isinstance(refusal, dict) else None
    text = GateClosed(reason if reason in MESSAGES else "busy").message(lang)
    return html.Div(message(text, kind="warning"), id="upload-refused-note")


def check_upload(
    env: UploadEnv, contents: str | None, filename: str | None, lang: str = "sv", *, account: Any = None
) -> CheckOutcome:
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
        text = t(
            "upload.too_large", lang, file=name, size=_mb(len(data) / 1024 / 1024), mb=_mb(env.max_upload_mb)
        )
        return CheckOutcome(message(text, kind="warning"), None, no_update)
    from samverkansvav.web.parse_gate import GateClosed, client_key, gate_for, make_room

    token = None
    try:  # bounded work: a slot per client and a few for the whole server (parse_gate.py)
        with gate_for(env.config).slot(client_key(account), signed_in=account is not None):
            quota = int(env.config.upload_quota_mb * 1024 * 1024)
            env.uploads_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            make_room(env.uploads_dir, len(data), quota, ttl_s=UPLOAD_TTL_S)
            token, path = _save_upload(env, data, file_name=name, owner=getattr(account, "username", None))
            try:
                result = _read(env, path, name, reporter=_own_kommun(account))
            finally:
                if account is None:
                    _discard(env, token)  # an anonymous check can never be saved: delete the file now
    except GateClosed as exc:
        return CheckOutcome(message(exc.message(lang), kind="warning"), None, no_update)
    except OSError:
        log.exception("Uppladdad fil kunde inte sparas i %s", env.uploads_dir)
        return CheckOutcome(message(t("upload.server_error", lang), kind="warning"), None, no_update)
    except UnreadableFile as exc:
        if token is not None:
            _discard(env, token)  # nothing to save from a file that cannot be read
        text = exc.message if name in exc.message else f"{name}: {exc.message}"
        return CheckOutcome(message(text, kind="warning"), None, no_update)
    if account is None:  # preview and saving need sign-in: no token, no kept file
        return CheckOutcome(render_report(result, lang), None, _preselect(env, result, account), result)
    _remember(env, token, result)
    return CheckOutcome(
        render_report(result, lang), {"token": token}, _preselect(env, result, account), result
    )


def render_report(result: Any, lang: str = "sv") -> html.Div:
    """Summary, the list of what to fix (with errors) and the full report table."""
    report = result.report
    counts = report.counts()
    children: list = [
        html.P(
            t(
                "upload.summary",
                lang,
                file=result.file_name,
                errors=counts.get("fel", 0),
                warnings=counts.get("varning", 0),
                infos=counts.get("info", 0),
            ),
            className="upload-summary",
        )
    ]
    if report.has_errors or not result.ok:
        children.append(
            html.Div(
                [
                    html.P(t("upload.has_errors", lang)),
                    html.Ol([html.Li(line) for line in fix_list(report, lang)], className="upload-fix-list"),
                ],
                className="message message-warning",
                role="alert",
                id="upload-errors",
            )
        )
    else:
        children.append(message(t("upload.no_errors", lang)))
    frame = sorted_report_frame(report_frame(report), lang)
    if frame.empty:
        children.append(message(t("upload.no_issues", lang), kind="muted"))
    else:
        children.append(_wrapping(data_table(REPORT_TABLE, frame, REPORT_COLUMNS, lang), ("message", "hint")))
    return section(t("upload.report", lang), *children, help_text=t("upload.report_help", lang))


def _wrapping(block: html.Div, fields: tuple[str, ...]) -> html.Div:
    """The grid in ``block`` with ``fields`` wrapped over several lines (never cut off), sharing
    the width, and the other columns exactly as wide as their longest value (never "Samv…")."""
    grid = block.children[0] if isinstance(block.children, list) and block.children else None
    defs = getattr(grid, "columnDefs", None)
    if not defs:
        return block
    rows = getattr(grid, "rowData", None) or []

    def fitted(col: dict) -> int:
        longest = max(
            [len(str(col.get("headerName") or ""))] + [len(str(r.get(col["field"]) or "")) for r in rows]
        )
        return max(90, min(240, 8 * longest + 60))  # ~8 px a character, plus padding and the filter icon

    grid.columnDefs = [
        {
            **col,
            "wrapText": True,
            "autoHeight": True,
            "flex": 3,
            "minWidth": 240,
            "cellStyle": {
                "lineHeight": "1.4",
                "paddingTop": "8px",
                "paddingBottom": "8px",
                "wordBreak": "normal",
                "whiteSpace": "normal",
            },
        }
        if col.get("field") in fields
        else {**col, "flex": 0, "width": fitted(col), "minWidth": fitted(col)}
        for col in defs
    ]
    return block


@dataclass(frozen=True)
class PreviewView:
    """What the page shows for a kept upload and a chosen municipality.

    ``report`` is the check report as read with that municipality as reporter
    (``None``: leave the report as it is); ``disabled`` whether Spara is off
    (nothing, or nothing new, would be saved); ``base`` the version the preview
    compared with (``{"kommun", "version"}``), which Spara checks is still current.
    """

    children: Any
    disabled: bool
    report: Any = None
    base: dict | None = None


def _names(env: UploadEnv) -> dict[str, str]:
    names: dict[str, str] = {}
    if env.state is not None:
        names.update(env.state.web.party_names())
    if env.base_web is not None:
        names.update(env.base_web.party_names())
    return names


def preview_view(env: UploadEnv, token_data: Any, kommun: str | None, lang: str = "sv") -> PreviewView:
    """The preview of the kept upload as ``kommun``'s next version (recomputed on every call).

    Called after a new file, a new municipality, a save and a restore, so what it
    says about the stored versions is never stale.
    """
    from samverkansvav.store import StoreError

    token = _token_of(token_data)
    if token is None:
        return PreviewView(None, True)
    meta = _upload_meta(env, token)
    if meta is None:
        return PreviewView(message(t("upload.expired", lang), kind="warning"), True)
    result = _result_for(env, token, meta, reporter=str(kommun) if kommun else None)
    report = render_report(result, lang)
    if not result.ok:
        return PreviewView(None, True, report)  # the report already says what to fix
    if not kommun:
        return PreviewView(message(t("upload.kommun_missing", lang)), True, report)
    account = _account()
    scope = None if account is None else ("regional" if account.is_admin else "kommun")
    try:
        code = register_code(env, str(kommun), account)  # an administrator's is the region's
        preview = env.store.preview(result, kommun=code, scope=scope)
        old_web = (
            env.store.version_web(code, preview.base_version_no)
            if preview.base_version_no is not None and preview.changed
            else None
        )
    except StoreError as exc:
        return PreviewView(message(exc.message, kind="warning"), True, report)
    names = _names(env)
    tables = preview.tables()
    label = register_label(env, preview.kommun)
    same = preview.base_version_no is not None and (
        preview.duplicate_of is not None or not preview.has_changes
    )
    parts: list = []
    if result.reporter and str(result.reporter) == str(kommun):
        parts.append(html.P(t("upload.reporter_note", lang, kommun=label), className="section-help"))
    if preview.base_version_no is None:
        parts.append(html.P(t("upload.first_version", lang)))
    else:
        parts.append(html.P(t("upload.base_version", lang, n=preview.base_version_no)))
    parts.append(
        html.P(
            t(
                "upload.counts",
                lang,
                new=len(preview.new),
                changed=len(preview.changed),
                removed=len(preview.removed),
                unchanged=preview.unchanged,
                conflicts=len(preview.conflicts),
            ),
            id="upload-counts",
        )
    )
    if preview.duplicate_of is not None:
        parts.append(html.Div(message(t("upload.duplicate", lang, n=preview.duplicate_of)), id="upload-same"))
    elif same:
        parts.append(
            html.Div(message(t("upload.nothing_to_save", lang, n=preview.base_version_no)), id="upload-same")
        )
    ref_cols = (("arrangement_id", "upload.col.arrangement_id"), ("name", "upload.col.name"))
    tables["changed"] = change_frame(preview.changed, old_web, result.web, names, lang)
    for key, columns in (
        ("new", ref_cols),
        ("changed", ref_cols + (("fields", "upload.col.fields"),)),
        ("removed", ref_cols),
    ):
        if len(tables[key]):
            parts.append(html.H4(t(f"upload.{key}", lang)))
            table = data_table(f"upload-{key}", tables[key].astype(object), columns, lang)
            parts.append(_wrapping(table, ("name", "fields") if key == "changed" else ("name",)))
    if len(tables["conflicts"]):
        conflicts = tables["conflicts"].astype(object)
        conflicts["other_kommun"] = [_kommun_label(env, k) for k in conflicts["other_kommun"]]
        conflicts["field_label"] = [field_label(str(f), lang) for f in conflicts["field"]]
        for side in ("ours", "theirs"):
            conflicts[side] = [
                conflict_value(str(f), v, names, lang) for f, v in zip(conflicts["field"], conflicts[side])
            ]
        parts.append(html.H4(t("upload.conflicts", lang)))
        parts.append(html.P(t("upload.conflicts_help", lang), className="section-help"))
        parts.append(
            _wrapping(
                data_table(
                    "upload-conflicts",
                    conflicts,
                    (
                        ("arrangement_id", "upload.col.arrangement_id"),
                        ("name", "upload.col.name"),
                        ("other_kommun", "upload.col.other_kommun"),
                        ("other_version_no", "upload.col.other_version"),
                        ("field_label", "upload.col.field"),
                        ("ours", "upload.col.ours"),
                        ("theirs", "upload.col.theirs"),
                    ),
                    lang,
                ),
                ("ours", "theirs"),
            )
        )
    read = arrangement_frame(result.web, str(kommun), names, guessed_names(result.report), lang)
    parts.append(html.H4(t("upload.read_heading", lang, n=len(read))))
    parts.append(html.P(t("upload.read_help", lang), className="section-help"))
    parts.append(render_arrangements(read, names.get(str(kommun), str(kommun)), lang))
    from samverkansvav.web.disagreements import disagreement_block

    # The authority rule (a municipality's register speaks only for itself), then what others say.
    parts[0:0] = [
        message(i.message + (f" {i.hint}" if i.hint else ""), kind="warning" if i.level == "fel" else "info")
        for i in preview.authority
    ]
    parts.append(disagreement_block(env.state, str(kommun), lang, names=names))
    base = {"kommun": str(kommun), "version": preview.base_version_no}
    return PreviewView(
        section(t("upload.preview", lang, kommun=label), *parts), same or preview.refused, report, base
    )


def render_preview(env: UploadEnv, token_data: Any, kommun: str | None, lang: str = "sv") -> tuple[Any, bool]:
    """The preview for the kept upload as ``kommun``'s next version, and whether Spara stays disabled."""
    view = preview_view(env, token_data, kommun, lang)
    return view.children, view.disabled


def render_upload(env: UploadEnv, token_data: Any, kommun: str | None, lang: str = "sv") -> tuple:
    """The view callback's outputs: ``(report, preview, save disabled, preview base)``.

    Without a kept upload the report is left as it is (it may hold the message
    of a refused file); with one it is re-rendered for the chosen reporter.
    """
    view = preview_view(env, token_data, kommun, lang)
    report = view.report if _token_of(token_data) is not None and view.report is not None else no_update
    return report, view.children, view.disabled, view.base


_UNSEEN = object()


def save_upload(
    env: UploadEnv, token_data: Any, kommun: str | None, lang: str = "sv", seen: Any = _UNSEEN
) -> tuple[Any, Any]:
    """ "Spara": authorize, then store the kept upload as ``kommun``'s next version.

    Refused, with nothing written, when the content is the same as the current
    version (byte-identical or not: a new version would change nothing), and
    when ``seen`` (the ``{"kommun", "version"}`` the preview compared with) is no
    longer the current version, e.g. after a restore in another tab.

    Returns ``(message, saved)`` where ``saved`` is ``{"kommun", "version"}`` when
    something was stored (it refreshes the history and the preview), else
    ``no_update`` (a refused stale save returns ``{"stale": version}`` so the
    preview is recomputed).
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
    result = _result_for(env, token, meta, reporter=str(kommun))
    if not result.ok:
        return message(t("upload.has_errors", lang), kind="warning"), no_update
    try:
        code = register_code(env, str(kommun), account)  # an administrator's is the region's
        preview = env.store.preview(result, kommun=code, scope="regional" if account.is_admin else "kommun")
        if preview.refused:
            return message(
                " ".join(i.message for i in preview.authority if i.level == "fel"), kind="warning"
            ), no_update
        if seen is not _UNSEEN and (
            not isinstance(seen, dict)
            or str(seen.get("kommun")) != str(kommun)
            or seen.get("version") != preview.base_version_no
        ):
            current = preview.base_version_no if preview.base_version_no is not None else "–"
            return (
                message(t("upload.save_refused_stale", lang, n=current), kind="warning"),
                {"stale": preview.base_version_no},
            )
        if preview.duplicate_of is not None:
            return message(t("upload.saved_duplicate", lang, n=preview.duplicate_of)), no_update
        if preview.base_version_no is not None and not preview.has_changes:
            return message(t("upload.save_refused_same", lang, n=preview.base_version_no)), no_update
        # A municipality's account speaks for its own municipality only; an administrator's is regional.
        version = env.store.import_register(
            result,
            kommun=code,
            user=account.username,
            scope="regional" if account.is_admin else "kommun",
        )
    except StoreError as exc:
        return _write_failed(exc, lang), no_update
    except Exception as exc:  # noqa: BLE001 - a message, never a 500; the log has the traceback
        log.exception("Registret för %s kunde inte sparas", kommun)
        return _write_failed(exc, lang), no_update
    label = register_label(env, version.kommun)
    if version.duplicate:
        return message(t("upload.saved_duplicate", lang, n=version.version_no)), no_update
    note = _after_write(env, lang)
    text = message(t("upload.saved", lang, n=version.version_no, kommun=label, arr=version.n_arrangements))
    return html.Div([text, note] if note else [text], id="upload-saved-note"), {
        "kommun": version.kommun,
        "version": version.version_no,
    }


# ------------------------------------------------------------------ wiring
def _lang(search: str | None) -> str:
    return normalise_lang(parse_query(search).get("lang"))


def _clicked() -> bool:
    return bool(dash_ctx.triggered and dash_ctx.triggered[0].get("value"))


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

    @app.callback(
        Output(ids.UPLOAD_REPORT, "children"),
        Output(ids.UPLOAD_TOKEN, "data"),
        Output(ids.UPLOAD_KOMMUN, "value"),
        Output(ids.UPLOAD_SAVE_MESSAGE, "children", allow_duplicate=True),
        Output(ids.UPLOAD_RESTORE_MESSAGE, "children", allow_duplicate=True),
        Input(ids.UPLOAD_FILE, "contents"),
        State(ids.UPLOAD_FILE, "filename"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _check(contents, filename, search):
        outcome = check_upload(env(), contents, filename, _lang(search), account=_account())
        # Messages about the previous file (saved, set aside) do not describe this one.
        return outcome.children, outcome.token_data, outcome.kommun, None, None

    @app.callback(
        Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
        Output(ids.UPLOAD_TOKEN, "data", allow_duplicate=True),
        Output(ids.UPLOAD_FILE, "contents"),
        Input(UPLOAD_TOO_LARGE, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _too_large(data, search):
        # The browser refused the file (dcc.Upload max_size) and sent nothing: the previous
        # file's report, preview and token go, and the page says why.
        if not isinstance(data, dict):
            raise PreventUpdate
        return too_large_message(env(), data.get("name"), data.get("size"), _lang(search)), None, None

    @app.callback(
        Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
        Output(ids.UPLOAD_TOKEN, "data", allow_duplicate=True),
        Output(ids.UPLOAD_FILE, "contents", allow_duplicate=True),
        Input(UPLOAD_REFUSED, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _refused(data, search):
        # The server refused to check the file (no free slot, or no disk room): the previous
        # file's report and token go, and the page says why; the same file can be sent again.
        if not isinstance(data, dict):
            raise PreventUpdate
        return refused_message(data, _lang(search)), None, None

    @app.callback(
        Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
        Output(ids.UPLOAD_PREVIEW, "children"),
        Output(ids.UPLOAD_SAVE, "disabled"),
        Output(UPLOAD_BASE, "data"),
        Input(ids.UPLOAD_TOKEN, "data"),
        Input(ids.UPLOAD_KOMMUN, "value"),
        Input(ids.UPLOAD_SAVED, "data"),
        Input(ids.UPLOAD_RESTORED, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _view(token_data, kommun, _saved, _restored, search):
        return render_upload(env(), token_data, kommun, _lang(search))

    @app.callback(Output(UPLOAD_SAVE_WHY, "style"), Input(ids.UPLOAD_SAVE, "disabled"))
    def _why(disabled):
        return None if disabled else _HIDDEN

    @app.callback(
        Output(ids.UPLOAD_SAVE_MESSAGE, "children"),
        Output(ids.UPLOAD_SAVED, "data"),
        Input(ids.UPLOAD_SAVE, "n_clicks"),
        State(ids.UPLOAD_TOKEN, "data"),
        State(ids.UPLOAD_KOMMUN, "value"),
        State(UPLOAD_BASE, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _save(n_clicks, token_data, kommun, seen, search):
        if not n_clicks:
            raise PreventUpdate
        return save_upload(env(), token_data, kommun, _lang(search), seen=seen)

    @app.callback(
        Output(ids.UPLOAD_HISTORY, "children"),
        Input(ids.UPLOAD_KOMMUN, "value"),
        Input(ids.UPLOAD_SAVED, "data"),
        Input(ids.UPLOAD_RESTORED, "data"),
        State(ids.URL, "search"),
    )
    def _history(kommun, _saved, _restored, search):
        return render_history(env(), kommun, _lang(search))

    @app.callback(
        Output(RESTORE_QUESTION, "children"),
        Output(RESTORE_PENDING, "data"),
        Output(RESTORE_CONFIRM, "style"),
        Output(RESTORE_YES, "children"),
        Input({"type": "upload-restore", "version": ALL}, "n_clicks"),
        Input(RESTORE_NO, "n_clicks"),
        State(ids.UPLOAD_KOMMUN, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _ask(_clicks, _no, kommun, search):
        trigger = dash_ctx.triggered_id
        if not _clicked():
            raise PreventUpdate  # buttons appearing with the history table are not clicks
        if not isinstance(trigger, dict):  # Avbryt
            return None, None, _HIDDEN, no_update
        lang = _lang(search)
        question, pending = ask_restore(env(), kommun, trigger.get("version"), lang)
        if pending is None:
            return question, None, ({} if question is not None else _HIDDEN), no_update
        return question, pending, {}, t("upload.restore_yes", lang, source=pending["version"])

    @app.callback(
        Output(ids.UPLOAD_RESTORE_MESSAGE, "children"),
        Output(ids.UPLOAD_RESTORED, "data"),
        Output(RESTORE_PENDING, "data", allow_duplicate=True),
        Output(RESTORE_CONFIRM, "style", allow_duplicate=True),
        Output(ids.UPLOAD_TOKEN, "data", allow_duplicate=True),
        Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
        Output(ids.UPLOAD_FILE, "contents", allow_duplicate=True),
        Output(ids.UPLOAD_SAVE_MESSAGE, "children", allow_duplicate=True),
        Input(RESTORE_YES, "n_clicks"),
        State(RESTORE_PENDING, "data"),
        State(ids.UPLOAD_TOKEN, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _restore(n_clicks, pending, token_data, search):
        if not n_clicks or not isinstance(pending, dict):
            raise PreventUpdate
        lang = _lang(search)
        note, restored = restore_version(env(), pending.get("kommun"), int(pending.get("version")), lang)
        if restored is no_update:
            return note, no_update, None, _HIDDEN, no_update, no_update, no_update, no_update
        # A file checked before the restore was compared with the version the restore replaced:
        # set it aside (the user uploads it again to compare it with the restored one).
        token = _token_of(token_data)
        meta = _upload_meta(env(), token) if token else None
        if meta is not None:
            aside = message(t("upload.restore_set_aside", lang, file=meta["file_name"]), kind="muted")
            note = html.Div([note, aside])
        return note, restored, None, _HIDDEN, None, None, None, None

    @app.callback(
        Output(ids.UPLOAD_TEMPLATE_DOWNLOAD, "data"),
        Input(ids.UPLOAD_TEMPLATE_EMPTY, "n_clicks"),
        Input(ids.UPLOAD_TEMPLATE_EXAMPLE, "n_clicks"),
        prevent_initial_call=True,
    )
    def _template(_empty, _example):
        trigger = dash_ctx.triggered_id
        if trigger not in (ids.UPLOAD_TEMPLATE_EMPTY, ids.UPLOAD_TEMPLATE_EXAMPLE) or not dash_ctx.triggered[
            0
        ].get("value"):
            raise PreventUpdate
        example = trigger == ids.UPLOAD_TEMPLATE_EXAMPLE
        name = "samverkansregister-exempel.xlsx" if example else "samverkansregister-mall.xlsx"
        return dcc.send_bytes(template_bytes(example=example), name)


PAGE = Page(
    path=PATH, nav_key="nav.upload", layout=layout, register=register, cache_layout=False
)  # shows who is signed in
