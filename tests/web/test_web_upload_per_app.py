"""Each app remembers its own checked uploads: two apps in one process share nothing.

Tests (and a process serving two configurations) build several apps; a token one
app handed out must mean nothing to another, and the remembered results must not
leak between them.
"""

from __future__ import annotations

import base64
import io

import pytest
from openpyxl import Workbook

from samverkansvav.accounts import add_account, load_accounts
from samverkansvav.config import load_config
from samverkansvav.web.pages.upload import check_upload, env_for, preview_view
from samverkansvav.web.pages.upload_files import RecentResults, UploadEnv, _result_for, _upload_meta

FAST_METHOD = "pbkdf2:sha256:1000"
HEADERS = ["Id", "Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Startdatum", "Rapporterande kommun"]
#: A joint IT committee hosted by A (0001) with member E.
ROW = ["ny-it", "Ny IT-nämnd", "gemensam nämnd", "IT", "A", "A, E", "2020-01-01", "A"]


def _data_url(rows: list[list]) -> str:
    wb = Workbook()
    ws = wb.active
    ws.title = "Samverkan"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return "data:application/octet-stream;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@pytest.fixture
def two_apps(small_web, tmp_path):
    """Two dashboards in this process, each with its own data folder and store."""
    from samverkansvav.web.app import create_app

    accounts = tmp_path / "konton.json"
    add_account(accounts, "anna", "anna-lösenord-1", kommun="0001", role="kommun", method=FAST_METHOD)
    apps = []
    for name in ("a", "b"):
        config = load_config({}, data_dir=str(tmp_path / name), accounts_file=str(accounts))
        apps.append(create_app(config, web=small_web))
    yield apps, load_accounts(accounts)["anna"]
    for app in apps:
        store = app.server.config.get("SAMVERKANSVAV_STORE")
        if store is not None:
            store.close()


def test_a_token_remembered_in_one_app_is_unknown_in_another(two_apps):
    (first, second), anna = two_apps
    env_a, env_b = env_for(first.server), env_for(second.server)
    assert env_a is env_for(first.server)  # one env (and one cache) per app
    assert env_a.results is not env_b.results

    outcome = check_upload(env_a, _data_url([ROW]), "register.xlsx", "sv", account=anna)
    token = outcome.token_data["token"]

    assert env_a.results.get(token) is outcome.result
    assert len(env_a.results) == 1
    assert env_b.results.get(token) is None and len(env_b.results) == 0
    assert _upload_meta(env_b, token) is None  # nor is the file kept where app B looks
    # App B has no upload behind app A's token and says so; app A previews it and may save it.
    in_b = preview_view(env_b, outcome.token_data, "0001")
    assert "finns inte längre kvar" in str(in_b.children.children) and in_b.disabled
    assert preview_view(env_a, outcome.token_data, "0001").disabled is False


def test_a_result_read_again_for_a_reporter_is_remembered_only_by_its_app(two_apps):
    (first, second), anna = two_apps
    env_a, env_b = env_for(first.server), env_for(second.server)
    no_reporter = ROW[:-1] + [""]
    outcome = check_upload(env_a, _data_url([no_reporter]), "register.xlsx", "sv", account=anna)
    token = outcome.token_data["token"]
    assert outcome.result.reporter == "0001"  # anna's own municipality reports the file

    again = _result_for(env_a, token, _upload_meta(env_a, token), reporter="0001")
    assert again is outcome.result  # the remembered one, not read again
    assert env_b.results.get(token) is None


def test_envs_built_directly_do_not_share_results(tmp_path):
    config = load_config({}, data_dir=str(tmp_path))
    one = UploadEnv(config=config, state=None, base_web=None, store_factory=lambda: None)
    other = UploadEnv(config=config, state=None, base_web=None, store_factory=lambda: None)
    one.results.put("0" * 32, "kontrollerat")
    assert other.results.get("0" * 32) is None


def test_recent_results_keeps_the_newest_used():
    recent = RecentResults(limit=3)
    for key in "abcd":
        recent.put(key, key.upper())
    assert [recent.get(k) for k in "abcd"] == [None, "B", "C", "D"]
    recent.get("b")  # b is now the newest used; c is the oldest
    recent.put("e", "E")
    assert [recent.get(k) for k in "bcde"] == ["B", None, "D", "E"]
    recent.put("b", "B2")  # replacing keeps one entry
    assert len(recent) == 3 and recent.get("b") == "B2"
