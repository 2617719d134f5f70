"""Real browser: sign in, upload a real .xlsx on "Ladda upp", see the preview, save, find it in the profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from samverkansvav.accounts import add_account
from samverkansvav.config import load_config
from samverkansvav.web import ids

PASSWORD = "anna-lösenord-1"
FAST_METHOD = "pbkdf2:sha256:1000"  # cheap hashing for tests; same code path as scrypt


def _register_file(path: Path) -> Path:
    """One new arrangement reported by A (0001): a joint IT committee hosted by A with E."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Samverkan"
    ws.append(["Id", "Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Startdatum", "Rapporterande kommun"])
    ws.append(["webb-it", "Webbens IT-nämnd", "gemensam nämnd", "IT", "A", "A, E", "2020-01-01", "A"])
    wb.save(path)
    return path


@pytest.fixture
def upload_app_url(live_server, small_web, tmp_path):
    """The dashboard with sign-in (anna → 0001) and a store under tmp_path, served on loopback."""
    from samverkansvav.web.app import create_app
    from samverkansvav.web.auth import install_auth
    from samverkansvav.web.pages.upload import STORE_KEY

    accounts = tmp_path / "konton.json"
    add_account(accounts, "anna", PASSWORD, kommun="0001", role="kommun", method=FAST_METHOD)
    config = load_config({}, data_dir=str(tmp_path / "data"), accounts_file=str(accounts))
    app = create_app(config, web=small_web)
    install_auth(app, config)
    yield live_server(app)
    store = app.server.config.get(STORE_KEY)
    if store is not None:
        store.close()


def test_upload_preview_save_and_see_it_in_the_profile(page, upload_app_url, wait_for_dash, console_problems,
                                                       tmp_path):
    base = upload_app_url
    # Sign in through the real form; it sends us back to the upload page.
    page.goto(base + "/logga-in?next=/ladda-upp")
    page.fill("#anvandarnamn", "anna")
    page.fill("#losenord", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/ladda-upp", timeout=15_000)
    wait_for_dash(page)
    assert "Inloggad som anna" in page.inner_text("#login-status")

    page.set_input_files(f"#{ids.UPLOAD_FILE} input[type=file]",
                         str(_register_file(tmp_path / "register.xlsx")))
    # The preview lists the new arrangement; the file said A, so 0001 is chosen.
    page.wait_for_selector(f"#{ids.UPLOAD_PREVIEW} >> text=Webbens IT-nämnd", timeout=30_000)
    assert "1 nya, 0 ändrade, 0 borttagna" in page.inner_text(f"#{ids.UPLOAD_PREVIEW}")
    assert "A (0001)" in page.inner_text(f"#{ids.UPLOAD_KOMMUN}")
    save = page.locator(f"#{ids.UPLOAD_SAVE}")
    save.wait_for(state="visible")
    page.wait_for_function(f"() => !document.querySelector('#{ids.UPLOAD_SAVE}').disabled",
                           timeout=15_000)
    save.click()
    page.wait_for_selector(f"#{ids.UPLOAD_SAVE_MESSAGE} >> text=Sparat som version 1", timeout=30_000)
    page.wait_for_selector(f"#{ids.UPLOAD_HISTORY} >> text=register.xlsx", timeout=15_000)

    page.goto(base + "/kommun?kod=0001")
    wait_for_dash(page)
    page.wait_for_selector("#profile-content >> text=Webbens IT-nämnd", timeout=15_000)
    assert console_problems(page) == []
