"""The compiled-table cache under attack (issue 14, findings 2, 8 and 21): an unsafe folder is not
used, crafted entries with valid checksums are refused (by both backends alike), special files
and huge entries are never read, and the folder stays bounded."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from normalize import Normalizer, __version__, normalizer
from normalize.engine import cache, trie
from normalize.engine.matcher import Matcher

from .conftest import NEWS_TABLE

needs_c = pytest.mark.skipif(trie.BACKEND != "c", reason="the C trie is not built here")
posix_only = pytest.mark.skipif(os.name != "posix", reason="owner and mode bits are POSIX")
TEXT = "Vladimir Zelenskiy in Kiev, KRIVOY\nROG, Chicken Kiev, Cherson"


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("TRANSLIT_NORMALIZE_CACHE", str(d))
    monkeypatch.setattr(normalizer, "_compiled", {})
    monkeypatch.setattr(cache, "_warned", set(), raising=False)
    return d


def _fresh(monkeypatch):
    monkeypatch.setattr(normalizer, "_compiled", {})


def _entries(d: Path) -> list[Path]:
    return sorted(d.glob("*.tnc"))


def _good(table_file) -> str:
    n = Normalizer([table_file], builtin=False)
    return n.normalize(TEXT)


# ------------------------------------------------------------------ the folder (finding 2)


@posix_only
def test_folder_is_created_0700_whatever_the_umask(cache_dir, table_file):
    old = os.umask(0)
    try:
        _good(table_file)
    finally:
        os.umask(old)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    [entry] = _entries(cache_dir)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


@posix_only
@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757, 0o1777])
def test_folder_writable_by_others_is_not_used(cache_dir, table_file, monkeypatch, caplog, mode):
    good = _good(table_file)
    [entry] = _entries(cache_dir)
    planted = entry.read_bytes()
    os.chmod(cache_dir, mode)
    entry.unlink()
    _fresh(monkeypatch)
    assert _good(table_file) == good  # compiled, not cached
    assert _entries(cache_dir) == []  # nothing written into it either
    entry.write_bytes(planted)  # an entry someone else could have planted is not read
    assert cache.load(cache._parse_header(planted.partition(b"\n")[0])["key"], __version__) is None
    warnings = [r for r in caplog.records if r.name == "normalize.cache"]
    assert len(warnings) == 1 and "writable by group or others" in warnings[0].getMessage()



@posix_only
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_folder_owned_by_another_user_is_not_used(cache_dir, table_file, monkeypatch, caplog):
    good = _good(table_file)
    [entry] = _entries(cache_dir)
    key = cache._parse_header(entry.read_bytes().partition(b"\n")[0])["key"]
    os.chown(cache_dir, 65534, 65534)
    assert cache.load(key, __version__) is None
    _fresh(monkeypatch)
    assert _good(table_file) == good
    assert any("owned by another user" in r.getMessage() for r in caplog.records)


@posix_only
def test_warning_is_one_line_on_stderr_and_output_is_right(tmp_path, table_file):
    d = tmp_path / "shared"
    d.mkdir()
    os.chmod(d, 0o777)
    env = {**os.environ, "TRANSLIT_NORMALIZE_CACHE": str(d)}
    r = subprocess.run([sys.executable, "-m", "normalize", "--no-builtin", "--table", str(table_file)],
                       input="Kiev\n", capture_output=True, text=True, env=env, timeout=60)
    assert r.stdout == "Kyiv\n"
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("translit-normalize: warning: cache folder") and "writable" in lines[0]
    assert list(d.iterdir()) == []


@posix_only
def test_entry_file_writable_by_others_is_not_read(cache_dir, table_file, monkeypatch):
    _good(table_file)
    [entry] = _entries(cache_dir)
    key = cache._parse_header(entry.read_bytes().partition(b"\n")[0])["key"]
    assert cache.load(key, __version__) is not None
    os.chmod(entry, 0o666)
    assert cache.load(key, __version__) is None


def test_default_folder_is_platformdirs(monkeypatch):
    platformdirs = pytest.importorskip("platformdirs")
    monkeypatch.delenv("TRANSLIT_NORMALIZE_CACHE", raising=False)
    for xdg, home in [(None, "/home/u"), ("/x/cache", "/home/u"), ("relative", "/home/u"), ("", "/h")]:
        if xdg is None:
            monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        monkeypatch.setenv("HOME", home)
        assert cache.cache_dir() == Path(platformdirs.user_cache_dir("translit-normalize"))


# ------------------------------------------------- crafted entries, valid checksum (finding 2)


def _split(entry: Path):
    head, _, body = entry.read_bytes().partition(b"\n")
    meta = cache._parse_header(head)
    sections, pos = [], 0
    for size in meta["sections"].split(","):
        sections.append(bytearray(body[pos:pos + int(size)]))
        pos += int(size)
    return meta, sections


def _join(meta, sections) -> bytes:
    body = b"".join(bytes(s) for s in sections)
    meta = {**meta, "crc32": str(zlib.crc32(body)), "sections": ",".join(str(len(s)) for s in sections)}
    return cache._header(meta) + body


def _i32(b: bytearray, i: int, v: int) -> None:
    b[4 * i:4 * i + 4] = v.to_bytes(4, "little", signed=True)


def _get32(b: bytearray, i: int) -> int:
    return int.from_bytes(b[4 * i:4 * i + 4], "little", signed=True)


def _trie_words(blob: bytearray):
    nodes, edges = _get32(blob, 1), _get32(blob, 2)
    return nodes, edges, 6, 6 + 2 * (nodes + 1)  # nodes, edges, first node word, first edge word


def _other_blob(patterns):
    assert trie._trie is not None
    return bytearray(trie._trie.Trie.build(patterns, bytes(len(patterns)), "'", trie.GAP_MAX).blob)


def _craft(kind: str, meta, s):
    strings, offsets, rules, rule_of, flags, dropped, blob = s
    if kind == "offsets-garbage":
        _i32(offsets, 3, 10**6)
    elif kind == "offsets-backwards":
        _i32(offsets, 2, _get32(offsets, 1) - 1)
    elif kind == "offsets-shifted":  # still rising, still in range, but off the NULs
        _i32(offsets, 2, _get32(offsets, 2) + 1)
    elif kind == "strings-extra-nul":
        i = strings.index(b"\0")
        strings[i - 1:i] = b"\0"
    elif kind == "strings-longer":
        strings += b"xx\0"
    elif kind == "rule-block-2":
        _i32(rules, 7, 2)
    elif kind == "flags-no-block":  # a blocker (an exception phrase) that no longer blocks
        k = next(i for i, f in enumerate(flags) if f & trie.FLAG_BLOCK)
        flags[k] &= ~trie.FLAG_BLOCK
        _set_blob_flag(blob, k, flags[k])
    elif kind == "flags-unknown-bit":
        flags[0] |= 8
        _set_blob_flag(blob, 0, flags[0])
    elif kind == "flags-no-multi":
        k = next(i for i, f in enumerate(flags) if f & trie.FLAG_MULTI)
        flags[k] &= ~trie.FLAG_MULTI
        _set_blob_flag(blob, k, flags[k])
    elif kind == "flags-differ":  # the section and the trie's own flags disagree
        k = next(i for i, f in enumerate(flags) if not f & trie.FLAG_BLOCK)
        _set_blob_flag(blob, k, flags[k] | trie.FLAG_BLOCK)
    elif kind == "empty-replacement":  # would delete every match
        i = _get32(rules, 0)
        strings[_get32(offsets, i):_get32(offsets, i + 1)] = b"\0"
        delta = _get32(offsets, i + 1) - _get32(offsets, i) - 1
        for j in range(i + 1, len(offsets) // 4):
            _i32(offsets, j, _get32(offsets, j) - delta)
    elif kind == "gap-0":
        _i32(blob, 4, 0)
    elif kind == "gap-huge":
        _i32(blob, 4, 1 << 30)
    elif kind == "gap-other":
        _i32(blob, 4, trie.GAP_MAX + 1)
    elif kind == "reach-huge":
        meta["reach"] = str(1 << 40)
    elif kind == "reach-small":
        meta["reach"] = "1"
    elif kind.startswith("dropped-"):
        s[5] = bytearray({"dropped-deep": b"[" * 100_000 + b"]" * 100_000, "dropped-ints": b"[[1,2,3]]",
                          "dropped-short": b'[["a","b"]]', "dropped-space": b'[ ["a","b","c"]]',
                          "dropped-object": b'{"a":1}', "dropped-bad-escape": b'[["\\x","b","c"]]',
                          "dropped-truncated": b'[["a","b","c"]'}[kind])
    elif kind == "trie-of-other-patterns":  # same count, other names: would rewrite arbitrary text
        n = len(rule_of) // 4
        s[6] = _other_blob([f"Word{i:05d}" for i in range(n)])
    elif kind == "trie-dead-branch":
        n = len(rule_of) // 4
        pats = [f"Q{i:05d}" for i in range(n)]
        b = _other_blob(pats)
        s[6] = b
        nodes, edges, nw, ew = _trie_words(b)
        _i32(b, nw + 2 * (nodes - 1) + 1, -1)  # the last leaf ends no pattern
    elif kind == "trie-root-term":
        _i32(blob, 6 + 1, 0)
    elif kind == "trie-leading-space":
        n = len(rule_of) // 4
        s[6] = _other_blob([f"Z{i:05d}" for i in range(n)])
        nodes, edges, nw, ew = _trie_words(s[6])
        _i32(s[6], ew, ord(" "))  # the root's first (smallest) edge now reads a space
    else:
        raise AssertionError(kind)


def _set_blob_flag(blob: bytearray, k: int, value: int) -> None:
    nodes, edges, nw, ew = _trie_words(blob)
    blob[4 * (ew + 2 * edges) + k] = value


CRAFTED = ["offsets-garbage", "offsets-backwards", "offsets-shifted", "strings-extra-nul", "strings-longer",
           "rule-block-2", "flags-no-block", "flags-unknown-bit", "flags-no-multi", "flags-differ",
           "empty-replacement", "gap-0", "gap-huge", "gap-other", "reach-huge", "reach-small",
           "dropped-deep", "dropped-ints", "dropped-short", "dropped-space", "dropped-object",
           "dropped-bad-escape", "dropped-truncated", "trie-of-other-patterns", "trie-dead-branch",
           "trie-root-term", "trie-leading-space"]


@needs_c
@pytest.mark.parametrize("kind", CRAFTED)
def test_crafted_entry_with_valid_checksum_is_rebuilt(cache_dir, table_file, monkeypatch, kind):
    good = _good(table_file)
    [entry] = _entries(cache_dir)
    meta, sections = _split(entry)
    _craft(kind, meta, sections)
    crafted = _join(meta, sections)
    entry.write_bytes(crafted)
    assert cache.load(meta["key"], __version__) is None  # refused: a miss, no exception
    _fresh(monkeypatch)
    n = Normalizer([table_file], builtin=False)
    assert n.normalize(TEXT) == good
    assert n.matcher.reach < 1000
    assert entry.read_bytes() != crafted  # rebuilt
    assert cache.load(meta["key"], __version__) is not None


@needs_c
@pytest.mark.parametrize("kind", CRAFTED)
def test_both_backends_refuse_the_same_crafted_entries(cache_dir, table_file, monkeypatch, kind):
    _good(table_file)
    [entry] = _entries(cache_dir)
    meta, sections = _split(entry)
    _craft(kind, meta, sections)
    counts = {k: int(meta[k]) for k in ("patterns", "reach", "size")}
    with pytest.raises(ValueError):
        Matcher.from_parts(counts, [bytes(s) for s in sections])
    monkeypatch.setattr(trie, "BACKEND", "python")
    monkeypatch.setattr(trie, "_trie", None)
    with pytest.raises(ValueError):
        Matcher.from_parts(counts, [bytes(s) for s in sections])


@needs_c
def test_good_entry_is_accepted_by_both_backends(cache_dir, table_file, monkeypatch):
    _good(table_file)
    [entry] = _entries(cache_dir)
    meta, sections = _split(entry)
    counts = {k: int(meta[k]) for k in ("patterns", "reach", "size")}
    c = Matcher.from_parts(counts, [bytes(s) for s in sections])
    monkeypatch.setattr(trie, "BACKEND", "python")
    monkeypatch.setattr(trie, "_trie", None)
    py = Matcher.from_parts(counts, [bytes(s) for s in sections])
    assert c.reach == py.reach == int(meta["reach"]) and c.flags == py.flags
    assert c.dropped == py.dropped


# ------------------------------------------------------- special files as entries (finding 8)


def _key(table_file) -> str:
    return cache.cache_key(__version__, [(str(table_file), table_file.read_bytes())], "generate=1")


def _run(code: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=timeout)


@posix_only
@pytest.mark.parametrize("special", ["fifo", "dev-zero-link", "folder", "sparse-2g"])
def test_special_or_huge_file_as_entry_is_not_read(cache_dir, table_file, monkeypatch, special):
    _good(table_file)
    [entry] = _entries(cache_dir)
    key = cache._parse_header(entry.read_bytes().partition(b"\n")[0])["key"]
    entry.unlink()
    if special == "fifo":
        os.mkfifo(entry)
    elif special == "dev-zero-link":
        entry.symlink_to("/dev/zero")
    elif special == "folder":
        entry.mkdir()
    else:
        with open(entry, "wb") as f:
            f.truncate(2 << 30)  # sparse: costs no disk, would cost 2 GiB of memory to read
    code = ("import resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
            "from normalize.engine import cache\n"
            f"print(cache.load({key!r}, {__version__!r}))\n")
    r = _run(code, {**os.environ, "TRANSLIT_NORMALIZE_CACHE": str(cache_dir)}, timeout=30)
    assert (r.returncode, r.stdout, r.stderr) == (0, "None\n", "")


def test_entry_larger_than_the_bound_is_not_read(cache_dir, table_file, monkeypatch):
    _good(table_file)
    [entry] = _entries(cache_dir)
    key = cache._parse_header(entry.read_bytes().partition(b"\n")[0])["key"]
    assert cache.load(key, __version__) is not None
    monkeypatch.setattr(cache, "MAX_ENTRY", entry.stat().st_size - 1)
    assert cache.load(key, __version__) is None


# ----------------------------------------------------------------------- pruning (finding 21)


def _tables(tmp_path: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        p = tmp_path / f"t{i}.toml"
        p.write_text(NEWS_TABLE.replace('"Cherson"', f'"Cherson", "Chersonx{i}"'), encoding="utf-8")
        out.append(p)
    return out


def test_folder_keeps_the_newest_entries(cache_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    made: list[Path] = []
    for t in _tables(tmp_path, 6):
        _fresh(monkeypatch)
        Normalizer([t], builtin=False)
        [new] = set(_entries(cache_dir)) - set(made)
        made.append(new)
        os.utime(new, (1_000_000 + len(made), 1_000_000 + len(made)))  # distinct, old ages: no touch on hit
    assert _entries(cache_dir) == sorted(made[-3:])


def test_folder_keeps_its_byte_bound_and_the_newest_entry(cache_dir, tmp_path, monkeypatch):
    tables = _tables(tmp_path, 3)
    Normalizer([tables[0]], builtin=False)
    size = _entries(cache_dir)[0].stat().st_size
    monkeypatch.setattr(cache, "MAX_TOTAL", 2 * size + size // 2)
    for t in tables[1:]:
        _fresh(monkeypatch)
        Normalizer([t], builtin=False)
    assert len(_entries(cache_dir)) == 2
    monkeypatch.setattr(cache, "MAX_TOTAL", 1)  # smaller than any entry: the newest stays anyway
    _fresh(monkeypatch)
    n = Normalizer([tables[0]], builtin=False)
    assert len(_entries(cache_dir)) in (1, 2)  # a hit on tables[0] stores nothing ...
    extra = tmp_path / "extra.toml"
    extra.write_text(NEWS_TABLE.replace('"Cherson"', '"Cherson", "Chersonyy"'), encoding="utf-8")
    _fresh(monkeypatch)
    Normalizer([extra], builtin=False)
    [only] = _entries(cache_dir)  # ... a store prunes down to the newest
    assert n.normalize("Kiev") == "Kyiv" and only.stat().st_size > 1


def test_twenty_edits_stay_bounded(cache_dir, tmp_path, monkeypatch):
    for t in _tables(tmp_path, 20):
        _fresh(monkeypatch)
        Normalizer([t], builtin=False)
    assert len(_entries(cache_dir)) <= cache.MAX_ENTRIES
    assert sum(e.stat().st_size for e in _entries(cache_dir)) <= cache.MAX_TOTAL


def test_stale_temporary_files_are_removed_fresh_ones_kept(cache_dir, tmp_path, table_file, monkeypatch):
    _good(table_file)
    stale, fresh = cache_dir / ".tmp-dead.tnc", cache_dir / ".tmp-busy.tnc"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"y")
    os.utime(stale, (1_000_000, 1_000_000))
    (cache_dir / "notes.txt").write_text("mine")
    _fresh(monkeypatch)
    Normalizer([_tables(tmp_path, 1)[0]], builtin=False)
    assert not stale.exists() and fresh.exists() and (cache_dir / "notes.txt").exists()
