"""The CLI's --input-format: by suffix, forced, configured; every error a one-line exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from normalize.cli.command import main

DOC = "# Kiev\n\n`Kiev` and Kiev\n"
AS_MARKDOWN = "# Kyiv\n\n`Kiev` and Kyiv\n"
AS_TEXT = "# Kyiv\n\n`Kyiv` and Kyiv\n"


def _run(args: list[str], cwd: Path, stdin: str = "") -> tuple[int, str, str]:
    r = CliRunner().invoke(main, ["--no-context", *args], input=stdin, catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    return tmp_path


def test_auto_by_suffix(files: Path):
    assert _run(["--isolated", "a.md"], files)[1] == AS_MARKDOWN
    assert _run(["--isolated", "a.txt"], files)[1] == AS_TEXT
    assert _run(["--isolated", "--stdin-filename", "x.md"], files, DOC)[1] == AS_MARKDOWN
    assert _run(["--isolated"], files, DOC)[1] == AS_TEXT


@pytest.mark.parametrize(("args", "path", "out"), [
    (["--input-format", "text"], "a.md", AS_TEXT),
    (["--input-format", "markdown"], "a.txt", AS_MARKDOWN),
    (["--input-format", "auto"], "a.md", AS_MARKDOWN),
    (["--markdown"], "a.txt", AS_MARKDOWN),
    (["--no-markdown"], "a.md", AS_TEXT),
    (["--input-format", "markdown", "--markdown"], "a.txt", AS_MARKDOWN),
])
def test_forced(files: Path, args: list[str], path: str, out: str):
    assert _run(["--isolated", *args, path], files) == (0, out, "")


def test_check_and_in_place_follow_the_format(files: Path):
    code, out, _ = _run(["--isolated", "--check", "a.md"], files)
    assert code == 1 and out.count("Kiev -> Kyiv") == 2
    code, out, _ = _run(["--isolated", "-i", "--input-format", "text", "a.md"], files)
    assert (files / "a.md").read_text(encoding="utf-8") == AS_TEXT


def test_config_key(files: Path):
    (files / ".translit-normalize.toml").write_text('input-format = "markdown"\n', encoding="utf-8")
    assert _run(["a.txt"], files)[1] == AS_MARKDOWN
    assert _run(["--input-format", "auto", "a.txt"], files)[1] == AS_TEXT
    (files / ".translit-normalize.toml").write_text('input-format = "rtf"\n', encoding="utf-8")
    code, out, err = _run(["a.txt"], files)
    assert code == 2 and out == "" and "input-format" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [["--input-format", "rtf"], ["--input-format", "text", "--markdown"]])
def test_bad_options_exit_2(files: Path, args: list[str]):
    code, out, err = _run(["--isolated", *args, "a.md"], files)
    assert code == 2 and out == "" and "input-format" in err
    assert (files / "a.md").read_text(encoding="utf-8") == DOC
