"""The "Ladda upp" page: its callbacks called as plain functions on a real store and real xlsx files.

Every test builds the dashboard on the small web (parties 0001..0005 named A..E)
with a SQLite store in ``tmp_path`` and an accounts file (anna → 0001, bertil →
0002). Files are written with openpyxl and sent as the browser sends them (a
base64 data URL); they are parsed in the sandbox child process like real uploads.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from samverkansvav.accounts import add_account, load_accounts
from samverkansvav.config import load_config
from samverkansvav.testing import plain_text
from samverkansvav.web import ids
from samverkansvav.web.auth import begin_session
from samverkansvav.web.components import find_component
from samverkansvav.web.pages import upload
from samverkansvav.web.pages.upload import (
    check_upload,
    env_for,
    render_history,
    render_preview,
    report_frame,
    restore_version,
    save_upload,
)

FAST_METHOD = "pbkdf2:sha256:1000"  # cheap hashing for tests; same code path as scrypt
PASSWORDS = {"anna": "anna-lösenord-1", "bertil": "bertil-lösen-2"}
HEADERS = ["Id", "Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Startdatum", "Rapporterande kommun"]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: One new arrangement: a joint IT committee hosted by A with member E.
GOOD_ROW = ["ny-it", "Ny IT-nämnd", "gemensam nämnd", "IT", "A", "A, E", "2020-01-01", "A"]


def xlsx(rows: list[list], headers: list[str] = HEADERS) -> bytes:
    """A register workbook: sheet Samverkan, headers on row 1, ``rows`` from row 2."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Samverkan"
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def data_url(data: bytes, mime: str = XLSX_MIME) -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def texts_of(node) -> str:
    """Every string in a component tree (children and dict values), joined."""
    if node is None:
        return ""
    if isinstance(node, (str, int, float)):
        return str(node)
    if isinstance(node, (list, tuple)):
        return " ".join(texts_of(n) for n in node)
    if isinstance(node, dict):
        return " ".join(texts_of(v) for v in node.values())
    parts = [texts_of(getattr(node, "children", None))]
    row_data = getattr(node, "rowData", None)
    if row_data:
        parts.append(texts_of(row_data))
    return " ".join(p for p in parts if p)


@pytest.fixture
def accounts_file(tmp_path: Path) -> Path:
    path = tmp_path / "konton.json"
    add_account(path, "anna", PASSWORDS["anna"], kommun="0001", role="kommun", method=FAST_METHOD)
    add_account(path, "bertil", PASSWORDS["bertil"], kommun="0002", role="kommun", method=FAST_METHOD)
    return path


@pytest.fixture
def app(small_web, tmp_path, accounts_file):
    """The dashboard with sign-in, a store under tmp_path and the small web as base data."""
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
    """``with signed_in("anna"):`` runs code inside a request whose session is anna's sign-in."""

    @contextlib.contextmanager
    def session(username: str | None):
        with app.server.test_request_context("/_dash-update-component", method="POST"):
            if username is not None:
                begin_session(load_accounts(accounts_file)[username])  # a real server-side session
            yield

    return session


def _check(env, data: bytes, *, name: str = "register.xlsx", account=None):
    return check_upload(env, data_url(data), name, "sv", account=account)


def _account(accounts_file: Path, username: str):
    return load_accounts(accounts_file)[username]


# ------------------------------------------------------------------ check and report
def test_file_with_planted_errors_reports_their_rows_and_stores_nothing(env, signed_in, accounts_file):
    # Row 2 is good; row 3 has an unknown form; row 4 names a member that does not exist.
    data = xlsx(
        [
            GOOD_ROW,
            ["trasig", "Trasig", "okänd form", "IT", "", "A, B", "", "A"],
            ["okand", "Okänd medlem", "informell", "IT", "", "A, Xyzzyvik", "", "A"],
        ]
    )
    outcome = _check(env, data, account=_account(accounts_file, "anna"))
    errors = [i for i in outcome.result.report if i.level == "fel"]
    assert [(i.row, i.column) for i in errors] == [(3, "Form"), (4, "Medlemmar")]
    frame = report_frame(outcome.result.report)
    error_rows = frame[frame["level"] == "fel"]
    assert error_rows["row"].tolist() == [3, 4]
    assert all(type(r) is int for r in error_rows["row"])  # plain ints, as Excel shows them
    shown = texts_of(outcome.children)
    assert "Filen har fel och har inte sparats" in shown
    assert "rad 3, kolumn Form" in shown and "rad 4, kolumn Medlemmar" in shown
    grid = find_component(outcome.children, ids.grid(upload.REPORT_TABLE))
    assert [r["row"] for r in grid.rowData if r["level"] == "fel"] == [3, 4]
    # No preview, Spara stays disabled, and a save attempt stores nothing.
    assert render_preview(env, outcome.token_data, "0001") == (None, True)
    with signed_in("anna"):
        note, saved = save_upload(env, outcome.token_data, "0001")
    assert "har fel" in texts_of(note)
    assert saved is upload.no_update
    assert env.store.history("0001") == []
    assert env.store.kommuner() == []


def test_good_file_preview_lists_the_new_arrangement(env, accounts_file):
    outcome = _check(env, xlsx([GOOD_ROW]), account=_account(accounts_file, "anna"))
    assert outcome.result.ok
    assert outcome.kommun == "0001"  # "Rapporterande kommun" says A = 0001
    children, disabled = render_preview(env, outcome.token_data, "0001")
    assert disabled is False
    new = find_component(children, ids.grid("upload-new"))
    assert [(r["arrangement_id"], r["name"]) for r in new.rowData] == [("ny-it", "Ny IT-nämnd")]
    # 1 new; nothing stored yet, so 0 changed, 0 removed, 0 unchanged, 0 conflicts.
    assert "1 nya, 0 ändrade, 0 borttagna, 0 oförändrade" in texts_of(children)
    assert "detta blir version 1" in texts_of(children)


def test_preview_needs_a_kommun(env, accounts_file):
    outcome = _check(env, xlsx([GOOD_ROW[:-1] + [None]]), account=_account(accounts_file, "anna"))
    children, disabled = render_preview(env, outcome.token_data, None)  # no kommun chosen
    assert disabled is True
    assert "Välj vilken kommuns register" in texts_of(children)


def test_anonymous_check_keeps_no_file_and_offers_no_preview(env):
    # Checking needs no sign-in, but an anonymous visitor can never save: the file is deleted at once.
    outcome = _check(env, xlsx([GOOD_ROW[:-1] + [None]]))
    assert outcome.kommun is None  # no reporter in the file and nobody signed in
    assert outcome.result.ok and outcome.token_data is None
    assert list(env.uploads_dir.iterdir()) == []
    assert render_preview(env, outcome.token_data, None) == (None, True)


def test_preview_shows_conflict_with_another_kommuns_register(env, signed_in, accounts_file):
    # bertil (0002) stores "Räddningsförbundet" with members B, C; anna's file says A, B, C.
    theirs = _check(
        env,
        xlsx(
            [
                [
                    "kf",
                    "Räddningsförbundet",
                    "kommunalförbund",
                    "räddningstjänst",
                    "",
                    "B, C",
                    "2010-01-01",
                    "B",
                ]
            ]
        ),
        account=_account(accounts_file, "bertil"),
    )
    with signed_in("bertil"):
        save_upload(env, theirs.token_data, "0002")
    ours = _check(
        env,
        xlsx(
            [
                [
                    "kf",
                    "Räddningsförbundet",
                    "kommunalförbund",
                    "räddningstjänst",
                    "",
                    "A, B, C",
                    "2010-01-01",
                    "A",
                ]
            ]
        ),
        account=_account(accounts_file, "anna"),
    )
    children, _ = render_preview(env, ours.token_data, "0001")
    grid = find_component(children, ids.grid("upload-conflicts"))
    assert grid is not None
    rows = [r for r in grid.rowData if r["field_label"] == "Medlemmar"]
    assert len(rows) == 1 and rows[0]["other_kommun"] == "B (0002)"
    # Members by name, not code: this file says A, B, C; bertil's register B, C.
    assert (rows[0]["ours"], rows[0]["theirs"]) == ("A, B, C", "B, C")


# ------------------------------------------------------------------ save
def test_save_with_own_kommun_stores_version_1_and_updates_every_view(app, env, signed_in, accounts_file):
    state = app.server.config["SAMVERKANSVAV_STATE"]
    assert "ny-it" not in set(state.web.arrangements["id"])
    outcome = _check(env, xlsx([GOOD_ROW]), account=_account(accounts_file, "anna"))
    with signed_in("anna"):
        note, saved = save_upload(env, outcome.token_data, "0001")
    assert saved == {"kommun": "0001", "version": 1}
    assert "Sparat som version 1 av registret för A (0001) (1 arrangemang)" in texts_of(note)
    history = env.store.history("0001")
    assert [(v.version_no, v.user, v.kind) for v in history] == [(1, "anna", "upload")]
    # The app's dataset now holds the stored arrangement next to the 5 base ones: 5 + 1 = 6.
    arrangements = set(state.web.arrangements["id"])
    assert "ny-it" in arrangements and len(arrangements) == 6
    members = state.web.memberships
    assert sorted(members.loc[members["arrangement_id"] == "ny-it", "party_id"]) == ["0001", "0005"]
    # The kommun profile (a bundle built after the save) lists it for A.
    bundle = state.bundle()
    mem = bundle.memberships
    assert "ny-it" in set(mem.loc[mem["party_id"] == "0001", "arrangement_id"])
    # The history table shows the version, marked current (no restore button for it).
    with signed_in("anna"):
        table = render_history(env, "0001")
    assert "anna" in texts_of(table) and "gällande" in texts_of(table)
    assert "anna" not in texts_of(render_history(env, "0001"))  # no account names for anonymous visitors
    assert find_component(table, ids.restore_button(1)) is None


def test_save_for_another_kommun_is_refused_and_nothing_stored(app, env, signed_in, accounts_file):
    state = app.server.config["SAMVERKANSVAV_STATE"]
    key = state.key
    outcome = _check(env, xlsx([GOOD_ROW]), account=_account(accounts_file, "anna"))
    with signed_in("anna"):  # anna belongs to 0001; the dropdown (browser) says 0002
        note, saved = save_upload(env, outcome.token_data, "0002")
    assert "Ditt konto får bara ändra registret för" in texts_of(note)
    assert saved is upload.no_update
    assert env.store.kommuner() == []
    assert state.key == key  # the dataset was not swapped


def test_anonymous_save_is_refused(env, signed_in):
    outcome = _check(env, xlsx([GOOD_ROW]))
    with signed_in(None):
        note, saved = save_upload(env, outcome.token_data, "0001")
    assert "Du är inte inloggad" in texts_of(note)
    assert saved is upload.no_update
    assert env.store.kommuner() == []


def test_save_with_someone_elses_upload_token_is_refused(env, signed_in, accounts_file):
    outcome = _check(env, xlsx([GOOD_ROW]), account=_account(accounts_file, "anna"))
    with signed_in("bertil"):  # bertil may write 0002, but the kept file is anna's
        note, saved = save_upload(env, outcome.token_data, "0002")
    assert "annan inloggning" in texts_of(note)
    assert env.store.kommuner() == []


@pytest.mark.parametrize("token", ["../../konton", "0" * 32, None, {"token": 7}])
def test_forged_or_unknown_token_stores_nothing(env, signed_in, token):
    data = token if isinstance(token, dict) else {"token": token}
    with signed_in("anna"):
        note, saved = save_upload(env, data, "0001")
    assert "finns inte längre kvar" in texts_of(note)
    assert saved is upload.no_update
    assert env.store.kommuner() == []


def test_busy_database_says_try_again(env, signed_in, accounts_file, monkeypatch):
    from samverkansvav.store import StoreBusy

    outcome = _check(env, xlsx([GOOD_ROW]), account=_account(accounts_file, "anna"))

    def busy(*_args, **_kwargs):
        raise StoreBusy()

    monkeypatch.setattr(env.store, "import_register", busy)
    with signed_in("anna"):
        note, saved = save_upload(env, outcome.token_data, "0001")
    assert "försök igen" in texts_of(note)
    assert saved is upload.no_update


def test_unexpected_store_failure_is_a_message_without_internals(env, signed_in, accounts_file, monkeypatch):
    outcome = _check(env, xlsx([GOOD_ROW]), account=_account(accounts_file, "anna"))

    def broken(*_args, **_kwargs):
        raise RuntimeError("hemlig-intern-detalj")

    monkeypatch.setattr(env.store, "import_register", broken)
    with signed_in("anna"):
        note, saved = save_upload(env, outcome.token_data, "0001")
    assert "Det gick inte att spara: Ett oväntat fel" in texts_of(note)
    assert "hemlig-intern-detalj" not in texts_of(note)
    assert saved is upload.no_update


def test_oversized_callback_post_is_refused_by_the_server(app):
    from samverkansvav.web.auth import max_content_length

    limit = max_content_length(10.0)  # default max_upload_mb = 10
    response = app.server.test_client().post(
        "/_dash-update-component",
        data=b"x" * (limit + 1),
        content_type="application/json",
        headers={"Origin": "http://localhost"},
    )
    assert response.status_code == 413
    assert "för stor" in plain_text(response)


def test_same_file_twice_creates_no_new_version(env, signed_in, accounts_file):
    outcome = _check(env, xlsx([GOOD_ROW]), account=_account(accounts_file, "anna"))
    with signed_in("anna"):
        save_upload(env, outcome.token_data, "0001")
        note, saved = save_upload(env, outcome.token_data, "0001")
    assert "identisk med version 1" in texts_of(note)
    assert saved is upload.no_update
    assert [v.version_no for v in env.store.history("0001")] == [1]


# ------------------------------------------------------------------ restore
def test_restore_makes_a_new_version_and_updates_the_data(app, env, signed_in, accounts_file):
    state = app.server.config["SAMVERKANSVAV_STATE"]
    anna = _account(accounts_file, "anna")
    first = _check(env, xlsx([GOOD_ROW]), account=anna)
    second_row = [
        "ny-lon",
        "Ny lönenämnd",
        "gemensam nämnd",
        "löneadministration",
        "A",
        "A, C",
        "2021-01-01",
        "A",
    ]
    second = _check(env, xlsx([second_row]), account=anna)
    with signed_in("anna"):
        save_upload(env, first.token_data, "0001")
        save_upload(env, second.token_data, "0001")
        assert "ny-it" not in set(state.web.arrangements["id"])  # v2 replaced v1's arrangement
        note, restored = restore_version(env, "0001", 1)
    assert restored == {"kommun": "0001", "version": 3}
    assert "Version 1 är återställd som ny version 3" in texts_of(note)
    history = {v.version_no: v for v in env.store.history("0001")}
    assert sorted(history) == [1, 2, 3]
    assert (history[3].kind, history[3].restored_from) == ("restore", 1)
    ids_now = set(state.web.arrangements["id"])
    assert "ny-it" in ids_now and "ny-lon" not in ids_now
    # Versions 1 and 2 get restore buttons; version 3 is current.
    table = render_history(env, "0001")
    assert find_component(table, ids.restore_button(1)) is not None
    assert find_component(table, ids.restore_button(2)) is not None
    assert find_component(table, ids.restore_button(3)) is None


def test_restore_for_another_kommun_is_refused(env, signed_in, accounts_file):
    # B's own register: B is a member (a municipality's register speaks only for itself).
    outcome = _check(
        env, xlsx([GOOD_ROW[:5] + ["A, B", "2020-01-01", "B"]]), account=_account(accounts_file, "bertil")
    )
    with signed_in("bertil"):
        save_upload(env, outcome.token_data, "0002")
    assert [v.version_no for v in env.store.history("0002")] == [1]
    with signed_in("anna"):
        note, restored = restore_version(env, "0002", 1)
    assert "Ditt konto får bara ändra registret för" in texts_of(note)
    assert restored is upload.no_update
    assert [v.version_no for v in env.store.history("0002")] == [1]


# ------------------------------------------------------------------ size and bad input
def test_file_over_the_limit_is_refused_with_a_swedish_message(env):
    data = b"x" * 3000
    small = dataclasses.replace(env, config=env.config.replace(max_upload_mb=0.001))  # 0.001 MiB = 1048 bytes
    outcome = check_upload(small, data_url(data, "text/csv"), "stor.csv", "sv")
    assert "Filen stor.csv är för stor" in texts_of(outcome.children)
    assert outcome.token_data is None
    assert not small.uploads_dir.exists() or not any(small.uploads_dir.iterdir())


def test_broken_base64_is_refused(env):
    outcome = check_upload(env, "data:text/csv;base64,@@@not base64@@@", "x.csv", "sv")
    assert "kom inte fram hel" in texts_of(outcome.children)
    assert outcome.token_data is None


def test_not_a_spreadsheet_gives_the_readers_message(env):
    outcome = _check(env, b"\x00\x01 inte ett kalkylark", name="bild.xlsx")
    assert outcome.token_data is None
    assert "bild.xlsx" in texts_of(outcome.children)


def test_html_in_file_name_stays_text(env):
    outcome = _check(env, xlsx([GOOD_ROW]), name="<img src=x onerror=alert(1)>.xlsx")
    # Shown as a plain text child of the summary paragraph (Dash escapes it), never as markup.
    assert "<img src=x onerror=alert(1)>.xlsx" in texts_of(outcome.children)
    assert "dangerously_allow_html" not in repr(outcome.children)


# ------------------------------------------------------------------ helpers, page, texts
def test_report_frame_columns_and_values():
    from samverkansvav.report import Issue, Report

    report = Report(
        [
            Issue("fel", "c", "Fel här.", "Rätta.", sheet="Samverkan", row=7, column="Form"),
            Issue("info", "d", "Upplysning."),
        ]
    )
    frame = report_frame(report)
    assert list(frame.columns) == ["level", "sheet", "row", "column", "message", "hint"]
    assert frame.to_dict("records") == [
        {
            "level": "fel",
            "sheet": "Samverkan",
            "row": 7,
            "column": "Form",
            "message": "Fel här.",
            "hint": "Rätta.",
        },
        {"level": "info", "sheet": None, "row": None, "column": None, "message": "Upplysning.", "hint": None},
    ]


def test_fix_list_is_capped():
    from samverkansvav.report import Issue, Report

    report = Report([Issue("fel", "c", f"Fel {i}.", row=i) for i in range(2, 32)])  # 30 errors
    lines = upload.fix_list(report, "sv", limit=25)
    # 25 spelled out + one "… och 5 fel till" line (30 − 25 = 5).
    assert len(lines) == 26
    assert lines[0] == "rad 2: Fel 2." and lines[-1].startswith("… och 5 fel till")


def test_decoded_size_matches_real_decoding():
    for n in (0, 1, 2, 3, 1000, 1001):
        encoded = base64.b64encode(b"a" * n).decode()
        assert upload.decoded_size(f"data:x;base64,{encoded}") == n


@pytest.mark.parametrize("example, rows", [(False, 1), (True, 2)])  # header only / header + example row
def test_template_downloads(example, rows):
    data = upload.template_bytes(example=example)
    wb = load_workbook(io.BytesIO(data), read_only=True)
    assert wb.sheetnames[:2] == ["Samverkan", "Medlemskap"]
    # Count rows with a value (the example's date formatting reaches further down, empty).
    filled = [r for r in wb["Samverkan"].iter_rows(values_only=True) if any(v is not None for v in r)]
    assert len(filled) == rows
    if example:
        assert filled[1][1].startswith("Gemensam överförmyndarnämnd")


def test_page_returns_200_and_asks_anonymous_users_to_sign_in(app, signed_in):
    from samverkansvav.web.app import render

    client = app.server.test_client()
    assert client.get("/ladda-upp").status_code == 200
    pages = app.server.config["SAMVERKANSVAV_PAGES"]
    state = app.server.config["SAMVERKANSVAV_STATE"]
    with signed_in(None):
        _nav, content = render(pages, state, "/ladda-upp", "")
    text = texts_of(content)
    assert "Ladda upp kommunens samverkansregister" in text
    link = find_component(content, "upload-login-link")
    assert link is not None and link.href == "/logga-in?next=/ladda-upp"
    assert find_component(content, ids.UPLOAD_FILE) is not None
    assert find_component(content, ids.UPLOAD_KOMMUN).value is None


def test_page_preselects_the_signed_in_kommun(app, signed_in):
    from samverkansvav.web.app import render

    pages = app.server.config["SAMVERKANSVAV_PAGES"]
    state = app.server.config["SAMVERKANSVAV_STATE"]
    with signed_in("anna"):
        _nav, content = render(pages, state, "/ladda-upp", "?lang=en")
    assert find_component(content, ids.UPLOAD_KOMMUN).value == "0001"
    assert find_component(content, "upload-login-note") is None
    assert "Upload a municipality's cooperation register" in texts_of(content)


def test_every_text_has_both_languages():
    from samverkansvav.web.i18n import TEXTS

    keys = [key for key in TEXTS if key.startswith("upload.")]
    assert len(keys) > 20
    for key in keys + ["nav.upload"]:
        entry = TEXTS[key]
        assert set(entry) == {"sv", "en"}, key
        assert entry["sv"].strip() and entry["en"].strip(), key


# ------------------------------------------------------------------ states that never mislead (issue 14)
KF_HEADERS = [
    "Id",
    "Namn",
    "Form",
    "Område",
    "Värdkommun",
    "Säte",
    "Medlemmar",
    "Startdatum",
    "Rapporterande kommun",
]


def test_same_content_in_a_new_file_is_refused_and_spara_is_disabled(env, signed_in, accounts_file):
    anna = _account(accounts_file, "anna")
    first = _check(env, xlsx([GOOD_ROW]), account=anna)
    with signed_in("anna"):
        save_upload(env, first.token_data, "0001")
    # The same row as CSV: other bytes (another SHA-256), the same content as version 1.
    csv_text = ";".join(HEADERS) + "\n" + ";".join(GOOD_ROW) + "\n"
    again = check_upload(env, data_url(csv_text.encode("utf-8"), "text/csv"), "samma.csv", "sv", account=anna)
    assert again.result.ok and again.result.sha256 != first.result.sha256
    children, disabled = render_preview(env, again.token_data, "0001")
    assert disabled is True
    assert "Inget att spara: innehållet är detsamma som gällande version 1" in texts_of(children)
    with signed_in("anna"):
        note, saved = save_upload(env, again.token_data, "0001")
    assert "Sparades inte: innehållet är detsamma som gällande version 1" in texts_of(note)
    assert saved is upload.no_update
    assert [v.version_no for v in env.store.history("0001")] == [1]


def test_a_save_after_a_restore_elsewhere_is_refused_as_stale(env, signed_in, accounts_file):
    anna = _account(accounts_file, "anna")
    first = _check(env, xlsx([GOOD_ROW]), account=anna)
    second_row = [
        "ny-lon",
        "Ny lönenämnd",
        "gemensam nämnd",
        "löneadministration",
        "A",
        "A, C",
        "2021-01-01",
        "A",
    ]
    second = _check(env, xlsx([second_row]), account=anna)
    third = _check(env, xlsx([GOOD_ROW, second_row]), account=anna)
    with signed_in("anna"):
        save_upload(env, first.token_data, "0001")
        save_upload(env, second.token_data, "0001")
        view = upload.preview_view(env, third.token_data, "0001")
        assert view.base == {"kommun": "0001", "version": 2} and view.disabled is False
        restore_version(env, "0001", 1)  # version 3 = version 1, made while the preview showed version 2
        note, saved = save_upload(env, third.token_data, "0001", seen=view.base)
    assert "har ändrats sedan förhandsvisningen (gällande version är nu 3)" in texts_of(note)
    assert saved == {"stale": 3}  # makes the page recompute the preview
    assert [v.version_no for v in env.store.history("0001")] == [3, 2, 1]
    # Recomputed, the preview compares with version 3 (1 unchanged, 1 new: the lönenämnd).
    again = upload.preview_view(env, third.token_data, "0001")
    assert again.base == {"kommun": "0001", "version": 3}
    assert "1 nya, 0 ändrade, 0 borttagna, 1 oförändrade" in texts_of(again.children)


def test_restore_asks_first_and_writes_nothing_until_confirmed(env, signed_in, accounts_file):
    anna = _account(accounts_file, "anna")
    first = _check(env, xlsx([GOOD_ROW]), account=anna)
    second = _check(env, xlsx([GOOD_ROW[:3] + ["IT", "A", "A, E, C", "2020-01-01", "A"]]), account=anna)
    with signed_in("anna"):
        save_upload(env, first.token_data, "0001")
        save_upload(env, second.token_data, "0001")
    question, pending = upload.ask_restore(env, "0001", 1)
    # Two versions stored, so the restored copy becomes version 2 + 1 = 3.
    assert texts_of(question).startswith(
        "Återställa version 1? Den blir gällande som en ny version 3 (register.xlsx, 1 arrangemang)."
    )
    assert pending == {"kommun": "0001", "version": 1}
    assert [v.version_no for v in env.store.history("0001")] == [2, 1]
    assert upload.ask_restore(env, "0001", 2) == (None, None)  # the current version: nothing to restore
    assert upload.ask_restore(env, "0001", 9) == (None, None)


def test_changes_read_in_words_with_swedish_field_names(env, signed_in, accounts_file):
    anna = _account(accounts_file, "anna")
    before = [
        "rf",
        "Räddningsförbundet",
        "kommunalförbund",
        "räddningstjänst",
        "",
        "",
        "A, B, C",
        "2010-01-01",
        "A",
    ]
    after = before[:5] + ["A"] + ["A, B, E"] + before[7:]
    first = _check(env, xlsx([before], KF_HEADERS), account=anna)
    with signed_in("anna"):
        save_upload(env, first.token_data, "0001")
    second = _check(env, xlsx([after], KF_HEADERS), account=anna)
    children, disabled = render_preview(env, second.token_data, "0001")
    assert disabled is False
    grid = find_component(children, ids.grid("upload-changed"))
    # Säte was empty and is now A; member C left and E joined.
    assert grid.rowData[0]["fields"] == "Säte: – → A; Medlemmar: + E; − C"
    assert "seat" not in texts_of(children)


def test_preview_shows_the_file_as_read_and_flags_rows_without_the_reporter(env, accounts_file):
    rows = [GOOD_ROW, ["bd", "B och D", "avtalssamverkan", "IT", "B", "B, D", "2020-01-01", ""]]
    outcome = _check(env, xlsx(rows), account=_account(accounts_file, "anna"))
    children, _ = render_preview(env, outcome.token_data, "0001")
    read = find_component(children, "upload-read")
    text = texts_of(read)
    # Two arrangements; "B och D" does not include A: 1 of 2.
    assert "1 av 2 samverkan omfattar inte A" in text
    assert "Gemensam nämnd" in text and "Avtalssamverkan" in text
    assert "A, E" in text and "B, D" in text
    assert text.count("A är inte medlem") == 1


def test_guessed_names_come_from_the_readers_interpretations():
    from samverkansvav.report import Issue
    from samverkansvav.web.pages.upload_preview import guessed_names

    report = [
        Issue("info", "name_interpreted", "'Faluns' tolkades som Falun.", arrangement="X"),
        Issue(
            "info",
            "name_interpreted",
            "Värdkommunen 'Falu kommun ansvarar' tolkades som Falun, den enda medlemmen som nämns i texten.",
            arrangement="X",
        ),
        Issue("info", "other", "'Y' tolkades som Z.", arrangement="X"),
    ]
    assert guessed_names(report) == {"X": [("Faluns", "Falun"), ("Falu kommun ansvarar", "Falun")]}


def test_report_lists_errors_then_warnings_then_info_without_cli_words(env):
    from samverkansvav.report import Issue, Report
    from samverkansvav.web.pages.upload_preview import sorted_report_frame

    report = Report(
        [
            Issue(
                "info",
                "a",
                "Först info.",
                "Ange rapporterande kommun (kolumn, cell ovanför rubrikerna eller --reporter).",
            ),
            Issue("varning", "b", "Sedan varning."),
            Issue("fel", "c", "Ett fel.", row=3),
            Issue("info", "d", "Mer info (eller --reporter)."),
        ]
    )
    frame = sorted_report_frame(report_frame(report))
    assert frame["level"].tolist() == ["fel", "varning", "info", "info"]
    assert frame["message"].tolist() == ["Ett fel.", "Sedan varning.", "Först info.", "Mer info."]
    assert not any("--" in str(v) for v in frame["hint"])
    assert "valet av kommun här på sidan" in frame["hint"].iloc[2]


def test_report_grid_wraps_message_and_hint(env):
    outcome = _check(env, xlsx([GOOD_ROW]))
    grid = find_component(outcome.children, ids.grid(upload.REPORT_TABLE))
    wrapped = {c["field"] for c in grid.columnDefs if c.get("wrapText") and c.get("autoHeight")}
    assert wrapped == {"message", "hint"}


def test_the_chosen_kommun_is_the_reporter(env, accounts_file):
    headers = HEADERS[:-1] + ["Årskostnad (kr)"]
    # An administrator (no municipality of their own): anonymous checks keep no file to preview.
    add_account(accounts_file, "root", "root-lösenord-3", kommun=None, role="admin", method=FAST_METHOD)
    outcome = _check(
        env,
        xlsx([GOOD_ROW[:-1] + ["120 000"]], headers),  # no reporter in the file
        account=_account(accounts_file, "root"),
    )
    assert "cost_without_reporter" in {i.code for i in outcome.result.report}
    view = upload.preview_view(env, outcome.token_data, "0001")
    assert "A (0001) är rapporterande kommun" in texts_of(view.children)
    report_text = texts_of(view.report)
    assert "--reporter" not in report_text and "kan inte knytas" not in report_text
    result = upload._result_for(
        env,
        outcome.token_data["token"],
        upload._upload_meta(env, outcome.token_data["token"]),
        reporter="0001",
    )
    mem = result.web.memberships
    assert mem.loc[mem["party_id"] == "0001", "annual_cost"].tolist() == [120000.0]


def test_a_kommun_account_sees_only_its_own_kommun(app, signed_in, accounts_file):
    from samverkansvav.web.app import render

    parties = pd.DataFrame({"name": ["A", "B"]}, index=["0001", "0002"])
    options, chosen = upload.kommun_choices(parties, ["0001", "0002"], _account(accounts_file, "bertil"))
    assert (options, chosen) == ([{"label": "B (0002)", "value": "0002"}], "0002")
    assert len(upload.kommun_choices(parties, ["0001", "0002"], None)[0]) == 2
    pages = app.server.config["SAMVERKANSVAV_PAGES"]
    state = app.server.config["SAMVERKANSVAV_STATE"]
    with signed_in("anna"):
        _nav, content = render(pages, state, "/ladda-upp", "")
    dropdown = find_component(content, ids.UPLOAD_KOMMUN)
    assert [o["value"] for o in dropdown.options] == ["0001"] and dropdown.clearable is False


def test_size_limit_is_on_the_drop_zone_and_a_refused_file_has_the_apps_message(app, env, signed_in):
    from samverkansvav.web.app import render

    pages = app.server.config["SAMVERKANSVAV_PAGES"]
    state = app.server.config["SAMVERKANSVAV_STATE"]
    with signed_in(None):
        _nav, content = render(pages, state, "/ladda-upp", "")
    zone = find_component(content, ids.UPLOAD_FILE)
    assert "högst 10 MB" in texts_of(zone.children)
    assert zone.max_size == 10 * 1024 * 1024
    note = upload.too_large_message(env, "stor.xlsx", 12 * 1024 * 1024)
    assert texts_of(note).startswith(
        "Filen stor.xlsx är för stor (12 MB) och laddades inte upp. Största tillåtna storlek är 10 MB."
    )
