"""The store only stores: it never assembles the regional dataset (issue 11, data flows one way).

The demo data and the regional merge are :mod:`samverkansvav.dataset`'s business;
the store imports neither, nor any layer that reads from it (web, commands, dataset).
Every import counts, also one inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import samverkansvav

STORE_DIR = Path(samverkansvav.__file__).parent / "store"
#: Modules the store must not import, and names that re-export them.
FORBIDDEN_MODULES = (
    "samverkansvav.demo",
    "samverkansvav.ingest.merge",
    "samverkansvav.dataset",
    "samverkansvav.web",
    "samverkansvav.commands",
    "samverkansvav.cli",
)
FORBIDDEN_NAMES = {
    "samverkansvav": {"demo", "dataset", "web", "commands", "cli"},
    "samverkansvav.ingest": {"merge", "merge_results", "merge_registers", "load_registers"},
}


def imports_of(source: str) -> list[str]:
    """Every module and ``module.name`` a source imports, anywhere in it."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def forbidden(name: str) -> bool:
    module, _, last = name.rpartition(".")
    if last in FORBIDDEN_NAMES.get(module, set()):
        return True
    return any(name == m or name.startswith(m + ".") for m in FORBIDDEN_MODULES)


def test_the_checker_sees_lazy_and_re_exported_imports():
    source = (
        "def f():\n"
        "    from samverkansvav.demo import load_demo_web\n"
        "    from samverkansvav.ingest import merge_registers, read_register\n"
        "import samverkansvav.ingest.merge\n"
    )
    names = imports_of(source)
    assert sorted(n for n in names if forbidden(n)) == [
        "samverkansvav.demo",
        "samverkansvav.demo.load_demo_web",
        "samverkansvav.ingest.merge",
        "samverkansvav.ingest.merge_registers",
    ]
    assert not forbidden("samverkansvav.ingest.read_register")
    assert not forbidden("samverkansvav.ingest.identity")


def test_store_imports_neither_demo_nor_the_merge():
    offending = {
        f"{path.relative_to(STORE_DIR.parent)}: {name}"
        for path in sorted(STORE_DIR.rglob("*.py"))
        for name in imports_of(path.read_text(encoding="utf-8"))
        if forbidden(name)
    }
    assert offending == set()


def test_no_store_module_is_longer_than_600_lines():
    lengths = {
        path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in STORE_DIR.glob("*.py")
    }
    assert {name: n for name, n in lengths.items() if n > 600} == {}
