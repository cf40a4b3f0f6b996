"""The context stage: which candidates the engine found are rewritten, and why the others are kept.

:func:`judge` takes the engine's rewrites over a text and splits them into those to apply and
those kept, each kept one with a :class:`Kept` reason. Everything it looks at lies within
:data:`REACH` characters of the candidate, so a stream that holds that much on either side
decides as the whole text does.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..engine.match import Match
from ..engine.matcher import Matcher
from ..engine.regions import Regions, in_protected_token
from ..engine.resolve import Rewrite, resolve, to_match, transfer_whitespace
from ..rules.rule import APOSTROPHES
from . import language, mentions
from .discourse import Senses, senses_for
from .passage import MARGIN, REACH, Breaks, passage, quotations

__all__ = ["RULES", "REACH", "WINDOW", "Context", "Judging", "Kept", "Other", "judge"]

#: How much text on either side of a candidate the stage reads (a stream keeps that much).
WINDOW = REACH + MARGIN + 64

#: The context rules, each with an off switch: ``language`` (a passage in another language is
#: left as written), ``mention`` (a spelling the text is talking about is left), ``namesake``
#: (once a document names another bearer of a variant, the variant is left in the rest of it).
RULES = ("language", "mention", "namesake")


@dataclass(frozen=True, slots=True)
class Context:
    """The target language of the canonical forms and the context rules in force."""

    lang: str = "en"
    rules: tuple[str, ...] = RULES
    #: With the ``language`` rule: a passage in another language whose canonicals the tables
    #: give is normalized to that language's canonicals instead of being left as written.
    per_language: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.lang, str) or not (len(self.lang) == 2 and self.lang.isascii()
                                                  and self.lang.isalpha() and self.lang.islower()):
            raise ValueError(f"target language must be a two-letter ISO 639-1 code such as 'en' or 'de', "
                             f"not {self.lang!r}")
        bad = [r for r in self.rules if r not in RULES]
        if bad:
            raise ValueError(f"unknown context rule {bad[0]!r} (known: {', '.join(RULES)})")

    @property
    def active(self) -> bool:
        return bool(self.rules)


@dataclass(frozen=True, slots=True)
class Kept:
    """A candidate left as written: the :class:`Match` it would have been, and why.

    ``reason`` is ``"other-language"`` (``detail``: the passage's language, and how it was
    told), ``"mention"`` (``detail``: the other spelling beside it, or the cue before it),
    ``"namesake"`` (``detail``: the other bearer the document named, here or earlier) or
    ``"except-phrase"`` (``detail``: the table's except phrase it is part of).
    """

    match: Match
    reason: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["match"] = self.match.to_dict()
        return d


_FOLD = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))


def _same(a: str, b: str) -> bool:
    """One spelling, whatever its case and apostrophe look-alikes."""
    return _fold(a) == _fold(b)


Found = list[tuple[int, int, str, str]]  # (start, end, canonical, text) of every candidate in a sentence


class _Sentence:
    """What the rules need of one sentence, gathered once however many candidates it holds."""

    __slots__ = ("a", "b", "found", "names", "quotes", "spellings", "canon", "lang")

    def __init__(self, matcher: Matcher, text: str, a: int, b: int, others: Sequence[Matcher] = ()) -> None:
        self.a, self.b = a, b
        self.found: Found = []
        self.spellings: dict[str, dict[str, str]] = {}  # canonical -> folded spelling -> as written
        for fs, fe, pid, _ in matcher.trie.find(text, a, b, in_protected_token, None):
            rule = matcher._built.get(pid) or matcher.rule(pid)
            seen = text[fs:fe]
            self.found.append((fs, fe, rule.canonical, seen))
            self.spellings.setdefault(rule.canonical, {}).setdefault(_fold(seen), seen)
        # The names, left out of what tells the language: every matcher's, so that text rewritten
        # to another language's canonicals reads as the same passage again.
        self.names = [(fs, fe) for fs, fe, _, _ in self.found]
        if others:
            for m in others:
                self.names += [(fs, fe) for fs, fe, _, _ in m.trie.find(text, a, b, in_protected_token, None)]
            self.names.sort()
        self.quotes = quotations(text, a, b)
        self.canon: dict[str, bool] = {}
        self.lang: tuple[str | None, str] | None = None

    def has_canonical(self, text: str, canonical: str) -> bool:
        hit = self.canon.get(canonical)
        if hit is None:
            hit = self.canon[canonical] = mentions.word_at(text, canonical, self.a, self.b, (self.a, self.a))
        return hit


def _fold(spelling: str) -> str:
    return spelling.translate(_FOLD).casefold()


def _mention(text: str, s: int, e: int, canonical: str, sent: _Sentence) -> str | None:
    a, b = sent.a, sent.b
    cue = mentions.cue_before(text, s, a)
    if cue is not None and cue[1]:
        return f"after {cue[0]!r}"
    after = f" after {cue[0]!r}" if cue else ""
    seen = text[s:e]
    if not sent.quotes:  # the common case: the sentence's spellings, gathered once
        for folded, other in sent.spellings.get(canonical, {}).items():
            if folded != _fold(seen):
                return f"beside {other!r}{after}"
        if not _same(canonical, seen) and sent.has_canonical(text, canonical):
            return f"beside {canonical!r}{after}"
        return None
    # Spellings are compared within the candidate's own passage: a quotation of two words or
    # more is one of its own (a Polish headline quoted in an English sentence compares nothing).
    quotes = sent.quotes
    inside = [q for q in quotes if q[0] <= s and e <= q[1]]
    if inside:
        a, b = inside[0]
        quotes = []

    def elsewhere(fs: int, fe: int) -> bool:
        return (fe <= s or fs >= e) and a <= fs and fe <= b and not any(qs <= fs and fe <= qe for qs, qe in quotes)

    if not _same(canonical, seen) and mentions.word_at(text, canonical, a, b, (s, e), elsewhere):
        return f"beside {canonical!r}{after}"
    for fs, fe, other_canonical, other in sent.found:
        if other_canonical == canonical and elsewhere(fs, fe) and not _same(other, seen):
            return f"beside {other!r}{after}"
    return None


def _language(text: str, s: int, e: int, target: str, sent: _Sentence) -> tuple[str | None, str]:
    a, b, quoted = passage(text, s, e, (sent.a, sent.b))
    if not quoted and sent.lang is not None:
        return sent.lang
    pieces, pos = [], a
    for fs, fe in sent.names:  # the names out: they are foreign words by nature
        if fs >= a and fe <= b:
            pieces.append(text[pos:max(pos, fs)])
            pos = max(pos, fe)
    pieces.append(text[pos:b])
    result = language.identify(" ".join(pieces), quoted, target)
    if not quoted:
        sent.lang = result
    return result


#: The matcher for text in a language (its canonicals), or None where the tables give none.
Other = Callable[[str], "Matcher | None"]


def _in_language(m: Matcher, text: str, r: Rewrite) -> Rewrite | None:
    """Candidate ``r`` rewritten by the matcher of its passage's language, if that matcher reads
    the same span as a spelling to change (it may be that language's canonical already)."""
    s, e = r[0], r[1]
    hits = m.trie.find(text, s, s + 1, in_protected_token, None)
    if not hits or hits[0][0] != s or hits[0][1] != e:
        return None
    _, _, pid, plain = hits[0]
    rule = m._built.get(pid) or m.rule(pid)
    seen = text[s:e]
    rep = rule.replacement if plain else transfer_whitespace(seen, rule.replacement)
    return (s, e, rule, rep) if rep != seen else None


def judge(matcher: Matcher, ctx: Context, text: str, rewrites: Sequence[Rewrite],
          kept: list[Kept] | None = None, offset: int = 0, other: Other | None = None,
          others: Sequence[Matcher] = (), compared: set[tuple[int, int]] | None = None) -> list[Rewrite]:
    """The rewrites to apply; the others go to ``kept`` (as matches shifted by ``offset``).

    With ``ctx.per_language`` and ``other``, a candidate in a passage of another language is
    rewritten to that language's canonical where ``other`` gives its matcher (``others``: all
    of them); ``compared`` receives the bounds of each sentence where spellings were compared
    (a mention was kept). Each sentence is scanned once for the other candidates in it, however many it holds."""
    if not ctx.rules or not rewrites:
        return list(rewrites)
    use_language = "language" in ctx.rules
    use_mention = "mention" in ctx.rules
    scanned: dict[tuple[int, int], _Sentence] = {}
    breaks = Breaks(text, [(r[0], r[1]) for r in rewrites])
    out: list[Rewrite] = []
    for r in rewrites:
        s, e, rule, _ = r
        bounds = breaks.sentence(s, e)
        if bounds is None:
            out.append(r)
            continue
        sent = scanned.get(bounds)
        if sent is None:
            sent = scanned[bounds] = _Sentence(matcher, text, *bounds, others)
        reason = detail = None
        if use_mention:
            d = _mention(text, s, e, rule.canonical, sent)
            if d is not None:
                reason, detail = "mention", d
                if compared is not None:
                    compared.add(bounds)
        if reason is None and use_language:
            lang, how = _language(text, s, e, ctx.lang, sent)
            if lang is not None and lang != ctx.lang:
                swap = other(lang) if other is not None and ctx.per_language else None
                local = _in_language(swap, text, r) if swap is not None else None
                if local is not None:
                    out.append(local)
                    continue
                reason, detail = "other-language", f"{lang} ({how})"
        if reason is None:
            out.append(r)
        elif kept is not None:
            kept.append(Kept(to_match(text, *r).shifted(offset), reason, detail or ""))
    return out


def _free(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """True when ``[s, e)`` overlaps none of the sorted, disjoint ``spans``; if so it is added."""
    i = bisect.bisect_left(spans, (s, e))
    if (i > 0 and spans[i - 1][1] > s) or (i < len(spans) and spans[i][0] < e):
        return False
    spans.insert(i, (s, e))
    return True


class Judging:
    """The context stage over one document, called as the engine's ``Judge``: each call with
    the rewrites of the next stretch of the document (see :data:`normalize.engine.rewrite.Judge`).

    It remembers, for the ``namesake`` rule, which spellings the document has shown to name
    something else: at most one entry per spelling in the tables."""

    __slots__ = ("_matcher", "_ctx", "_on_kept", "_other", "_langs", "_other_matchers", "_senses", "_named",
                 "_read_to")

    def __init__(self, matcher: Matcher, ctx: Context, on_kept: Callable[[Kept], object] | None = None,
                 other: Other | None = None, languages: tuple[str, ...] = ()) -> None:
        """``other`` gives the matcher of each of ``languages`` (for ``ctx.per_language``)."""
        self._matcher = matcher
        self._ctx = ctx
        self._on_kept = on_kept
        self._other = other
        self._langs = languages
        self._other_matchers: list[Matcher] | None = None
        self._senses: Senses | None = None
        if "namesake" in ctx.rules or on_kept is not None:
            senses = senses_for(matcher)
            self._senses = senses if senses.trie is not None else None
        self._named: dict[tuple[str, str], str] = {}  # (entity, folded spelling) -> the namesake named
        self._read_to = 0  # stream offset up to which phrases have been read

    def __call__(self, text: str, rewrites: list[Rewrite], lo: int, hi: int, base: int,
                 regions: Regions | None = None) -> list[Rewrite]:
        kept: list[Kept] | None = None if self._on_kept is None else []
        stop = max(hi, rewrites[-1][1]) if rewrites else hi
        taken = [(r[0], r[1]) for r in rewrites]
        if self._senses is not None:
            rewrites = self._discourse(self._senses, text, rewrites, lo, hi, base, kept)
        compared: set[tuple[int, int]] = set()
        out = judge(self._matcher, self._ctx, text, rewrites, kept, base, self._other, self._others(), compared)
        local = self._local(text, taken, lo, stop, regions, compared) if self._other is not None else []
        if local:
            out = sorted(out + local, key=lambda r: r[0])
        if kept:
            kept.sort(key=lambda k: k.match.start)
            for k in kept:
                self._on_kept(k)  # type: ignore[misc]  # kept is a list only with on_kept set
        return out

    def _others(self) -> list[Matcher]:
        """The other languages' matchers (worked out on first need, once per document)."""
        if self._other_matchers is None:
            other = self._other
            self._other_matchers = [] if other is None else [
                m for lang in self._langs if lang != self._ctx.lang and (m := other(lang)) is not None]
        return self._other_matchers

    def _local(self, text: str, taken: list[tuple[int, int]], lo: int, stop: int, regions: Regions | None,
               compared: set[tuple[int, int]]) -> list[Rewrite]:
        """Spellings that only another language's tables read as a candidate (``Kyiv`` in a
        German passage, for an English target), rewritten where their passage is in that language
        and its sentence compares no spellings (``taken``: the target's candidates)."""
        assert self._other is not None
        found: list[tuple[str, Rewrite]] = []
        for lang in self._langs:
            m = self._other(lang)
            if m is None or lang == self._ctx.lang:
                continue
            for r in resolve(m, text, lo, stop, regions):
                if r[1] <= stop and "\n" not in text[r[0]:r[1]] and _free(taken, r[0], r[1]):
                    found.append((lang, r))
        if not found:
            return []
        found.sort(key=lambda x: x[1][0])
        breaks = Breaks(text)
        scanned: dict[tuple[int, int], _Sentence] = {}
        out = []
        for lang, r in found:
            bounds = breaks.sentence(r[0], r[1])
            if bounds is None or bounds in compared:
                continue
            sent = scanned.get(bounds)
            if sent is None:
                sent = scanned[bounds] = _Sentence(self._matcher, text, *bounds, self._others())
            if _language(text, r[0], r[1], self._ctx.lang, sent)[0] == lang:
                out.append(r)
        return out

    def _discourse(self, senses: Senses, text: str, rewrites: list[Rewrite], lo: int, hi: int, base: int,
                   kept: list[Kept] | None) -> list[Rewrite]:
        """The rewrites the ``namesake`` rule lets through; reads the phrases of ``[lo, stop)``."""
        stop = max(hi, rewrites[-1][1]) if rewrites else hi
        start = max(lo, self._read_to - base)
        assert senses.trie is not None
        found = senses.trie.find(text, start, stop, in_protected_token, None) if start < stop else []
        if found:
            self._read_to = base + found[-1][1]
        if not found and not self._named:
            return rewrites
        use = "namesake" in self._ctx.rules
        named = self._named
        out: list[Rewrite] = []
        k = 0
        for r in rewrites:
            s = r[0]
            while k < len(found) and found[k][0] < s:
                self._read(senses, text, found[k], base, kept)
                k += 1
            name = named.get((r[2].entity, _fold(text[s:r[1]]))) if use else None
            if name is None:
                out.append(r)
            elif kept is not None:
                kept.append(Kept(to_match(text, *r).shifted(base), "namesake", f"{name} (named earlier)"))
        for hit in found[k:]:
            self._read(senses, text, hit, base, kept)
        return out

    def _read(self, senses: Senses, text: str, hit: tuple[int, int, int, bool], base: int,
              kept: list[Kept] | None) -> None:
        s, e, pid, _ = hit
        phrase = senses.phrases[pid]
        if phrase.kind == "namesake":
            for spelling in phrase.spellings:
                self._named.setdefault((phrase.entity, _fold(spelling)), phrase.label)
        if kept is not None:
            for m in senses.kept_inside(text, s, e, phrase, base):
                kept.append(Kept(m, phrase.kind, phrase.label))
