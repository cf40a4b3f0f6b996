"""Stream faults through the real command: bad bytes, wide encodings, huge lines, pipes, signals.

CliRunner where the fault is in the data; a subprocess where it is in the process (signals,
closed pipes, memory).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize.cli.command import main

from .strategies import NAME_PIECES


@pytest.fixture()
def run(table_file):
    def invoke(args=(), stdin=b""):
        return CliRunner().invoke(main, ["--no-context", "--no-builtin", "--table", str(table_file), *args],
                                  input=stdin)
    return invoke


def _cmd() -> list[str]:
    exe = shutil.which("translit-normalize")
    return [exe] if exe else [sys.executable, "-m", "normalize"]


def _one_error_line(r) -> str:
    assert "Traceback" not in r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("translit-normalize: error: ")
    return lines[0]


# --- bytes -------------------------------------------------------------------------------

def test_invalid_utf8_passes_through_byte_for_byte(run):
    raw = b"\xff Kiev \xc3( Kiev\xe2\x82 \xed\xa0\x80 Ki\xffev Kiev\x80\n"
    r = run(stdin=raw)
    assert r.exit_code == 0
    assert r.stdout_bytes == b"\xff Kyiv \xc3( Kyiv\xe2\x82 \xed\xa0\x80 Ki\xffev Kyiv\x80\n"


_pieces = st.one_of(st.sampled_from([p.encode("utf-8", "surrogateescape") for p in NAME_PIECES]),
                    st.binary(max_size=5))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the table file is read-only here
@given(st.lists(_pieces, max_size=25).map(b"".join))
def test_random_bytes_through_the_cli_equal_the_library(news, table_file, raw):
    from normalize.cli.streamio import sniff_wide_encoding

    r = CliRunner().invoke(main, ["--no-context", "--no-builtin", "--table", str(table_file)], input=raw)
    if sniff_wide_encoding(raw):
        assert r.exit_code == 2 and r.stdout_bytes == b""
        return
    assert r.exit_code == 0, r.output
    text = raw.decode("utf-8", "surrogateescape")
    assert r.stdout_bytes == news.normalize(text).encode("utf-8", "surrogateescape")


def test_utf8_bom_is_kept_and_not_part_of_a_name(run):
    r = run(stdin=b"\xef\xbb\xbfKiev\n")
    assert (r.exit_code, r.stdout_bytes) == (0, b"\xef\xbb\xbfKyiv\n")


def test_bom_in_check_report_is_not_a_column(run):
    r = run(["--check", "-"], stdin=b"\xef\xbb\xbfKiev\n")
    assert r.exit_code == 1
    assert r.stdout.startswith("-:1:1: Kiev -> Kyiv")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_wide_input_is_a_one_line_error_exit_2(run, codec):
    raw = "Kiev and Selenskyj went to Cherson, and more text\n".encode(codec)
    for args in ([], ["-"], ["--check", "-"], ["--diff", "-"]):
        r = run(args, stdin=raw)
        assert r.exit_code == 2, (codec, args, r.output)
        assert r.stdout_bytes == b""
        assert "UTF-" in _one_error_line(r)


def test_wide_file_argument_is_a_one_line_error(run, tmp_path):
    p = tmp_path / "w.txt"
    p.write_bytes("Kiev\n".encode("utf-16"))
    r = run([str(p)])
    assert r.exit_code == 2 and str(p) in _one_error_line(r)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32", "cp1251", "latin-1"])
def test_encoding_option_reads_and_writes_that_encoding(run, codec):
    text = "Kiev, Krivoy\r\nRog and Selenskyj\n"
    r = run(["--encoding", codec], stdin=text.encode(codec))
    assert r.exit_code == 0, r.output
    assert r.stdout_bytes == "Kyiv, Kryvyi\r\nRih and Zelenskyy\n".encode(codec)


def test_encoding_option_keeps_a_bom(run):
    raw = "\ufeffKiev".encode("utf-16-le")
    r = run(["--encoding", "utf-16-le"], stdin=raw)
    assert r.stdout_bytes == "\ufeffKyiv".encode("utf-16-le")


def test_encoding_option_errors(run):
    r = run(["--encoding", "klingon"], stdin=b"Kiev")
    assert r.exit_code == 2 and "unknown encoding" in r.output
    r = run(["--encoding", "utf-16", "--check", "-"], stdin=b"Kiev")
    assert r.exit_code == 2 and "--encoding" in r.output
    r = run(["--encoding", "utf-16"], stdin=b"")
    assert (r.exit_code, r.stdout_bytes) == (0, b"")


def test_nul_bytes_pass_through(run):
    raw = b"\x00Kiev\x00 \x00\x00Kiev\x00\n" + b"\x00" * 5000 + b" Kiev"
    r = run(stdin=raw)
    assert r.exit_code == 0
    assert r.stdout_bytes == raw.replace(b"Kiev", b"Kyiv")


def test_only_nul_bytes_are_not_mistaken_for_utf16(run):
    raw = b"\x00" * 100_000
    r = run(stdin=raw)
    assert (r.exit_code, r.stdout_bytes) == (0, raw)


def test_mixed_line_endings_are_kept(run):
    raw = b"Kiev\r\nKiev\nKiev\rKiev\n\rKrivoy\r\nRog Krivoy\rRog Krivoy\n\nRog\r\n"
    r = run(stdin=raw)
    assert r.exit_code == 0
    assert r.stdout_bytes == (b"Kyiv\r\nKyiv\nKyiv\rKyiv\n\rKryvyi\r\nRih Kryvyi\rRih Kryvyi\n\nRih\r\n")


def test_empty_input_every_mode(run):
    for args, code in (([], 0), (["-"], 0), (["--check", "-"], 0), (["--diff", "-"], 0),
                       (["--format", "json", "-"], 0), (["--line-buffered"], 0)):
        r = run(args, stdin=b"")
        assert (r.exit_code, r.stdout_bytes) == (code, b""), args
        assert "Traceback" not in r.output


# --- the process: memory, pipes, signals --------------------------------------------------

_MEASURE = textwrap.dedent("""
    import resource, subprocess, sys
    with open(sys.argv[1], "rb") as src, open(sys.argv[2], "wb") as dst:
        rc = subprocess.run(sys.argv[3:], stdin=src, stdout=dst).returncode
    print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
""")


def _peak_rss_kib(cmd: list[str], src, dst) -> tuple[int, int]:
    """Run ``cmd`` from a fresh parent, so RUSAGE_CHILDREN sees that one child only."""
    p = subprocess.run([sys.executable, "-c", _MEASURE, str(src), str(dst), *cmd], capture_output=True, check=True,
                       text=True)
    rc, rss = p.stdout.split()
    return int(rc), int(rss)


def _write_one_line(path, mib: int) -> bytes:
    unit = b"Kiev and Selenskyj at http://x.org/Kiev, Krivoy  Rog; " * 19  # ~1 KiB, no line break
    with open(path, "wb") as f:
        for _ in range(mib * 1024 * 1024 // len(unit)):
            f.write(unit)
    return unit


@pytest.mark.slow
def test_single_long_line_in_constant_memory(tmp_path, table_file):
    cmd = [*_cmd(), "--no-context", "--no-builtin", "--table", str(table_file)]
    small, big, out = tmp_path / "small.txt", tmp_path / "big.txt", tmp_path / "out.txt"
    _write_one_line(small, 1)
    unit = _write_one_line(big, 50)
    rc0, rss_small = _peak_rss_kib(cmd, small, out)
    rc1, rss_big = _peak_rss_kib(cmd, big, out)
    assert rc0 == rc1 == 0
    # 50 MiB held as text would be at least 50 MiB more; the stream holds a few MiB at most.
    assert rss_big - rss_small < 32 * 1024, (rss_small, rss_big)
    expected = unit.replace(b"Kiev and", b"Kyiv and").replace(b"Selenskyj", b"Zelenskyy") \
        .replace(b"Krivoy  Rog", b"Kryvyi  Rih")
    assert os.path.getsize(out) == os.path.getsize(big) // len(unit) * len(expected)
    with open(out, "rb") as f:
        while block := f.read(len(expected) * 1024):
            assert block == expected * (len(block) // len(expected))


def _big_input(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"Kiev and some more text on this line\n" * 300_000)
    return p


@pytest.mark.slow
@pytest.mark.parametrize("mode", [[], ["--check"], ["--diff"]])
def test_closed_pipe_exits_quietly_141(tmp_path, table_file, mode):
    big = _big_input(tmp_path)
    args = [*_cmd(), "--no-context", "--no-builtin", "--table", str(table_file), *mode]
    if mode:
        for i in range(30):
            (tmp_path / f"f{i:02}.txt").write_bytes(b"Kiev\n" * 2000)
        args += [str(tmp_path)]
    stdin = None if mode else open(big, "rb")
    try:
        p = subprocess.Popen(args, stdin=subprocess.DEVNULL if stdin is None else stdin, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    finally:
        if stdin is not None:
            stdin.close()
    assert p.stdout is not None and p.stderr is not None
    first = p.stdout.readline()
    p.stdout.close()
    rc = p.wait(60)
    err = p.stderr.read()
    p.stderr.close()
    assert first
    assert rc == 141, (rc, err)
    assert err == b"", err


@pytest.mark.slow
def test_closed_pipe_through_the_shell_like_head(tmp_path, table_file):
    big = _big_input(tmp_path)
    line = f"{' '.join(_cmd())} --no-builtin --table {table_file} < {big} | head -1; echo \"${{PIPESTATUS[0]}}\""
    p = subprocess.run(["bash", "-c", line], capture_output=True, timeout=60)
    assert p.stdout == b"Kyiv and some more text on this line\n141\n"
    assert p.stderr == b""


@pytest.mark.slow
@pytest.mark.parametrize("mode", [[], ["--check"]])
def test_sigint_exits_130_without_traceback(tmp_path, table_file, mode):
    args = [*_cmd(), "--no-context", "--no-builtin", "--table", str(table_file), *mode]
    if mode:
        for i in range(400):
            (tmp_path / f"f{i:03}.txt").write_bytes(b"Kiev and more\n" * 4000)
        args += [str(tmp_path), "-j", "1"]
    # A job started in the background inherits SIGINT ignored (and keeps ignoring it, as it should):
    # give the child the default disposition a terminal gives it.
    p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert p.stdin is not None and p.stdout is not None and p.stderr is not None
    stdin, stdout = p.stdin, p.stdout

    def feed() -> None:  # several blocks, from a thread (the pipes are small): output proves start-up is over
        try:
            stdin.write(b"Kiev\n" * 100_000)
            stdin.flush()
        except OSError:
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    try:
        if not mode:
            feeder.start()
        assert p.stdout.read(4) in (b"Kyiv", str(tmp_path).encode()[:4])
        drain = threading.Thread(target=stdout.read, daemon=True)  # a reader, as a terminal is
        drain.start()
        time.sleep(0.2)
        p.send_signal(signal.SIGINT)
        rc = p.wait(30)
        drain.join(10)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait(10)
        if feeder.is_alive():
            feeder.join(10)
        try:
            p.stdin.close()
        except OSError:
            pass
        p.stdout.close()
    err = p.stderr.read()
    p.stderr.close()
    assert rc == 130, (rc, err)
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
