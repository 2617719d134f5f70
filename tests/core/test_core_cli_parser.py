"""The command line declares only the arguments of the command being run; what it
parses and prints must not depend on that."""

from __future__ import annotations

import pytest

from samverkansvav.cli import build_parser


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
