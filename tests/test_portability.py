"""The command where POSIX-only parts of the standard library are missing (Windows, macOS).

Each test takes away what another platform does not have (``os.fchmod`` and ``os.fchown``
on Windows before Python 3.13, ``signal.SIGPIPE`` on Windows, ``os.sched_getaffinity`` on
Windows and macOS, the ``fork`` start method on Windows) and shows the command still works.
Only Linux runs them here: they simulate the other platforms, they do not replace them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import pytest

from normalize.cli import command, fix, runner
from tests.linter_support import Project

POSIX = os.name == "posix"


@pytest.fixture()
def no_fchmod(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """``os.fchmod`` and ``os.fchown`` gone, as on Windows before 3.13; ``os.chmod`` calls recorded."""
    monkeypatch.delattr(os, "fchmod", raising=False)
    monkeypatch.delattr(os, "fchown", raising=False)
    calls: list[tuple[str, int]] = []
    real = os.chmod

    def chmod(path: str, mode: int) -> None:
        calls.append((str(path), mode))
        real(path, mode)

    monkeypatch.setattr(os, "chmod", chmod)
    return calls


def test_write_atomic_without_fchmod_keeps_the_permission_bits(tmp_path: Path, no_fchmod: list[tuple[str, int]]):
    p = tmp_path / "a.txt"
    p.write_bytes(b"Kiev\n")
    os.chmod(p, 0o640)
    no_fchmod.clear()
    assert fix.write_atomic(p, b"Kyiv\n")
    assert p.read_bytes() == b"Kyiv\n"
    # The temporary file got the bits by name, before it replaced the old file.
    [(tmp, mode)] = no_fchmod
    assert mode == 0o640 and tmp.endswith(fix.TEMP_SUFFIX) and not os.path.exists(tmp)
    if POSIX:
        assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert [q.name for q in tmp_path.iterdir()] == ["a.txt"]


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="the platform has no os.fchmod to prefer")
def test_write_atomic_prefers_fchmod_where_it_exists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    p = tmp_path / "a.txt"
    p.write_bytes(b"Kiev\n")
    os.chmod(p, 0o600)
    monkeypatch.setattr(os, "chmod", lambda *a, **k: pytest.fail("os.chmod used although os.fchmod exists"))
    assert fix.write_atomic(p, b"Kyiv\n")
    assert stat.S_IMODE(p.stat().st_mode) == 0o600


def test_in_place_without_fchmod(project: Project, no_fchmod: list[tuple[str, int]]):
    p = project.write("a.txt", "Kiev and Odessa\n")
    os.chmod(p, 0o644)
    no_fchmod.clear()
    r = project.run("-i", "a.txt")
    assert r.exit_code == 1, r.output
    assert project.read("a.txt") == "Kyiv and Odesa\n"
    assert [mode for _, mode in no_fchmod] == [0o644]
    assert sorted(q.name for q in project.root.iterdir()) == ["a.txt"]  # no temporary file left


def test_in_place_where_folders_cannot_be_opened(project: Project, monkeypatch: pytest.MonkeyPatch):
    """Windows refuses ``os.open`` on a folder: the fsync of the folder is skipped, the file is written."""
    real = os.open

    def open_(path: str, flags: int, *args: int, **kwargs: int) -> int:
        if os.path.isdir(path):
            raise PermissionError(13, "Permission denied", path)
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    project.write("a.txt", "Kiev\n")
    r = project.run("-i", "a.txt")
    assert r.exit_code == 1, r.output
    assert project.read("a.txt") == "Kyiv\n"


def test_broken_pipe_status_without_sigpipe(monkeypatch: pytest.MonkeyPatch):
    assert command._broken_pipe_status() == 128 + getattr(signal, "SIGPIPE", 13)
    monkeypatch.delattr(signal, "SIGPIPE", raising=False)
    assert command._broken_pipe_status() == 141


def test_quiet_broken_pipe_without_sigpipe(monkeypatch: pytest.MonkeyPatch):
    """The reader went away: exit 141 quietly, even where ``signal.SIGPIPE`` does not exist."""
    monkeypatch.delattr(signal, "SIGPIPE", raising=False)
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # it drops sys.stdout; put it back afterwards
    with pytest.raises(click.exceptions.Exit) as exit_:
        command._quiet_broken_pipe()
    assert exit_.value.exit_code == 141


_NO_SIGPIPE = textwrap.dedent("""
    import signal, sys
    del signal.SIGPIPE  # as on Windows
    from normalize.cli.command import run
    sys.argv[0] = "translit-normalize"
    run()
""")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="a closed pipe is a POSIX pipe here")
def test_closed_pipe_in_a_process_without_sigpipe(tmp_path: Path, table_file: Path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Kiev and some more text on this line\n" * 300_000)
    with open(big, "rb") as stdin:
        p = subprocess.Popen([sys.executable, "-c", _NO_SIGPIPE, "--no-builtin", "--table", str(table_file)],
                             stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    first = p.stdout.readline()
    p.stdout.close()
    rc = p.wait(60)
    err = p.stderr.read()
    p.stderr.close()
    assert first == b"Kyiv and some more text on this line\n"
    assert (rc, err) == (141, b"")


def test_default_jobs_without_sched_getaffinity(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert runner.default_jobs() == 3
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert runner.default_jobs() == 1


@pytest.mark.slow
def test_worker_processes_without_fork(project: Project, monkeypatch: pytest.MonkeyPatch):
    """Where ``fork`` is missing (Windows) the workers are spawned: the session must pickle."""
    methods = [m for m in multiprocessing.get_all_start_methods() if m != "fork"]
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: methods)
    real_context = multiprocessing.get_context
    asked: list[str | None] = []

    def get_context(method: str | None = None) -> object:  # Windows' default is spawn
        asked.append(method)
        return real_context(method or "spawn")

    monkeypatch.setattr(multiprocessing, "get_context", get_context)
    n = runner.PARALLEL_MIN_FILES
    for i in range(n):
        project.write(f"d/f{i:03}.txt", "Kiev\n" if i % 2 else "Kyiv\n")
    r = project.run("--check", "-j", "2", "d")
    assert r.exit_code == 1, r.output
    assert r.stdout.count("Kiev -> Kyiv") == n // 2
    assert asked == [None]  # the worker pool was used, with the platform's default method
