"""``python -m samverkansvav add-user``: hashes only, owner-only file, clear refusals."""

from __future__ import annotations

import io
import json
import stat
import subprocess
import sys

import pytest

from samverkansvav.accounts import load_accounts, verify
from samverkansvav.cli import main


def _run(monkeypatch, argv: list[str], stdin_text: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin_text))  # not a tty: first line is the password
    return main(["add-user", *argv])


def test_add_user_writes_a_hash_and_owner_only_permissions(tmp_path, monkeypatch, capsys):
    path = tmp_path / "konton.json"
    assert _run(monkeypatch, ["Anna", "--kommun", "2023", "--accounts", str(path)], "hemligt-lösen-42\n") == 0
    text = path.read_text(encoding="utf-8")
    assert "hemligt-lösen-42" not in text
    entry = json.loads(text)["accounts"][0]
    assert (entry["username"], entry["kommun"], entry["role"]) == ("anna", "2023", "kommun")
    assert entry["password_hash"].startswith("scrypt:")  # Werkzeug's default, salted
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert verify(load_accounts(path), "anna", "hemligt-lösen-42") is not None
    assert "Kontot anna (kommun 2023) är skapat" in capsys.readouterr().out


def test_add_admin_from_the_setting(tmp_path, monkeypatch):
    path = tmp_path / "konton.json"
    monkeypatch.setenv("SAMVERKANSVAV_ACCOUNTS_FILE", str(path))
    assert _run(monkeypatch, ["root", "--admin"], "ett-långt-lösen\n") == 0
    assert load_accounts(path)["root"].is_admin


def test_existing_user_needs_replace(tmp_path, monkeypatch, capsys):
    path = tmp_path / "konton.json"
    assert _run(monkeypatch, ["anna", "--kommun", "2023", "--accounts", str(path)], "första-lösen-1\n") == 0
    assert _run(monkeypatch, ["anna", "--kommun", "2023", "--accounts", str(path)], "andra-lösen-22\n") == 1
    assert "finns redan" in capsys.readouterr().err
    assert (
        _run(
            monkeypatch,
            ["anna", "--kommun", "2080", "--accounts", str(path), "--replace"],
            "andra-lösen-22\n",
        )
        == 0
    )
    accounts = load_accounts(path)
    assert verify(accounts, "anna", "andra-lösen-22").kommun == "2080"


@pytest.mark.parametrize(
    "argv, stdin_text, code, words",
    [
        (["anna", "--kommun", "2023"], "kort\n", 1, "för kort"),
        (["anna", "--kommun", "23"], "ett-långt-lösen\n", 1, "Ogiltig kommunkod"),
        (["<b>", "--admin"], "ett-långt-lösen\n", 1, "Ogiltigt användarnamn"),
    ],
)
def test_bad_input_exits_1_and_writes_nothing(tmp_path, monkeypatch, capsys, argv, stdin_text, code, words):
    path = tmp_path / "konton.json"
    assert _run(monkeypatch, [*argv, "--accounts", str(path)], stdin_text) == code
    assert words in capsys.readouterr().err
    assert not path.exists()


def test_no_accounts_file_exits_2(monkeypatch, capsys):
    monkeypatch.delenv("SAMVERKANSVAV_ACCOUNTS_FILE", raising=False)
    assert _run(monkeypatch, ["anna", "--kommun", "2023"], "ett-långt-lösen\n") == 2
    assert "Ingen kontofil angiven" in capsys.readouterr().err


def test_broken_accounts_file_exits_2_and_is_kept(tmp_path, monkeypatch):
    path = tmp_path / "konton.json"
    path.write_text("[trasig", encoding="utf-8")
    assert _run(monkeypatch, ["anna", "--kommun", "2023", "--accounts", str(path)], "ett-långt-lösen\n") == 2
    assert path.read_text(encoding="utf-8") == "[trasig"


def test_kommun_or_admin_is_required(monkeypatch):
    with pytest.raises(SystemExit) as info:
        _run(monkeypatch, ["anna"], "ett-långt-lösen\n")
    assert info.value.code == 2


def test_as_a_real_process_with_piped_password(tmp_path, repo_root):
    path = tmp_path / "konton.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "samverkansvav",
            "add-user",
            "bertil",
            "--kommun",
            "2021",
            "--accounts",
            str(path),
        ],
        input="pipat-lösen-77\n",
        capture_output=True,
        text=True,
        cwd=repo_root,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "pipat-lösen-77" not in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
