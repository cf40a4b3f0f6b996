"""-i/--in-place: atomic rewrite, exit codes, what is kept (mode, mtime, links, bytes)."""

from __future__ import annotations

import os
import stat

import pytest

from normalize.cli.fix import TEMP_SUFFIX, write_atomic
from tests.linter_support import Project


def test_rewrites_changed_files_and_exits_1(project: Project) -> None:
    project.write("a.txt", "Kiev and Zelensky.\n")
    project.write("b.txt", "Kyiv already.\n")
    r = project.run("-i", ".")
    assert r.exit_code == 1
    assert project.read("a.txt") == "Kyiv and Zelenskyy.\n"
    assert project.read("b.txt") == "Kyiv already.\n"
    assert "Fixed 2 variants in 1 file (2 files checked)." in r.stderr
    assert r.stdout.splitlines() == ["a.txt:1:1: Kiev -> Kyiv [ua/Kyiv]",
                                     "a.txt:1:10: Zelensky -> Zelenskyy [ua/Zelenskyy]"]


def test_second_run_changes_nothing_and_exits_0(project: Project) -> None:
    project.write("a.txt", "Kiev, KIEV, Vladimir Zelenskiy\n")
    assert project.run("--in-place", "a.txt").exit_code == 1
    once = project.read("a.txt")
    assert once == "Kyiv, KYIV, Volodymyr Zelenskyy\n"
    r = project.run("--in-place", "a.txt")
    assert r.exit_code == 0
    assert project.read("a.txt") == once
    assert "Nothing to fix" in r.stderr


def test_unchanged_file_keeps_its_mtime_and_inode(project: Project) -> None:
    p = project.write("a.txt", "Kyiv only, and Chicken Kiev.\n")
    os.utime(p, (1_000_000_000, 1_000_000_000))
    inode = p.stat().st_ino
    assert project.run("-i", "a.txt").exit_code == 0
    assert p.stat().st_mtime == 1_000_000_000
    assert p.stat().st_ino == inode


def test_mode_is_kept(project: Project) -> None:
    # a .sh file is read as shell code: the comment is prose, the command is not
    p = project.write("script.sh", "#!/bin/sh\n# Kiev\necho Kiev\n")
    os.chmod(p, 0o751)
    assert project.run("-i", "script.sh").exit_code == 1
    assert stat.S_IMODE(p.stat().st_mode) == 0o751
    assert project.read("script.sh") == "#!/bin/sh\n# Kyiv\necho Kiev\n"


def test_symlink_stays_a_link_and_its_target_is_rewritten(project: Project) -> None:
    target = project.write("real/notes.txt", "Kiev\n")
    link = project.root / "link.txt"
    link.symlink_to(os.path.join("real", "notes.txt"))
    assert project.run("-i", "link.txt").exit_code == 1
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("real", "notes.txt")
    assert target.read_text() == "Kyiv\n"


def test_bytes_outside_the_names_are_kept(project: Project) -> None:
    raw = "\ufeffKiev  \r\n\tOdessa\u00a0port\r\nno newline at end: Kiew".encode()
    project.write("a.txt", raw)
    assert project.run("-i", "a.txt").exit_code == 1
    assert (project.root / "a.txt").read_bytes() == raw.replace(b"Kiev", b"Kyiv").replace(
        b"Odessa", b"Odesa").replace(b"Kiew", b"Kyiv")


def test_no_temporary_files_are_left(project: Project) -> None:
    project.write("d/a.txt", "Kiev\n")
    project.run("-i", ".")
    assert sorted(os.listdir(project.root / "d")) == ["a.txt"]


def test_failed_write_leaves_the_file_intact_and_exits_2(project: Project, monkeypatch) -> None:
    p = project.write("a.txt", "Kiev\n")
    project.write("b.txt", "Odessa\n")

    real = os.replace

    def boom(src, dst, **kwargs):
        """Only the rename of write_atomic's temporary file fails (the trie cache renames too)."""
        if str(src).endswith(TEMP_SUFFIX):
            raise OSError(28, "No space left on device")
        return real(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", boom)  # the os module normalize.cli.fix calls
    r = project.run("-i", "a.txt", "b.txt")
    assert r.exit_code == 2
    assert p.read_text() == "Kiev\n"
    assert "a.txt: cannot write: No space left on device" in r.stderr
    assert sorted(os.listdir(project.root)) == ["a.txt", "b.txt"]  # temporary file removed


def test_excluded_and_per_file_false_files_are_not_touched(project: Project) -> None:
    project.write(".translit-normalize.toml",
                  f'tables = [{str(project.table)!r}]\nbuiltin = false\nexclude = ["vendor/"]\n'
                  '[per-file]\n"quotes/**" = false\n')
    project.write("vendor/x.txt", "Kiev\n")
    project.write("quotes/q.txt", "Kiev\n")
    project.write("a.txt", "Kiev\n")
    r = project.run("-i", "vendor/x.txt", "quotes/q.txt", "a.txt", isolated=False, table=False)
    assert r.exit_code == 1
    assert project.read("vendor/x.txt") == "Kiev\n"
    assert project.read("quotes/q.txt") == "Kiev\n"
    assert project.read("a.txt") == "Kyiv\n"


def test_in_place_refuses_standard_input(project: Project) -> None:
    r = project.run("-i", "-", input="Kiev")
    assert r.exit_code == 2
    assert "--in-place needs files" in r.stderr


def test_write_atomic_replaces_content_through_a_symlink(tmp_path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    os.chmod(real, 0o600)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, b"new content")
    assert link.is_symlink()
    assert real.read_bytes() == b"new content"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_write_atomic_keeps_hard_links_together(tmp_path) -> None:
    a = tmp_path / "a.txt"
    a.write_bytes(b"old old")
    b = tmp_path / "b.txt"
    os.link(a, b)
    write_atomic(a, b"new")
    assert b.read_bytes() == b"new"
    assert a.stat().st_ino == b.stat().st_ino


@pytest.mark.parametrize("name", ["notes.md", "notes.markdown"])
def test_markdown_code_is_left_alone_in_place(project: Project, name: str) -> None:
    project.write(name, "Kiev `Kiev`\n\n```\nKiev\n```\n")
    assert project.run("-i", name).exit_code == 1
    assert project.read(name) == "Kyiv `Kiev`\n\n```\nKiev\n```\n"
