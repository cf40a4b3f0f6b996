"""Crafted compiled-table cache entries with valid checksums, and what loading one may do.

Shared by the atheris harness ``fuzz/fuzz_cache.py`` and its bounded hypothesis counterpart
``tests/test_fuzz_cache_entries.py``. No atheris here.

A baseline entry is built from a small table (:class:`Baseline`). A fuzz input is a body for
that entry (:func:`decode`): one mode byte, the sizes of the first six sections (uint16 LE
each), then the sections' bytes, the trie blob taking the rest. The header is recomputed
around it (CRC-32, section sizes; the counts from the baseline or, by the mode bits, from the
body), so every input passes the checksum and reaches the structural checks. :func:`check`
writes it as a cache entry and loads it. Allowed outcomes:

- refused: ``cache.load`` gives None (a miss) and ``Matcher.from_parts`` raises ValueError or
  TypeError (its documented errors) with the C trie and with the Python twin alike;
- accepted by both backends: on a fixed text (the table's names, quoted, plus every pattern of
  the loaded entry) the C-loaded matcher, the twin's matcher and a matcher built afresh from
  the entry's decoded surfaces give the same output and matches, the stream (7-character
  chunks) gives the same output as the whole text, and if the surfaces are the baseline's
  the output is the baseline's.

The trie blob alone is also checked both ways (``Trie.load`` + ``has_patterns`` + flags in C,
``trie.check_blob`` in Python): same accept/refuse, same reach.
"""

from __future__ import annotations

import os
import struct
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normalize import Normalizer, __version__
from normalize.engine import cache, trie
from normalize.engine.matcher import Matcher
from normalize.engine.rewrite import normalize_text, scan_text, stream

TABLE = """
[[entity]]
canonical = "Kyiv"
source = "Київ"
lang = "uk"
variants = ["Kiev", "Kijów"]
except = ["Chicken Kiev"]

[[entity]]
canonical = "Kryvyi Rih"
variants = ["Krivoy Rog"]

[[entity]]
canonical = "Zelenskyy"
variants = ["Zelens'kyj", "Zelensky"]
except = ["Zelensky Street"]

[[entity]]
canonical = "Kyïv Café"
variants = ["Kiev Cafe"]
"""

TEXT = ("Kiev, ‘Kiev’, Kiev’s, \"KIEV\", “Kijów”, Kiev' Kievʼ Kievʹ Kiev′ Chicken Kiev, chicken kiev;\n"
        "Krivoy  Rog, KRIVOY\nROG, Zelens'kyj, Zelens’kyj, ZELENSKY Street, Zelensky Street, Kiev Cafe.\n"
        "Kyjiv Kyyiv Kȳyiv Kiïv KIIV; KievX xKiev Kiev-Cafe")

KEY = "f" * 64  # the entry's name in the harness's own cache folder
N_HEAD = 6  # sections whose sizes the input gives; the last (the trie blob) takes the rest
REFUSALS = (ValueError, TypeError)  # what Matcher.from_parts may raise (its docstring)


@dataclass
class Baseline:
    counts: dict[str, int]
    sections: list[bytes]
    good: str  # the baseline's output on TEXT
    surfaces: dict[str, tuple[str, bool]]  # pattern -> (replacement, block)
    folder: Path  # the cache folder it was stored in (TRANSLIT_NORMALIZE_CACHE while checking)

    @classmethod
    def build(cls, workdir: Path) -> Baseline:
        """The entry of TABLE; the caller has pointed TRANSLIT_NORMALIZE_CACHE at a private folder."""
        table = workdir / "fuzz-cache-table.toml"
        table.write_text(TABLE, encoding="utf-8")
        m = Normalizer([table], builtin=False).matcher
        counts, sections = m.to_parts()
        cache.store(KEY, __version__, m)
        assert cache.load(KEY, __version__) is not None, "the baseline entry is not read back"
        folder = cache.cache_dir()
        assert folder is not None
        return cls(counts, sections, normalize_text(m, TEXT), _surfaces(m), folder)

    def seeds(self) -> list[bytes]:
        return [encode(mode, self.sections) for mode in (0, 1, 2, 7)]


def encode(mode: int, sections: Sequence[bytes]) -> bytes:
    head = struct.pack(f"<B{N_HEAD}H", mode, *(min(len(s), 0xFFFF) for s in sections[:N_HEAD]))
    return head + b"".join(sections)


def decode(data: bytes) -> tuple[int, list[bytes]]:
    """(mode, the seven sections) of a fuzz input; sizes that overrun the input are cut short."""
    data = data.ljust(1 + 2 * N_HEAD, b"\0")
    mode, *sizes = struct.unpack_from(f"<B{N_HEAD}H", data)
    rest, pos, out = data[1 + 2 * N_HEAD:], 0, []
    for n in sizes:
        out.append(rest[pos:pos + n])
        pos += n
    out.append(rest[pos:])
    return mode, out


def _surfaces(m: Matcher) -> dict[str, tuple[str, bool]]:
    return {p: (m.rule(i).replacement, m.rule(i).block) for i, p in enumerate(m.patterns)}


def _counts(base: Baseline, mode: int, sections: list[bytes]) -> dict[str, int]:
    counts = dict(base.counts)
    if mode & 1:  # as many patterns as flags: lets a mutation add or remove patterns
        counts["patterns"] = len(sections[4])
    if mode & 2:  # the reach the blob claims (or the baseline's if it is no trie)
        try:
            strings = sections[0].decode("utf-8")
            counts["reach"] = trie.check_blob(sections[6], strings, _ints(sections[1]), sections[4])
        except (ValueError, TypeError, IndexError, OverflowError, struct.error):
            pass
    if mode & 4:
        counts["size"] = counts["patterns"]
    return counts


def _ints(raw: bytes) -> array[int]:
    a = array("i")
    a.frombytes(raw)
    return a


def write_entry(base: Baseline, mode: int, sections: list[bytes]) -> dict[str, int]:
    """The entry file for these sections, with a valid checksum; returns its counts."""
    counts = _counts(base, mode, sections)
    body = b"".join(sections)
    head = cache._header({"format": str(cache.FORMAT), "version": __version__, "key": KEY,
                          "crc32": str(zlib.crc32(body)), "sections": ",".join(str(len(s)) for s in sections),
                          **{k: str(v) for k, v in counts.items()}})
    d = cache.cache_dir()
    assert d is not None
    fd = os.open(d / f"{KEY}.tnc", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "wb") as f:
        f.write(head + body)
    return counts


def _from_parts(counts: dict[str, Any], sections: list[bytes], python: bool) -> Matcher | None:
    saved = trie.BACKEND, trie._trie
    if python:
        trie.BACKEND, trie._trie = "python", None
    try:
        return Matcher.from_parts(counts, [memoryview(s) for s in sections])
    except REFUSALS:
        return None
    finally:
        trie.BACKEND, trie._trie = saved


def _blob_both_ways(sections: list[bytes]) -> None:
    """Trie.load + has_patterns + flags (C) and check_blob (Python) agree on the blob alone,
    for string tables and offsets that pass check_entry (the order from_parts checks in)."""
    if trie._trie is None:
        return
    try:
        strings = sections[0].decode("utf-8")
        offsets, rules, rule_of = _ints(sections[1]), _ints(sections[2]), _ints(sections[3])
    except ValueError:
        return
    flags = bytes(sections[4])
    if (len(offsets) == 0 or len(rule_of) != len(flags)
            or not trie.check_entry(strings, offsets, rules, rule_of, flags, 8, backend="python")):
        return
    c_reach: int | None
    try:
        t = trie.load(bytes(sections[6]))
        ok = t.patterns == len(flags) and t.flags == flags and t.has_patterns(strings, offsets)
        c_reach = t.reach if ok else None
    except ValueError:
        c_reach = None
    py_reach: int | None
    try:
        py_reach = trie.check_blob(sections[6], strings, offsets, flags)
    except ValueError:
        py_reach = None
    assert c_reach == py_reach, f"the blob: C trie reach {c_reach}, Python twin {py_reach}"


def _spans(m: Matcher, text: str) -> list[tuple[int, int, str]]:
    return [(x.start, x.end, x.replacement) for x in scan_text(m, text)]


def check(base: Baseline, data: bytes) -> str:
    """Load the entry ``data`` makes; raise AssertionError unless the outcome is allowed.
    Returns "refused", "same" (the baseline's surfaces) or "changed" (other surfaces)."""
    mode, sections = decode(data)
    counts = write_entry(base, mode, sections)
    _blob_both_ways(sections)
    loaded = cache.load(KEY, __version__)  # only a miss or a matcher may come out
    c = _from_parts(counts, sections, python=False)
    py = _from_parts(counts, sections, python=True)
    assert (loaded is None) == (c is None), f"cache.load {'refused' if loaded is None else 'accepted'}, " \
        f"from_parts {'refused' if c is None else 'accepted'}"
    assert (c is None) == (py is None), f"C {'refused' if c is None else 'accepted'}, " \
        f"Python twin {'refused' if py is None else 'accepted'}"
    if c is None or py is None or loaded is None:
        return "refused"
    surfaces = _surfaces(c)
    assert _surfaces(py) == surfaces, "the backends read different surfaces"
    text = TEXT + "\n" + " ".join(list(surfaces)[:200])
    fresh = Matcher({p: c.rule(i) for i, p in enumerate(c.patterns)}, c.dropped, backend="c")
    want = normalize_text(fresh, text)
    for name, m in (("cache.load", loaded), ("C", c), ("Python twin", py)):
        assert m.reach == fresh.reach, f"{name}: reach {m.reach}, built afresh {fresh.reach}"
        assert normalize_text(m, text) == want, f"{name}: output differs from a matcher built afresh"
        assert _spans(m, text) == _spans(fresh, text), f"{name}: matches differ from a matcher built afresh"
    chunks = (text[i:i + 7] for i in range(0, len(text), 7))
    assert "".join(stream(c, chunks, False, False)) == want, "stream differs from whole text"
    if surfaces == base.surfaces:
        assert normalize_text(c, TEXT) == base.good, "the baseline's surfaces, another output"
        return "same"
    return "changed"

