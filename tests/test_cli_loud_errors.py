"""Nothing fails silently (issue 13, point 3): each of these is one line, with the right exit code."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from normalize.cli import fix
from normalize.cli.command import main

PROG = "translit-normalize"


def _run(args: list[str], stdin: str = "Kiev\n") -> tuple[int, str, str]:
    r = CliRunner().invoke(main, args, input=stdin)
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.parametrize("args", [["--bogus"], ["--check", "--diff", "x"], ["-j", "-1"], ["--input-format", "rtf"],
                                  ["--context", "language", "--no-context"]])
def test_usage_errors_are_one_line(args: list[str]):
    code, out, err = _run(["--isolated", *args])
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith(f"{PROG}: error: ") and err.rstrip().endswith("(see --help)")


def test_no_builtin_and_no_table_is_an_error():
    code, out, err = _run(["--isolated", "--no-builtin"])
    assert code == 2 and out == "" and "nothing to match" in err


@pytest.mark.parametrize("body", ["", '[table]\nname = "e"\n'])
def test_an_empty_table_is_a_warning(tmp_path: Path, body: str):
    t = tmp_path / "e.toml"
    t.write_text(body, encoding="utf-8")
    code, out, err = _run(["--isolated", "--table", str(t)])
    assert code == 0 and out == "Kyiv\n"
    assert err.startswith(f"{PROG}: warning: {t}: the table ") and "adds nothing" in err


def test_an_unknown_target_language_names_the_known_ones():
    code, out, err = _run(["--isolated", "--target-lang", "xx"])
    assert code == 2 and out == ""
    assert "target language 'xx'" in err and "de, en, es, fr, it, pl" in err


@pytest.mark.parametrize("section", ["translit-normalise", "translit_normalize", "Translit-Normalize",
                                     "translitnormalize"])
def test_a_near_miss_section_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, section: str):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(f'[tool."{section}"]\nbuiltin = false\n', encoding="utf-8")
    code, out, err = _run([])
    assert code == 2 and out == "" and "did you mean [tool.translit-normalize]?" in err


def test_a_cache_folder_that_cannot_be_made_is_one_warning(tmp_path: Path):
    (tmp_path / "file").write_text("", encoding="utf-8")
    t = tmp_path / "t.toml"  # a table of its own, so the compiled-table cache is missed and written
    t.write_text('[table]\nname = "t"\n[[entity]]\ncanonical = "Qyiv"\nvariants = ["Qiev"]\n', encoding="utf-8")
    env = dict(os.environ, TRANSLIT_NORMALIZE_CACHE=str(tmp_path / "file" / "cache"))
    p = subprocess.run([sys.executable, "-m", "normalize", "--isolated", "--table", str(t)], input="Qiev\n",
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0 and p.stdout == "Qyiv\n"
    assert len(p.stderr.splitlines()) == 1 and "cache folder" in p.stderr and "TRANSLIT_NORMALIZE_CACHE" in p.stderr


def test_in_place_never_says_nothing_to_fix_after_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "a.txt").write_text("Kiev\n", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> bool:
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "a.txt"))

    monkeypatch.setattr("normalize.cli.runner.write_atomic", refuse)
    code, out, err = _run(["--isolated", "--no-context", "-i", "-j", "1", str(tmp_path)])
    assert code == 2
    assert "Nothing to fix" not in err and "Nothing fixed; 1 file failed" in err and "Read-only file system" in err


def test_why_a_file_cannot_be_written_is_told_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    p = tmp_path / "a.txt"
    p.write_text("x", encoding="utf-8")

    class RO:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", lambda path: RO())
    assert fix._not_writable(str(p), "a.txt").errno == errno.EROFS
    monkeypatch.undo()

    def eperm(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "open", eperm)
    got = fix._not_writable(str(p), "a.txt")
    assert got.errno == errno.EPERM and "immutable" in str(got)
    monkeypatch.undo()
    assert fix._not_writable(str(p), "a.txt").errno == errno.EACCES
