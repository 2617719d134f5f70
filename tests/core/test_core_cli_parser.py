"""The command line declares only the arguments of the command being run; what it
parses and prints must not depend on that."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import samverkansvav.commands
from samverkansvav.cli import COMMAND_MODULES, COMMANDS, build_parser


def _command_parsers(parser) -> dict:
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    return sub.choices


@pytest.mark.parametrize("name", sorted(_command_parsers(build_parser())))
def test_a_command_parser_built_alone_is_the_full_one(name):
    full = _command_parsers(build_parser())[name]
    alone = _command_parsers(build_parser([name, "--help"]))[name]
    assert alone.format_help() == full.format_help()


def test_the_overview_is_the_same_whatever_command_is_named():
    assert build_parser(["metrics"]).format_help() == build_parser().format_help()
    assert build_parser(["--help"]).format_help() == build_parser().format_help()


def test_the_command_is_the_first_word_that_is_not_an_option():
    args = build_parser(["metrics", "a.csv", "--format", "csv"]).parse_args(
        ["metrics", "a.csv", "--format", "csv"]
    )
    assert (args.command, args.files, args.format) == ("metrics", ["a.csv"], "csv")


@pytest.mark.parametrize(("module_name", "name", "help_text"), COMMANDS)
def test_the_command_table_copies_each_modules_name_and_help(module_name, name, help_text):
    module = importlib.import_module(f"samverkansvav.commands.{module_name}")
    assert (name, help_text) == (module.NAME, module.HELP)


def test_the_command_table_names_every_command_module():
    modules = {
        path.stem
        for path in Path(samverkansvav.commands.__file__).parent.glob("*.py")
        if not path.stem.startswith("_")
    }
    assert set(COMMAND_MODULES) == modules


def test_running_a_command_imports_no_other_command_module():
    code = (
        "import sys; from samverkansvav.cli import build_parser; build_parser(['metrics', 'a.csv']); "
        "print(sorted(m for m in sys.modules if m.startswith('samverkansvav.commands.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['samverkansvav.commands._common', 'samverkansvav.commands.metrics']"
