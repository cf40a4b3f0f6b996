"""File faults in --in-place and --check: permissions, vanishing files, links, memory, disk, races, kill -9.

Every failure is reported on standard error, the run carries on with the other files, and
the exit code is 2; every file is afterwards wholly old or wholly new.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner

from normalize.cli import fix
from normalize.cli.command import main

OLD, NEW = b"Kiev and Selenskyj\n", b"Kyiv and Zelenskyy\n"


@pytest.fixture()
def run(table_file):
    def invoke(*args):
        return CliRunner().invoke(main, ["--isolated", "--no-builtin", "--table", str(table_file), *args])
    return invoke


def _cmd() -> list[str]:
    exe = shutil.which("translit-normalize")
    return [exe] if exe else [sys.executable, "-m", "normalize"]


def _files(folder, n=3, data=OLD):
    folder.mkdir(exist_ok=True)
    paths = [folder / f"f{i}.txt" for i in range(n)]
    for p in paths:
        p.write_bytes(data)
    return paths


def _no_temp_files(folder):
    return [p for p in folder.rglob("*") if p.name.endswith(fix.TEMP_SUFFIX)] == []


def _chattr(flag: str, *paths) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True).returncode == 0


# --- permissions ----------------------------------------------------------------------------

@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files; see the immutable-file test")
def test_read_only_file_is_reported_and_left(run, tmp_path):
    a, b, c = _files(tmp_path / "d")
    b.chmod(0o444)
    r = run("-i", str(tmp_path / "d"))
    assert r.exit_code == 2
    assert f"{b}: cannot write" in r.stderr
    assert (a.read_bytes(), b.read_bytes(), c.read_bytes()) == (NEW, OLD, NEW)


def test_read_only_file_for_root_too_when_immutable(run, tmp_path):
    a, b, c = _files(tmp_path / "d")
    if not _chattr("+i", b):
        pytest.skip("chattr +i is not available here")
    try:
        r = run("-i", str(tmp_path / "d"))
    finally:
        _chattr("-i", b)
    assert r.exit_code == 2
    assert f"{b}: cannot write" in r.stderr and "Traceback" not in r.output
    assert (a.read_bytes(), b.read_bytes(), c.read_bytes()) == (NEW, OLD, NEW)
    assert _no_temp_files(tmp_path)


def test_permission_bits_are_respected_by_the_writer(tmp_path, monkeypatch):
    p = tmp_path / "ro.txt"
    p.write_bytes(OLD)
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as a non-root user sees a 0444 file
    with pytest.raises(PermissionError):
        fix.write_atomic(p, NEW)
    assert p.read_bytes() == OLD


def test_read_only_folder(run, tmp_path):
    a, b = _files(tmp_path / "ro", 2)
    (c,) = _files(tmp_path / "rw", 1)
    if os.geteuid() == 0:
        if not _chattr("+i", tmp_path / "ro"):
            pytest.skip("chattr +i is not available here")
    else:
        (tmp_path / "ro").chmod(0o555)
    try:
        r = run("-i", str(tmp_path / "ro"), str(tmp_path / "rw"))
    finally:
        _chattr("-i", tmp_path / "ro") if os.geteuid() == 0 else (tmp_path / "ro").chmod(0o755)
    assert r.exit_code == 2
    assert r.stderr.count("cannot write") == 2 and "Traceback" not in r.output
    assert (a.read_bytes(), b.read_bytes(), c.read_bytes()) == (OLD, OLD, NEW)
    assert _no_temp_files(tmp_path)


@pytest.mark.parametrize("mode", ["--check", "-i"])
def test_unreadable_file_is_an_error_and_the_run_goes_on(run, tmp_path, monkeypatch, mode):
    a, b, c = _files(tmp_path / "d")
    real_open = open

    def failing_open(path, *args, **kw):
        if str(path).endswith("f1.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kw)

    monkeypatch.setattr("builtins.open", failing_open)
    r = run(mode, str(tmp_path / "d"))
    assert r.exit_code == 2
    assert f"{b}: cannot read: Permission denied" in r.stderr
    if mode == "-i":
        assert (a.read_bytes(), b.read_bytes(), c.read_bytes()) == (NEW, OLD, NEW)
    else:
        assert r.stdout.count("Kiev -> Kyiv") == 2


# --- files that vanish or change --------------------------------------------------------------

@pytest.mark.parametrize("mode", ["--check", "-i"])
def test_file_vanishing_before_it_is_read(run, tmp_path, monkeypatch, mode):
    from normalize.cli import runner

    a, b, c = _files(tmp_path / "d")
    real = runner.process_file

    def vanish_then_process(session, path, job):
        if path.endswith("f1.txt"):
            os.unlink(path)
        return real(session, path, job)

    monkeypatch.setattr(runner, "process_file", vanish_then_process)
    r = run(mode, str(tmp_path / "d"))
    assert r.exit_code == 2
    assert f"{b}: cannot read: No such file or directory" in r.stderr
    assert not b.exists()
    if mode == "-i":
        assert (a.read_bytes(), c.read_bytes()) == (NEW, NEW)


def test_file_vanishing_between_read_and_write(run, tmp_path, monkeypatch):
    from normalize.cli import runner

    a, b, c = _files(tmp_path / "d")
    real = fix.write_atomic  # what runner calls

    def vanish_then_write(path, data, expect=None, **kw):
        if str(path).endswith("f1.txt"):
            os.unlink(path)
        return real(path, data, expect, **kw)

    monkeypatch.setattr(runner, "write_atomic", vanish_then_write)
    r = run("-i", str(tmp_path / "d"))
    assert r.exit_code == 2 and f"{b}: cannot write" in r.stderr
    assert not b.exists()  # not resurrected
    assert (a.read_bytes(), c.read_bytes()) == (NEW, NEW)


def test_file_edited_between_read_and_write_is_left(run, tmp_path, monkeypatch):
    from normalize.cli import runner

    a, b, c = _files(tmp_path / "d")
    real = fix.write_atomic  # what runner calls
    edit = b"Kiev, edited by someone else meanwhile\n"

    def edit_then_write(path, data, expect=None, **kw):
        if str(path).endswith("f1.txt"):
            b.write_bytes(edit)
        return real(path, data, expect, **kw)

    monkeypatch.setattr(runner, "write_atomic", edit_then_write)
    r = run("-i", str(tmp_path / "d"))
    assert r.exit_code == 2 and "changed on disk" in r.stderr
    assert b.read_bytes() == edit  # the other writer's text is not lost
    assert (a.read_bytes(), c.read_bytes()) == (NEW, NEW)


# --- links ------------------------------------------------------------------------------------

def test_symlink_target_is_rewritten_and_link_kept(run, tmp_path):
    target = tmp_path / "real" / "t.txt"
    target.parent.mkdir()
    target.write_bytes(OLD)
    links = tmp_path / "links"
    links.mkdir()
    (links / "rel.txt").symlink_to(os.path.relpath(target, links))
    chain = tmp_path / "chain.txt"
    chain.symlink_to(links / "rel.txt")
    r = run("-i", str(chain))
    assert r.exit_code == 1, r.output
    assert chain.is_symlink() and (links / "rel.txt").is_symlink()
    assert target.read_bytes() == NEW
    assert _no_temp_files(tmp_path)


def test_dangling_symlink_is_reported(run, tmp_path):
    (good,) = _files(tmp_path / "d", 1)
    dangling = tmp_path / "d" / "gone.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    r = run("-i", str(dangling), str(good))
    assert r.exit_code == 2 and "gone.txt" in r.stderr
    assert good.read_bytes() == NEW and dangling.is_symlink()


def test_hard_links_stay_one_file(run, tmp_path):
    (a,) = _files(tmp_path / "d", 1)
    b = tmp_path / "other.txt"
    os.link(a, b)
    r = run("-i", str(a))
    assert r.exit_code == 1
    assert os.stat(a).st_ino == os.stat(b).st_ino and os.stat(a).st_nlink == 2
    assert b.read_bytes() == NEW


# --- memory and disk ----------------------------------------------------------------------------

_LIMITED = textwrap.dedent("""
    import resource, subprocess, sys
    limit = int(sys.argv[1])
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    p = subprocess.run(sys.argv[2:], preexec_fn=cap, capture_output=True)
    sys.stdout.buffer.write(b"%d\\n" % p.returncode + p.stderr)
""")


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["--diff"])  # --check and -i stream: test_streaming_files.py
def test_file_larger_than_memory(tmp_path, table_file, mode):
    d = tmp_path / "d"
    small = _files(d, 2)
    big = d / "huge.txt"
    with open(big, "wb") as f:  # text first (so it is not taken for binary), then a hole
        f.write(b"Kiev text\n" * 1000)
        f.truncate(3 << 30)
    cmd = [*_cmd(), "--isolated", "--no-builtin", "--table", str(table_file), "-j", "1", mode, str(d)]
    env = dict(os.environ, TRANSLIT_NORMALIZE_CACHE="off")
    p = subprocess.run([sys.executable, "-c", _LIMITED, str(1536 << 20), *cmd], capture_output=True, env=env,
                       timeout=300)
    rc, _, err = p.stdout.partition(b"\n")
    assert int(rc) == 2, p.stdout
    assert b"huge.txt: cannot read: too large to hold in memory" in err or b"huge.txt: out of memory" in err, err
    assert b"Traceback" not in err
    assert os.path.getsize(big) == 3 << 30
    if mode == "-i":
        assert all(p.read_bytes() == NEW for p in small)


def test_full_disk_simulated(run, tmp_path, monkeypatch):
    a, b, c = _files(tmp_path / "d")
    real = os.fsync
    temps = []

    def full(fd):
        """The second temporary file's fsync (f1.txt's: files are written in name order) fails."""
        name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
        if name.endswith(fix.TEMP_SUFFIX):
            temps.append(name)
            if len(temps) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(os, "fsync", full)
    r = run("-i", str(tmp_path / "d"))
    assert r.exit_code == 2 and f"{b}: cannot write: No space left on device" in r.stderr
    assert (a.read_bytes(), b.read_bytes(), c.read_bytes()) == (NEW, OLD, NEW)
    assert _no_temp_files(tmp_path)


@pytest.fixture()
def small_tmpfs(tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=True)


def test_full_disk_on_a_real_small_tmpfs(run, small_tmpfs):
    d = small_tmpfs / "d"
    d.mkdir()
    small = d / "a.txt"
    small.write_bytes(OLD)
    big = d / "big.txt"
    big.write_bytes(b"Kiev " * (60 * 1024 // 5))
    filler = small_tmpfs / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)  # fill the disk: write until ENOSPC
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(filler, max(0, os.path.getsize(filler) - 8192))  # room for the small file only
    r = run("-i", str(d))
    assert r.exit_code == 2, r.output
    assert f"{big}: cannot write: No space left on device" in r.stderr and "Traceback" not in r.output
    assert big.read_bytes() == b"Kiev " * (60 * 1024 // 5)
    assert small.read_bytes() == NEW
    assert _no_temp_files(small_tmpfs)


# --- concurrency and kill -9 ---------------------------------------------------------------------

@pytest.mark.slow
def test_two_runs_at_once_on_the_same_files(tmp_path, table_file):
    paths = _files(tmp_path / "d", 100, OLD * 1000)
    cmd = [*_cmd(), "--isolated", "--no-builtin", "--table", str(table_file), "-q", "-j", "1", "-i",
           str(tmp_path / "d")]
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    results = []
    for p in procs:
        assert p.stderr is not None
        results.append((p.wait(120), p.stderr.read()))
        p.stderr.close()
    for rc, err in results:
        assert rc in (0, 1, 2) and b"Traceback" not in err
        assert err == b"" or all(b"changed on disk" in line for line in err.splitlines()), err
    assert all(p.read_bytes() == NEW * 1000 for p in paths)
    assert _no_temp_files(tmp_path)


@pytest.mark.slow
def test_kill_9_leaves_every_file_wholly_old_or_new(tmp_path, table_file):
    rng = random.Random(6)
    old, new = OLD * 8000, NEW * 8000  # 150 KiB each: the kill lands inside writes too
    d = tmp_path / "d"
    cmd = [*_cmd(), "--isolated", "--no-builtin", "--table", str(table_file), "-q", "-j", "1", "-i", str(d)]
    for attempt in range(4):
        paths = _files(d, 30, old)
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3 + rng.random() * 1.2)
        p.send_signal(signal.SIGKILL)
        p.wait(30)
        states = [path.read_bytes() for path in paths]
        assert all(s in (old, new) for s in states), attempt
        leftovers = [q for q in d.iterdir() if q.name.endswith(fix.TEMP_SUFFIX)]
        for q in leftovers:  # never the real name, always hidden, and never walked
            assert fix.is_temp_name(q.name) and q.name not in {x.name for x in paths}
        # A second run finishes the job and ignores the leftovers.
        r = subprocess.run(cmd, capture_output=True, timeout=120)
        assert r.returncode in (0, 1), r.stderr
        assert all(path.read_bytes() == new for path in paths)
        assert b"tn-tmp" not in r.stderr
        shutil.rmtree(d)
