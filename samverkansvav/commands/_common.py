"""Helpers the commands share: exit codes, arguments, loading the web, kommun resolution,
issue, version and preview text, progress bars and UTF-8 output.

A command imports its plumbing from here, never from another layer or another
command; kept out of ``cli.py`` so the commands stay thin and the helpers can be
tested without argparse. The CLI builds every parser at start-up, so this module
imports nothing heavy at import time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # the CLI builds every parser at start-up: keep this module light
    import pandas as pd

    from samverkansvav.model import CooperationWeb
    from samverkansvav.reference import Resolution
    from samverkansvav.report import Issue, Report
    from samverkansvav.store import Preview, Store, Version

__all__ = [
    "EXIT_OK",
    "EXIT_INPUT_ERRORS",
    "EXIT_UNREADABLE",
    "KIND_LABELS",
    "iso_date",
    "add_input_arguments",
    "add_date_argument",
    "load_web",
    "party_table",
    "resolve_party",
    "exit_code_for_report",
    "write",
    "write_bytes",
    "add_database_arguments",
    "open_store",
    "resolve_kommun",
    "resolve_register",
    "format_issue",
    "format_version",
    "format_preview",
    "ProgressBar",
    "StageBar",
    "PROGRESS_MIN_BYTES",
    "add_progress_argument",
    "register_progress",
]

#: Exit codes shared by every command: done; the input has errors (nothing stored);
#: a file cannot be read at all.
EXIT_OK, EXIT_INPUT_ERRORS, EXIT_UNREADABLE = 0, 1, 2

#: Files at least this large get a progress bar while they are read (on a terminal).
PROGRESS_MIN_BYTES = 1_000_000

KIND_LABELS = {"upload": "uppladdning", "restore": "återställning"}


def iso_date(text: str) -> dt.date:
    """An ``argparse`` type for ``ÅÅÅÅ-MM-DD``; anything else is a usage error in Swedish."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ogiltigt datum {text!r}; skriv ÅÅÅÅ-MM-DD") from None


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """The register files (none: the embedded demo data) and ``--parties``, read by :func:`load_web`."""
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


def add_date_argument(parser: argparse.ArgumentParser, *, help: str) -> None:
    """``--date ÅÅÅÅ-MM-DD`` (default ``None``: the command takes today)."""
    parser.add_argument("--date", type=iso_date, default=None, metavar="ÅÅÅÅ-MM-DD", help=help)


def exit_code_for_report(report: Report | None) -> int:
    """The exit code for a check report with errors: 2 when a file could not be read at all.

    :func:`samverkansvav.ingest.load_registers` turns a file it cannot read (a PDF
    renamed .xlsx, an encrypted workbook, a missing path) into an error with code
    ``unreadable`` instead of raising; that is the same case as ``UnreadableFile``
    and gets the same code 2. Any other error is the input's fault: 1.

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
    if report is not None and any(issue.code == "unreadable" for issue in report.errors):
        return EXIT_UNREADABLE
    return EXIT_INPUT_ERRORS


def load_web(args: argparse.Namespace) -> tuple[CooperationWeb | None, pd.DataFrame | None, int]:
    """``(web, parties, exit code)`` from the arguments of :func:`add_input_arguments`.

    The web is read from the files, or is the demo web without files; ``parties``
    is the ``--parties`` table (``None`` without one). When the input cannot be
    used, the message is printed on stderr and ``web`` is ``None`` with the exit
    code to return.
    """
    from samverkansvav.ingest import UnreadableFile
    from samverkansvav.reference import load_parties

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
    return web, parties, EXIT_OK


def party_table(web: CooperationWeb, parties: pd.DataFrame | None) -> pd.DataFrame:
    """The parties a name on the command line is resolved against: the web's, else
    ``--parties``, else Sweden's municipalities."""
    if len(web.parties):
        return web.parties
    if parties is not None:
        return parties
    from samverkansvav.reference import load_parties

    return load_parties()


def resolve_party(table: pd.DataFrame, text: str) -> Resolution | None:
    """The resolution of a kommunkod or name in ``table``, or ``None`` after printing
    the error (with suggestions for a misspelt name) on stderr."""
    from samverkansvav.reference import PartyResolver

    resolution = PartyResolver(table).resolve(text)
    if resolution.party_id is None:
        hint = f" Menade du: {', '.join(resolution.suggestions)}?" if resolution.suggestions else ""
        print(f"FEL: hittar ingen kommun som heter {text!r}.{hint}", file=sys.stderr)
        return None
    return resolution


def write_bytes(data: bytes) -> None:
    """Write ``data`` to standard output as it is."""
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def write(text: str) -> None:
    """Print ``text`` as UTF-8 whatever the locale."""
    write_bytes((text + "\n").encode("utf-8"))


def add_database_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="databasens URL (standard: DATABASE_URL, annars SQLite-filen i --data-dir)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="KATALOG",
        default=None,
        help="katalog för SQLite-databasen (standard: inställningen data_dir)",
    )


def open_store(args: argparse.Namespace) -> Store:
    """The store named by ``--db`` / ``--data-dir``, else by the settings."""
    from samverkansvav.config import load_config
    from samverkansvav.store import Store

    config = load_config()
    url = args.db or config.database_url
    data_dir = Path(args.data_dir or config.data_dir)
    return Store.open(url, data_dir=data_dir)


def resolve_kommun(text: str) -> tuple[str, str]:
    """``(party id, display name)`` of a kommunkod or name; :class:`StoreError` when unknown.

    Examples
    --------
    >>> resolve_kommun("Malung-Sälen")
    ('2023', 'Malung-Sälen')
    >>> resolve_kommun("2023")[0]
    '2023'
    """
    from samverkansvav.reference import PartyResolver, load_parties
    from samverkansvav.store import StoreError

    resolver = PartyResolver(load_parties())
    resolution = resolver.resolve(text)
    if resolution.party_id is None:
        hint = f" Menade du {', '.join(resolution.suggestions)}?" if resolution.suggestions else ""
        raise StoreError(f"Kommunen '{text}' finns inte i referensdata.{hint}")
    return resolution.party_id, resolver.name_of(resolution.party_id)


def resolve_register(text: str) -> tuple[str, str]:
    """``(register code, display name)`` of a municipality's or a region's register.

    A municipality (code or name) has its own register; a region ("Region Dalarna",
    "R20") its regional register, stored under the region's code. Gotland's
    regional register, which has no party of its own, is named by its code "R09".

    Examples
    --------
    >>> resolve_register("Region Dalarna"), resolve_register("R09")
    (('R20', 'Region Dalarna'), ('R09', 'Region Gotland'))
    >>> resolve_register("Falun")
    ('2080', 'Falun')
    """
    from samverkansvav.store.registers import is_region_code, register_name

    code = str(text or "").strip()
    if is_region_code(code):
        return code, register_name(code)
    return resolve_kommun(text)


def format_issue(issue: Issue) -> str:
    """One line: level, place, arrangement, message and what to do."""
    labels = {"fel": "FEL", "varning": "VARNING", "info": "INFO"}
    where = issue.location()
    text = (
        f"{labels.get(issue.level, issue.level.upper())}: {where}: "
        if where
        else f"{labels.get(issue.level, issue.level.upper())}: "
    )
    if issue.arrangement:
        text += f"[{issue.arrangement}] "
    text += issue.message
    if issue.hint:
        text += f" Åtgärd: {issue.hint}"
    return text


def format_version(version: Version) -> str:
    """One line per version: number, time (UTC), kind, file, user, size."""
    when = version.created_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    kind = KIND_LABELS.get(version.kind, version.kind)
    if version.restored_from is not None:
        kind += f" av version {version.restored_from}"
    if version.scope == "regional":
        kind += " (regionalt register)"
    who = version.user or "okänd användare"
    return (
        f"version {version.version_no}  {when}  {kind}  {version.file_name}  {who}  "
        f"{version.n_arrangements} arrangemang  sha256 {version.sha256[:12]}"
    )


def format_preview(preview: Preview, *, names: dict[str, str] | None = None) -> str:
    """The preview as Swedish text lines; fields are named as in running text of the field table."""
    from samverkansvav.vocabulary import field_label

    names = names or {}
    base = (
        f"jämfört med version {preview.base_version_no}"
        if preview.base_version_no
        else "första versionen av registret"
    )
    lines = [
        f"Förhandsgranskning ({base}): {len(preview.new)} nya, "
        f"{len(preview.changed)} ändrade, "
        f"{len(preview.removed)} borttagna, {preview.unchanged} oförändrade arrangemang."
    ]
    if preview.duplicate_of is not None:
        lines.append(
            f"Filen är identisk med den senaste versionen ({preview.duplicate_of}); inget nytt sparas."
        )
    lines += [f"  OBS: {i.message}" for i in preview.authority]
    lines += [f"  NY: {a.name} [{a.arrangement_id}]" for a in preview.new]
    lines += [
        f"  ÄNDRAD: {c.name} [{c.arrangement_id}]: " + ", ".join(field_label(f, text=True) for f in c.fields)
        for c in preview.changed
    ]
    lines += [f"  BORTTAGEN: {a.name} [{a.arrangement_id}]" for a in preview.removed]
    for c in preview.conflicts:
        other = names.get(c.other_kommun, c.other_kommun)
        lines.append(
            f"  KONFLIKT: {c.name} [{c.arrangement_id}]: {field_label(c.field, text=True)} är "
            f"'{c.ours or 'ej angivet'}' här men '{c.theirs or 'ej angivet'}' i {other}s register "
            f"(version {c.other_version_no})."
        )
    return "\n".join(lines)


class ProgressBar:
    """A text progress bar on stderr for imports of many rows (silent for small ones)."""

    def __init__(
        self, *, label: str = "Sparar", min_total: int = 2000, stream: TextIO | None = None, width: int = 30
    ) -> None:
        self.label = label
        self.min_total = min_total
        self.stream = stream or sys.stderr
        self.width = width
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < self.min_total:
            return
        filled = int(self.width * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total} rader")
        self._shown = True
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class StageBar:
    """A progress bar on stderr for reading one register: ``bar(stage, fraction)``.

    It is a ``progress`` callback for :func:`samverkansvav.ingest.read_register`. The
    line is redrawn in place only when the whole percent or the stage changes, and
    ends with a newline at 1.0 (or on :meth:`close`, after an unreadable file).

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> bar = StageBar(label="a.csv", stream=out, width=10)
    >>> bar("Filen öppnad", 0.05); bar("Klar", 1.0)
    >>> last = out.getvalue().split("\\r")[-1]  # padded over the longer first stage
    >>> last.rstrip(), last.endswith("\\n")
    ('a.csv: Klar [##########] 100 %', True)
    """

    def __init__(self, *, label: str = "", stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self._last: tuple[str, int] | None = None
        self._open = False
        self._length = 0

    def __call__(self, stage: str, fraction: float) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        key = (stage, int(fraction * 100))
        if key == self._last:
            return
        self._last = key
        filled = int(self.width * fraction)
        bar = "#" * filled + "-" * (self.width - filled)
        prefix = f"{self.label}: " if self.label else ""
        line = f"{prefix}{stage} [{bar}] {key[1]:3d} %"
        # Pad over a longer previous line (stage labels differ in length).
        self.stream.write("\r" + line + " " * max(self._length - len(line), 0))
        self._length = len(line)
        self._open = True
        if fraction >= 1.0:
            self.stream.write("\n")
            self._open = False
        self.stream.flush()

    def close(self) -> None:
        """End the line if reading stopped before 1.0 (an unreadable file)."""
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False


def add_progress_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        action="store_true",
        help="visa alltid en förloppsindikator på stderr medan filen läses "
        "(annars bara för stora filer när stderr är en terminal)",
    )


def register_progress(
    path: str | Path, *, forced: bool, stream: TextIO | None = None, min_bytes: int = PROGRESS_MIN_BYTES
) -> StageBar | None:
    """The bar to show while ``path`` is read, or ``None`` for no bar.

    A bar is shown when ``forced`` (``--progress``), or when the file is at least
    ``min_bytes`` large and the stream (stderr) is a terminal: a pipe or a log file
    gets no carriage-return clutter. Standard output is never touched.
    """
    stream = stream or sys.stderr
    if not forced:
        isatty = getattr(stream, "isatty", None)
        if not (isatty and isatty()):
            return None
        try:
            if Path(path).stat().st_size < min_bytes:
                return None
        except OSError:
            return None  # read_register reports the file itself
    return StageBar(label=Path(path).name, stream=stream)
