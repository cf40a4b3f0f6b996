"""--diff builds its hunks from the matches (report.diff_matches), in linear time: the same output
as difflib's unified_diff over the whole texts (report.unified_diff), for texts with names, for
rewrites that join or split lines, and for the hunk merging rules (3 lines of context)."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from normalize import Normalizer
from normalize.cli import report
from normalize.cli.report import diff_matches, unified_diff
from normalize.engine.match import Match
from normalize.engine.rewrite import apply

from .strategies import texts

_LINE_PIECES = ["Kiev", "Kyiv", "Odessa", "x", "y z", "", " ", "Vladimir\nZelenskiy", "Krivoy\nRog", "\r", "\x0c",
                "\u2028"]
#: Lines of text: many short lines so that hunks merge, split and touch the ends.
line_texts = st.lists(st.lists(st.sampled_from(_LINE_PIECES), max_size=3).map(" ".join), max_size=40).map(
    "\n".join).flatmap(lambda t: st.sampled_from([t, t + "\n"]))


def _m(start: int, end: int, text: str, rep: str) -> Match:
    return Match(start, end, text[start:end], rep, rep, "e", "t", text[start:end], "as-written", ("explicit",))


@st.composite
def text_and_matches(draw: st.DrawFn) -> tuple[str, list[Match]]:
    """A text of lines and non-overlapping spans rewritten to replacements that may add or remove
    line breaks (a name whose whitespace held a line break, rewritten with a space, and back)."""
    text = draw(line_texts)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=12))))
    matches = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if b > a:
            rep = draw(st.sampled_from(["Q", "Kyiv", "A B", "A\nB", "\n", "R\n\nS", text[a:b].replace("\n", " ")]))
            if rep != text[a:b]:
                matches.append(_m(a, b, text, rep))
    return text, matches


def _from_blocks(path: str, text: str, matches: list[Match]) -> str:
    blocks = report._changed_blocks(text, matches)
    if not blocks:
        return ""
    lines = report._lines(text)
    return report._render(report._unified_from_blocks(lines, blocks, "a/" + path, "b/" + path), False)


@given(text_and_matches())
def test_diff_from_matches_equals_difflib(case: tuple[str, list[Match]]) -> None:
    text, matches = case
    want = unified_diff("p", text, apply(text, matches))
    assert diff_matches("p", text, matches) == want
    blocks = report._changed_blocks(text, matches)
    if blocks and report._only_self_pairs(report._lines(text), blocks):  # the linear builder alone
        assert _from_blocks("p", text, matches) == want


@given(texts)
def test_diff_of_real_matches_equals_difflib(news: Normalizer, text: str) -> None:
    matches = news.find(text)
    assert diff_matches("p", text, matches) == unified_diff("p", text, news.normalize(text))
    assert diff_matches("p", text, matches, color=True) == unified_diff("p", text, news.normalize(text), color=True)


@given(st.lists(st.sampled_from(["Kiev", "x", "Kyiv", "y", "", "Odessa"]), max_size=60).map("\n".join))
def test_linear_builder_equals_difflib_where_lines_pair_with_themselves(news: Normalizer, text: str) -> None:
    matches = news.find(text)
    blocks = report._changed_blocks(text, matches)
    if blocks and report._only_self_pairs(report._lines(text), blocks):
        assert _from_blocks("p", text, matches) == unified_diff("p", text, news.normalize(text))


def test_line_count_changing_rewrites() -> None:
    text = "a\nb\nc\nd\nVladimir\nZelenskiy\ne\nf\ng\nh\ni\nj\nk\nl\nKrivoy Rog\nm\n"
    s1 = text.index("Vladimir")
    s2 = text.index("Krivoy")
    matches = [_m(s1, s1 + len("Vladimir\nZelenskiy"), text, "Volodymyr Zelenskyy"),
               _m(s2, s2 + len("Krivoy Rog"), text, "Kryvyi\nRih")]
    got = _from_blocks("p", text, matches)
    assert got == unified_diff("p", text, apply(text, matches))
    assert "@@ -2,8 +2,7 @@" in got and "@@ -12,5 +11,6 @@" in got


def test_hunks_merge_within_six_lines_of_context() -> None:
    text = "".join(f"{'Kiev' if i in (3, 10, 20) else i}\n" for i in range(30))
    n = Normalizer(context=())
    got = diff_matches("p", text, n.find(text))
    assert got == unified_diff("p", text, n.normalize(text))
    assert got.count("@@ -") == 2  # 3 and 10 share a hunk (6 lines between), 20 stands alone


def test_big_file_is_linear() -> None:
    """20,000 lines with 200 changes: difflib takes seconds, the matches' diff milliseconds."""
    lines = [f"line {i} of the wire report" if i % 100 else f"talks in Kiev, day {i}" for i in range(20_000)]
    text = "\n".join(lines) + "\n"
    n = Normalizer(context=())
    matches = n.find(text)
    t = time.perf_counter()
    got = diff_matches("p", text, matches)
    took = time.perf_counter() - t
    assert got.count("\n-talks in Kiev") == 200 and got.count("\n+talks in Kyiv") == 200
    assert took < 2.0  # (about 0.02 s; generous for a busy machine)
