"""Ladda upp, the preview and Spara: what the kept upload changes, and storing it.

:func:`preview_view` is recomputed after every new file, choice of municipality,
save and restore, so what it says about the stored versions is never stale;
:func:`save_upload` authorizes first and refuses a save that would change
nothing or was previewed against a version that is no longer current.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from dash import html, no_update

from samverkansvav.web.components import data_table, message, section
from samverkansvav.web.i18n import t
from samverkansvav.web.pages.upload_files import (
    UploadEnv,
    _kommun_label,
    _result_for,
    _token_of,
    _upload_meta,
)
from samverkansvav.web.pages.upload_layout import _account
from samverkansvav.web.pages.upload_preview import (
    arrangement_frame,
    change_frame,
    conflict_value,
    field_label,
    guessed_names,
    render_arrangements,
)
from samverkansvav.web.pages.upload_report import _wrapping, render_report
from samverkansvav.web.pages.upload_versions import _after_write, _write_failed, register_code, register_label

# One logger for the whole page, whichever of its modules writes.
log = logging.getLogger("samverkansvav.web.pages.upload")


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
