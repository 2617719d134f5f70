"""Shared pieces of the scenario commands ``exit``, ``host-stops`` and ``join``.

Their common arguments (KOMMUN, files, ``--parties``, ``--date``, ``--format``,
``--lang``), loading the web and resolving the municipality, the exit code for a
report with errors, and printing a result as JSON or as text in Swedish or English.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable

__all__ = ["add_common_arguments", "load_web_and_party", "exit_code_for_report", "emit", "write"]


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ogiltigt datum {text!r}; skriv ÅÅÅÅ-MM-DD") from None


def add_common_arguments(
    parser: argparse.ArgumentParser, *, after_kommun: Callable[[argparse.ArgumentParser], None] | None = None
) -> None:
    """Arguments shared with ``host-stops`` and ``join``.

    ``after_kommun`` adds positionals that come between KOMMUN and the files
    (``join`` puts OMRÅDE there).
    """
    parser.add_argument("kommun", metavar="KOMMUN", help="Kommunkod (t.ex. 1402) eller namn.")
    if after_kommun is not None:
        after_kommun(parser)
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FIL",
        help="Samverkansregister (.xlsx, .xlsm, .ods, .xls, .csv). Utan filer används den inbäddade demodatan.",
    )
    parser.add_argument(
        "--parties",
        metavar="FIL",
        default=None,
        help="CSV med egen aktörstabell (id, namn, typ, ...) i stället för Sveriges kommuner.",
    )
    parser.add_argument(
        "--date",
        type=_iso_date,
        default=None,
        metavar="ÅÅÅÅ-MM-DD",
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


def exit_code_for_report(report) -> int:
    """The exit code for a check report with errors: 2 when a file could not be read at all.

    :func:`samverkansvav.ingest.load_registers` turns a file it cannot read (a PDF
    renamed .xlsx, an encrypted workbook, a missing path) into an error with code
    ``unreadable`` instead of raising; that is the same case as ``UnreadableFile``
    and gets the same code 2 (the rule of the ``metrics`` command). Any other error
    is the input's fault: 1.

    Examples
    --------
    >>> from samverkansvav.report import ERROR, Issue, Report
    >>> report = Report()
    >>> report.add(Issue(ERROR, "unknown_form", "okänd form", ""))
    >>> exit_code_for_report(report)
    1
    >>> report.add(Issue(ERROR, "unreadable", "Filen är en PDF", ""))
    >>> exit_code_for_report(report)
    2
    >>> exit_code_for_report(None)
    1
    """
    from samverkansvav.cli import EXIT_INPUT_ERRORS, EXIT_UNREADABLE

    if report is not None and any(issue.code == "unreadable" for issue in report.errors):
        return EXIT_UNREADABLE
    return EXIT_INPUT_ERRORS


def load_web_and_party(args: argparse.Namespace):
    """(web, party_id, exit_code): the web from files or demo data and the resolved party.

    On failure the message is printed on stderr and ``web`` is ``None`` with the
    exit code to return.
    """
    from samverkansvav.cli import EXIT_INPUT_ERRORS, EXIT_OK, EXIT_UNREADABLE
    from samverkansvav.ingest import UnreadableFile
    from samverkansvav.reference import PartyResolver, load_parties

    try:
        parties = load_parties(args.parties) if args.parties else None
        if args.files:
            from samverkansvav.ingest import load_registers

            web, report = load_registers(list(args.files), parties=parties)
        else:
            from samverkansvav.demo import load_demo_web

            web, report = load_demo_web(parties), None
    except UnreadableFile as exc:
        print(f"FEL: {exc.file}: {exc.message}", file=sys.stderr)
        return None, None, EXIT_UNREADABLE
    except (OSError, ValueError) as exc:  # e.g. a --parties file that is missing or malformed
        print(f"FEL: {exc}", file=sys.stderr)
        return None, None, EXIT_UNREADABLE
    if web is None or (report is not None and report.has_errors):
        print(report.as_text() if report is not None else "FEL: inga data.", file=sys.stderr)
        return None, None, exit_code_for_report(report)

    table = web.parties if len(web.parties) else (parties if parties is not None else load_parties())
    resolution = PartyResolver(table).resolve(args.kommun)
    if resolution.party_id is None:
        hint = f" Menade du: {', '.join(resolution.suggestions)}?" if resolution.suggestions else ""
        print(f"FEL: hittar ingen kommun som heter {args.kommun!r}.{hint}", file=sys.stderr)
        return None, None, EXIT_INPUT_ERRORS
    if not resolution.exact:
        print(
            f"OBS: tolkade {args.kommun!r} som {', '.join(resolution.suggestions) or resolution.party_id}.",
            file=sys.stderr,
        )
    return web, resolution.party_id, EXIT_OK


def write(text: str) -> None:
    """Print ``text`` as UTF-8 whatever the locale."""
    sys.stdout.buffer.write((text + "\n").encode("utf-8"))
    sys.stdout.flush()


def emit(result, fmt: str, lang: str = "sv") -> None:
    """Print an exit or host-stop result as JSON or as text in ``lang``."""
    if fmt == "json":
        import json

        write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1, allow_nan=False))
    else:
        from samverkansvav.scenarios.text import scenario_text

        write(scenario_text(result, lang))
