"""``backup PATH``: write a consistent copy of the database while it is in use."""

from __future__ import annotations

import argparse
import sys

__all__ = ["NAME", "HELP", "add_arguments", "run"]

NAME = "backup"
HELP = (
    "Skriv en säkerhetskopia av databasen (SQLite: en databasfil; PostgreSQL eller "
    "--format json: en JSON-fil, komprimerad om namnet slutar på .gz)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from samverkansvav.commands._common import add_database_arguments

    parser.add_argument("path", metavar="FIL", help="filen som ska skrivas")
    parser.add_argument(
        "--format",
        choices=("sqlite", "json"),
        default=None,
        help="format (standard: sqlite för SQLite, json för PostgreSQL)",
    )
    add_database_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from samverkansvav.commands._common import EXIT_INPUT_ERRORS, EXIT_OK, open_store
    from samverkansvav.store import StoreError

    try:
        with open_store(args) as store:
            path = store.backup(args.path, fmt=args.format)
            counts = store.counts()
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_INPUT_ERRORS
    print(
        f"Säkerhetskopian skrevs till {path} ({counts['versions']} versioner, "
        f"{counts['arrangements']} arrangemangsrader)."
    )
    return EXIT_OK
