"""Data hygiene of the context evaluation set (benchmarks/data/context/passages.jsonl).

Lints the data only, in the spirit of a dictionary test: well-formed lines, known groups,
enough passages and languages, and expected outputs that differ from their inputs only by
whole-word name rewrites.  It never runs the engine (it reads the format names only): accuracy is what
benchmarks/context_eval.py reports, and nothing here asserts it.
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import regex

from normalize.markup import FORMATS

DATA = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "context" / "passages.jsonl"
GROUPS = {"en-news", "other-language", "quotation", "mention", "namesake", "markup", "code", "short"}
KEYS = {"id", "group", "lang", "input", "expected", "note"}
MIN_PER_GROUP = 20
MIN_TOTAL = 220
MIN_LANGUAGES = 8

# A rewritten span: words of letters and marks, joined by single spaces, hyphens or apostrophes,
# optionally ending in an apostrophe or prime (the soft-sign mark of Mariupol').
_APOS = "'\u2019\u02bc\u02b9\u2032"
_NAME = regex.compile(rf"[\p{{L}}\p{{M}}]+(?:[ \-{_APOS}][\p{{L}}\p{{M}}]+)*[{_APOS}]?")
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+|.", regex.DOTALL)
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]")


def _rows() -> list[tuple[int, dict]]:
    rows = []
    with DATA.open(encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            rows.append((no, json.loads(line)))
    return rows


def _changed_regions(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """Changed regions of ``a`` -> ``b`` from a token diff, widened to whole words."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    oa, ob = [0], [0]
    for t in ta:
        oa.append(oa[-1] + len(t))
    for t in tb:
        ob.append(ob[-1] + len(t))
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        s0, s1, t0, t1 = oa[i1], oa[i2], ob[j1], ob[j2]
        while s0 > 0 and t0 > 0 and _WORD.match(a[s0 - 1]) and a[s0 - 1] == b[t0 - 1]:
            s0, t0 = s0 - 1, t0 - 1
        while s1 < len(a) and t1 < len(b) and _WORD.match(a[s1]) and a[s1] == b[t1]:
            s1, t1 = s1 + 1, t1 + 1
        out.append((s0, s1, t0, t1))
    return out


ROWS = _rows()


def test_file_is_utf8_json_lines_without_blank_lines():
    text = DATA.read_bytes().decode("utf-8")
    assert text.endswith("\n")
    for no, line in enumerate(text.split("\n")[:-1], 1):
        assert line.strip(), f"line {no} is blank"
        assert isinstance(json.loads(line), dict), f"line {no} is not a JSON object"


@pytest.mark.parametrize(("no", "row"), ROWS, ids=[r["id"] for _, r in ROWS])
def test_row_shape(no, row):
    assert set(row) - {"format"} == KEYS, f"line {no}: keys {sorted(row)}"
    assert all(isinstance(v, str) for v in row.values()), f"line {no}: every value is a string"
    if "format" in row:  # the format its file's suffix would choose (context_eval reads it so)
        assert row["format"] in FORMATS, f"line {no}: unknown format {row['format']!r}"
    if row["group"] in ("markup", "code"):
        assert "format" in row, f"line {no}: a markup or code passage says its format"
    assert row["group"] in GROUPS, f"line {no}: unknown group {row['group']!r}"
    assert regex.fullmatch(r"[a-z]{2}|und", row["lang"]), f"line {no}: lang {row['lang']!r}"
    assert regex.fullmatch(rf"{regex.escape(row['group'])}-\d{{3}}", row["id"]), f"line {no}: id {row['id']!r}"
    assert row["input"].strip() and row["note"].strip(), f"line {no}: empty input or note"
    for key in ("input", "expected"):
        assert unicodedata.is_normalized("NFC", row[key]), f"line {no}: {key} is not NFC"


def test_ids_unique_and_inputs_unique():
    ids = Counter(r["id"] for _, r in ROWS)
    assert [i for i, c in ids.items() if c > 1] == []
    inputs = Counter(r["input"] for _, r in ROWS)
    assert [i for i, c in inputs.items() if c > 1] == []


def test_coverage():
    assert len(ROWS) >= MIN_TOTAL
    per_group = Counter(r["group"] for _, r in ROWS)
    assert set(per_group) == GROUPS
    assert {g: n for g, n in per_group.items() if n < MIN_PER_GROUP} == {}
    languages = {r["lang"] for _, r in ROWS} - {"und"}
    assert len(languages) >= MIN_LANGUAGES, sorted(languages)


def test_groups_that_keep_everything():
    # A rule of the data set: a passage wholly in another language is expected byte for byte.
    changed = [r["id"] for _, r in ROWS if r["group"] == "other-language" and r["input"] != r["expected"]]
    assert changed == []


def test_short_inputs_are_one_to_three_words():
    long = [r["id"] for _, r in ROWS if r["group"] == "short" and not 1 <= len(r["input"].split()) <= 3]
    assert long == []


@pytest.mark.parametrize(("no", "row"), ROWS, ids=[r["id"] for _, r in ROWS])
def test_expected_differs_only_by_whole_word_name_rewrites(no, row):
    a, b = row["input"], row["expected"]
    assert a.count("\n") == b.count("\n"), f"line {no}: line breaks differ"
    for s0, s1, t0, t1 in _changed_regions(a, b):
        old, new = a[s0:s1], b[t0:t1]
        where = f"line {no} ({row['id']}): {old!r} -> {new!r}"
        assert old and new, f"{where}: a pure insertion or deletion"
        assert _NAME.fullmatch(old) and _NAME.fullmatch(new), f"{where}: not a name (stray punctuation or space?)"
        assert set(new) & set(_APOS[1:]) <= set(old), f"{where}: a typographic apostrophe the input lacks"
        assert s0 == 0 or not _WORD.match(a[s0 - 1]), f"{where}: starts inside a word"
        assert s1 == len(a) or not _WORD.match(a[s1]), f"{where}: ends inside a word"
