"""Ladda upp, the check: decode, keep and read one file, and the report of what it says.

:func:`check_upload` is the first step of the page's flow (see :mod:`.upload`):
the size is checked, the bytes are kept on the server under a random token
(:mod:`.upload_files`) and read in a resource-limited child process;
:func:`render_report` shows every issue as a table with, when there are
errors, a list of exactly what to fix.
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
from dash import html, no_update
from dash.exceptions import PreventUpdate

from samverkansvav.web.components import data_table, message, section
from samverkansvav.web.i18n import t
from samverkansvav.web.pages.upload_files import (
    UPLOAD_TTL_S,
    UploadEnv,
    _discard,
    _kommun_ids,
    _mb,
    _own_kommun,
    _read,
    _remember,
    _save_upload,
    clean_file_name,
    decoded_size,
)
from samverkansvav.web.pages.upload_preview import sorted_report_frame

# One logger for the whole page, whichever of its modules writes.
log = logging.getLogger("samverkansvav.web.pages.upload")


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
