"""``check FILE...``: read registers, print every problem, exit 0 / 1 / 2."""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["NAME", "HELP", "add_arguments", "run"]

NAME = "check"
HELP = (
    "Granska ett eller flera samverkansregister (.xlsx, .xlsm, .ods, .xls, .csv) och skriv ut alla problem."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from samverkansvav.commands._common import add_progress_argument

    parser.add_argument("files", nargs="+", metavar="FIL", help="registerfiler att granska")
    parser.add_argument(
        "--parties",
        metavar="FIL",
        default=None,
        help="CSV med egen aktörstabell (id, namn, typ) i stället för Sveriges kommuner",
    )
    parser.add_argument(
        "--reporter",
        metavar="KOD",
        default=None,
        help="rapporterande kommun (namn eller kommunkod); dess årskostnad är kolumnen Årskostnad",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="utdataformat")
    add_progress_argument(parser)


def run(args: argparse.Namespace) -> int:
    from samverkansvav.commands._common import (
        EXIT_INPUT_ERRORS,
        EXIT_OK,
        EXIT_UNREADABLE,
        format_issue,
        register_progress,
    )
    from samverkansvav.ingest import UnreadableFile, merge_results, read_register
    from samverkansvav.report import Report

    parties = None
    if args.parties:
        from samverkansvav.reference import load_parties

        try:
            parties = load_parties(args.parties)
        except Exception as exc:  # a broken parties file is a usage error, shown plainly
            print(f"Aktörstabellen {args.parties} kan inte läsas: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
    unreadable: list[tuple[str, str]] = []
    results = []
    for path in args.files:
        bar = register_progress(path, forced=getattr(args, "progress", False))
        try:
            results.append(read_register(path, parties=parties, reporter=args.reporter, progress=bar))
        except UnreadableFile as exc:
            unreadable.append((exc.file, exc.message))
        finally:
            if bar is not None:
                bar.close()
    report = Report()
    for result in results:
        report.extend(result.report.issues)
    ok_results = [r for r in results if r.ok]
    if len(ok_results) > 1:
        _, merge_report = merge_results(ok_results, parties=parties)
        report.extend(merge_report.issues)
    if args.format == "json":
        payload = {
            "files": [
                {
                    "file": r.file_name,
                    "sha256": r.sha256,
                    "ok": r.ok,
                    "layout": r.layout,
                    "arrangements": 0 if r.usable_web is None else int(len(r.usable_web.arrangements)),
                    "counts": r.report.counts(),
                }
                for r in results
            ],
            "unreadable": [{"file": f, "message": m} for f, m in unreadable],
            "counts": report.counts(),
            "issues": report.as_records(),
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        for file, message in unreadable:
            print(f"KAN INTE LÄSAS: {file}: {message}")
        for result in results:
            n = 0 if result.usable_web is None else len(result.usable_web.arrangements)
            state = "inga fel" if result.ok else "har fel – inget läses in"
            print(f"{result.file_name}: {n} arrangemang, {state}.")
        for issue in report.issues:
            print(format_issue(issue))
        c = report.counts()
        print(f"{c['fel']} fel, {c['varning']} varningar, {c['info']} info.")
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_INPUT_ERRORS if report.has_errors else EXIT_OK
