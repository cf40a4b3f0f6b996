"""A rule table is never rewritten, in use in this run or not (issue 13, point 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from normalize.cli.command import main

TABLE = '[table]\nname = "t"\n\n[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kiev"]\n'
LAYER = '[table]\nname = "layer"\n\n[[extend]]\nentity = "Kyiv"\nvariants = ["Kiyv"]\n'


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "names").mkdir()
    (tmp_path / "names" / "t.toml").write_text(TABLE, encoding="utf-8")
    (tmp_path / "names" / "layer.toml").write_text(LAYER, encoding="utf-8")
    (tmp_path / "notes.toml").write_text('# Kiev office\ncity = "Kiev"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Kiev\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("mode", ["--check", "-i", "--diff"])
def test_rule_tables_are_skipped_with_a_warning(tree: Path, mode: str):
    r = CliRunner().invoke(main, ["--isolated", "--no-context", mode, "."])
    assert r.exit_code == 1
    assert (tree / "names" / "t.toml").read_text(encoding="utf-8") == TABLE
    assert (tree / "names" / "layer.toml").read_text(encoding="utf-8") == LAYER
    for name in ("t.toml", "layer.toml"):
        assert f"{name}: a rule table (its variants are data): left as written" in r.stderr
    assert "a.txt" in r.stdout + r.stderr or (tree / "a.txt").read_text(encoding="utf-8") == "Kyiv\n"


def test_quiet_hides_the_note(tree: Path):
    r = CliRunner().invoke(main, ["--isolated", "--no-context", "-q", "--check", "names"])
    assert r.exit_code == 0 and r.stderr == ""


def test_other_toml_files_are_read(tree: Path):
    r = CliRunner().invoke(main, ["--isolated", "--no-context", "--check", "notes.toml"])
    assert r.exit_code == 1 and "notes.toml:1:" in r.stdout
