"""The stream filter: stdin to stdout, files, tables, bytes kept, errors as one line."""

import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from normalize.cli.command import main


@pytest.fixture()
def run(table_file):
    def invoke(args=(), stdin=b"", builtin=False):
        base = ["--table", str(table_file)] + ([] if builtin else ["--no-builtin"])
        return CliRunner().invoke(main, [*base, *args], input=stdin)
    return invoke


def test_filters_stdin(run):
    r = run(stdin=b"Kiev and Zelensky\n")
    assert r.exit_code == 0
    assert r.stdout_bytes == b"Kyiv and Zelenskyy\n"


def test_dash_is_stdin(run):
    assert run(["-"], stdin=b"Cherson").stdout_bytes == b"Kherson"


def test_invalid_utf8_bom_and_crlf_pass_through(run):
    raw = b"\xef\xbb\xbfKiev\r\n\xff\xfe\x80 Kiev \xc3\r\n"
    r = run(stdin=raw)
    assert r.exit_code == 0
    assert r.stdout_bytes == b"\xef\xbb\xbfKyiv\r\n\xff\xfe\x80 Kyiv \xc3\r\n"


def test_empty_input(run):
    r = run(stdin=b"")
    assert (r.exit_code, r.stdout_bytes) == (0, b"")


def test_paths_are_printed_normalized(run, tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.md"
    a.write_bytes(b"Kiev\n")
    b.write_bytes(b"`Kiev` Kiev\n")
    r = run([str(a), str(b)])
    assert r.exit_code == 0
    assert r.stdout_bytes == b"Kyiv\n`Kiev` Kyiv\n"  # Markdown by extension


def test_missing_file_is_one_line_exit_2(run, tmp_path):
    r = run([str(tmp_path / "nope.txt")])
    assert r.exit_code == 2
    assert "nope.txt" in r.stderr and "Traceback" not in r.output


def test_builtin_tables_by_default():
    r = CliRunner().invoke(main, [], input=b"Kiev")
    assert r.stdout_bytes == b"Kyiv"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kyiv"]\n', "is the canonical itself"),
        ("[[entity]\n", "invalid TOML"),
        ('[[entity]]\ncanonical = "Kyiv"\ncolour = "blue"\n', "unknown key 'colour'"),
    ],
)
def test_bad_table_is_one_line_and_exit_2(tmp_path, content, reason):
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    r = CliRunner().invoke(main, ["--table", str(bad)], input=b"Kiev")
    assert r.exit_code == 2
    assert r.stdout_bytes == b""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and reason in lines[0]


def _script() -> list[str]:
    exe = shutil.which("translit-normalize")
    return [exe] if exe else [sys.executable, "-m", "normalize"]


@pytest.mark.slow
def test_installed_script_and_python_m_agree(table_file):
    data = b"Kiev, Vladimir Zelenskiy and Krivoy\nRog\n"
    outs = []
    for cmd in (_script(), [sys.executable, "-m", "normalize"]):
        p = subprocess.run([*cmd, "--no-builtin", "--table", str(table_file)], input=data, capture_output=True,
                           check=True)
        outs.append(p.stdout)
    assert outs[0] == outs[1] == b"Kyiv, Volodymyr Zelenskyy and Kryvyi\nRih\n"


@pytest.mark.slow
def test_line_buffered_writes_each_line_at_once(table_file):
    p = subprocess.Popen([*_script(), "--no-builtin", "--table", str(table_file), "--line-buffered"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert p.stdin is not None and p.stdout is not None
    try:
        for word in (b"Kiev", b"Cherson"):
            p.stdin.write(word + b"\n")
            p.stdin.flush()
            line = p.stdout.readline()  # would block forever without line buffering
            assert line in (b"Kyiv\n", b"Kherson\n")
    finally:
        p.stdin.close()
        p.wait(timeout=30)
        p.stdout.close()
    assert p.returncode == 0


@pytest.mark.slow
def test_closed_pipe_is_quiet(table_file):
    big = b"Kiev and more text\n" * 200_000
    p = subprocess.run(f"{' '.join(_script())} --no-builtin --table {table_file} | head -c 10",
                       shell=True, input=big, capture_output=True)
    assert p.stdout == b"Kyiv and m"
    assert b"Traceback" not in p.stderr and b"Error" not in p.stderr
