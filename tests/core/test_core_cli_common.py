"""The commands' shared helpers, called directly: loading the web, resolving a municipality,
and the rule that no command imports another."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from samverkansvav.commands import _common
from samverkansvav.commands._common import (
    EXIT_INPUT_ERRORS,
    EXIT_OK,
    EXIT_UNREADABLE,
    load_web,
    party_table,
    resolve_party,
)

COMMANDS = Path(_common.__file__).parent


def _register(tmp_path: Path, form: str) -> str:
    path = tmp_path / "register.csv"
    path.write_text(f'Namn,Form,Medlemmar\nIT-nämnden,{form},"Ale, Alingsås"\n', encoding="utf-8")
    return str(path)


def test_load_web_reads_a_register(tmp_path):
    web, parties, code = load_web(
        argparse.Namespace(files=[_register(tmp_path, "avtalssamverkan")], parties=None)
    )
    assert code == EXIT_OK and parties is None
    assert web.arrangements[["name", "form"]].to_dict("records") == [
        {"name": "IT-nämnden", "form": "avtalssamverkan"}
    ]


def test_load_web_gives_the_exit_code_of_the_failure(tmp_path, capsys):
    # An unknown form is the input's fault (1); a file that is not there cannot be read (2),
    # and neither can a --parties file that is not there.
    bad = argparse.Namespace(files=[_register(tmp_path, "påhittad form")], parties=None)
    assert load_web(bad) == (None, None, EXIT_INPUT_ERRORS)
    assert "Okänd form 'påhittad form'" in capsys.readouterr().err
    missing = argparse.Namespace(files=[str(tmp_path / "saknas.xlsx")], parties=None)
    assert load_web(missing) == (None, None, EXIT_UNREADABLE)
    assert capsys.readouterr().err.startswith("FEL: saknas.xlsx: ")
    no_parties = argparse.Namespace(files=[], parties=str(tmp_path / "saknas.csv"))
    assert load_web(no_parties) == (None, None, EXIT_UNREADABLE)


def test_party_table_prefers_the_webs_then_the_given_then_swedens():
    own = pd.DataFrame({"id": ["a"], "name": ["A"]})
    given = pd.DataFrame({"id": ["x"], "name": ["X"]})
    assert party_table(SimpleNamespace(parties=own), given) is own
    assert party_table(SimpleNamespace(parties=own.iloc[0:0]), given) is given
    sweden = party_table(SimpleNamespace(parties=own.iloc[0:0]), None)
    assert {"1489", "2080"} <= set(sweden["id"])


def test_resolve_party_names_a_municipality_or_says_why_not(tmp_path, capsys):
    web, _, _ = load_web(argparse.Namespace(files=[_register(tmp_path, "avtalssamverkan")], parties=None))
    table = party_table(web, None)
    assert resolve_party(table, "Alingsås").party_id == "1489"
    assert resolve_party(table, "1489").party_id == "1489"
    assert resolve_party(table, "Xyzzy") is None
    assert capsys.readouterr().err == "FEL: hittar ingen kommun som heter 'Xyzzy'.\n"


@pytest.mark.parametrize("path", sorted(COMMANDS.glob("*.py")), ids=lambda p: p.name)
def test_no_command_imports_another_command(path):
    # Shared pieces live in _common (all commands) or _scenario (exit, host-stops, join).
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    commands = {m.rsplit(".", 1)[1] for m in imported if m.startswith("samverkansvav.commands.")}
    assert commands <= {"_common", "_scenario"}, path.name
