"""The C trie and its pure-Python twin give the same matches; the whole pipeline on the twin
agrees with the naive reference; a compiled trie survives its bytes and rejects bad ones."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize import Normalizer, parse_table
from normalize import normalizer as normalizer_module
from normalize.engine import trie
from normalize.engine.regions import ScanState, find_regions, in_protected_token
from normalize.engine.resolve import transfer_whitespace
from normalize.rules.rule import APOSTROPHES

from .conftest import NEWS_TABLE
from .strategies import NAME_PIECES, random_tables, random_text_for
from .test_reference import reference_normalize

needs_c = pytest.mark.skipif(trie.BACKEND != "c", reason="the C trie is not built here")

#: Pieces around which the C pre-check of protected tokens must agree with the full check.
TOKEN_PIECES = ["/", "\\", "@", "#", ":", "::", "://", "www.", ".", ".x", "x.", ")", "(", "\u201d", "_", "..", ".)x",
                # apostrophe look-alikes, two of them letters (word characters): they end a first word
                "\u2019", "\u02bc", "\u02b9", "\u2032", "a\u02bc", "\u0301", "\u200d",
                # the token rule's own signals (issue 12): roots, abbreviations, zones, markup, quotes
                "www.", "WWW.", "e.g.", "U.S.", "i.e.", "vs.", "./", "~/", "C:", "C:/", "docs/", "Europe/", "Etc/",
                "Europe/Kiev", "https://x.org", "http://", "mailto:", "a@b", "@", "#", ".txt", "-", "\"", "<", ">",
                "</", "=", "%", "+", "$", "~", "'", "[", "]"]


def _both(n: Normalizer):
    m = n.matcher
    return trie.build(m.patterns, m.flags, "c"), trie.build(m.patterns, m.flags, "python")


def _texts_for(n: Normalizer):
    return st.lists(st.one_of(random_text_for(n), st.sampled_from(TOKEN_PIECES + NAME_PIECES)), max_size=12) \
        .map("".join)


@needs_c
@given(st.data())
def test_c_and_python_tries_find_the_same(data):
    n = data.draw(random_tables())
    text = data.draw(_texts_for(n))
    c, py = _both(n)
    regions, _ = find_regions(text, 0, len(text), ScanState(), True)
    overlaps = regions.overlaps if regions else None
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    for args in ((0, len(text), in_protected_token, overlaps), (lo, hi, in_protected_token, None), (0, len(text))):
        assert c.find(text, *args) == py.find(text, *args)


@needs_c
@given(st.data())
def test_c_and_python_tries_replace_the_same(data):
    n = data.draw(random_tables())
    text = data.draw(_texts_for(n))
    c, py = _both(n)
    m = n.matcher
    regions, _ = find_regions(text, 0, len(text), ScanState(), data.draw(st.booleans()))
    overlaps = regions.overlaps if regions else None
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    for a, b in ((0, len(text)), (lo, hi)):
        args = (text, a, b, in_protected_token, overlaps)
        assert c.replace(*args, [None] * len(m.patterns), m.replacement, transfer_whitespace) \
            == py.replace(*args, [None] * len(m.patterns), m.replacement, transfer_whitespace)


@needs_c
def test_builtin_tables_find_the_same_in_both_tries(news):
    text = " ".join(NAME_PIECES * 3) + " " + " ".join(news.matcher.patterns[::7])
    c, py = _both(news)
    assert c.find(text, 0, len(text), in_protected_token) == py.find(text, 0, len(text), in_protected_token)


@contextlib.contextmanager
def python_backend():
    """Normalizers compiled inside use the pure-Python trie (no cache: entries hold C blobs)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(trie, "BACKEND", "python")
        mp.setattr(normalizer_module, "_compiled", {})
        mp.setenv("TRANSLIT_NORMALIZE_CACHE", "off")
        yield


@given(st.data())
def test_python_twin_agrees_with_reference(data):
    with python_backend():
        n = data.draw(random_tables())
        assert isinstance(n.matcher.trie, trie.PyTrie)
        text = data.draw(random_text_for(n))
        assert n.normalize(text) == reference_normalize(n, text)


@needs_c
def test_blob_round_trip(news):
    t = news.matcher.trie
    again = trie.load(bytes(t.blob))
    text = " ".join(NAME_PIECES)
    assert again.find(text, 0, len(text)) == t.find(text, 0, len(text))
    assert (again.nodes, again.patterns) == (t.nodes, t.patterns)


@needs_c
@given(st.data())
def test_damaged_blobs_are_refused_or_stay_in_bounds(news, data):
    """Any byte changed: the loader refuses it, or the trie it accepts never reads out of range."""
    blob = bytearray(news.matcher.trie.blob)
    for _ in range(data.draw(st.integers(1, 4))):
        blob[data.draw(st.integers(0, len(blob) - 1))] = data.draw(st.integers(0, 255))
    try:
        t = trie.load(bytes(blob))
    except ValueError:
        return
    text = " ".join(NAME_PIECES)
    for s, e, pid, _ in t.find(text, 0, len(text)):
        assert 0 <= s < e <= len(text) and 0 <= pid < t.patterns


@needs_c
@pytest.mark.parametrize("blob", [b"", b"TNT1", b"\0" * 64, b"x" * 1001])
def test_foreign_bytes_are_not_a_trie(blob):
    with pytest.raises(ValueError):
        trie.load(blob)


@needs_c
def test_build_refuses_unsorted_or_empty_patterns():
    with pytest.raises(ValueError):
        trie.build(["b", "a"], b"\0\0", "c")
    with pytest.raises(ValueError):
        trie.build(["", "a"], b"\0\0", "c")
    with pytest.raises(ValueError):
        trie.build(["a"], b"", "c")


def test_without_the_c_extension_everything_still_works(tmp_path):
    """A machine that could not compile _trie.c: the package imports, says so, and gives the same text."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    code = (
        "import sys; sys.modules['normalize.engine._trie'] = None\n"  # any import of it raises ImportError
        "from normalize import Normalizer\nfrom normalize.engine import trie\n"
        "assert trie.BACKEND == 'python', trie.BACKEND\n"
        "sys.stdout.write(Normalizer(context=()).normalize(sys.stdin.read()))\n"
    )
    sample = (root / "samples" / "wire-report.txt").read_text(encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "TRANSLIT_NORMALIZE_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(root)}
    r = subprocess.run([sys.executable, "-c", code], input=sample, capture_output=True, text=True, env=env,
                       encoding="utf-8")
    assert r.returncode == 0, r.stderr
    assert r.stdout == (root / "samples" / "wire-report.expected.txt").read_text(encoding="utf-8")


@needs_c
def test_cache_entries_cross_between_backends(tmp_path, monkeypatch, table_file):
    """An entry written with the C trie loads on a machine without it, and the other way round."""
    monkeypatch.setenv("TRANSLIT_NORMALIZE_CACHE", str(tmp_path / "cache"))
    text = "Vladimir Zelenskiy in Kiev, KRIVOY\nROG, Chicken Kiev, Cherson"
    expected = None
    for first, second in (("c", "python"), ("python", "c")):
        for entry in (tmp_path / "cache").glob("*.tnc"):
            entry.unlink()
        for backend in (first, second):
            monkeypatch.setattr(trie, "BACKEND", backend)
            monkeypatch.setattr(normalizer_module, "_compiled", {})
            n = Normalizer([table_file], builtin=False, context=())
            assert isinstance(n.matcher.trie, trie.PyTrie) == (backend == "python")
            out = n.normalize(text)
            expected = expected or out
            assert out == expected
    assert expected != text


@needs_c
def test_a_long_call_can_be_interrupted(news):
    """Signal handlers run during a long walk (Ctrl-C in a notebook), not after it: the walk
    interrupted by a timer has stepped through less of the text than a whole walk does."""
    import gc
    import signal

    class Interrupted(Exception):
        pass

    def handler(signum, frame):
        raise Interrupted

    t = news.matcher.trie
    text = "Kiev and Kharkov, said Zelensky. " * 3_000_000  # ~100 MB: far more than 10 ms of work
    before = trie.steps()
    t.find(text, 0, len(text))
    whole = trie.steps() - before
    old = signal.signal(signal.SIGALRM, handler)
    gc.disable()  # (hypothesis hooks the collector: a handler run inside its callback is swallowed)
    try:
        before = trie.steps()
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        with pytest.raises(Interrupted):
            t.find(text, 0, len(text))
            pytest.fail("the walk ran to its end")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        gc.enable()
    assert trie.steps() - before < whole


def test_version_says_which_matching_core_runs():
    from click.testing import CliRunner

    from normalize.cli.command import main

    out = CliRunner().invoke(main, ["--version"]).output
    assert "version" in out and f"({trie.describe()})" in out
    assert ("matching core: C" in out) == (trie.BACKEND == "c")


@pytest.mark.parametrize("apostrophe", list(APOSTROPHES))
def test_every_apostrophe_look_alike_inside_names(news, apostrophe):
    """Two look-alikes are letters (U+02BC, U+02B9): a first word must still end at them."""
    n = Normalizer([parse_table(NEWS_TABLE, "news.toml")], builtin=False, generate=False, context=())
    text = " ".join(p.replace("'", apostrophe).replace("\u2019", apostrophe) for p in NAME_PIECES)
    assert n.normalize(text) == reference_normalize(n, text)
    assert n.normalize("Zelens" + apostrophe + "kyj") == "Zelenskyy"
