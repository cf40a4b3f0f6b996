"""The compiled-table cache: used when valid, rebuilt when not, never trusted blindly."""

import zlib

import pytest

from normalize import Normalizer, __version__, normalizer
from normalize.engine import cache


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("TRANSLIT_NORMALIZE_CACHE", str(d))
    monkeypatch.setattr(normalizer, "_compiled", {})
    return d


def entries(d):
    return sorted(d.glob("*.tnc"))


def test_compiled_once_then_loaded(cache_dir, table_file, monkeypatch):
    first = Normalizer([table_file], builtin=False)
    [entry] = entries(cache_dir)
    monkeypatch.setattr(normalizer, "_compiled", {})
    monkeypatch.setattr(normalizer, "_compile", lambda tables: pytest.fail("compiled again"))
    second = Normalizer([table_file], builtin=False)
    text = "Vladimir Zelenskiy in Kiev, KRIVOY\nROG, Chicken Kiev"
    assert second.find(text) == first.find(text)
    assert entries(cache_dir) == [entry]


def test_content_change_is_a_new_entry(cache_dir, table_file):
    Normalizer([table_file], builtin=False)
    table_file.write_text(table_file.read_text(encoding="utf-8").replace('"Cherson"', '"Cherson", "Chersonu"'),
                          encoding="utf-8")
    n = Normalizer([table_file], builtin=False)
    assert n.normalize("Chersonu") == "Kherson"
    assert len(entries(cache_dir)) == 2


def test_a_changed_compiler_is_a_new_entry(cache_dir, table_file, monkeypatch):
    """An entry written by an older compiler is not served (found by fuzzing, issue 14: the
    apostrophe fix changed generation, and cached built-in tables kept the old spellings)."""
    Normalizer([table_file], builtin=False)
    real = normalizer._compiler_parts()
    assert {name for name, _ in real} >= {"<code>/rules/generation.py", "<code>/rules/expand.py"}
    assert all(data != b"<missing>" for _, data in real)
    changed = tuple((name, data + b"\n# changed") if name.endswith("generation.py") else (name, data)
                    for name, data in real)
    monkeypatch.setattr(normalizer, "_compiled", {})
    monkeypatch.setattr(normalizer, "_compiler_parts", lambda: changed)
    Normalizer([table_file], builtin=False)
    assert len(entries(cache_dir)) == 2


@pytest.mark.parametrize(
    "corrupt",
    [
        b"",
        b"{not a header",
        b"translit-normalize-cache format=1",
        "version",  # an entry from another version
        "rule",  # well-formed, checksummed, but indices out of range
        "trie",  # checksummed, but the trie's arrays do not hold together
        "count",  # checksummed, but the header's counts disagree with the sections
        "truncated",
        "flipped",  # one byte of the body changed, checksum not updated
    ],
)
def test_corrupt_or_foreign_entries_are_rebuilt(cache_dir, table_file, monkeypatch, corrupt):
    good = Normalizer([table_file], builtin=False).normalize("Kiev Cherson")
    [entry] = entries(cache_dir)
    head, _, body = entry.read_bytes().partition(b"\n")
    meta = cache._parse_header(head)
    sections, pos = [], 0
    for size in meta["sections"].split(","):
        sections.append(body[pos:pos + int(size)])
        pos += int(size)
    if corrupt == "version":
        meta["version"] = "0.0.0-other"
    elif corrupt == "rule":
        sections[2] = sections[2][:-32]  # a rule table one short: indices point past its end
    elif corrupt == "trie":
        sections[-1] = sections[-1][:40] + bytes([255]) * 8 + sections[-1][48:]  # trie arrays out of order
    elif corrupt == "count":
        meta["patterns"] = str(int(meta["patterns"]) + 1)
    if corrupt in ("version", "rule", "trie", "count"):
        body = b"".join(sections)
        meta["crc32"] = str(zlib.crc32(body))
        meta["sections"] = ",".join(str(len(x)) for x in sections)
        entry.write_bytes(cache._header(meta) + body)
    elif corrupt == "truncated":
        entry.write_bytes(head + b"\n" + body[: len(body) // 2])
    elif corrupt == "flipped":
        entry.write_bytes(head + b"\n" + body[:10] + bytes([body[10] ^ 1]) + body[11:])
    else:
        entry.write_bytes(corrupt)
    monkeypatch.setattr(normalizer, "_compiled", {})
    assert Normalizer([table_file], builtin=False).normalize("Kiev Cherson") == good
    rewritten = cache._parse_header(entry.read_bytes().partition(b"\n")[0])
    assert rewritten["version"] == __version__ and cache.load(rewritten["key"], rewritten["version"])


def test_cache_off(tmp_path, monkeypatch, table_file):
    monkeypatch.setenv("TRANSLIT_NORMALIZE_CACHE", "off")
    assert cache.cache_dir() is None
    assert Normalizer([table_file], builtin=False).normalize("Kiev") == "Kyiv"


def test_unwritable_cache_is_not_an_error(tmp_path, monkeypatch, table_file):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("TRANSLIT_NORMALIZE_CACHE", str(blocker / "sub"))
    monkeypatch.setattr(normalizer, "_compiled", {})
    assert Normalizer([table_file], builtin=False).normalize("Kiev") == "Kyiv"


def test_bad_tables_are_never_cached(cache_dir, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kyiv"]\n', encoding="utf-8")
    from normalize import TableError

    for _ in range(2):
        with pytest.raises(TableError):
            Normalizer([bad], builtin=False)
    assert entries(cache_dir) == []
