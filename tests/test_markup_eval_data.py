"""Data hygiene of the markup evaluation set (benchmarks/data/markup/).

Lints the data only, like tests/test_context_eval_data.py: every file pairs with its expected
output, each folder is the format its files' suffix chooses, there are enough files in each
format family, the text is NFC UTF-8, nothing comes from the shared reference folder, and each
expected file differs from its input only by whole-word name rewrites.  It never runs the
engine (it asks ``format_for_path`` for the format names only): accuracy is what
benchmarks/markup_eval.py reports, and nothing here asserts it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from normalize.markup import format_for_path

from .test_context_eval_data import _APOS, _NAME, _WORD, _changed_regions

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data" / "markup"
SHARED = ROOT.parent / "shared"
MIN_TOTAL = 60
MIN_PER_FAMILY = 8
CONFIG_FORMATS = {"yaml", "toml", "ini", "json", "properties", "dotenv"}


def _family(fmt: str) -> str:  # as benchmarks/markup_eval.py reports them
    if fmt in ("html", "xml"):
        return "html"
    if fmt == "markdown":
        return "markdown"
    return "config" if fmt in CONFIG_FORMATS else "code"


def _files() -> list[Path]:
    return sorted(p for p in DATA.rglob("*") if p.is_file() and p != DATA / "README.md")


def _inputs() -> list[Path]:
    return [p for p in _files() if not p.name.partition(".")[2].startswith("expected.")]


def _expected(path: Path) -> Path:
    stem, _, ext = path.name.partition(".")
    return path.with_name(f"{stem}.expected.{ext}")


INPUTS = _inputs()
IDS = [str(p.relative_to(DATA)) for p in INPUTS]


def test_every_file_pairs_up():
    inputs = set(INPUTS)
    expected = {p for p in _files() if p not in inputs}
    assert [str(p) for p in INPUTS if not _expected(p).is_file()] == []
    assert sorted(str(p) for p in expected - {_expected(p) for p in INPUTS}) == []


def test_names_and_folders():
    for path in INPUTS:
        rel = path.relative_to(DATA)
        assert len(rel.parts) == 2, f"{rel}: one folder deep, <format>/NNN.<ext>"
        stem = path.name.partition(".")[0]
        assert stem.isdigit() and len(stem) == 3, f"{rel}: NNN.<ext>"
        assert format_for_path(str(path)) == rel.parts[0], f"{rel}: its suffix chooses another format"
        assert format_for_path(str(_expected(path))) == rel.parts[0], f"{rel}: expected file's suffix"


def test_coverage():
    assert len(INPUTS) >= MIN_TOTAL
    per_family = Counter(_family(p.parent.name) for p in INPUTS)
    assert set(per_family) == {"html", "markdown", "code", "config"}
    assert {f: n for f, n in per_family.items() if n < MIN_PER_FAMILY} == {}


def test_files_are_nfc_utf8_and_end_with_a_newline():
    for path in _files():
        text = path.read_bytes().decode("utf-8")
        assert unicodedata.is_normalized("NFC", text), f"{path}: not NFC"
        assert text.endswith("\n") and "\r" not in text, f"{path}: line ends"


def test_inputs_unique_and_not_already_expected():
    texts = Counter(p.read_text(encoding="utf-8") for p in INPUTS)
    assert [t[:60] for t, c in texts.items() if c > 1] == []
    # A file whose expected output is itself still counts (it measures wrong rewrites), but
    # most files must hold something to rewrite.
    unchanged = [p for p in INPUTS if p.read_bytes() == _expected(p).read_bytes()]
    assert len(unchanged) <= len(INPUTS) // 10, unchanged


@pytest.mark.skipif(not SHARED.is_dir(), reason="no shared reference folder beside the checkout")
def test_nothing_from_the_shared_folder():
    shared_lines = set()
    shared_bytes = set()
    for path in SHARED.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            shared_bytes.add(data)
            shared_lines |= {ln.strip() for ln in data.decode("utf-8", "replace").splitlines()
                             if len(ln.strip()) >= 40}
    for path in _files():
        data = path.read_bytes()
        assert data not in shared_bytes, f"{path}: a copy of a shared file"
        copied = [ln.strip() for ln in data.decode("utf-8").splitlines() if ln.strip() in shared_lines]
        assert copied == [], f"{path}: lines from the shared folder"


@pytest.mark.parametrize("path", INPUTS, ids=IDS)
def test_expected_differs_only_by_whole_word_name_rewrites(path):
    a = path.read_text(encoding="utf-8")
    b = _expected(path).read_text(encoding="utf-8")
    assert a.count("\n") == b.count("\n"), f"{path}: line breaks differ"
    for s0, s1, t0, t1 in _changed_regions(a, b):
        old, new = a[s0:s1], b[t0:t1]
        where = f"{path.relative_to(DATA)} line {a.count(chr(10), 0, s0) + 1}: {old!r} -> {new!r}"
        assert old and new, f"{where}: a pure insertion or deletion"
        assert _NAME.fullmatch(old) and _NAME.fullmatch(new), f"{where}: not a name (stray punctuation or space?)"
        assert set(new) & set(_APOS[1:]) <= set(old), f"{where}: a typographic apostrophe the input lacks"
        assert s0 == 0 or not _WORD.match(a[s0 - 1]), f"{where}: starts inside a word"
        assert s1 == len(a) or not _WORD.match(a[s1]), f"{where}: ends inside a word"
