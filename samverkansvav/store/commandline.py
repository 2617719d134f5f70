"""Helpers shared by the store's CLI commands (import, history, restore, backups).

Kept here rather than in ``cli.py`` so that the commands stay thin and the
helpers can be tested without argparse.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # the CLI builds every parser at start-up: keep this module light
    from samverkansvav.store.diff import Preview
    from samverkansvav.store.store import Store, Version

__all__ = [
    "KIND_LABELS",
    "FIELD_LABELS",
    "add_database_arguments",
    "open_store",
    "resolve_kommun",
    "format_version",
    "format_preview",
    "ProgressBar",
]

KIND_LABELS = {"upload": "uppladdning", "restore": "återställning"}
#: Swedish labels of the preview's field names (model columns + members).
FIELD_LABELS = {
    "id": "id", "name": "namn", "form": "form", "area": "område",
    "area_raw": "område (som skrivet)",
    "host": "värd", "seat": "säte", "start": "startdatum", "end": "slutdatum", "status": "status",
    "notice_months": "uppsägningstid", "owner": "ansvarig", "goal": "mål",
    "last_evaluated": "senast utvärderad", "note": "anteckning", "members": "medlemmar",
    "membership_details": "medlemskapsuppgifter",
}


def add_database_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", default=None,
                        help="databasens URL (standard: DATABASE_URL, "
                             "annars SQLite-filen i --data-dir)")
    parser.add_argument("--data-dir", metavar="KATALOG", default=None,
                        help="katalog för SQLite-databasen (standard: inställningen data_dir)")


def open_store(args: argparse.Namespace) -> "Store":
    """The store named by ``--db`` / ``--data-dir``, else by the settings."""
    from samverkansvav.config import load_config
    from samverkansvav.store.store import Store

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
    from samverkansvav.store.db import StoreError

    resolver = PartyResolver(load_parties())
    resolution = resolver.resolve(text)
    if resolution.party_id is None:
        hint = f" Menade du {', '.join(resolution.suggestions)}?" if resolution.suggestions else ""
        raise StoreError(f"Kommunen '{text}' finns inte i referensdata.{hint}")
    return resolution.party_id, resolver.name_of(resolution.party_id)


def format_version(version: "Version") -> str:
    """One line per version: number, time (UTC), kind, file, user, size."""
    when = version.created_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    kind = KIND_LABELS.get(version.kind, version.kind)
    if version.restored_from is not None:
        kind += f" av version {version.restored_from}"
    who = version.user or "okänd användare"
    return (f"version {version.version_no}  {when}  {kind}  {version.file_name}  {who}  "
            f"{version.n_arrangements} arrangemang  sha256 {version.sha256[:12]}")


def format_preview(preview: "Preview", *, names: dict[str, str] | None = None) -> str:
    """The preview as Swedish text lines."""
    names = names or {}
    base = (f"jämfört med version {preview.base_version_no}" if preview.base_version_no
            else "första versionen för kommunen")
    lines = [f"Förhandsgranskning ({base}): {len(preview.new)} nya, "
             f"{len(preview.changed)} ändrade, "
             f"{len(preview.removed)} borttagna, {preview.unchanged} oförändrade arrangemang."]
    if preview.duplicate_of is not None:
        lines.append(f"Filen är identisk med den senaste versionen ({preview.duplicate_of}); "
                     "inget nytt sparas.")
    lines += [f"  NY: {a.name} [{a.arrangement_id}]" for a in preview.new]
    lines += [f"  ÄNDRAD: {c.name} [{c.arrangement_id}]: "
              + ", ".join(FIELD_LABELS.get(f, f) for f in c.fields) for c in preview.changed]
    lines += [f"  BORTTAGEN: {a.name} [{a.arrangement_id}]" for a in preview.removed]
    for c in preview.conflicts:
        other = names.get(c.other_kommun, c.other_kommun)
        lines.append(
            f"  KONFLIKT: {c.name} [{c.arrangement_id}]: {FIELD_LABELS.get(c.field, c.field)} är "
            f"'{c.ours or 'ej angivet'}' här men '{c.theirs or 'ej angivet'}' i {other}s register "
            f"(version {c.other_version_no})."
        )
    return "\n".join(lines)


class ProgressBar:
    """A text progress bar on stderr for imports of many rows (silent for small ones)."""

    def __init__(self, *, label: str = "Sparar", min_total: int = 2000,
                 stream: TextIO | None = None, width: int = 30) -> None:
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
