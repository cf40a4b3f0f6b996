"""``-i`` under races, full disks, links and metadata (issue 14: findings 3, 4, 6, 7, 13, 18, 20).

Races are made deterministic: a hook wrapped around a system call that ``write_atomic`` makes
between two of its steps does what the other process would do (an editor's save, a folder
swapped for a symbolic link), exactly there.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from normalize.cli import fix, runner
from tests.linter_support import Project

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if fix.is_temp_name(p.name)]


def _fd_name(fd: int) -> str:
    return os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")


# --- 3: an editor's save while -i writes ------------------------------------------------------

def _after_temp_fsync(monkeypatch: pytest.MonkeyPatch, action) -> list[int]:
    """Run ``action`` right after the first fsync of a temporary file (before the rename)."""
    real = os.fsync
    done: list[int] = []

    def fsync(fd: int) -> None:
        real(fd)
        if not done and _fd_name(fd).endswith(fix.TEMP_SUFFIX):
            done.append(fd)
            action()

    monkeypatch.setattr(os, "fsync", fsync)
    return done


@needs_proc
@pytest.mark.parametrize("how", ["in place", "by rename"])
def test_editor_save_during_the_write_is_not_overwritten(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                         how: str) -> None:
    p = project.write("a.txt", "Kiev\n")
    saved = b"Kiev, saved by the editor while -i was writing\n"

    def editor_saves() -> None:
        if how == "in place":
            p.write_bytes(saved)
        else:  # vim/VS Code style: a new file renamed over the old one
            q = p.with_name("a.txt~")
            q.write_bytes(saved)
            os.replace(q, p)

    done = _after_temp_fsync(monkeypatch, editor_saves)
    r = project.run("-i", "a.txt")
    assert done
    assert r.exit_code == 2, r.output
    assert "a.txt: cannot write: changed on disk while being fixed, left as it is" in r.stderr
    assert p.read_bytes() == saved
    assert _temps(project.root) == []


@needs_proc
def test_editor_save_during_the_write_of_a_hard_linked_file(project: Project,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    p = project.write("a.txt", "Kiev\n")
    os.link(p, project.root / "b.txt")
    saved = b"Kiev, saved by the editor meanwhile\n"
    _after_temp_fsync(monkeypatch, lambda: p.write_bytes(saved))
    r = project.run("-i", "a.txt")
    assert r.exit_code == 2 and "changed on disk while being fixed" in r.stderr, r.output
    assert p.read_bytes() == saved == (project.root / "b.txt").read_bytes()
    assert _temps(project.root) == []


# --- 4: hard links on a full disk -------------------------------------------------------------

@pytest.fixture()
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if not ROOT or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)],
                                  capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=True)


def _fill(disk: Path, leave: int) -> None:
    """Fill the file system, then free ``leave`` bytes."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(filler, max(0, os.path.getsize(filler) - leave))


OLD_BIG = b"Zelensky\n" * 10000  # 90,000 bytes (22 pages); fixed, 100,000 (25 pages)


@pytest.mark.parametrize("leave", [4096, 25 * 4096], ids=["no room for the new content",
                                                       "room for the temporary file, not for growing"])
def test_hard_linked_file_on_a_full_disk_stays_old(project: Project, small_tmpfs: Path, leave: int) -> None:
    d = small_tmpfs / "d"
    d.mkdir()
    a = d / "a.txt"
    a.write_bytes(OLD_BIG)
    os.link(a, d / "b.txt")
    _fill(small_tmpfs, leave)
    r = project.run("-i", str(a))
    assert r.exit_code == 2, r.output
    assert "a.txt: cannot write: No space left on device" in r.stderr and "Traceback" not in r.output
    assert a.read_bytes() == OLD_BIG  # wholly old, never half new
    assert os.stat(a).st_nlink == 2
    assert _temps(small_tmpfs) == []


@needs_proc
def test_hard_linked_file_write_failing_midway_is_put_back(project: Project,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    a = project.write("a.txt", OLD_BIG)
    os.link(a, project.root / "b.txt")
    real = os.write
    failed: list[int] = []

    def write(fd: int, data: bytes) -> int:  # the write over the old bytes fails once (EIO)
        if not failed and _fd_name(fd) == "a.txt" and os.lseek(fd, 0, os.SEEK_CUR) == 0:
            failed.append(fd)
            real(fd, bytes(data[:1000]))
            raise OSError(errno.EIO, "Input/output error")
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)
    r = project.run("-i", "a.txt")
    assert failed and r.exit_code == 2, r.output
    assert "a.txt: cannot write: Input/output error" in r.stderr
    assert a.read_bytes() == OLD_BIG and (project.root / "b.txt").read_bytes() == OLD_BIG
    assert _temps(project.root) == []


@needs_proc
def test_hard_linked_file_that_cannot_be_put_back_names_the_new_content(project: Project,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    a = project.write("a.txt", OLD_BIG)
    os.link(a, project.root / "b.txt")
    real = os.write

    def write(fd: int, data: bytes) -> int:  # every write at offset 0 of a.txt fails
        if _fd_name(fd) == "a.txt" and os.lseek(fd, 0, os.SEEK_CUR) == 0:
            real(fd, bytes(data[:1000]))
            raise OSError(errno.EIO, "Input/output error")
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)
    r = project.run("-i", "a.txt")
    assert r.exit_code == 2
    [tmp] = _temps(project.root)
    assert f"the file may be partly rewritten, its new content is in {tmp}" in r.stderr
    assert tmp.read_bytes() == OLD_BIG.replace(b"Zelensky\n", b"Zelenskyy\n")


def test_hard_links_shrinking_and_growing(project: Project) -> None:
    a = project.write("a.txt", "Odessa and Zelensky\n")
    os.link(a, project.root / "b.txt")
    assert project.run("-i", "a.txt").exit_code == 1
    assert (project.root / "b.txt").read_text() == "Odesa and Zelenskyy\n"
    project.write("c.txt", "Odessa Odessa Odessa\n")
    os.link(project.root / "c.txt", project.root / "d.txt")
    assert project.run("-i", "c.txt").exit_code == 1
    assert (project.root / "d.txt").read_text() == "Odesa Odesa Odesa\n"
    assert os.stat(a).st_ino == os.stat(project.root / "b.txt").st_ino
    assert _temps(project.root) == []


# --- 6: a folder swapped for a symbolic link mid-write ------------------------------------------

def _tree(project: Project) -> tuple[Path, Path]:
    inside = project.write("sub/a.txt", "Kiev\n")
    outside = project.root.parent / "outside"
    outside.mkdir()
    (outside / "a.txt").write_bytes(b"Kiev outside\n")
    return inside, outside


def _swap(project: Project, outside: Path) -> None:
    sub = project.root / "sub"
    os.rename(sub, project.root / "sub.moved")
    os.symlink(outside, sub)


def test_folder_swapped_for_a_symlink_after_the_checks(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    _, outside = _tree(project)
    real = os.access
    swapped: list[bool] = []

    def access(path, mode, **kw):  # write_atomic's read-only check: after it, the swap
        ok = real(path, mode, **kw)
        if not swapped and str(path).endswith("a.txt"):
            swapped.append(True)
            _swap(project, outside)
        return ok

    monkeypatch.setattr(os, "access", access)
    r = project.run("-i", ".")
    assert swapped
    assert (outside / "a.txt").read_bytes() == b"Kiev outside\n", r.output  # nothing outside the tree
    assert (project.root / "sub.moved" / "a.txt").read_bytes() == b"Kyiv\n"  # the file that was read
    assert _temps(project.root.parent) == []


def test_folder_swapped_before_it_is_opened_is_refused(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    _, outside = _tree(project)
    real = os.path.realpath
    swapped: list[bool] = []

    def realpath(path, *args, **kw):
        out = real(path, *args, **kw)
        if not swapped and str(path).endswith("a.txt"):
            swapped.append(True)
            _swap(project, outside)
        return out

    monkeypatch.setattr(os.path, "realpath", realpath)
    r = project.run("-i", "sub/a.txt")
    assert swapped and r.exit_code == 2, r.output
    assert "left as it is" in r.stderr
    assert (outside / "a.txt").read_bytes() == b"Kiev outside\n"
    assert (project.root / "sub.moved" / "a.txt").read_bytes() == b"Kiev\n"


def test_without_folder_descriptors_the_path_based_steps_still_work(project: Project,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fix, "DIR_FD", False)  # as on Windows
    p = project.write("d/a.txt", "Kiev\n")
    os.chmod(p, 0o640)
    os.symlink("d/a.txt", project.root / "link.txt")
    h = project.write("h.txt", "Zelensky\n")
    os.link(h, project.root / "h2.txt")
    r = project.run("-i", "d", "link.txt", "h.txt")
    assert r.exit_code == 1, r.output
    assert p.read_text() == "Kyiv\n" and stat.S_IMODE(p.stat().st_mode) == 0o640
    assert (project.root / "h2.txt").read_text() == "Zelenskyy\n"
    assert _temps(project.root) == []


# --- 7: symbolic links out of the tree ---------------------------------------------------------

def test_symlink_leading_outside_the_tree_is_skipped(project: Project) -> None:
    outside = project.root.parent / "elsewhere.txt"
    outside.write_bytes(b"Kiev\n")
    os.symlink(outside, project.root / "link.txt")
    project.write("a.txt", "Kiev\n")
    r = project.run("-i", ".")
    assert r.exit_code == 1, r.output
    assert outside.read_bytes() == b"Kiev\n"
    warning = [line for line in r.stderr.splitlines() if "link.txt" in line]
    assert warning == [f"translit-normalize: warning: link.txt: symbolic link to {outside}, outside the "
                       "folders being fixed: skipped (--follow-symlinks-outside writes it)"]
    assert "Fixed 1 variant in 1 file" in r.stderr
    assert project.read("a.txt") == "Kyiv\n"
    # Named on its own: the tree is the folder that holds the link, the target is still outside.
    r = project.run("-i", "link.txt")
    assert r.exit_code == 0 and outside.read_bytes() == b"Kiev\n" and "skipped" in r.stderr
    # --check only reads: it still reports what the link leads to.
    assert project.run("--check", "link.txt").exit_code == 1


def test_follow_symlinks_outside_restores_writing_through(project: Project) -> None:
    outside = project.root.parent / "elsewhere.txt"
    outside.write_bytes(b"Kiev\n")
    os.symlink(outside, project.root / "link.txt")
    r = project.run("-i", "--follow-symlinks-outside", ".")
    assert r.exit_code == 1, r.output
    assert outside.read_bytes() == b"Kyiv\n" and (project.root / "link.txt").is_symlink()


def test_symlink_inside_the_tree_and_a_named_folder_above(project: Project) -> None:
    target = project.write("real/t.txt", "Kiev\n")
    os.symlink("../real/t.txt", project.write("links/x", "").parent / "t.txt")
    r = project.run("-i", "links")  # the tree is links/: real/ is outside it
    assert r.exit_code == 0 and target.read_text() == "Kiev\n"
    r = project.run("-i", "links", "real")
    assert r.exit_code == 1 and target.read_text() == "Kyiv\n"


# --- 13: owner, mode bits, xattrs, ACLs ---------------------------------------------------------

def _xattrs_supported(p: Path) -> bool:
    try:
        os.setxattr(p, "user.tn-probe", b"1")
        os.removexattr(p, "user.tn-probe")
    except (OSError, AttributeError):
        return False
    return True


def _acl(*entries: tuple[int, int, int]) -> bytes:
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in entries)


UNDEF = 0xFFFFFFFF
#: user::rw- user:4242:rw- group::r-- mask::rw- other::---
ACL = _acl((0x01, 6, UNDEF), (0x02, 6, 4242), (0x04, 4, UNDEF), (0x10, 6, UNDEF), (0x20, 0, UNDEF))


@pytest.mark.skipif(not ROOT, reason="giving a file to another owner needs root")
def test_setuid_setgid_and_owner_are_kept(project: Project) -> None:
    p = project.write("tool.sh", "# Kiev\n")
    os.chown(p, 4242, 4243)
    os.chmod(p, 0o6755)
    assert project.run("-i", "tool.sh").exit_code == 1
    st = p.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4242, 4243, 0o6755)
    assert project.read("tool.sh") == "# Kyiv\n"


def test_xattrs_and_acl_are_kept(project: Project) -> None:
    p = project.write("a.txt", "Kiev\n")
    if not _xattrs_supported(p):
        pytest.skip("no user extended attributes on this file system")
    os.setxattr(p, "user.origin", b"newsroom")
    try:
        os.setxattr(p, "system.posix_acl_access", ACL)
    except OSError:
        pytest.skip("no POSIX ACLs on this file system")
    mode = stat.S_IMODE(p.stat().st_mode)
    assert project.run("-i", "a.txt").exit_code == 1
    assert project.read("a.txt") == "Kyiv\n"
    assert os.getxattr(p, "user.origin") == b"newsroom"
    assert os.getxattr(p, "system.posix_acl_access") == ACL
    assert stat.S_IMODE(p.stat().st_mode) == mode
    assert _temps(project.root) == []


def test_attributes_the_new_file_would_gain_are_not_added(project: Project) -> None:
    """A folder's default ACL is inherited by a new file, not by the old one: not added."""
    p = project.write("d/a.txt", "Kiev\n")
    try:
        os.setxattr(project.root / "d", "system.posix_acl_default", ACL)
    except OSError:
        pytest.skip("no default ACLs on this file system")
    before = set(os.listxattr(p))
    assert project.run("-i", "d/a.txt").exit_code == 1
    assert set(os.listxattr(p)) == before and project.read("d/a.txt") == "Kyiv\n"


def _as_user(uid: int, gid: int, groups: list[int], fn) -> int:
    """Run ``fn()`` in a forked child under another user; its exit status (0: it returned)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            os.setgroups(groups)
            os.setgid(gid)
            os.setuid(uid)
            fn()
            code = 0
        except BaseException as exc:
            os.write(2, f"child: {exc!r}\n".encode())
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.skipif(not ROOT or not hasattr(os, "fork"), reason="needs root to switch to other users")
def test_group_member_fixing_someone_elses_file_keeps_the_owner() -> None:
    """User 4245, in group 4243, fixes a 0664 file of user 4242: written in place, owner kept."""
    base = Path(tempfile.mkdtemp(prefix="tn-users-", dir="/tmp"))  # reachable by other users
    try:
        os.chmod(base, 0o777)
        p = base / "a.txt"
        p.write_bytes(b"Kiev\n")
        os.chown(p, 4242, 4243)
        os.chmod(p, 0o664)
        has_xattr = _xattrs_supported(p)
        if has_xattr:
            os.setxattr(p, "user.origin", b"newsroom")
        assert _as_user(4245, 4246, [4243], lambda: fix.write_atomic(p, b"Kyiv\n")) == 0
        st = p.stat()
        assert p.read_bytes() == b"Kyiv\n"
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4242, 4243, 0o664)
        if has_xattr:
            assert os.getxattr(p, "user.origin") == b"newsroom"
        assert _temps(base) == []
        # The same user's own file is still replaced atomically (new inode).
        q = base / "own.txt"
        q.write_bytes(b"Kiev\n")
        os.chown(q, 4245, 4246)
        ino = q.stat().st_ino
        assert _as_user(4245, 4246, [4243], lambda: fix.write_atomic(q, b"Kyiv\n")) == 0
        assert q.read_bytes() == b"Kyiv\n" and q.stat().st_ino != ino and q.stat().st_uid == 4245
    finally:
        shutil.rmtree(base)


# --- 18: long names ---------------------------------------------------------------------------

@pytest.mark.parametrize("length", [239, 255])
def test_a_name_as_long_as_the_file_system_allows_is_fixed(project: Project, length: int) -> None:
    name = "n" * (length - 4) + ".txt"
    project.write(name, "Kiev\n")
    r = project.run("-i", ".")
    assert r.exit_code == 1, r.output
    assert project.read(name) == "Kyiv\n"
    assert _temps(project.root) == []


def test_temporary_names_are_short_and_skipped_by_walks(project: Project) -> None:
    fd, name = fix._Folder(str(project.root), "x").create_temp()
    os.close(fd)
    assert len(name) <= 24 and fix.is_temp_name(name)
    (project.root / name).write_text("Kiev\n")
    (project.root / ".a.txt.abcdefgh.tn-tmp").write_text("Kiev\n")  # an older version's leftover
    r = project.run("--check", ".")
    assert r.exit_code == 0, r.output


# --- 20: counting only what was written ---------------------------------------------------------

def test_variants_of_files_not_written_are_not_counted_as_fixed(project: Project,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    project.write("a.txt", "Kiev\n")
    project.write("b.txt", "Kiev, Odessa and Zelensky\n")
    real = fix.write_atomic  # what runner calls

    def failing(path, data, expect=None, **kw):
        if str(path).endswith("b.txt"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, expect, **kw)

    monkeypatch.setattr(runner, "write_atomic", failing)
    r = project.run("-i", ".")
    assert r.exit_code == 2
    assert "Fixed 1 variant in 1 file; 1 file failed (2 files checked)." in r.stderr, r.stderr
    assert "b.txt: cannot write: No space left on device" in r.stderr
    r = project.run("-i", "--format", "json", ".")
    assert [line for line in r.stdout.splitlines() if "b.txt" in line] == []
