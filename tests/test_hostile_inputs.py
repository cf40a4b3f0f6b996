"""Hostile files as tables and configuration (issue 14, findings 8, 9 and 23).

A table or configuration file is read whole, so it must be a regular file of bounded size
(``/dev/zero`` ate memory and ended in a ``MemoryError`` traceback; a FIFO hung the run), and
it is parsed by ``tomllib``, which recurses: ~500 levels of nesting in 1 KB gave a
``RecursionError`` traceback. Each is now the usual one-line error naming the file, exit 2.
A ``pyproject.toml`` with our section and a TOML error elsewhere was skipped silently; a
misspelt ``[tool.translit_normalize]`` too.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import normalize.cli.config as config_module
import normalize.rules.parse as parse_module
from normalize import Normalizer, TableError, load_table, parse_table
from normalize.cli.config import ConfigError, discover, load_config, resolve_config

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")
GIB = 1 << 30


def _cmd() -> list[str]:
    exe = shutil.which("translit-normalize")
    return [exe] if exe else [sys.executable, "-m", "normalize"]


def _limited() -> None:
    """In the child: at most 1 GiB of address space, so a read without a bound fails fast
    (MemoryError) instead of taking the machine's memory."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))


def _run(args: list[str], cwd: Path | None = None, stdin: bytes = b"Kiev\n") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*_cmd(), *args], input=stdin, capture_output=True, timeout=60, cwd=cwd,
                          preexec_fn=_limited if os.name == "posix" else None)


def _one_error(p: subprocess.CompletedProcess[bytes], *needles: str) -> str:
    err = p.stderr.decode("utf-8", "replace")
    assert p.returncode == 2, (p.returncode, err)
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("translit-normalize: error: "), err
    assert len(lines[0]) < 600, lines[0]  # one short line, whatever the file holds
    for n in needles:
        assert n in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    p = tmp_path / "fifo.toml"
    os.mkfifo(p)
    return p


@pytest.fixture
def sparse(tmp_path: Path) -> Path:
    """A 2 GiB file that takes no disk space (a hole)."""
    p = tmp_path / "huge.toml"
    with open(p, "wb") as f:
        f.truncate(2 * GIB)
    return p


# --- finding 8: special and huge files as a table or configuration ---------------------


@posix_only
@pytest.mark.parametrize("kind", ["dev-zero", "dev-urandom", "fifo", "fifo-with-writer", "huge"])
@pytest.mark.parametrize("role", ["--table", "--config"])
def test_special_or_huge_file_is_a_one_line_error(tmp_path: Path, fifo: Path, sparse: Path, kind: str, role: str):
    path = {"dev-zero": Path("/dev/zero"), "dev-urandom": Path("/dev/urandom"), "huge": sparse}.get(kind, fifo)
    # With a writer that never writes nor closes, a read would wait forever; without one, the open.
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK) if kind == "fifo-with-writer" else None
    try:
        args = ["--no-builtin", "--table", str(path)] if role == "--table" else ["--config", str(path)]
        p = _run(args, cwd=tmp_path)
    finally:
        if fd is not None:
            os.close(fd)
    needle = "too large" if kind == "huge" else "not a regular file"
    line = _one_error(p, str(path), needle)
    if role == "--config":
        assert "cannot read configuration" in line


def test_limits_are_what_the_docs_say():
    assert parse_module.MAX_TABLE_BYTES == 64 << 20
    assert config_module.MAX_CONFIG_BYTES == 1 << 20


def test_a_table_just_over_the_bound_is_refused_and_one_under_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    body = '[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kiev"]\n'
    p = tmp_path / "t.toml"
    p.write_text(body, encoding="utf-8")
    monkeypatch.setattr(parse_module, "MAX_TABLE_BYTES", len(body.encode()))
    assert load_table(p).entities[0].canonical == "Kyiv"
    monkeypatch.setattr(parse_module, "MAX_TABLE_BYTES", len(body.encode()) - 1)
    with pytest.raises(TableError, match="too large"):
        load_table(p)


_LIBRARY = """
import sys
from normalize import Normalizer, TableError, load_table
from normalize.cli.config import ConfigError, load_config
path = sys.argv[1]
for call, error in ((load_table, TableError), (lambda p: Normalizer(tables=[p], builtin=False), TableError),
                    (load_config, ConfigError)):
    try:
        call(path)
    except error as exc:
        assert "not a regular file" in str(exc), exc
    else:
        raise SystemExit("no error")
print("ok")
"""


@posix_only
@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_library_refuses_special_files_too(fifo: Path, kind: str):
    """In a child (1 GiB of address space, a timeout): without the bound this ate memory or hung."""
    path = "/dev/zero" if kind == "dev-zero" else str(fifo)
    p = subprocess.run([sys.executable, "-c", _LIBRARY, path], capture_output=True, timeout=60,
                       preexec_fn=_limited)
    assert (p.returncode, p.stdout) == (0, b"ok\n"), p.stderr.decode(errors="replace")[-2000:]


@posix_only
def test_dev_null_is_still_an_empty_table_and_config(tmp_path: Path):
    p = _run(["--no-builtin", "--table", os.devnull], cwd=tmp_path)  # read as an empty table, and said so
    assert (p.returncode, p.stdout) == (0, b"Kiev\n")
    assert p.stderr == f"translit-normalize: warning: {os.devnull}: the table is empty: it adds nothing\n".encode()
    p = _run(["--config", os.devnull], cwd=tmp_path)
    assert (p.returncode, p.stdout, p.stderr) == (0, b"Kyiv\n", b"")


@posix_only
def test_a_fifo_where_a_config_is_searched_does_not_hang(tmp_path: Path):
    os.mkfifo(tmp_path / ".translit-normalize.toml")
    os.mkfifo(tmp_path / "pyproject.toml")
    p = _run([], cwd=tmp_path)
    assert (p.returncode, p.stdout) == (0, b"Kyiv\n"), p.stderr


def test_folder_as_config_is_one_line(tmp_path: Path):
    (tmp_path / "cfg").mkdir()
    with pytest.raises(ConfigError, match="cannot read configuration"):
        load_config(tmp_path / "cfg")


# --- finding 9: deep nesting --------------------------------------------------------------


def _deep(n: int, inline: bool = False) -> str:
    return "{a=" * n + "1" + "}" * n if inline else "[" * n + "]" * n


DEEP_TABLES = {
    "array in canonical": lambda d: f"[[entity]]\ncanonical = {d}\n",
    "array in variants": lambda d: f'[[entity]]\ncanonical = "Kyiv"\nvariants = {d}\n',
    "array in lang": lambda d: f'[[entity]]\ncanonical = "Kyiv"\nlang = {d}\n',
    "array in table name": lambda d: f"[table]\nname = {d}\n",
    "array at the top": lambda d: f"x = {d}\n",
}


@pytest.mark.parametrize("depth", [300, 500, 5000])
@pytest.mark.parametrize("inline", [False, True])
@pytest.mark.parametrize("case", sorted(DEEP_TABLES))
def test_deeply_nested_table_is_a_table_error(depth: int, inline: bool, case: str):
    text = DEEP_TABLES[case](_deep(depth, inline))
    with pytest.raises(TableError) as err:
        parse_table(text, "deep.toml")
    msg = str(err.value)
    assert msg.startswith("deep.toml"), msg
    assert len(msg) < 600, msg  # the value is shown cut short, not 300 levels of brackets


@pytest.mark.parametrize("inline", [False, True])
def test_deeply_nested_table_through_the_command(tmp_path: Path, inline: bool):
    t = tmp_path / "deep.toml"
    t.write_text(f"[[entity]]\ncanonical = {_deep(500, inline)}\n", encoding="utf-8")
    assert t.stat().st_size < 2100
    _one_error(_run(["--no-builtin", "--table", str(t)], cwd=tmp_path), str(t), "nested too deeply")


DEEP_CONFIGS = {
    "tables": lambda d: f"tables = {d}\n",
    "builtin": lambda d: f"builtin = {d}\n",
    "respect-gitignore": lambda d: f"respect-gitignore = {d}\n",
    "per-file": lambda d: f'[per-file]\n"*.md" = {d}\n',
    "exclude": lambda d: f"exclude = {d}\n",
}


@pytest.mark.parametrize("depth", [300, 500])
@pytest.mark.parametrize("inline", [False, True])
@pytest.mark.parametrize("key", sorted(DEEP_CONFIGS))
def test_deeply_nested_config_is_one_line_exit_2(tmp_path: Path, depth: int, inline: bool, key: str):
    cfg = tmp_path / ".translit-normalize.toml"
    cfg.write_text(DEEP_CONFIGS[key](_deep(depth, inline)), encoding="utf-8")
    line = _one_error(_run([], cwd=tmp_path), ".translit-normalize.toml")
    assert key in line or "nested too deeply" in line, line


def test_deeply_nested_pyproject_section_is_one_line_exit_2(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(f"[tool.translit-normalize]\ntables = {_deep(600)}\n", encoding="utf-8")
    _one_error(_run([], cwd=tmp_path), "pyproject.toml", "nested too deeply")


def test_deep_nesting_when_the_stack_is_already_deep():
    """The parser's RecursionError is caught wherever the call starts (here 800 frames down)."""
    def down(n: int) -> str:
        if n:
            return down(n - 1)
        try:
            parse_table(f"[[entity]]\ncanonical = {_deep(150)}\n", "t.toml")
        except TableError as exc:
            return str(exc)
        return "no error"

    assert down(800).startswith("t.toml")


# --- finding 23: our section in a broken pyproject.toml, and its misspelling -------------


def test_broken_pyproject_with_our_section_is_an_error(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\nversion = \n\n[tool.translit-normalize]\nbuiltin = false\n', encoding="utf-8")
    assert discover(tmp_path) == tmp_path / "pyproject.toml"
    _one_error(_run([], cwd=tmp_path), "pyproject.toml", "invalid TOML")


@pytest.mark.parametrize("header", ['[tool."translit-normalize"]', "[tool.translit-normalize.per-file]",
                                    "[ tool . translit-normalize ]"])
def test_broken_pyproject_with_our_section_in_other_spellings(tmp_path: Path, header: str):
    (tmp_path / "pyproject.toml").write_text(f"[project\n\n{header}\n", encoding="utf-8")
    _one_error(_run([], cwd=tmp_path), "pyproject.toml", "invalid TOML")


def test_broken_pyproject_of_someone_else_is_still_passed_over(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = \n[tool.ruff]\n', encoding="utf-8")
    assert discover(tmp_path) is None
    p = _run([], cwd=tmp_path)
    assert (p.returncode, p.stdout, p.stderr) == (0, b"Kyiv\n", b"")


def test_broken_pyproject_that_only_mentions_us_in_a_comment_is_passed_over(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("# see translit-normalize's docs\n[project\n", encoding="utf-8")
    assert discover(tmp_path) is None


@pytest.mark.parametrize("body", ["[tool.translit_normalize]\nbuiltin = false\n",
                                  "[tool.translit_normalize]\nbuiltin = false\n[tool.translit-normalize]\n"])
def test_underscore_section_is_reported_as_a_typo(tmp_path: Path, body: str):
    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    line = _one_error(_run([], cwd=tmp_path), "pyproject.toml", "[tool.translit_normalize]",
                      "[tool.translit-normalize]")
    assert "spelled" in line
    with pytest.raises(ConfigError, match="with a hyphen"):
        resolve_config(tmp_path / "pyproject.toml")


def test_pyproject_over_the_bound_with_our_section_is_an_error(tmp_path: Path):
    p = tmp_path / "pyproject.toml"
    padding = "# padding\n" * (config_module.MAX_CONFIG_BYTES // 10 + 10)
    p.write_text("[tool.translit-normalize]\n" + padding, encoding="utf-8")
    assert discover(tmp_path) == p
    _one_error(_run([], cwd=tmp_path), "pyproject.toml", "too large")


def test_pyproject_over_the_bound_without_our_section_is_passed_over(tmp_path: Path):
    p = tmp_path / "pyproject.toml"
    padding = "# padding\n" * (config_module.MAX_CONFIG_BYTES // 10 + 10)
    p.write_text("[project]\n" + padding, encoding="utf-8")
    assert discover(tmp_path) is None


def test_regular_files_still_load(tmp_path: Path):
    t = tmp_path / "t.toml"
    t.write_text('[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kiev"]\n', encoding="utf-8")
    os.chmod(t, stat.S_IRUSR | stat.S_IWUSR)
    assert Normalizer(tables=[t], builtin=False).normalize("Kiev") == "Kyiv"
    cfg = tmp_path / ".translit-normalize.toml"
    cfg.write_text('tables = ["t.toml"]\nbuiltin = false\n', encoding="utf-8")
    assert load_config(cfg).tables == (t,)
