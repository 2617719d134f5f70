"""Ladda upp: the stored versions of a municipality's register, and restoring one (undo).

Both writes (:func:`restore_version` here, "Spara" in :mod:`.upload`) authorize
first and refresh the app's dataset after; a restore is asked for first
(:func:`ask_restore`) and writes nothing until it is confirmed.

Which register the chosen municipality stands for depends on who is signed in
(:func:`register_code`): a municipality's account writes the municipality's own
register; an administrator's upload is a regional register, stored, listed and
restored under the region of the chosen municipality's län ("R20", Region
Dalarna), so it never replaces the municipality's own version.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from dash import html, no_update

from samverkansvav.web import ids
from samverkansvav.web.components import message, section
from samverkansvav.web.i18n import t
from samverkansvav.web.pages.upload_files import UploadEnv, _kommun_label

log = logging.getLogger(__name__)


def _viewer() -> Any:
    import flask

    from samverkansvav.web.auth import current_account

    return current_account() if flask.has_request_context() else None


#: ``register_code``'s default account: whoever is signed in.
SIGNED_IN: Any = object()


def register_code(env: UploadEnv, kommun: str, account: Any = SIGNED_IN) -> str:
    """The code the register chosen as ``kommun`` is stored under, for ``account``.

    An administrator's register is regional: the region of ``kommun``'s län
    (:func:`samverkansvav.store.registers.regional_register_code`; a
    :class:`~samverkansvav.store.StoreError` when the municipality has no län). Anyone
    else's is ``kommun`` itself. ``account`` defaults to the signed-in one.
    """
    from samverkansvav.store.registers import regional_register_code

    if account is SIGNED_IN:
        account = _viewer()
    if account is None or not getattr(account, "is_admin", False):
        return str(kommun)
    parties = env.state.web.parties if env.state is not None else env.parties
    return regional_register_code(str(kommun), parties)


def register_label(env: UploadEnv, code: str | None) -> str:
    """A register as users see it: "Falun (2080)", or for a regional register "Region Dalarna (R20)"."""
    from samverkansvav.store.registers import is_region_code, register_name

    if code and is_region_code(code):
        names = env.state.web.party_names() if env.state is not None else {}
        return f"{register_name(str(code), names)} ({code})"
    return _kommun_label(env, code)


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


def _signed_in() -> bool:
    return _viewer() is not None


def history_rows(env: UploadEnv, kommun: str, lang: str = "sv") -> list[dict]:
    """The versions of ``kommun``'s register, newest first, as plain dicts."""
    rows = []
    for v in sorted(env.store.history(kommun), key=lambda v: v.version_no, reverse=True):
        when = v.created_at
        if isinstance(when, dt.datetime):
            when = when.astimezone().strftime("%Y-%m-%d %H:%M")
        kind = (
            t("upload.kind_restore", lang, n=v.restored_from)
            if v.kind == "restore"
            else t("upload.kind_upload", lang)
        )
        # Account names are for signed-in users only.
        user = (v.user or "") if _signed_in() else ""
        rows.append(
            {
                "version": int(v.version_no),
                "when": str(when),
                "user": user,
                "file": v.file_name,
                "kind": kind,
                "n_arrangements": int(v.n_arrangements),
            }
        )
    return rows


def render_history(env: UploadEnv, kommun: str | None, lang: str = "sv") -> Any:
    """The version table of ``kommun`` with one "Återställ" button per older version."""
    from samverkansvav.store import StoreError

    if not kommun:
        return message(t("upload.history_pick", lang), kind="muted")
    try:
        code = register_code(env, str(kommun))
    except StoreError as exc:
        return message(t("upload.history_error", lang, message=exc.message), kind="warning")
    title = t("upload.history", lang, kommun=register_label(env, code))
    try:
        rows = history_rows(env, code, lang)
    except StoreError as exc:
        return section(title, message(t("upload.history_error", lang, message=exc.message), kind="warning"))
    if not rows:
        return section(title, message(t("upload.history_empty", lang), kind="muted"))
    keys = ("version", "when", "user", "file", "kind", "n_arrangements")
    head = html.Tr([html.Th(t(f"upload.col.{k}", lang)) for k in keys] + [html.Th("")])
    body = []
    for i, row in enumerate(rows):
        action: Any = (
            html.Span(t("upload.current", lang), className="badge")
            if i == 0
            else html.Button(
                t("upload.restore", lang),
                id=ids.restore_button(row["version"]),
                className="btn btn-light",
                n_clicks=0,
            )
        )
        body.append(html.Tr([html.Td(str(row[k])) for k in keys] + [html.Td(action)]))
    from samverkansvav.web.disagreements import disagreement_block

    names = env.state.web.party_names() if env.state is not None else {}
    return section(
        title,
        disagreement_block(env.state, str(kommun), lang, names=names),
        html.Table([html.Thead(head), html.Tbody(body)], className="history-table"),
        help_text=t("upload.history_help", lang),
    )


def ask_restore(env: UploadEnv, kommun: str | None, version_no: Any, lang: str = "sv") -> tuple[Any, Any]:
    """The confirm step of "Återställ": ``(question, pending)``; nothing is written.

    ``pending`` is ``{"kommun", "version"}`` for the confirm button, or ``None``
    (with a message instead of a question) when there is nothing to restore.
    """
    from samverkansvav.store import StoreError

    try:
        number = int(version_no)
        code = register_code(env, str(kommun or "")) if kommun else ""
        history = {v.version_no: v for v in env.store.history(code)}
    except (TypeError, ValueError):
        return None, None
    except StoreError as exc:
        return message(t("upload.history_error", lang, message=exc.message), kind="warning"), None
    source = history.get(number)
    if source is None or not history or number == max(history):
        return None, None
    text = t(
        "upload.restore_confirm",
        lang,
        source=number,
        n=max(history) + 1,
        file=source.file_name,
        arr=int(source.n_arrangements),
    )
    return html.P(text, id="upload-restore-question"), {"kommun": code, "version": number}


def restore_version(env: UploadEnv, kommun: str | None, version_no: int, lang: str = "sv") -> tuple[Any, Any]:
    """ "Återställ": authorize, then make ``version_no`` current again as a new version.

    ``kommun`` is the register's code as :func:`ask_restore` put it in ``pending``
    (a region code for an administrator's regional register).
    """
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
    text = message(
        t(
            "upload.restored",
            lang,
            source=int(version_no),
            n=version.version_no,
            kommun=register_label(env, version.kommun),
        )
    )
    return html.Div([text, note] if note else [text]), {
        "kommun": version.kommun,
        "version": version.version_no,
    }
