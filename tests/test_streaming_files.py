"""--check and -i read files as streams (issue 14, finding 17): the same results as whole-file
processing on any input and any chunking, and memory that does not grow with the file."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize.cli import runner, streamio
from normalize.cli.files import SkipFile, read_file
from normalize.cli.report import Job, Outcome, locate
from normalize.cli.runner import FilePlan, process_text
from normalize.engine import rewrite

from .strategies import NAME_PIECES

_PIECES = [p.encode("utf-8", "surrogateescape") for p in NAME_PIECES if p != "\udcff"] + [
    "é".encode(), "Київ".encode(), "🙂".encode(), b"\r\n", b"\n", b"Odessa ", b"Kiev " * 8,
]
# Markdown code spans in lines longer than LONG_LINE pair from the cut (a documented limit of
# every stream): no backticks in the Markdown runs
_MD_PIECES = [p for p in _PIECES if b"`" not in p]
# one in a few files has one of these (a file that is not UTF-8 is skipped, a NUL makes it binary)
_BAD = [b"\xff", b"\xe2\x82", b"\xed\xa0\x80", b"\xc3", b"\xf0\x9f\x99", b"\x00"]


def _whole(path: str, plan: FilePlan, job: Job) -> tuple[Outcome, bytes]:
    """What --check / -i did before streaming: read whole, find, locate, apply."""
    before = Path(path).read_bytes()
    try:
        text, _ = read_file(path)
    except SkipFile as skip:
        if skip.error:
            return Outcome(path, error=skip.reason), before
        return Outcome(path, warning=str(skip) if skip.warn else None), before
    outcome = process_text(path, text, plan, Job("check", job.byte_offsets), None)
    if job.mode == "in-place" and outcome.findings:
        return Outcome(path, True, outcome.findings, changed=True), plan.apply(
            text, [f.match for f in outcome.findings]).encode("utf-8", "surrogateescape")
    return outcome, before


def _streamed(path: str, plan: FilePlan, job: Job) -> tuple[Outcome, bytes]:
    session = mock.Mock()
    session.plan.return_value = plan
    session.write_roots = None
    outcome = runner.process_file(session, path, job)
    return outcome, Path(path).read_bytes()


@given(st.booleans(), st.data(), st.sampled_from(["check", "in-place"]), st.booleans(),
       st.integers(1, 64), st.integers(1, 96), st.integers(32, 300), st.sampled_from([(), ("Kyiv",), ("news/Odesa",)]))
def test_streamed_files_equal_whole_files(news, markdown, data, mode, byte_offsets, chunk, block, long_line,
                                          ignore):
    pieces = data.draw(st.lists(st.sampled_from(_MD_PIECES if markdown else _PIECES), max_size=60))
    if data.draw(st.integers(0, 3)) == 0:
        pieces.insert(data.draw(st.integers(0, len(pieces))), data.draw(st.sampled_from(_BAD)))
    raw = (b"\xef\xbb\xbf" if data.draw(st.booleans()) else b"") + b"".join(pieces)
    n = news.with_options(markdown=markdown)
    plan = FilePlan(False, n, frozenset(ignore))
    job = Job(mode, byte_offsets=byte_offsets)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "a.md" if markdown else "a.txt")
        with mock.patch.object(streamio, "CHUNK", chunk), mock.patch.object(rewrite, "BLOCK", block), \
                mock.patch.object(rewrite, "LONG_LINE", long_line):
            Path(path).write_bytes(raw)
            expected = _whole(path, plan, job)
            got = _streamed(path, plan, job)
    assert got == expected


def test_locate_in_pieces_equals_locate_on_the_whole_text(news):
    text = "\ufeffKiev\r\nx Київ Odessa\n\nKrivoy\nRog Kiev 🙂 Kiev\n" * 5
    matches = news.find(text)
    whole = locate("f", text, matches)
    from normalize.cli.report import Locator

    where = Locator("f")
    got = []
    for i in range(0, len(text), 7):
        where.feed(text[i:i + 7])
        while matches and matches[0].end <= i + 7:
            got.append(where.find(matches.pop(0)))
    assert got == whole


def test_not_utf8_after_a_variant_is_skipped_unwritten(tmp_path, news):
    p = tmp_path / "a.txt"
    raw = b"Kiev\n" * 50_000 + b"ok \xff\n" + b"Kiev\n"
    p.write_bytes(raw)
    plan = FilePlan(False, news, frozenset())
    for mode in ("check", "in-place"):
        outcome, after = _streamed(str(p), plan, Job(mode))
        assert outcome.warning == f"{p}: not UTF-8 (invalid byte at offset 250003, line 50001), skipped"
        assert not outcome.findings and after == raw
    assert os.listdir(tmp_path) == ["a.txt"]  # no temporary file left


def test_unchanged_file_in_place_makes_no_temporary_file(tmp_path, news, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_bytes(b"Kyiv is fine\n" * 1000)
    os.chmod(tmp_path, 0o555)  # a temporary file could not even be made
    try:
        before = os.stat(p)
        outcome, _ = _streamed(str(p), FilePlan(False, news, frozenset()), Job("in-place"))
        assert outcome == Outcome(str(p), checked=True)
        assert os.stat(p).st_mtime_ns == before.st_mtime_ns
    finally:
        os.chmod(tmp_path, 0o755)


def test_line_buffered_filter_cuts_a_long_line(news, monkeypatch):
    """--line-buffered (and a terminal) used to hold a whole line: now it is cut as without it."""
    import io

    monkeypatch.setattr(rewrite, "LONG_LINE", 64)
    monkeypatch.setattr(rewrite, "BLOCK", 64)
    monkeypatch.setattr(streamio, "CHUNK", 16)
    raw = b"Kiev Odessa " * 2000 + b"\nKiev\n"
    seen = []

    class Sink(io.BytesIO):
        def flush(self) -> None:
            seen.append(len(self.getvalue()))

    sink = Sink()
    streamio.filter_stream(news, io.BytesIO(raw), sink, line_buffered=True)
    assert sink.getvalue() == news.normalize(raw.decode()).encode()
    assert len([k for k in seen if 0 < k < 2000 * 10]) > 10  # written long before the line ended


_LIMITED = textwrap.dedent("""
    import resource, subprocess, sys
    limit = int(sys.argv[1])
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    p = subprocess.run(sys.argv[2:], preexec_fn=cap, capture_output=True)
    sys.stdout.buffer.write(b"%d\\n" % p.returncode + p.stdout[-300:] + b"\\n--\\n" + p.stderr[-2000:])
""")


@pytest.mark.slow
def test_check_and_in_place_on_a_file_larger_than_their_memory(tmp_path, table_file):
    """A 150 MB file under RLIMIT_AS 400 MB (whole-file processing needed 17-38x the file)."""
    d = tmp_path / "d"
    d.mkdir()
    big = d / "big.txt"
    line = b"The delegation flew from Kiev to Lviv on Tuesday, officials said.\n"
    prose = b"Officials met in the capital and spoke about grain, trains and power lines.\n" * 199 + line
    with open(big, "wb") as f:
        for _ in range((150 << 20) // len(prose)):
            f.write(prose)
    size = big.stat().st_size
    mentions = size // len(prose)
    cmd = [sys.executable, "-m", "normalize", "--isolated", "--no-builtin", "--table", str(table_file),
           "-j", "1", "--statistics", "--no-context"]  # the engine's memory; the context stage is tested apart
    env = dict(os.environ, TRANSLIT_NORMALIZE_CACHE="off")
    for mode, code in (("--check", 1), ("-i", 1), ("--check", 0)):
        p = subprocess.run([sys.executable, "-c", _LIMITED, str(400 << 20), *cmd, mode, str(d)],
                           capture_output=True, env=env, timeout=120, cwd=tmp_path)
        rc, _, out = p.stdout.partition(b"\n")
        assert int(rc) == code, p.stdout
        if code:
            assert f"{mentions}  news/Kyiv".encode() in out, out
        assert b"Traceback" not in out and b"out of memory" not in out
    assert big.stat().st_size == size  # Kiev -> Kyiv: same length
    assert os.listdir(d) == ["big.txt"]
