"""``add-user USERNAME --kommun KOD | --admin``: create (or with ``--replace`` change) an account.

The password is read from standard input: asked twice (hidden) at a terminal,
otherwise the first line of the piped input, so that it never appears in the
process list or the shell history::

    python -m samverkansvav add-user anna --kommun 2023
    printf '%s\\n' "$LOSENORD" | python -m samverkansvav add-user admin --admin --accounts konton.json

Only a salted hash is written, to the file named by ``--accounts`` or the
setting ``SAMVERKANSVAV_ACCOUNTS_FILE`` (created with permissions 0600).
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["NAME", "HELP", "add_arguments", "run", "read_password"]

NAME = "add-user"
HELP = "Skapa ett konto för inloggning (kommunkonto eller administratör); lösenordet läses från standard in."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("username", metavar="ANVÄNDARNAMN", help="användarnamn (a–z, siffror, . _ @ -)")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--kommun",
        metavar="KOD",
        default=None,
        help="kommunkod (fyra siffror) vars register kontot får ändra",
    )
    who.add_argument("--admin", action="store_true", help="administratör: får ändra alla kommuners register")
    parser.add_argument(
        "--accounts",
        metavar="FIL",
        default=None,
        help="kontofilen (standard: inställningen SAMVERKANSVAV_ACCOUNTS_FILE)",
    )
    parser.add_argument(
        "--replace", action="store_true", help="ändra ett befintligt konto (nytt lösenord, kommun eller roll)"
    )


def read_password(stream=None) -> str | None:
    """The new password: hidden prompt twice at a terminal, else the first input line.

    Returns ``None`` when the two typed passwords differ.
    """
    stream = sys.stdin if stream is None else stream
    if stream.isatty():
        import getpass

        first = getpass.getpass("Lösenord: ")
        second = getpass.getpass("Upprepa lösenordet: ")
        return first if first == second else None
    line = stream.readline()
    return line.rstrip("\r\n")


def run(args: argparse.Namespace) -> int:
    from samverkansvav.accounts import ROLE_ADMIN, ROLE_KOMMUN, AccountsFileError, add_account
    from samverkansvav.commands._common import EXIT_INPUT_ERRORS, EXIT_OK, EXIT_UNREADABLE
    from samverkansvav.config import load_config

    path = args.accounts or load_config().accounts_file
    if not path:
        print(
            "Ingen kontofil angiven: använd --accounts FIL eller sätt SAMVERKANSVAV_ACCOUNTS_FILE.",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    password = read_password()
    if password is None:
        print("Lösenorden stämmer inte överens; inget konto skapades.", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    role = ROLE_ADMIN if args.admin else ROLE_KOMMUN
    try:
        account = add_account(
            path,
            args.username,
            password,
            kommun=None if args.admin else args.kommun,
            role=role,
            replace=args.replace,
        )
    except ValueError as exc:
        print(f"Inget konto skapades: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    except AccountsFileError as exc:
        print(f"Inget konto skapades: {exc.message}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as exc:
        print(f"Kontofilen {path} kan inte skrivas: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    what = "administratör" if account.is_admin else f"kommun {account.kommun}"
    verb = "ändrat" if args.replace else "skapat"
    print(f"Kontot {account.username} ({what}) är {verb} i {path}.")
    return EXIT_OK
