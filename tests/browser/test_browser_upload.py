"""Real browser on "Ladda upp": upload, preview, save, restore (confirmed), a too-large file, an account's kommun."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from samverkansvav.accounts import add_account
from samverkansvav.config import load_config
from samverkansvav.web import ids

PASSWORD = "anna-lösenord-1"
FAST_METHOD = "pbkdf2:sha256:1000"  # cheap hashing for tests; same code path as scrypt


def _register_file(path: Path, members: str = "A, E") -> Path:
    """One arrangement reported by A (0001): a joint IT committee hosted by A with ``members``."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Samverkan"
    ws.append(
        ["Id", "Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Startdatum", "Rapporterande kommun"]
    )
    ws.append(["webb-it", "Webbens IT-nämnd", "gemensam nämnd", "IT", "A", members, "2020-01-01", "A"])
    wb.save(path)
    return path


#: A small limit (0.1 MiB = 104 857 bytes) so the too-large test needs no 10 MB file.
MAX_UPLOAD_MB = 0.1


@pytest.fixture
def upload_app(live_server, small_web, tmp_path):
    """``(base URL, app)``: the dashboard with sign-in (anna → 0001) and a store under tmp_path."""
    from samverkansvav.web.app import create_app
    from samverkansvav.web.auth import install_auth
    from samverkansvav.web.pages.upload import STORE_KEY

    accounts = tmp_path / "konton.json"
    add_account(accounts, "anna", PASSWORD, kommun="0001", role="kommun", method=FAST_METHOD)
    config = load_config(
        {}, data_dir=str(tmp_path / "data"), accounts_file=str(accounts), max_upload_mb=MAX_UPLOAD_MB
    )
    app = create_app(config, web=small_web)
    install_auth(app, config)
    yield live_server(app), app
    store = app.server.config.get(STORE_KEY)
    if store is not None:
        store.close()


@pytest.fixture
def upload_app_url(upload_app):
    return upload_app[0]


def _sign_in(page, base: str, wait_for_dash) -> None:
    page.goto(base + "/logga-in?next=/ladda-upp")
    page.fill("#anvandarnamn", "anna")
    page.fill("#losenord", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/ladda-upp", timeout=15_000)
    wait_for_dash(page)


def _upload(page, path: Path) -> None:
    page.set_input_files(f"#{ids.UPLOAD_FILE} input[type=file]", str(path))


def _save_enabled(page) -> bool:
    return page.evaluate(f"() => !document.querySelector('#{ids.UPLOAD_SAVE}').disabled")


def _wait_save(page, *, enabled: bool) -> None:
    page.wait_for_function(
        f"() => document.querySelector('#{ids.UPLOAD_SAVE}').disabled === {'false' if enabled else 'true'}",
        timeout=30_000,
    )


def test_upload_preview_save_and_see_it_in_the_profile(
    page, expect, upload_app_url, wait_for_dash, console_problems, tmp_path
):
    base = upload_app_url
    # Sign in through the real form; it sends us back to the upload page.
    _sign_in(page, base, wait_for_dash)
    assert "Inloggad som anna" in page.inner_text("#login-status")

    page.set_input_files(
        f"#{ids.UPLOAD_FILE} input[type=file]", str(_register_file(tmp_path / "register.xlsx"))
    )
    # The preview lists the new arrangement; the file said A, so 0001 is chosen.
    page.wait_for_selector(f"#{ids.UPLOAD_PREVIEW} >> text=Webbens IT-nämnd", timeout=30_000)
    expect(page.locator(f"#{ids.UPLOAD_PREVIEW}")).to_contain_text("1 nya, 0 ändrade, 0 borttagna")
    # The chosen kommun is written by another callback than the preview: wait for it too.
    expect(page.locator(f"#{ids.UPLOAD_KOMMUN}")).to_contain_text("A (0001)", timeout=15_000)
    save = page.locator(f"#{ids.UPLOAD_SAVE}")
    save.wait_for(state="visible")
    page.wait_for_function(f"() => !document.querySelector('#{ids.UPLOAD_SAVE}').disabled", timeout=15_000)
    save.click()
    page.wait_for_selector(f"#{ids.UPLOAD_SAVE_MESSAGE} >> text=Sparat som version 1", timeout=30_000)
    page.wait_for_selector(f"#{ids.UPLOAD_HISTORY} >> text=register.xlsx", timeout=15_000)

    page.goto(base + "/kommun?kod=0001")
    wait_for_dash(page)
    page.wait_for_selector("#profile-content >> text=Webbens IT-nämnd", timeout=15_000)
    assert console_problems(page) == []


def test_restore_then_save_creates_no_version_that_undoes_the_restore(
    page, expect, upload_app, wait_for_dash, console_problems, tmp_path
):
    base, app = upload_app
    store = app.server.config  # the store is opened by the page; read it after the first save
    _sign_in(page, base, wait_for_dash)
    # Version 1: A, E. Version 2: A, E, C.
    _upload(page, _register_file(tmp_path / "v1.xlsx"))
    _wait_save(page, enabled=True)
    page.click(f"#{ids.UPLOAD_SAVE}")
    page.wait_for_selector(f"#{ids.UPLOAD_SAVE_MESSAGE} >> text=Sparat som version 1", timeout=30_000)
    _wait_save(page, enabled=False)  # recomputed: the kept file is now the current version
    expect(page.locator(f"#{ids.UPLOAD_PREVIEW}")).to_contain_text(
        "identisk med den sparade version 1", timeout=30_000
    )
    _upload(page, _register_file(tmp_path / "v2.xlsx", members="A, E, C"))
    page.wait_for_selector(f"#{ids.UPLOAD_PREVIEW} >> text=Jämfört med sparad version 1", timeout=30_000)
    _wait_save(page, enabled=True)
    page.click(f"#{ids.UPLOAD_SAVE}")
    page.wait_for_selector(f"#{ids.UPLOAD_SAVE_MESSAGE} >> text=Sparat som version 2", timeout=30_000)
    _wait_save(page, enabled=False)

    # Återställ version 1 asks first; Avbryt writes nothing.
    restore_1 = page.locator(f"#{ids.UPLOAD_HISTORY} button", has_text="Återställ")
    restore_1.first.click()
    page.wait_for_selector("#upload-restore-confirm-text >> text=Återställa version 1?", timeout=15_000)
    page.click("#upload-restore-no")
    page.wait_for_selector("#upload-restore-confirm", state="hidden", timeout=15_000)
    env = store["SAMVERKANSVAV_UPLOAD_ENV"]
    assert [v.version_no for v in env.store.history("0001")] == [2, 1]
    restore_1.first.click()
    page.wait_for_selector("#upload-restore-yes >> text=Ja, återställ version 1", timeout=15_000)
    page.click("#upload-restore-yes")
    page.wait_for_selector(
        f"#{ids.UPLOAD_RESTORE_MESSAGE} >> text=Version 1 är återställd som ny version 3", timeout=30_000
    )
    # The checked v2 file was set aside, not left ready to save over the restore.
    expect(page.locator(f"#{ids.UPLOAD_RESTORE_MESSAGE}")).to_contain_text("v2.xlsx sparades inte")
    _wait_save(page, enabled=False)
    expect(page.locator(f"#{ids.UPLOAD_PREVIEW}")).to_have_text("", timeout=15_000)
    # Even a forced click (n_clicks set from the console, past the disabled button) stores nothing.
    page.evaluate(f"() => window.dash_clientside.set_props('{ids.UPLOAD_SAVE}', {{n_clicks: 99}})")
    page.wait_for_selector(f"#{ids.UPLOAD_SAVE_MESSAGE} >> text=finns inte längre kvar", timeout=30_000)
    history = env.store.history("0001")
    assert [(v.version_no, v.kind, v.restored_from) for v in history][0] == (3, "restore", 1)
    assert len(history) == 3
    # The same v2 file uploaded again is compared with the restored version 3, not version 2.
    _upload(page, tmp_path / "v2.xlsx")
    page.wait_for_selector(f"#{ids.UPLOAD_PREVIEW} >> text=Jämfört med sparad version 3", timeout=30_000)
    # The old messages went with the old file.
    expect(page.locator(f"#{ids.UPLOAD_SAVE_MESSAGE}")).to_have_text("", timeout=15_000)
    assert console_problems(page) == []


def test_too_large_file_gets_the_apps_message_and_clears_the_previous_file(
    page, expect, upload_app_url, wait_for_dash, console_problems, tmp_path
):
    base = upload_app_url
    _sign_in(page, base, wait_for_dash)
    assert "högst 0,1 MB" in page.inner_text(f"#{ids.UPLOAD_FILE}")
    _upload(page, _register_file(tmp_path / "liten.xlsx"))
    page.wait_for_selector(f"#{ids.UPLOAD_PREVIEW} >> text=Webbens IT-nämnd", timeout=30_000)
    big = tmp_path / "stor.csv"
    big.write_bytes(b"Namn;Form\n" + b"x" * 120_000)  # 120 010 bytes > 104 857
    _upload(page, big)
    page.wait_for_selector("#upload-too-large-note >> text=Filen stor.csv är för stor", timeout=15_000)
    # The note is drawn before the report is replaced: wait for the report's own new state.
    report = page.locator(f"#{ids.UPLOAD_REPORT}")
    expect(report).to_contain_text("Största tillåtna storlek är 0,1 MB", timeout=15_000)
    expect(report).not_to_contain_text("liten.xlsx", timeout=15_000)
    page.wait_for_function(
        f"() => !document.querySelector('#{ids.UPLOAD_PREVIEW}').innerText.trim()", timeout=15_000
    )
    _wait_save(page, enabled=False)
    assert console_problems(page) == []


def test_a_kommun_account_can_only_pick_its_own_kommun(page, upload_app_url, wait_for_dash, console_problems):
    _sign_in(page, upload_app_url, wait_for_dash)
    page.click(f"#{ids.UPLOAD_KOMMUN}")
    page.locator('[role="option"]').first.wait_for(state="visible", timeout=15_000)
    # Every municipality option reads "Name (kommunkod)"; the language switch's options do not.
    kommuner = [text for text in page.locator('[role="option"]').all_inner_texts() if text.endswith(")")]
    assert kommuner == ["A (0001)"]
    page.keyboard.press("Escape")
    assert "Ditt konto hör till A (0001)" in page.inner_text(".upload-kommun")
    assert console_problems(page) == []


@pytest.fixture
def gate_app(live_server, small_web, tmp_path):
    """``(base URL, config)``: the dashboard with a 2 MB upload limit, so a file can be large
    enough (over 256 kB as a callback) to need a parse slot before the server reads it."""
    from samverkansvav.web.app import create_app

    config = load_config({}, data_dir=str(tmp_path / "data"), max_upload_mb=2)
    return live_server(create_app(config, web=small_web)), config


def test_a_check_refused_for_want_of_a_slot_is_shown_on_the_page(
    page, expect, gate_app, wait_for_dash, console_problems, tmp_path
):
    from samverkansvav.web.parse_gate import ParseGate

    base, config = gate_app
    page.goto(base + "/ladda-upp")
    wait_for_dash(page)
    _upload(page, _register_file(tmp_path / "liten.xlsx"))
    page.wait_for_selector(f"#{ids.UPLOAD_REPORT} >> text=liten.xlsx", timeout=30_000)
    big = tmp_path / "stor.csv"
    big.write_bytes(b"Namn;Form\n" + b"Avtal;avtalssamverkan\n" * 15_000)  # 330 kB, 440 kB as base64
    gate = ParseGate(Path(config.data_dir) / "parse-slots", slots=config.max_parallel_parses)
    # Every slot taken by others: the server answers 429 before it reads the file.
    with gate.slot("user:någon", signed_in=True), gate.slot("user:någon-annan", signed_in=True):
        _upload(page, big)
        page.wait_for_selector(
            "#upload-refused-note >> text=Servern kontrollerar redan så många filer", timeout=15_000
        )
    # The old report went (written after the note, so waited for on its own).
    expect(page.locator(f"#{ids.UPLOAD_REPORT}")).not_to_contain_text("liten.xlsx", timeout=15_000)
    # Slots free again: the same file can be sent once more, and is checked.
    _upload(page, big)
    page.wait_for_selector(f"#{ids.UPLOAD_REPORT} >> text=stor.csv", timeout=30_000)
    expect(page.locator("#upload-refused-note")).to_have_count(0, timeout=15_000)
    # Chromium itself logs the refused request; nothing else may reach the console.
    assert [text for _, text in console_problems(page) if "429" not in text] == []
