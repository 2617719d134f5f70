"""``python -m samverkansvav``: one sub-command per module in :mod:`samverkansvav.commands`.

Each command module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``, and keeps heavy imports inside ``run`` so that start-up stays
fast and the metrics path never imports dash or plotly. The exit codes ``main``
returns are named in :mod:`samverkansvav.commands._common`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

__all__ = ["main", "COMMANDS", "COMMAND_MODULES"]

#: ``(module in samverkansvav.commands, NAME, HELP)`` of every command, in the order
#: ``--help`` lists them. Copied from the modules (a test keeps the copies equal) so
#: that start-up imports only the module of the command being run.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "check",
        "check",
        "Granska ett eller flera samverkansregister (.xlsx, .xlsm, .ods, .xls, .csv) och skriv ut alla problem.",
    ),
    (
        "template",
        "template",
        "Skriv en registermall (.xlsx) med svenska rubriker, exempelrad, rullistor och instruktioner.",
    ),
    (
        "metrics",
        "metrics",
        "Beräkna mått per kommun (beroende, komplexitet, systemledningsindex) som JSON eller CSV.",
    ),
    (
        "exit",
        "exit",
        "Utträdesscenario: vad händer om en kommun lämnar sina samverkan (eller några av dem)?",
    ),
    (
        "host_stops",
        "host-stops",
        "Värden upphör: vilka kommuner förlorar vad, och vem kan bli ny värd?",
    ),
    (
        "join",
        "join",
        "Var kan kommunen ansluta? Befintlig samverkan inom ett område och kommuner som redan är värd.",
    ),
    (
        "events",
        "events",
        "Händelser över tid: när samverkan bildades och avslutades, när kommuner gick med och lämnade.",
    ),
    (
        "import_",
        "import",
        "Granska ett register och spara det som en ny version av en kommuns register "
        "(inget sparas om filen har fel).",
    ),
    (
        "history",
        "history",
        "Visa de sparade versionerna av en kommuns register, nyaste först.",
    ),
    (
        "restore",
        "restore",
        "Återställ en tidigare version av en kommuns register; den blir en ny version, så inget skrivs över.",
    ),
    (
        "backup",
        "backup",
        "Skriv en säkerhetskopia av databasen (SQLite: en databasfil; PostgreSQL eller --format json: "
        "en JSON-fil, komprimerad om namnet slutar på .gz).",
    ),
    (
        "restore_backup",
        "restore-backup",
        "Ersätt databasens innehåll med en säkerhetskopia från kommandot backup "
        "(allt som sparats efter kopian försvinner).",
    ),
    (
        "add_user",
        "add-user",
        "Skapa ett konto för inloggning (kommunkonto eller administratör); lösenordet läses från standard in.",
    ),
)

COMMAND_MODULES: tuple[str, ...] = tuple(module_name for module_name, _, _ in COMMANDS)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; with ``argv``, only the command it names gets its
    arguments and is imported (the others are never parsed, so importing them and
    declaring their arguments would be wasted start-up)."""
    parser = argparse.ArgumentParser(
        prog="python -m samverkansvav",
        description="Samverkansväv: granska samverkansregister, beräkna mått och scenarier.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    # argparse picks the command from the first word that is not an option; the
    # top-level parser itself has no option taking a value.
    chosen = next((word for word in argv if not word.startswith("-")), None) if argv is not None else None
    for module_name, name, help_text in COMMANDS:
        command = sub.add_parser(name, help=help_text, description=help_text)
        if argv is None or name == chosen:
            module = importlib.import_module(f"samverkansvav.commands.{module_name}")
            module.add_arguments(command)
            command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(words).parse_args(words)
    return int(args._run(args))
