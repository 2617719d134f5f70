"""``history KOD``: the stored versions of a municipality's register, newest first."""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["NAME", "HELP", "add_arguments", "run"]

NAME = "history"
HELP = "Visa de sparade versionerna av en kommuns register, nyaste först."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from samverkansvav.commands._common import add_database_arguments

    parser.add_argument("kommun", metavar="KOD", help="kommunkod eller namn")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="utdataformat")
    add_database_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from samverkansvav.commands._common import (
        EXIT_INPUT_ERRORS,
        EXIT_OK,
        format_version,
        open_store,
        resolve_register,
    )
    from samverkansvav.store import StoreError

    try:
        kommun, name = resolve_register(args.kommun)
        with open_store(args) as store:
            versions = store.history(kommun)
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_INPUT_ERRORS
    if args.format == "json":
        print(json.dumps([v.to_dict() for v in versions], ensure_ascii=False, indent=2))
    elif not versions:
        print(f"Inga sparade versioner för {name}.")
    else:
        print(f"{name} ({kommun}): {len(versions)} versioner")
        for version in versions:
            print(format_version(version))
    return EXIT_OK
