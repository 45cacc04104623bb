"""The web package's shape: it talks to the service layer only and stays readable."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WEB = Path(__file__).parents[2] / "assistant" / "web"
MODULES = sorted(WEB.glob("*.py"))


def _imported(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_web_reaches_rules_and_chains_only_through_the_service(path: Path) -> None:
    imported = _imported(ast.parse(path.read_text(encoding="utf-8")))
    below = {name for name in imported
             if name.startswith(("assistant.rules", "assistant.chains"))}
    assert below == set()


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_web_modules_and_functions_stay_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    functions = [node for node in ast.walk(ast.parse(text))
                 if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    long = {f.name: (f.end_lineno or f.lineno) - f.lineno + 1 for f in functions
            if (f.end_lineno or f.lineno) - f.lineno + 1 > 80}
    assert len(text.splitlines()) <= 400 and long == {}
