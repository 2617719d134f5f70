"""``restore KOD VERSION``: make an earlier version current again (as a new version)."""

from __future__ import annotations

import argparse
import sys

__all__ = ["NAME", "HELP", "add_arguments", "run"]

NAME = "restore"
HELP = "Återställ en tidigare version av en kommuns register; den blir en ny version, så inget skrivs över."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from samverkansvav.commands._common import add_database_arguments

    parser.add_argument("kommun", metavar="KOD", help="kommunkod eller namn")
    parser.add_argument("version", metavar="VERSION", type=int, help="versionsnumret att återställa")
    parser.add_argument("--user", metavar="NAMN", default=None, help="vem som återställer")
    add_database_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from samverkansvav.commands._common import EXIT_INPUT_ERRORS, EXIT_OK, open_store, resolve_register
    from samverkansvav.store import StoreError

    try:
        kommun, name = resolve_register(args.kommun)
        with open_store(args) as store:
            version = store.restore(kommun, args.version, user=args.user)
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_INPUT_ERRORS
    print(
        f"Version {args.version} av registret för {name} är återställd som version "
        f"{version.version_no} ({version.n_arrangements} arrangemang)."
    )
    return EXIT_OK
