"""The C trie against hostile callers (issue 14, findings 5 and 16): bad replacement lists and
callbacks that change them give clean errors, never a crash, and the C trie and its Python twin
accept, refuse and answer the same for odd patterns and ranges."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize.engine import trie
from normalize.rules.rule import APOSTROPHES

needs_c = pytest.mark.skipif(trie.BACKEND != "c", reason="the C trie is not built here")
BACKENDS = [pytest.param("c", marks=needs_c), "python"]
PATTERNS = ["Kiev", "Kim Jong", "Odessa"]
FLAGS = bytes([0, trie.FLAG_MULTI, 0])
TEXT = "Kiev and Kim\nJong and Odessa, Kiev."

# ------------------------------------------------------------------------- finding 5: crashes

CRASHES = {
    # a non-str slot in the list the C code reads replacements from
    "non-str-slot": """
        from normalize import Normalizer, parse_table
        from tests.conftest import NEWS_TABLE
        n = Normalizer(tables=[parse_table(NEWS_TABLE, "news.toml")], builtin=False, context=())
        reps = n.matcher.replacements()
        reps[:] = [12345] * len(reps)
        n.normalize("Kiev Cherson")
    """,
    # the same, straight to the C trie (this one segfaulted the process before the fix)
    "non-str-slot-direct": """
        from normalize.engine import trie
        t = trie.build(["Kiev", "Odessa"], b"\\0\\0", "c")
        t.replace("Kiev", 0, 4, None, None, [7, None], lambda pid: "x", lambda f, r: r)
    """,
    # a fill callback that empties the list
    "fill-shrinks": """
        from normalize.engine import trie
        t = trie.build(["Kiev", "Odessa"], b"\\0\\0", "c")
        reps = [None, None]
        def fill(pid):
            reps.clear()
            return "Kyiv"
        t.replace("Kiev Odessa Kiev", 0, 16, None, None, reps, fill, lambda f, r: r)
    """,
    # a fill callback that replaces the slot's object and drops every other reference to it
    "fill-replaces": """
        from normalize.engine import trie
        t = trie.build(["Kiev", "Odessa"], b"\\0\\0", "c")
        reps = [None, None]
        def fill(pid):
            reps[:] = [object(), object()]
            return "Kyiv" + str(pid)
        t.replace("Kiev Odessa Kiev Odessa", 0, 23, None, None, reps, fill, lambda f, r: r)
    """,
    # a transfer callback that empties the list under a held replacement
    "transfer-shrinks": """
        from normalize.engine import trie
        t = trie.build(["Kim Jong"], bytes([trie.FLAG_MULTI]), "c")
        reps = ["Kim Jong Un"]
        def transfer(found, rep):
            reps.clear()
            return rep
        t.replace("Kim\\nJong Kim\\nJong", 0, 17, None, None, reps, lambda pid: "x", transfer)
    """,
    # fill returning something that is not a str
    "fill-not-str": """
        from normalize.engine import trie
        t = trie.build(["Kiev"], b"\\0", "c")
        t.replace("Kiev", 0, 4, None, None, [None], lambda pid: b"Kyiv", lambda f, r: r)
    """,
}


@needs_c
@pytest.mark.parametrize("case", sorted(CRASHES))
def test_hostile_replacement_lists_are_clean_errors_not_crashes(case):
    code = textwrap.dedent(CRASHES[case])
    wrapped = ("import sys\ntry:\n" + textwrap.indent(code, "    ")
               + "\nexcept (TypeError, ValueError) as e:\n    print('clean', type(e).__name__)\n"
               "else:\n    print('no error')\n")
    r = subprocess.run([sys.executable, "-c", wrapped], capture_output=True, text=True, timeout=120,
                       cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert r.returncode not in (-11, 139, -6, 134), r.stderr
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("clean"), (r.stdout, r.stderr)


@pytest.mark.parametrize("backend", BACKENDS)
def test_both_backends_give_the_same_errors_for_bad_lists(backend):
    t = trie.build(["Kiev", "Odessa"], b"\0\0", backend)
    ok = t.replace("Kiev Odessa", 0, 11, None, None, [None, None], lambda pid: ["Kyiv", "Odesa"][pid],
                   lambda f, r: r)
    assert ok == ("Kyiv Odesa", 11)
    with pytest.raises(TypeError):
        t.replace("Kiev", 0, 4, None, None, [7, None], lambda pid: "x", lambda f, r: r)  # type: ignore[list-item]
    with pytest.raises(ValueError):
        t.replace("Kiev", 0, 4, None, None, [None], lambda pid: "x", lambda f, r: r)
    reps: list[str | tuple[str] | None] = [None, None]

    def shrink(pid: int) -> str:
        reps.clear()
        return "Kyiv"

    with pytest.raises(ValueError):
        t.replace("Kiev Odessa", 0, 11, None, None, reps, shrink, lambda f, r: r)
    with pytest.raises(TypeError):
        t.replace("Kiev", 0, 4, None, None, [None, None], lambda pid: 5, lambda f, r: r)  # type: ignore[arg-type,return-value]


# ------------------------------------------------- finding 16: the twin and the C trie agree


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("pattern", [" Kiev", "Kiev ", "\tKiev", "Kiev\n", "\u00a0Kiev", "Kim Jong\u2003", " "])
def test_patterns_with_whitespace_at_an_end_are_refused_by_both(backend, pattern):
    with pytest.raises(ValueError):
        trie.build(sorted(["Odessa", pattern]), b"\0\0", backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_unknown_flag_bits_are_refused_by_both(backend):
    with pytest.raises(ValueError):
        trie.build(["Kiev"], b"\x08", backend)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("lo", "hi"), [(-1, 5), (0, -1), (-5, -1), (-100, 100)])
def test_negative_range_ends_are_refused_by_both(backend, lo, hi):
    t = trie.build(PATTERNS, FLAGS, backend)
    with pytest.raises(ValueError):
        t.find(TEXT, lo, hi)
    with pytest.raises(ValueError):
        t.replace(TEXT, lo, hi, None, None, [None] * 3, lambda pid: "X", lambda f, r: r)


def _call(t, method, *args):
    try:
        return getattr(t, method)(*args)
    except ValueError:
        return "ValueError"


@needs_c
@given(lo=st.integers(-50, 60), hi=st.integers(-50, 60),
       text=st.lists(st.sampled_from(["Kiev", " ", "\n", "Kim", "Jong", "Odessa", ",", "x", "\u2003"]),
                     max_size=12).map("".join))
def test_c_and_python_agree_on_any_range(lo, hi, text):
    c, py = trie.build(PATTERNS, FLAGS, "c"), trie.build(PATTERNS, FLAGS, "python")
    assert _call(c, "find", text, lo, hi) == _call(py, "find", text, lo, hi)
    args = (text, lo, hi, None, None)
    assert (_call(c, "replace", *args, [None] * 3, lambda pid: "X", lambda f, r: r)
            == _call(py, "replace", *args, [None] * 3, lambda pid: "X", lambda f, r: r))


@needs_c
@given(st.lists(st.text(alphabet="ab \t\u00a0'\u2019", min_size=1, max_size=5), min_size=1, max_size=5, unique=True))
def test_c_and_python_accept_and_refuse_the_same_patterns(pats):
    pats = sorted(pats)
    flags = bytes(trie.FLAG_MULTI if " " in p else 0 for p in pats)
    results: list[object] = []
    for backend in ("c", "python"):
        try:
            t = trie.build(pats, flags, backend)
        except ValueError:
            results.append("refused")
        else:
            text = " ".join(pats) + "\ta\u00a0b ' a"
            results.append((t.find(text, 0, len(text)), t.reach, t.flags))
    assert results[0] == results[1]


# ------------------------------------------- the loaders' checks: C and Python refuse alike


@needs_c
@given(st.data())
def test_c_loader_and_python_check_blob_agree_on_damaged_blobs(data):
    pats = sorted(["Kiev", "Kim Jong", "Kim Jong Un", "Odessa", "Od'sa"])
    flags = bytes(trie.FLAG_MULTI if " " in p else 0 for p in pats)
    strings = "\0".join(pats) + "\0"
    from array import array
    from itertools import accumulate

    offsets = array("i", accumulate((len(p) + 1 for p in pats), initial=0))
    blob = bytearray(trie.build(pats, flags, "c").blob or b"")
    assert trie._trie is not None
    for _ in range(data.draw(st.integers(1, 3))):
        blob[data.draw(st.integers(0, len(blob) - 1))] = data.draw(st.sampled_from([0, 1, 2, 3, 32, 255]))
    c: object
    py: object
    try:
        t = trie._trie.Trie.load(bytes(blob), APOSTROPHES, trie.GAP_MAX)
        c = t.reach if t.has_patterns(strings, offsets) and t.flags == flags else "refused"
    except ValueError:
        c = "refused"
    try:
        py = trie.check_blob(blob, strings, offsets, flags)
    except ValueError:
        py = "refused"
    assert c == py


@needs_c
@given(st.binary(max_size=40) | st.sampled_from([b'[]', b'[["a","b","c"]]', b'[["\\u00e9","\\n","\\""],["","",""]]',
                                                  b'[["a","b","c"],]', b'[["a","b","\\u12"]]', b'[["a","b","c"]]]']))
def test_dropped_check_agrees(raw):
    assert trie.check_dropped(raw, "c") == trie.check_dropped(raw, "python")
