"""Accounts as data: the file, password hashes, verification and the write rule."""

from __future__ import annotations

import json
import stat

import pytest

from samverkansvav import accounts as acc
from samverkansvav.accounts import (
    Account,
    AccountsFileError,
    add_account,
    load_accounts,
    may_write,
    verify,
)

FAST = "pbkdf2:sha256:1000"


def test_file_holds_hashes_not_passwords_and_is_owner_only(accounts_path, passwords):
    text = accounts_path.read_text(encoding="utf-8")
    for password in passwords.values():
        assert password not in text
    data = json.loads(text)
    assert [a["username"] for a in data["accounts"]] == ["anna", "bertil", "root"]  # sorted
    assert all(a["password_hash"].startswith("pbkdf2:sha256:1000$") for a in data["accounts"])
    assert stat.S_IMODE(accounts_path.stat().st_mode) == 0o600


def test_write_leaves_no_temporary_files(accounts_path):
    names = sorted(p.name for p in accounts_path.parent.iterdir())
    # the accounts file and its lock file; the temp file was renamed into place
    assert names == ["konton.json", "konton.json.lock"]


def test_load_gives_accounts_by_name(accounts_path):
    accounts = load_accounts(accounts_path)
    assert sorted(accounts) == ["anna", "bertil", "root"]
    assert (accounts["anna"].kommun, accounts["anna"].role) == ("2023", "kommun")
    assert (accounts["root"].kommun, accounts["root"].role, accounts["root"].is_admin) == (
        None,
        "admin",
        True,
    )
    assert "password_hash" not in repr(accounts["anna"])


def test_missing_or_unset_file_means_nobody(tmp_path):
    assert load_accounts(None) == {}
    assert load_accounts(tmp_path / "finns-inte.json") == {}


@pytest.mark.parametrize(
    "content, words",
    [
        ("{inte json", "inte giltig JSON"),
        ('{"accounts": {}}', "lista 'accounts' saknas"),
        (
            '{"accounts": [{"username": "a", "password_hash": "x$y", "kommun": "20", "role": "kommun"}]}',
            "Ogiltig kommunkod",
        ),
        (
            '{"accounts": [{"username": "a", "password_hash": "x$y", "kommun": null, "role": "gud"}]}',
            "Okänd roll",
        ),
        ('{"accounts": [{"username": "a", "kommun": null, "role": "admin"}]}', "lösenordshash saknas"),
        (
            '{"accounts": [{"username": "a", "password_hash": "x$y", "kommun": null, "role": "admin"},'
            ' {"username": "A", "password_hash": "x$y", "kommun": null, "role": "admin"}]}',
            "finns redan",
        ),
    ],
)
def test_malformed_file_is_an_error_naming_the_problem(tmp_path, content, words):
    path = tmp_path / "k.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AccountsFileError) as info:
        load_accounts(path)
    assert words in info.value.message


def test_malformed_file_is_never_overwritten(tmp_path):
    path = tmp_path / "k.json"
    path.write_text("{trasig", encoding="utf-8")
    with pytest.raises(AccountsFileError):
        add_account(path, "ny", "ett-långt-lösenord", kommun="2023", role="kommun", method=FAST)
    assert path.read_text(encoding="utf-8") == "{trasig"


def test_verify_right_and_wrong(accounts_path, passwords):
    accounts = load_accounts(accounts_path)
    assert verify(accounts, "anna", passwords["anna"]).username == "anna"
    assert verify(accounts, "  ANNA ", passwords["anna"]).username == "anna"  # name is case-insensitive
    assert verify(accounts, "anna", passwords["bertil"]) is None
    assert verify(accounts, "anna", "") is None
    assert verify(accounts, "okänd", passwords["anna"]) is None
    assert verify(accounts, "anna", None) is None  # type: ignore[arg-type]


def test_unknown_user_costs_the_same_hash_check(accounts_path, monkeypatch):
    """No user enumeration: an unknown name is checked against a hash of the same method."""
    accounts = load_accounts(accounts_path)
    seen = []
    real = acc.check_password_hash
    monkeypatch.setattr(acc, "check_password_hash", lambda h, p: seen.append(h.split("$")[0]) or real(h, p))
    verify(accounts, "anna", "fel")
    verify(accounts, "okänd", "fel")
    # both calls hashed once, with the same method and cost as the stored hashes
    assert seen == ["pbkdf2:sha256:1000", "pbkdf2:sha256:1000"]


def test_add_refuses_duplicates_unless_replace(accounts_path, passwords):
    with pytest.raises(ValueError, match="finns redan"):
        add_account(accounts_path, "Anna", "nytt-lösenord-99", kommun="2023", role="kommun", method=FAST)
    add_account(
        accounts_path, "anna", "nytt-lösenord-99", kommun="2080", role="kommun", replace=True, method=FAST
    )
    accounts = load_accounts(accounts_path)
    assert len(accounts) == 3
    assert verify(accounts, "anna", passwords["anna"]) is None
    assert verify(accounts, "anna", "nytt-lösenord-99").kommun == "2080"


@pytest.mark.parametrize(
    "username, password, kommun, role, words",
    [
        ("anna", "kort", "2023", "kommun", "för kort"),  # 4 < 10 characters
        ("anna", " blank-i-början", "2023", "kommun", "blanksteg"),
        ("<img src=x>", "ett-långt-lösenord", "2023", "kommun", "Ogiltigt användarnamn"),
        ("", "ett-långt-lösenord", "2023", "kommun", "Ogiltigt användarnamn"),
        ("anna", "ett-långt-lösenord", "180", "kommun", "Ogiltig kommunkod"),  # zero missing
        ("anna", "ett-långt-lösenord", None, "kommun", "Ogiltig kommunkod"),
        ("anna", "ett-långt-lösenord", "2023", "admin", "inte knutet till en kommun"),
        ("anna", "ett-långt-lösenord", "2023", "superuser", "Okänd roll"),
    ],
)
def test_add_validates_input(tmp_path, username, password, kommun, role, words):
    path = tmp_path / "k.json"
    with pytest.raises(ValueError, match=words):
        add_account(path, username, password, kommun=kommun, role=role, method=FAST)
    assert not path.exists()


@pytest.mark.parametrize(
    "account, kommun, allowed",
    [
        (Account("anna", "2023", "kommun"), "2023", True),
        (Account("anna", "2023", "kommun"), " 2023 ", True),
        (Account("anna", "2023", "kommun"), "2021", False),
        (Account("anna", "0180", "kommun"), "180", False),  # no zero-filling: exact code only
        (Account("anna", "2023", "kommun"), "", False),
        (Account("anna", "2023", "kommun"), None, False),
        (Account("root", None, "admin"), "2021", True),
        (Account("root", None, "admin"), "", False),  # even an admin must name a kommun
        (Account("x", None, "kommun"), "2023", False),
        (Account("x", "2023", "läsare"), "2023", False),  # unknown role never writes
        (None, "2023", False),
    ],
)
def test_may_write(account, kommun, allowed):
    assert may_write(account, kommun) is allowed
