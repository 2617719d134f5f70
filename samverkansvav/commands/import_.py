"""``import FILE --kommun KOD``: check a register, store it as the municipality's next version.

A region instead of a municipality (``--kommun "Region Dalarna"`` or ``R20``) stores
the file as the region's regional register: under the region's code, beside the
municipalities' own registers and never over one of them (DOMAIN §4).
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["NAME", "HELP", "add_arguments", "run"]

NAME = "import"
HELP = (
    "Granska ett register och spara det som en ny version av en kommuns register "
    "(inget sparas om filen har fel)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from samverkansvav.commands._common import add_database_arguments, add_progress_argument

    parser.add_argument("file", metavar="FIL", help="registerfil (.xlsx, .xlsm, .ods, .xls, .csv)")
    parser.add_argument(
        "--kommun",
        metavar="KOD",
        required=True,
        help="kommunen vars register det är (kommunkod eller namn); en region (t.ex. 'Region Dalarna' "
        "eller R20) sparar filen som regionens regionala register",
    )
    parser.add_argument(
        "--user", metavar="NAMN", default=None, help="vem som laddar upp (sparas i historiken)"
    )
    parser.add_argument(
        "--yes",
        action="store_true",
        help="spara utan att fråga (annars frågar kommandot när det körs interaktivt)",
    )
    add_database_arguments(parser)
    add_progress_argument(parser)


def _confirm(question: str) -> bool:
    try:
        answer = input(f"{question} [j/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in {"j", "ja", "y", "yes"}


def run(args: argparse.Namespace) -> int:
    from samverkansvav.commands._common import (
        EXIT_INPUT_ERRORS,
        EXIT_OK,
        EXIT_UNREADABLE,
        ProgressBar,
        format_issue,
        format_preview,
        open_store,
        register_progress,
        resolve_register,
    )
    from samverkansvav.ingest import UnreadableFile, read_register
    from samverkansvav.store import RegisterHasErrors, StoreError
    from samverkansvav.store.registers import is_region_code

    try:
        kommun, kommun_name = resolve_register(args.kommun)
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_INPUT_ERRORS
    # A regional register speaks for no municipality: its costs belong to whoever its rows name.
    scope = "regional" if is_region_code(kommun) else None
    bar = register_progress(args.file, forced=getattr(args, "progress", False))
    try:
        result = read_register(args.file, reporter=None if scope else kommun, progress=bar)
    except UnreadableFile as exc:
        if bar is not None:
            bar.close()
        print(f"KAN INTE LÄSAS: {exc.file}: {exc.message}", file=sys.stderr)
        return EXIT_UNREADABLE
    for issue in result.report.issues:
        print(format_issue(issue))
    c = result.report.counts()
    print(f"{result.file_name}: {c['fel']} fel, {c['varning']} varningar, {c['info']} info.")
    if not result.ok:
        print(f"Inget sparades för {kommun_name}: rätta felen och kör kommandot igen.")
        return EXIT_INPUT_ERRORS

    try:
        with open_store(args) as store:
            preview = store.preview(result, kommun=kommun, scope=scope)
            print(format_preview(preview))
            if preview.duplicate_of is not None:
                return EXIT_OK
            ask = not args.yes and sys.stdin.isatty()
            if ask and not _confirm(f"Spara som ny version för {kommun_name}?"):
                print("Inget sparades.")
                return EXIT_OK
            version = store.import_register(
                result, kommun=kommun, user=args.user, progress=ProgressBar(), scope=scope
            )
    except RegisterHasErrors as exc:  # pragma: no cover - result.ok was checked above
        print(exc.message, file=sys.stderr)
        return EXIT_INPUT_ERRORS
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_INPUT_ERRORS
    kind = "det regionala registret" if scope else "registret"
    print(
        f"Sparat som version {version.version_no} av {kind} för {kommun_name} "
        f"({version.n_arrangements} arrangemang)."
    )
    return EXIT_OK
