"""The project's own rules for its Python (reference/ and the scripts in tools/): type hints on
every public function, and ruff (reference/ruff.toml) told about every script without ``.py``."""

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _is_python(path: Path) -> bool:
    if path.suffix == ".py":
        return True
    with open(path, "rb") as f:
        first = f.readline()
    return first.startswith(b"#!") and b"python" in first


def _sources() -> list[Path]:
    tools = [p for p in (ROOT / "tools").rglob("*")
             if p.is_file() and not any(part.startswith(".") for part in p.parts) and _is_python(p)]
    return sorted((ROOT / "reference").rglob("*.py")) + sorted(tools)


def _unhinted(tree: ast.Module) -> list[str]:
    """``name: what is missing`` for each public function (methods of public classes included)."""
    missing = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            missing += [f"{node.name}.{m}" for m in _unhinted(ast.Module(body=node.body, type_ignores=[]))]
        elif isinstance(node, ast.FunctionDef) and not (node.name.startswith("_") and not node.name.endswith("__")):
            a = node.args
            params = [p for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg]
                      if p is not None and p.arg not in ("self", "cls")]
            lacking = [p.arg for p in params if p.annotation is None] + (["return"] if node.returns is None else [])
            if lacking:
                missing.append(f"{node.name}: {', '.join(lacking)}")
    return missing


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_public_functions_have_type_hints(path: Path) -> None:
    assert _unhinted(ast.parse(path.read_text(), str(path))) == []


def test_ruff_checks_every_script_without_py() -> None:
    config = tomllib.loads((ROOT / "reference" / "ruff.toml").read_text())
    scripts = {str(p.relative_to(ROOT)) for p in _sources() if p.suffix != ".py"}
    assert scripts and set(config["extend-include"]) == scripts
