"""``python -m samverkansvav exit``: what happens if a municipality leaves its arrangements.

Usage::

    python -m samverkansvav exit Partille                    # the embedded demo data
    python -m samverkansvav exit 1402 register.xlsx --arrangement gn-it --format json
    python -m samverkansvav exit "Malung-Sälens kommun" --date 2024-06-30

KOMMUN is a kommunkod or a name (resolved with
:class:`~samverkansvav.reference.PartyResolver`; a misspelt name gets suggestions
and exit code 1). The JSON is :meth:`ExitResult.to_dict`; the text format is a
readable summary in Swedish, or in English with ``--lang en``. Exit codes: 0 ok; 1 input errors (check report,
unknown municipality or arrangement, on stderr); 2 a file cannot be read at all
(also when it is only reported as an ``unreadable`` error among several files).
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["NAME", "HELP", "add_arguments", "run"]

NAME = "exit"
HELP = "Utträdesscenario: vad händer om en kommun lämnar sina samverkan (eller några av dem)?"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from samverkansvav.commands._scenario import add_common_arguments

    add_common_arguments(parser)
    parser.add_argument(
        "--arrangement",
        action="append",
        dest="arrangement_ids",
        metavar="ID",
        default=None,
        help="Id för en samverkan som lämnas (kan upprepas). Standard: alla kommunens samverkan.",
    )


def run(args: argparse.Namespace) -> int:
    from samverkansvav.commands._common import EXIT_INPUT_ERRORS, EXIT_OK
    from samverkansvav.commands._scenario import emit, load_web_and_party
    from samverkansvav.scenarios import exit_scenario

    web, party_id, code = load_web_and_party(args)
    if web is None:
        return code
    try:
        result = exit_scenario(web, party_id, arrangement_ids=args.arrangement_ids, on=args.date)
    except ValueError as exc:
        print(f"FEL: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    emit(result, args.format, args.lang)
    return EXIT_OK
