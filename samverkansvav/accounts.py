"""Accounts as data: who may sign in, and which municipality's register each may change.

The accounts live in one JSON file named by the setting ``accounts_file``
(``SAMVERKANSVAV_ACCOUNTS_FILE``)::

    {"format": "samverkansvav-accounts", "version": 1,
     "accounts": [{"username": "anna", "password_hash": "scrypt:32768:8:1$...",
                   "kommun": "2023", "role": "kommun"},
                  {"username": "admin", "password_hash": "...", "kommun": null,
                   "role": "admin"}]}

Only password *hashes* are stored (Werkzeug's salted scrypt or PBKDF2). The
file is written by ``python -m samverkansvav add-user`` through
:func:`add_account`: a temporary file in the same folder, ``fsync`` and
``os.replace``, so a reader sees the old file or the new one, never half of
one; the file is readable by its owner only (0600).

Rules:

- an account with role ``"kommun"`` may change only its own municipality's
  register; an ``"admin"`` may change any; nobody signed in may change nothing
  (:func:`may_write`);
- :func:`verify` takes the same time and gives the same answer (``None``)
  for an unknown user as for a wrong password, so sign-in does not reveal which
  user names exist.

This module has no web dependency; :mod:`samverkansvav.web.auth` uses it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

__all__ = [
    "Account",
    "AccountsFileError",
    "ROLES",
    "ROLE_KOMMUN",
    "ROLE_ADMIN",
    "MIN_PASSWORD_LENGTH",
    "FILE_FORMAT",
    "load_accounts",
    "verify",
    "add_account",
    "may_write",
    "normalise_username",
    "normalise_kommun",
    "password_fingerprint",
]

ROLE_KOMMUN, ROLE_ADMIN = "kommun", "admin"
ROLES: tuple[str, ...] = (ROLE_KOMMUN, ROLE_ADMIN)
#: Shorter passwords are refused by :func:`add_account` (NIST SP 800-63B minimum is 8).
MIN_PASSWORD_LENGTH = 10
#: Longer passwords are refused: hashing megabytes of "password" is a cheap way to burn CPU.
MAX_PASSWORD_LENGTH = 1024
FILE_FORMAT = ("samverkansvav-accounts", 1)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
_KOMMUNKOD = re.compile(r"^\d{4}$")
#: Hashing method for new passwords (Werkzeug's default; salted, memory-hard).
DEFAULT_METHOD = "scrypt"


class AccountsFileError(Exception):
    """The accounts file exists but cannot be read or is malformed (message in Swedish)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Account:
    """One account. ``password_hash`` is never shown in ``repr`` and never put in a session."""

    username: str
    kommun: str | None
    role: str
    password_hash: str = field(default="", repr=False, compare=False)

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN

    def public(self) -> dict[str, Any]:
        """The account without its hash (for logs, JSON and the UI)."""
        return {"username": self.username, "kommun": self.kommun, "role": self.role}


def normalise_username(text: Any) -> str:
    """The canonical form of a user name: stripped and lower-case (``"Anna "`` is ``"anna"``).

    Examples
    --------
    >>> normalise_username("  Anna.Svensson ")
    'anna.svensson'
    """
    return str(text or "").strip().lower()


def normalise_kommun(code: Any) -> str:
    """A kommunkod as text without surrounding blanks; a number keeps no lost zero.

    Codes are compared exactly after stripping: ``"0180"`` and ``"180"`` are
    different, so a hand-made request cannot reach another register by dropping
    a zero.

    Examples
    --------
    >>> normalise_kommun(" 2023 ")
    '2023'
    """
    return str(code if code is not None else "").strip()


def password_fingerprint(password_hash: str) -> str:
    """A short digest of the stored hash, kept in the session.

    When the password is changed the fingerprint changes, so sessions signed
    in with the old password stop working. The hash itself never leaves the server.
    """
    import hashlib

    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


def _check_username(username: str) -> str:
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise ValueError(
            "Ogiltigt användarnamn: använd 1–64 tecken, bokstäverna a–z, siffror och . _ @ - "
            "(första tecknet en bokstav eller siffra)."
        )
    return name


def _check_role(role: str, kommun: Any) -> tuple[str, str | None]:
    if role not in ROLES:
        raise ValueError(f"Okänd roll {role!r}: välj 'kommun' eller 'admin'.")
    if role == ROLE_ADMIN:
        if kommun not in (None, ""):
            raise ValueError("Ett administratörskonto är inte knutet till en kommun: ange ingen kommunkod.")
        return role, None
    code = normalise_kommun(kommun)
    if not _KOMMUNKOD.match(code):
        raise ValueError(f"Ogiltig kommunkod {code!r}: ange fyra siffror, till exempel 0180 eller 2023.")
    return role, code


def _parse(data: Any, path: Path) -> dict[str, Account]:
    if not isinstance(data, dict) or not isinstance(data.get("accounts"), list):
        raise AccountsFileError(f"Kontofilen {path.name} har fel format: en lista 'accounts' saknas.")
    accounts: dict[str, Account] = {}
    for number, entry in enumerate(data["accounts"], start=1):
        where = f"Kontofilen {path.name}, konto nr {number}"
        if not isinstance(entry, dict):
            raise AccountsFileError(f"{where}: ska vara ett objekt.")
        try:
            username = _check_username(entry.get("username", ""))
            role, kommun = _check_role(entry.get("role", ""), entry.get("kommun"))
        except ValueError as exc:
            raise AccountsFileError(f"{where}: {exc}") from None
        password_hash = entry.get("password_hash")
        if not isinstance(password_hash, str) or "$" not in password_hash:
            raise AccountsFileError(f"{where}: lösenordshash saknas eller är ogiltig.")
        if username in accounts:
            raise AccountsFileError(f"{where}: användarnamnet {username} finns redan tidigare i filen.")
        accounts[username] = Account(username, kommun, role, password_hash)
    return accounts


def load_accounts(path: str | Path | None) -> dict[str, Account]:
    """The accounts in the file, by user name (``{}`` when no file is configured or it is missing).

    A missing file means nobody can sign in (fail closed). A file that exists
    but is malformed raises :class:`AccountsFileError` so that it is never
    overwritten by :func:`add_account` or silently ignored.

    Examples
    --------
    >>> load_accounts(None)
    {}
    """
    if not path:
        return {}
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise AccountsFileError(f"Kontofilen {path.name} kan inte läsas: {exc}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise AccountsFileError(f"Kontofilen {path.name} är inte giltig JSON: {exc}") from None
    return _parse(data, path)


_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash(like: str | None) -> str:
    """A hash made with the same method and cost as the real ones, to check unknown users against."""
    method = (like or DEFAULT_METHOD).split("$", 1)[0] or DEFAULT_METHOD
    if method not in _DUMMY_HASHES:
        try:
            _DUMMY_HASHES[method] = generate_password_hash(os.urandom(16).hex(), method=method)
        except ValueError:  # an unknown method in a hand-edited file: fall back to the default cost
            _DUMMY_HASHES[method] = generate_password_hash(os.urandom(16).hex(), method=DEFAULT_METHOD)
    return _DUMMY_HASHES[method]


def verify(accounts: dict[str, Account], username: str, password: str) -> Account | None:
    """The account when ``password`` is right for ``username``, else ``None``.

    An unknown user name is checked against a dummy hash of the same method, so
    the time taken and the answer do not reveal whether the user exists.

    Examples
    --------
    >>> h = generate_password_hash("rätt lösenord", method="pbkdf2:sha256:1000")
    >>> accounts = {"anna": Account("anna", "2023", "kommun", h)}
    >>> verify(accounts, "Anna", "rätt lösenord").kommun
    '2023'
    >>> verify(accounts, "anna", "fel") is None, verify(accounts, "okänd", "fel") is None
    (True, True)
    """
    name = normalise_username(username)
    password = password if isinstance(password, str) else ""
    account = accounts.get(name)
    like = account.password_hash if account else next((a.password_hash for a in accounts.values()), None)
    stored = account.password_hash if account else _dummy_hash(like)
    if len(password) > MAX_PASSWORD_LENGTH:
        password = password[:MAX_PASSWORD_LENGTH]  # still hashed, so the timing stays the same
        account = None
    try:
        ok = check_password_hash(stored, password)
    except (ValueError, TypeError):  # a broken hash in the file never signs anyone in
        ok = False
    # The dummy hash can never match (its password is random), but check the account anyway.
    return account if (ok and account is not None) else None


def may_write(account: Account | None, kommun: Any) -> bool:
    """Whether ``account`` may change the register of ``kommun``.

    Examples
    --------
    >>> anna = Account("anna", "2023", "kommun")
    >>> may_write(anna, "2023"), may_write(anna, "2021"), may_write(None, "2023")
    (True, False, False)
    >>> may_write(Account("root", None, "admin"), "2021")
    True
    """
    if account is None:
        return False
    code = normalise_kommun(kommun)
    if not code:
        return False
    if account.role == ROLE_ADMIN:
        return True
    return account.role == ROLE_KOMMUN and account.kommun is not None and account.kommun == code


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Serialise writers of the accounts file (two add-user runs at once lose no account)."""
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except ImportError:  # Windows: no flock; single-admin use is the norm there
            pass
        yield
    finally:
        os.close(fd)


def _write_atomic(path: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    # mkstemp creates the file 0600, so the hashes are never readable by others, not even briefly.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows it
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def add_account(
    path: str | Path,
    username: str,
    password: str,
    *,
    kommun: str | None,
    role: str,
    replace: bool = False,
    method: str = DEFAULT_METHOD,
) -> Account:
    """Add an account to the file (created when missing) and return it.

    ``replace=True`` changes an existing account (new password, kommun, role);
    otherwise an existing user name is refused. Raises :class:`ValueError`
    (Swedish message) for a bad user name, role, kommunkod or password and
    :class:`AccountsFileError` when the existing file is malformed (it is then
    left untouched). ``method`` is Werkzeug's hashing method (tests use a cheap one).
    """
    path = Path(path)
    name = _check_username(username)
    role, code = _check_role(role, kommun)
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"Lösenordet är för kort: använd minst {MIN_PASSWORD_LENGTH} tecken.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValueError(f"Lösenordet är för långt: högst {MAX_PASSWORD_LENGTH} tecken.")
    if password.strip() != password:
        raise ValueError("Lösenordet börjar eller slutar med blanksteg; ta bort dem.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        accounts = load_accounts(path)
        if name in accounts and not replace:
            raise ValueError(
                f"Kontot {name} finns redan; använd --replace för att byta lösenord eller kommun."
            )
        account = Account(name, code, role, generate_password_hash(password, method=method))
        accounts[name] = account
        _write_atomic(
            path,
            {
                "format": FILE_FORMAT[0],
                "version": FILE_FORMAT[1],
                "accounts": [
                    {**a.public(), "password_hash": a.password_hash}
                    for a in sorted(accounts.values(), key=lambda a: a.username)
                ],
            },
        )
    return account
