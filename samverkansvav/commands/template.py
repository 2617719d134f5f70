"""``template OUT.xlsx``: write the register template."""

from __future__ import annotations

import argparse

__all__ = ["NAME", "HELP", "add_arguments", "run"]

NAME = "template"
HELP = "Skriv en registermall (.xlsx) med svenska rubriker, exempelrad, rullistor och instruktioner."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="UT.xlsx", help="filen som ska skrivas")
    parser.add_argument(
        "--utan-exempel", dest="example", action="store_false", help="skriv mallen utan exempelrad"
    )


def run(args: argparse.Namespace) -> int:
    from samverkansvav.ingest.template import write_template

    path = write_template(args.out, example=args.example)
    print(f"Mallen skrevs till {path}.")
    return 0
