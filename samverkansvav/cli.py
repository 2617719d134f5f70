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

__all__ = ["main", "COMMAND_MODULES"]

COMMAND_MODULES: tuple[str, ...] = (
    "check",
    "template",
    "metrics",
    "exit",
    "host_stops",
    "join",
    "events",
    "import_",
    "history",
    "restore",
    "backup",
    "restore_backup",
    "add_user",
)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; with ``argv``, only the command it names gets its
    arguments (the others are never parsed, so declaring theirs would be wasted start-up)."""
    parser = argparse.ArgumentParser(
        prog="python -m samverkansvav",
        description="Samverkansväv: granska samverkansregister, beräkna mått och scenarier.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    # argparse picks the command from the first word that is not an option; the
    # top-level parser itself has no option taking a value.
    chosen = next((word for word in argv if not word.startswith("-")), None) if argv is not None else None
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(f"samverkansvav.commands.{module_name}")
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        if argv is None or module.NAME == chosen:
            module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(words).parse_args(words)
    return int(args._run(args))
