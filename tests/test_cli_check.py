"""--check: the report, positions, exit codes, walking folders, skipped files, statistics."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys

import pytest

from normalize.cli.progress import Progress
from tests.linter_support import Project


def test_reports_each_variant_with_position_and_exits_1(project: Project) -> None:
    project.write("a.txt", "Kiev is big.\nThe president, Zelensky, said\nKIEV again\n")
    r = project.run("--check", "a.txt")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        "a.txt:1:1: Kiev -> Kyiv [ua/Kyiv]",
        "a.txt:2:16: Zelensky -> Zelenskyy [ua/Zelenskyy]",
        "a.txt:3:1: KIEV -> KYIV [ua/Kyiv]",
    ]
    assert "Found 3 variants in 1 file" in r.stderr


def test_clean_file_exits_0_and_prints_nothing(project: Project) -> None:
    project.write("a.txt", "Kyiv, Zelenskyy and Chicken Kiev stay.\n")
    r = project.run("--check", "a.txt")
    assert r.exit_code == 0
    assert r.stdout == ""
    assert "No variants found (1 file checked)" in r.stderr


def test_column_counts_characters_not_bytes(project: Project) -> None:
    project.write("a.txt", "Привіт, Kiev\n")  # 8 Cyrillic-and-punctuation characters, 15 bytes
    r = project.run("--check", "a.txt")
    assert r.stdout == "a.txt:1:9: Kiev -> Kyiv [ua/Kyiv]\n"


def test_byte_order_mark_is_not_a_column(project: Project) -> None:
    project.write("a.txt", "\ufeffKiev\nKiev\n")
    r = project.run("--check", "a.txt")
    assert r.stdout.splitlines() == ["a.txt:1:1: Kiev -> Kyiv [ua/Kyiv]", "a.txt:2:1: Kiev -> Kyiv [ua/Kyiv]"]


def test_crlf_line_numbers(project: Project) -> None:
    project.write("a.txt", "one\r\ntwo Kiev\r\n")
    assert project.run("--check", "a.txt").stdout == "a.txt:2:5: Kiev -> Kyiv [ua/Kyiv]\n"


def test_name_across_a_line_break_stays_one_line_of_report(project: Project) -> None:
    project.write("a.txt", "said Vladimir\nZelenskiy today\n")
    r = project.run("--check", "a.txt")
    assert r.stdout == "a.txt:1:6: Vladimir\\nZelenskiy -> Volodymyr\\nZelenskyy [ua/Volodymyr Zelenskyy]\n"


def test_folder_is_walked_recursively_in_name_order(project: Project) -> None:
    project.write("b.txt", "Kiev\n")
    project.write("a/deep/x.txt", "Odessa\n")
    project.write("a/y.md", "Kiew\n")
    r = project.run("--check", ".")
    assert r.exit_code == 1
    assert [line.split(":")[0] for line in r.stdout.splitlines()] == [
        os.path.join("a", "deep", "x.txt"), os.path.join("a", "y.md"), "b.txt"]


def test_no_path_means_current_folder(project: Project) -> None:
    project.write("sub/a.txt", "Kiev\n")
    assert project.run("--check").stdout == f"{os.path.join('sub', 'a.txt')}:1:1: Kiev -> Kyiv [ua/Kyiv]\n"


def test_gitignore_is_honoured_when_walking(project: Project) -> None:
    project.write(".gitignore", "build/\n*.log\n")
    project.write("build/out.txt", "Kiev\n")
    project.write("run.log", "Kiev\n")
    project.write("keep.txt", "Kiev\n")
    r = project.run("--check", ".")
    assert r.stdout == "keep.txt:1:1: Kiev -> Kyiv [ua/Kyiv]\n"


def test_binary_file_is_skipped_quietly(project: Project) -> None:
    project.write("image.bin", b"\x89PNG\0\0Kiev")
    project.write("a.txt", "Kiev\n")
    r = project.run("--check", ".")
    assert r.stdout == "a.txt:1:1: Kiev -> Kyiv [ua/Kyiv]\n"
    assert "image.bin" not in r.stderr


def test_non_utf8_file_is_reported_and_the_run_goes_on(project: Project) -> None:
    project.write("a_latin1.txt", "Kiev caf\xe9\n".encode("latin-1"))
    project.write("b.txt", "Kiev\n")
    r = project.run("--check", ".")
    assert r.exit_code == 1
    assert r.stdout == "b.txt:1:1: Kiev -> Kyiv [ua/Kyiv]\n"
    assert "a_latin1.txt: not UTF-8" in r.stderr


def test_missing_path_is_an_error_but_other_files_are_checked(project: Project) -> None:
    project.write("a.txt", "Kiev\n")
    r = project.run("--check", "nope.txt", "a.txt")
    assert r.exit_code == 2
    assert "a.txt:1:1: Kiev" in r.stdout
    assert "translit-normalize: error: nope.txt: no such file or folder" in r.stderr


def test_bad_table_is_one_line_and_exit_2(project: Project) -> None:
    bad = project.write("bad.toml", '[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kyiv"]\n')
    project.write("a.txt", "Kiev\n")
    r = project.run("--check", "--table", str(bad), "a.txt")
    assert r.exit_code == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("translit-normalize: error: ") and "bad.toml" in lines[0]


def test_the_tables_in_use_are_not_reported(project: Project) -> None:
    shutil.copy(project.table, project.root / "names.toml")
    r = project.run("--check", "--no-context", "--no-builtin", "--table", "names.toml", ".", table=False)
    assert r.exit_code == 0, r.stdout


def test_statistics_counts_per_entity(project: Project) -> None:
    project.write("a.txt", "Kiev Kiev Kiew Odessa\n")
    project.write("b.txt", "KIEV\n")
    r = project.run("--statistics", ".")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == ["4  ua/Kyiv  Kiev (2), Kiew (1), KIEV (1)", "1  ua/Odesa  Odessa (1)"]


def test_colour_only_when_asked_or_on_a_terminal(project: Project) -> None:
    project.write("a.txt", "Kiev\n")
    assert "\x1b[" not in project.run("--check", "a.txt").stdout  # CliRunner: not a terminal
    coloured = project.run("--check", "--color", "a.txt").stdout
    assert "\x1b[31mKiev\x1b[0m" in coloured and "\x1b[32mKyiv\x1b[0m" in coloured


def test_stdin_with_a_name(project: Project) -> None:
    r = project.run("--check", "--stdin-filename", "notes/x.txt", "-", input="a Kiev\n")
    assert r.exit_code == 1
    assert r.stdout == "notes/x.txt:1:3: Kiev -> Kyiv [ua/Kyiv]\n"


def test_stdin_filename_alone_reads_standard_input(project: Project) -> None:
    project.write("x.txt", "Kiev\n")  # not read: the name only labels standard input
    r = project.run("--check", "--stdin-filename", "x.txt", input="Odessa\n")
    assert r.stdout == "x.txt:1:1: Odessa -> Odesa [ua/Odesa]\n"


def test_modes_exclude_each_other(project: Project) -> None:
    r = project.run("--check", "--diff", ".")
    assert r.exit_code == 2
    assert "exclude each other" in r.stderr


def test_quiet_has_no_summary(project: Project) -> None:
    project.write("a.txt", "Kiev\n")
    r = project.run("--check", "-q", "a.txt")
    assert r.stderr == ""


def test_progress_line_only_on_a_terminal_and_long_runs() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    t = [0.0]
    out = Tty()
    p = Progress(100, out, enabled=True, clock=lambda: t[0])
    p.advance()
    assert out.getvalue() == ""  # too early: short runs never show a bar
    t[0] = 1.0
    p.advance()
    assert out.getvalue().startswith("\r[") and "2/100 files" in out.getvalue()
    p.clear()
    assert out.getvalue().endswith("\r\x1b[K")
    quiet = io.StringIO()
    q = Progress(100, quiet, enabled=False, clock=lambda: t[0])
    t[0] = 5.0
    q.advance()
    small = Progress(3, quiet, enabled=True, clock=lambda: t[0])
    t[0] = 9.0
    small.advance()
    assert quiet.getvalue() == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal(project: Project) -> None:
    for i in range(60):
        project.write(f"f{i:02}.txt", "Kyiv\n")
    r = project.run("--check", ".")
    assert "[#" not in r.stderr and "\r" not in r.stderr


def test_installed_script_checks_files(project: Project) -> None:
    exe = shutil.which("translit-normalize", path=os.path.dirname(sys.executable)) or shutil.which(
        "translit-normalize")
    if exe is None:
        pytest.skip("translit-normalize is not installed in this environment")
    project.write("docs/a.md", "Kiev and `Kiev`\n")
    project.write("b.txt", "Zelenskiy\n")
    p = subprocess.run([exe, "--isolated", "--no-context", "--no-builtin", "--table", str(project.table),
                        "--check", "."],
                       cwd=project.root, capture_output=True, text=True, timeout=60)
    assert p.returncode == 1, p.stderr
    assert p.stdout.splitlines() == [
        "b.txt:1:1: Zelenskiy -> Zelenskyy [ua/Zelenskyy]",
        f"{os.path.join('docs', 'a.md')}:1:1: Kiev -> Kyiv [ua/Kyiv]",
    ]
    p = subprocess.run([exe, "--isolated", "--no-context", "--no-builtin", "--table", str(project.table),
                        "--check", "b.txt",
                        "--table", str(project.root / "missing.toml")],
                       cwd=project.root, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert p.stderr.startswith("translit-normalize: error: ") and p.stderr.count("\n") == 1


def test_worker_processes_give_the_same_report_in_the_same_order(project: Project, monkeypatch) -> None:
    from normalize.cli import runner

    monkeypatch.setattr(runner, "PARALLEL_MIN_FILES", 2)
    for i in range(40):
        project.write(f"d{i % 4}/f{i:02}.txt", "Kyiv\n" * i + "Kiev and Odessa\n" if i % 3 else "clean\n")
    project.write("d1/latin1.txt", b"caf\xe9 Kiev\n")
    serial = project.run("--check", "-j", "1", ".")
    parallel = project.run("--check", "-j", "3", ".")
    assert serial.exit_code == parallel.exit_code == 1
    assert parallel.stdout == serial.stdout
    assert len(serial.stdout.splitlines()) == 2 * 26
    assert parallel.stderr == serial.stderr
    assert "latin1.txt: not UTF-8" in parallel.stderr
    fixed = project.run("-i", "-j", "3", ".")
    assert fixed.exit_code == 1
    assert project.read("d1/f01.txt") == "Kyiv\nKyiv and Odesa\n"
    assert project.run("--check", "-j", "3", ".").exit_code == 0


def test_progress_line_on_a_terminal_is_cleared_before_report_lines(project: Project, monkeypatch) -> None:
    from normalize.cli import command as cli
    from normalize.cli import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "_EVERY", 0.0)
    monkeypatch.setattr(progress, "MIN_FILES", 5)
    monkeypatch.setattr(cli, "_isatty", lambda stream: stream is sys.stderr)
    for i in range(12):
        project.write(f"f{i:02}.txt", "Kiev\n" if i == 11 else "Kyiv\n")
    r = project.run("--check", "-j", "1", ".")
    assert "[" in r.stderr and "11/12 files" in r.stderr
    assert "\r\x1b[K" in r.stderr  # erased before the report line and at the end
    assert r.stdout == "f11.txt:1:1: Kiev -> Kyiv [ua/Kyiv]\n"
