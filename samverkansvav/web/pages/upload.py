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
directly): the check and its report in :mod:`.upload_report`, the preview and
Spara in :mod:`.upload_save`; this module re-exports them and :func:`register`
wires thin wrappers onto the app.

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

from dash import ALL, Input, Output, State, dcc, html, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from samverkansvav.web import ids
from samverkansvav.web.components import message
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
from samverkansvav.web.pages.upload_report import (  # noqa: F401 - public names re-exported
    MAX_FIX_LINES,
    REPORT_COLUMNS,
    REPORT_TABLE,
    CheckOutcome,
    check_upload,
    fix_list,
    refused_message,
    render_report,
    report_frame,
    template_bytes,
    too_large_message,
)
from samverkansvav.web.pages.upload_save import (  # noqa: F401 - public names re-exported
    PreviewView,
    preview_view,
    render_preview,
    render_upload,
    save_upload,
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
