"""Ladda upp: the page layout, and the municipality choice an account may make.

Split out of :mod:`.upload` (which wires the callbacks and re-exports these names).
"""

from __future__ import annotations

from typing import Any

import flask
import pandas as pd
from dash import dcc, html

from samverkansvav.config import Config
from samverkansvav.web import ids
from samverkansvav.web.components import section
from samverkansvav.web.i18n import t
from samverkansvav.web.page import PageContext
from samverkansvav.web.pages.upload_files import _mb, _own_kommun

PATH = "/ladda-upp"


def _app_config() -> Config:
    if flask.has_app_context():
        config = flask.current_app.config.get("SAMVERKANSVAV_CONFIG")
        if config is not None:
            return config
    from samverkansvav.config import load_config

    return load_config()


def _account():
    from samverkansvav.web.auth import current_account

    return current_account() if flask.has_request_context() else None


#: Component ids of this page that only it uses (the shared ones live in :mod:`..ids`).
UPLOAD_BASE = "upload-preview-base"
UPLOAD_TOO_LARGE = "upload-too-large"
#: Where assets/gate_refusal.js puts a check the server refused (HTTP 429): ``{"reason": …}``.
UPLOAD_REFUSED = "upload-refused"
UPLOAD_SAVE_WHY = "upload-save-why"
RESTORE_PENDING = "upload-restore-pending"
RESTORE_CONFIRM = "upload-restore-confirm"
RESTORE_QUESTION = "upload-restore-confirm-text"
RESTORE_YES = "upload-restore-yes"
RESTORE_NO = "upload-restore-no"
_HIDDEN = {"display": "none"}


def kommun_choices(parties: pd.DataFrame, kommun_ids: Any, account: Any) -> tuple[list[dict], str | None]:
    """Dropdown options and preselected value: a municipality account sees only its own municipality.

    Examples
    --------
    >>> import pandas as pd
    >>> parties = pd.DataFrame({"name": ["A", "B"]}, index=["0001", "0002"])
    >>> class Konto: kommun, is_admin = "0002", False
    >>> kommun_choices(parties, ["0001", "0002"], Konto())
    ([{'label': 'B (0002)', 'value': '0002'}], '0002')
    >>> kommun_choices(parties, ["0002", "0001"], None)[0][0]["value"]
    '0001'
    """
    ids_ = [str(k) for k in kommun_ids]
    own = _own_kommun(account)
    if own is not None and own in set(ids_):
        ids_ = [own]
    options = [
        {"label": f"{parties.at[k, 'name']} ({k})", "value": k}
        for k in sorted(ids_, key=lambda k: str(parties.at[k, "name"]))
    ]
    chosen = account.kommun if account is not None and getattr(account, "kommun", None) in set(ids_) else None
    return options, chosen


def layout(ctx: PageContext) -> html.Div:
    from samverkansvav.web.auth import LOGIN_PATH, login_status

    lang = ctx.lang
    config = _app_config()
    max_mb = config.max_upload_mb
    account = _account()
    bundle = ctx.bundle
    options, chosen = kommun_choices(bundle.parties, bundle.kommun_ids, account)
    own = _own_kommun(account)
    login_note: Any = None
    if account is None:
        login_note = html.Div(
            [
                t("upload.login_needed", lang) + " ",
                html.A(
                    t("upload.login_link", lang), href=f"/{LOGIN_PATH}?next={PATH}", id="upload-login-link"
                ),
            ],
            className="message message-info",
            id="upload-login-note",
        )
    own_note = (
        html.Span(
            t("upload.kommun_own", lang, kommun=options[0]["label"]),
            className="control-help",
            id="upload-kommun-own",
        )
        if own is not None and len(options) == 1
        else None
    )
    return html.Div(
        [
            html.H2(t("upload.title", lang)),
            login_status(lang, next_path=PATH),
            login_note,
            html.P(t("upload.intro", lang)),
            section(
                t("upload.templates", lang),
                html.Div(
                    [
                        html.Button(
                            t("upload.template_empty", lang),
                            id=ids.UPLOAD_TEMPLATE_EMPTY,
                            className="btn btn-light",
                            n_clicks=0,
                        ),
                        html.Button(
                            t("upload.template_example", lang),
                            id=ids.UPLOAD_TEMPLATE_EXAMPLE,
                            className="btn btn-light",
                            n_clicks=0,
                        ),
                        dcc.Download(id=ids.UPLOAD_TEMPLATE_DOWNLOAD),
                    ],
                    className="table-actions",
                ),
                help_text=t("upload.templates_help", lang),
            ),
            html.Div(
                [
                    html.Label(t("upload.kommun", lang), htmlFor=ids.UPLOAD_KOMMUN),
                    dcc.Dropdown(
                        id=ids.UPLOAD_KOMMUN,
                        options=options,
                        value=chosen,
                        placeholder=t("upload.kommun_placeholder", lang),
                        clearable=own is None,
                    ),
                    own_note,
                ],
                className="control upload-kommun",
            ),
            dcc.Upload(
                id=ids.UPLOAD_FILE,
                # The size is on the drop zone itself, before anyone picks a file; the script in
                # assets/upload_size.js reads data-max-bytes to tell the page about a refused file.
                children=html.Div(
                    [
                        t("upload.drop", lang),
                        html.A(t("upload.pick", lang)),
                        html.Span(t("upload.drop_limit", lang, mb=_mb(max_mb)), className="upload-limit"),
                    ],
                    **{"data-max-bytes": str(int(max_mb * 1024 * 1024))},
                ),
                multiple=False,
                max_size=int(max_mb * 1024 * 1024),
                accept=".xlsx,.xlsm,.xls,.ods,.csv,.txt",
                className="upload-drop",
                style={
                    "border": "2px dashed #8aa4bd",
                    "borderRadius": "6px",
                    "padding": "1.5rem",
                    "textAlign": "center",
                    "cursor": "pointer",
                },
            ),
            dcc.Store(id=ids.UPLOAD_TOKEN, data=None),
            dcc.Store(id=ids.UPLOAD_SAVED, data=None),
            dcc.Store(id=ids.UPLOAD_RESTORED, data=None),
            dcc.Store(id=UPLOAD_BASE, data=None),
            dcc.Store(id=UPLOAD_TOO_LARGE, data=None),
            dcc.Store(id=UPLOAD_REFUSED, data=None),
            dcc.Store(id=RESTORE_PENDING, data=None),
            dcc.Loading(html.Div(id=ids.UPLOAD_REPORT), type="default"),
            dcc.Loading(html.Div(id=ids.UPLOAD_PREVIEW), type="default"),
            html.Div(
                [
                    html.Button(
                        t("upload.save", lang),
                        id=ids.UPLOAD_SAVE,
                        className="btn btn-save",
                        n_clicks=0,
                        disabled=True,
                        title=t("upload.save_why_disabled", lang),
                    ),
                    html.Span(
                        t("upload.save_why_disabled", lang), id=UPLOAD_SAVE_WHY, className="control-help"
                    ),
                ],
                className="save-row",
            ),
            dcc.Loading(html.Div(id=ids.UPLOAD_SAVE_MESSAGE), type="default"),
            html.Div(
                [
                    html.Div(id=RESTORE_QUESTION),
                    html.Div(
                        [
                            html.Button(
                                t("upload.restore", lang), id=RESTORE_YES, className="btn", n_clicks=0
                            ),
                            html.Button(
                                t("upload.restore_no", lang),
                                id=RESTORE_NO,
                                className="btn btn-light",
                                n_clicks=0,
                            ),
                        ],
                        className="table-actions",
                    ),
                ],
                id=RESTORE_CONFIRM,
                className="message message-warning restore-confirm",
                style=_HIDDEN,
            ),
            html.Div(id=ids.UPLOAD_RESTORE_MESSAGE),
            dcc.Loading(html.Div(id=ids.UPLOAD_HISTORY), type="default"),
        ],
        className="upload-page",
    )
