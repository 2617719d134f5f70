"""``restore-backup PATH``: replace the database's content by a backup."""

from __future__ import annotations

import argparse
import sys

__all__ = ["NAME", "HELP", "add_arguments", "run"]

NAME = "restore-backup"
HELP = (
    "Ersätt databasens innehåll med en säkerhetskopia från kommandot backup "
    "(allt som sparats efter kopian försvinner)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from samverkansvav.commands._common import add_database_arguments

    parser.add_argument("path", metavar="FIL", help="säkerhetskopian")
    parser.add_argument("--yes", action="store_true", help="återställ utan att fråga")
    add_database_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from samverkansvav.commands._common import EXIT_INPUT_ERRORS, EXIT_OK, EXIT_UNREADABLE, open_store
    from samverkansvav.store import BackupError, StoreError

    if not args.yes and sys.stdin.isatty():
        answer = input("Allt i databasen ersätts med säkerhetskopian. Fortsätt? [j/N] ")
        if answer.strip().lower() not in {"j", "ja", "y", "yes"}:
            print("Inget ändrades.")
            return EXIT_OK
    try:
        with open_store(args) as store:
            counts = store.restore_backup(args.path)
    except BackupError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_UNREADABLE
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_INPUT_ERRORS
    print(
        f"Databasen återställdes från {args.path}: {counts['versions']} versioner för "
        f"{counts['registers']} kommuner."
    )
    return EXIT_OK
