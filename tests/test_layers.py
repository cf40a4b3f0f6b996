"""The folders show the pipeline, and imports point down it.

rules -> engine -> markup -> context -> the API (``normalize/__init__.py``,
``normalize/normalizer.py``) -> front ends (``normalize/cli/``). A module may import from its own
stage or one below, never from a stage above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "normalize"
STAGES = ["rules", "engine", "markup", "context", "api", "cli"]


def _stage(module: str) -> str:
    """The stage of a dotted module name inside the package (``normalize.engine.trie``)."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in STAGES:
        return parts[1]
    if module == "normalize.__main__":
        return "cli"
    return "api"  # normalize, normalize.normalizer, normalize._version


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(name: str, is_package: bool, source: str) -> list[tuple[int, str]]:
    """(line, absolute module) of every import of the package's own modules in ``source``,
    the text of module ``name``."""
    package = name if is_package else name.rpartition(".")[0]
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "normalize" or target.startswith("normalize."):
                if node.module is None or target == "normalize":
                    out.extend((node.lineno, f"{target}.{a.name}") for a in node.names)
                else:
                    out.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names if a.name.startswith("normalize"))
    return out


def _upward(name: str, is_package: bool, source: str) -> list[str]:
    here = STAGES.index(_stage(name))
    return [f"line {line}: {target}" for line, target in _imports(name, is_package, source)
            if STAGES.index(_stage(target)) > here and target != "normalize.__version__"]


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_the_pipeline(path: Path) -> None:
    upward = _upward(_module_name(path), path.name == "__init__.py", path.read_text(encoding="utf-8"))
    assert not upward, f"{path.relative_to(PACKAGE)} imports from a later stage: {upward}"


def test_every_stage_folder_is_a_package() -> None:
    for stage in ("rules", "engine", "markup", "context", "cli"):
        assert (PACKAGE / stage / "__init__.py").is_file()


def test_the_checker_sees_upward_imports() -> None:
    """The rule itself, on made-up modules: relative, absolute and function-level imports."""
    assert _upward("normalize.engine.cache", False, "from ..cli.fix import write_atomic\n") == [
        "line 1: normalize.cli.fix"]
    assert _upward("normalize.rules.parse", False, "def f():\n    from normalize.engine import trie\n") == [
        "line 2: normalize.engine"]
    assert _upward("normalize.rules", True, "from ..normalizer import Normalizer\n") == [
        "line 1: normalize.normalizer"]
    assert _upward("normalize.cli.runner", False, "from ..engine.match import Match\nfrom . import fix\n") == []


def test_every_subpackage_is_packaged() -> None:
    """A folder of the package that pyproject.toml does not list is missing from the wheel."""
    import tomllib

    listed = set(tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {"normalize"} | {f"normalize.{p.name}" for p in PACKAGE.iterdir()
                             if p.is_dir() and (p / "__init__.py").is_file()}
    assert found <= listed, f"not in pyproject.toml's packages: {sorted(found - listed)}"
