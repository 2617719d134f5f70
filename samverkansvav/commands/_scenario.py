"""Shared pieces of the scenario commands ``exit``, ``host-stops`` and ``join``.

Their common arguments (KOMMUN, files, ``--parties``, ``--date``, ``--format``,
``--lang``), the web with the municipality resolved, and printing a result as JSON
or as text in Swedish or English. What every command shares lives in
:mod:`samverkansvav.commands._common`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from samverkansvav.commands._common import (
    EXIT_INPUT_ERRORS,
    EXIT_OK,
    add_date_argument,
    add_input_arguments,
    load_web,
    party_table,
    resolve_party,
    write,
)

if TYPE_CHECKING:
    from samverkansvav.model import CooperationWeb

__all__ = ["add_common_arguments", "load_web_and_party", "emit", "write_json"]


def add_common_arguments(
    parser: argparse.ArgumentParser, *, after_kommun: Callable[[argparse.ArgumentParser], None] | None = None
) -> None:
    """Arguments shared by ``exit``, ``host-stops`` and ``join``.

    ``after_kommun`` adds positionals that come between KOMMUN and the files
    (``join`` puts OMRÅDE there).
    """
    parser.add_argument("kommun", metavar="KOMMUN", help="Kommunkod (t.ex. 1402) eller namn.")
    if after_kommun is not None:
        after_kommun(parser)
    add_input_arguments(parser)
    add_date_argument(
        parser,
        help="Analysdatum: samverkan som gäller detta datum; uppsägningstider räknas härifrån "
        "(standard: i dag).",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="Utdataformat (standard: text)."
    )
    parser.add_argument(
        "--lang",
        choices=("sv", "en"),
        default="sv",
        help="Språk i textformatet (standard: sv). JSON har koder och svenska texter som förut.",
    )


def load_web_and_party(args: argparse.Namespace) -> tuple[CooperationWeb | None, str | None, int]:
    """(web, party_id, exit_code): the web from files or demo data and the resolved KOMMUN.

    On failure the message is printed on stderr and ``web`` is ``None`` with the
    exit code to return. A name that is only close to a known one is taken, with
    a note on stderr of how it was read.
    """
    web, parties, code = load_web(args)
    if web is None:
        return None, None, code
    resolution = resolve_party(party_table(web, parties), args.kommun)
    if resolution is None:
        return None, None, EXIT_INPUT_ERRORS
    if not resolution.exact:
        print(
            f"OBS: tolkade {args.kommun!r} som {', '.join(resolution.suggestions) or resolution.party_id}.",
            file=sys.stderr,
        )
    return web, resolution.party_id, EXIT_OK


def write_json(result: Any) -> None:
    """Print a scenario result's ``to_dict()`` as indented JSON."""
    import json

    write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1, allow_nan=False))


def emit(result: Any, fmt: str, lang: str = "sv") -> None:
    """Print an exit or host-stop result as JSON or as text in ``lang``."""
    if fmt == "json":
        write_json(result)
    else:
        from samverkansvav.scenarios.text import scenario_text

        write(scenario_text(result, lang))
