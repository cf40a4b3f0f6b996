"""The compiled-table cache: used when valid, rebuilt when not, never trusted blindly."""

import hashlib
import json

import pytest

from normalize import Normalizer, cache, normalizer


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


@pytest.mark.parametrize(
    "corrupt",
    [
        b"",
        b"{not json",
        b"[]",
        b'{"format": 1}',
        None,  # valid JSON from another version
        "rule",  # well-formed, checksummed, but indices out of range
        "trie",  # checksummed, but the trie's arrays do not hold together
        "truncated",
    ],
)
def test_corrupt_or_foreign_entries_are_rebuilt(cache_dir, table_file, monkeypatch, corrupt):
    good = Normalizer([table_file], builtin=False).normalize("Kiev Cherson")
    [entry] = entries(cache_dir)
    head, _, body = entry.read_bytes().partition(b"\n")
    meta = json.loads(head)
    if corrupt is None:
        meta["version"] = "0.0.0-other"
        entry.write_bytes(json.dumps(meta).encode() + b"\n" + body)
    elif corrupt in ("rule", "trie"):  # well-formed sections with a matching checksum, but the wrong shape
        sections, pos = [], 0
        for size in meta["sections"]:
            sections.append(body[pos:pos + size])
            pos += size
        if corrupt == "rule":
            sections[3] = sections[3][:-32]  # a rule table one short: indices point past its end
        else:
            sections[-1] = sections[-1][:40] + bytes([255]) * 8 + sections[-1][48:]  # trie arrays out of order
        body = b"".join(sections)
        meta["sha256"] = hashlib.sha256(body).hexdigest()
        meta["sections"] = [len(x) for x in sections]
        entry.write_bytes(json.dumps(meta).encode() + b"\n" + body)
    elif corrupt == "truncated":
        entry.write_bytes(head + b"\n" + body[: len(body) // 2])
    else:
        entry.write_bytes(corrupt)
    monkeypatch.setattr(normalizer, "_compiled", {})
    assert Normalizer([table_file], builtin=False).normalize("Kiev Cherson") == good
    assert json.loads(entry.read_bytes().partition(b"\n")[0])["version"] == normalizer.__version__  # rewritten


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
