"""Both hooks of .pre-commit-hooks.yaml, run by the real pre-commit in temporary git repositories.

The hook repository is a temporary git repository holding this working tree's project files
(so the test checks what is here, committed or not); pre-commit clones it and pip-installs
the project into its own environment (dependencies come from the package index).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.linter_support import TABLE

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", ".pre-commit-hooks.yaml")
PROJECT_DIRS = ("normalize", "tables")


def _git(cwd: Path, *args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check,
                          timeout=600)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    home = tmp_path_factory.mktemp("home")
    e = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    e.update({
        "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
        "PRE_COMMIT_HOME": str(home / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    })
    (home / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
    return e


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in PROJECT_FILES:
        shutil.copy2(PROJECT / name, repo / name)
    for name in PROJECT_DIRS:
        shutil.copytree(PROJECT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so"))
    _git(repo, "init", "-q", env=env)
    _git(repo, "add", "-A", env=env)
    _git(repo, "commit", "-q", "-m", "project snapshot", env=env)
    rev = _git(repo, "rev-parse", "HEAD", env=env).stdout.strip()
    return repo, rev


def _user_repo(path: Path, env: dict[str, str], hook_repo: tuple[Path, str], hook_id: str) -> Path:
    repo_path, rev = hook_repo
    path.mkdir()
    _git(path, "init", "-q", env=env)
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {repo_path.as_posix()}\n  rev: {rev}\n  hooks:\n  - id: {hook_id}\n")
    (path / "names.toml").write_text(TABLE)
    (path / ".translit-normalize.toml").write_text(
        'tables = ["names.toml"]\nbuiltin = false\nexclude = ["quotes/"]\n')
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=path, env=env, check=True,
                   capture_output=True, timeout=120)
    _git(path, "add", "-A", env=env)
    first = _git(path, "commit", "-m", "configuration", env=env, check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    return path


def _commit(repo: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess[str]:
    _git(repo, "add", *files, env=env)
    return _git(repo, "commit", "-m", "change", env=env, check=False)


def test_fixing_hook_fails_and_fixes_then_passes(tmp_path: Path, env, hook_repo) -> None:
    repo = _user_repo(tmp_path / "fix", env, hook_repo, "translit-normalize")
    (repo / "notes.md").write_text("Kiev and `Kiev` and Zelensky\n")
    failed = _commit(repo, env, "notes.md")
    out = failed.stdout + failed.stderr
    assert failed.returncode != 0, out
    assert "files were modified by this hook" in out
    assert (repo / "notes.md").read_text() == "Kyiv and `Kiev` and Zelenskyy\n"
    assert "notes.md" in _git(repo, "status", "--porcelain", env=env).stdout  # fixed, not staged
    passed = _commit(repo, env, "notes.md")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    (repo / "clean.txt").write_text("Kyiv, Odesa.\n")
    clean = _commit(repo, env, "clean.txt")
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_check_hook_reports_without_changing_and_honours_excludes(tmp_path: Path, env, hook_repo) -> None:
    repo = _user_repo(tmp_path / "check", env, hook_repo, "translit-normalize-check")
    (repo / "quotes").mkdir()
    (repo / "quotes" / "q.txt").write_text("As he said in 1990: Kiev\n")
    excluded = _commit(repo, env, "quotes/q.txt")  # pre-commit names the file; config excludes it
    assert excluded.returncode == 0, excluded.stdout + excluded.stderr
    (repo / "a.txt").write_text("Odessa\n")
    failed = _commit(repo, env, "a.txt")
    assert failed.returncode != 0
    assert "a.txt:1:1: Odessa -> Odesa [ua/Odesa]" in failed.stdout + failed.stderr
    assert (repo / "a.txt").read_text() == "Odessa\n"
    (repo / "a.txt").write_text("Odesa\n")
    passed = _commit(repo, env, "a.txt")
    assert passed.returncode == 0, passed.stdout + passed.stderr
