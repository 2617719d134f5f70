"""Ladda upp as an administrator: the upload is a regional register, stored under the region (issue 13).

The small web's municipalities A..E (0001..0005) lie in län 01, so an
administrator who picks A on the page stores Region Stockholm's regional
register, R01. A's own register, saved by A's account, stays A's latest version.
"""

from __future__ import annotations

import base64
import contextlib
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from samverkansvav.accounts import add_account, load_accounts
from samverkansvav.config import load_config
from samverkansvav.web.auth import begin_session
from samverkansvav.web.pages import upload
from samverkansvav.web.pages.upload import (
    ask_restore,
    check_upload,
    env_for,
    preview_view,
    register_code,
    render_history,
    restore_version,
    save_upload,
)

FAST_METHOD = "pbkdf2:sha256:1000"
PASSWORDS = {"anna": "anna-lösenord-1", "root": "root-lösenord-3"}
HEADERS = ["Id", "Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Startdatum"]
OWN_ROW = ["ny-it", "Ny IT-nämnd", "gemensam nämnd", "IT", "A", "A, E", "2020-01-01"]
REGIONAL_ROWS = [
    ["ny-it", "Ny IT-nämnd", "gemensam nämnd", "IT", "A", "A, E", "2020-01-01"],
    ["bc-arkiv", "B och C arkiv", "avtalssamverkan", "arkiv", "B", "B, C", "2021-01-01"],
]


def xlsx(rows: list[list]) -> str:
    wb = Workbook()
    ws = wb.active
    ws.title = "Samverkan"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return f"data:{mime};base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def texts_of(node) -> str:
    if node is None:
        return ""
    if isinstance(node, (str, int, float)):
        return str(node)
    if isinstance(node, (list, tuple)):
        return " ".join(texts_of(n) for n in node)
    if isinstance(node, dict):
        return " ".join(texts_of(v) for v in node.values())
    return texts_of(getattr(node, "children", None))


@pytest.fixture
def accounts_file(tmp_path: Path) -> Path:
    path = tmp_path / "konton.json"
    add_account(path, "anna", PASSWORDS["anna"], kommun="0001", role="kommun", method=FAST_METHOD)
    add_account(path, "root", PASSWORDS["root"], kommun=None, role="admin", method=FAST_METHOD)
    return path


@pytest.fixture
def app(small_web, tmp_path, accounts_file):
    from samverkansvav.web.app import create_app
    from samverkansvav.web.auth import install_auth

    config = load_config({}, data_dir=str(tmp_path / "data"), accounts_file=str(accounts_file))
    app = create_app(config, web=small_web)
    install_auth(app, config)
    yield app
    store = app.server.config.get(upload.STORE_KEY)
    if store is not None:
        store.close()


@pytest.fixture
def env(app):
    return env_for(app.server)


@pytest.fixture
def signed_in(app, accounts_file):
    @contextlib.contextmanager
    def session(username: str | None):
        with app.server.test_request_context("/_dash-update-component", method="POST"):
            if username is not None:
                begin_session(load_accounts(accounts_file)[username])
            yield

    return session


def _upload(env, accounts_file, username, rows):
    account = load_accounts(accounts_file)[username]
    outcome = check_upload(env, xlsx(rows), "register.xlsx", "sv", account=account)
    assert outcome.result.ok, [i.message for i in outcome.result.report.errors]
    return outcome.token_data


def test_an_administrators_upload_is_the_regions_register_and_never_replaces_the_municipalitys(
    app, env, signed_in, accounts_file
):
    with signed_in("anna"):
        _note, saved = save_upload(env, _upload(env, accounts_file, "anna", [OWN_ROW]), "0001")
    assert saved == {"kommun": "0001", "version": 1}

    token = _upload(env, accounts_file, "root", REGIONAL_ROWS)
    with signed_in("root"):
        assert register_code(env, "0001") == "R01"
        view = preview_view(env, token, "0001")
        # The preview is of Region Stockholm's register (its first version), not of A's v1.
        shown = texts_of(view.children)
        assert "Förhandsvisning: detta ändras för Region Stockholm (R01)" in shown
        assert view.base == {"kommun": "0001", "version": None}
        note, saved = save_upload(env, token, "0001", seen=view.base)
    assert saved == {"kommun": "R01", "version": 1}
    assert "Sparat som version 1 av registret för Region Stockholm (R01) (2 arrangemang)" in texts_of(note)

    # Both versions exist; A's own is untouched and still its latest.
    assert env.store.kommuner() == ["0001", "R01"]
    assert [(v.version_no, v.user, v.scope) for v in env.store.history("0001")] == [(1, "anna", "kommun")]
    assert [(v.version_no, v.user, v.scope) for v in env.store.history("R01")] == [(1, "root", "regional")]

    # The views: A's arrangement is A's report; the one only the region describes is the region's.
    state = app.server.config["SAMVERKANSVAV_STATE"]
    reported = state.web.arrangements.set_index("id")["reported_by"]
    assert (reported["ny-it"], reported["bc-arkiv"]) == ("0001", "R01")
    members = state.web.memberships
    assert sorted(members.loc[members["arrangement_id"] == "ny-it", "party_id"]) == ["0001", "0005"]

    # The version history: the administrator sees the region's register, A's account A's own.
    with signed_in("root"):
        assert "Versioner av registret för Region Stockholm (R01)" in texts_of(render_history(env, "0001"))
        assert ask_restore(env, "0001", 1, "sv") == (None, None)  # the region's only version is current
    with signed_in("anna"):
        assert "Versioner av registret för A (0001)" in texts_of(render_history(env, "0001"))
        assert register_code(env, "0001") == "0001"
    assert register_code(env, "0001", account=None) == "0001"  # anonymous checks compare with A's own


def test_an_administrator_restores_the_regions_register_not_the_municipalitys(env, signed_in, accounts_file):
    with signed_in("anna"):
        save_upload(env, _upload(env, accounts_file, "anna", [OWN_ROW]), "0001")
    with signed_in("root"):
        save_upload(env, _upload(env, accounts_file, "root", REGIONAL_ROWS), "0001")
        save_upload(env, _upload(env, accounts_file, "root", REGIONAL_ROWS[1:]), "0001")
        question, pending = ask_restore(env, "0001", 1, "sv")
        assert pending == {"kommun": "R01", "version": 1}
        # The region's v1 (2 arrangements), not A's v1 (1 arrangement), becomes the region's v3.
        assert texts_of(question).startswith("Återställa version 1? Den blir gällande som en ny version 3 ")
        assert "2 arrangemang" in texts_of(question)
        note, restored = restore_version(env, pending["kommun"], pending["version"])
    assert restored == {"kommun": "R01", "version": 3}
    assert "för Region Stockholm (R01)" in texts_of(note)
    assert [(v.version_no, v.kind, v.restored_from) for v in env.store.history("R01")] == [
        (3, "restore", 1),
        (2, "upload", None),
        (1, "upload", None),
    ]
    assert [(v.version_no, v.user) for v in env.store.history("0001")] == [(1, "anna")]
