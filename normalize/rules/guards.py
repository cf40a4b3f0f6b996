"""False-positive guards for generated variants.

A spelling that a transliteration system produces for a name may also be a common word of a
language that uses Latin script: Дон -> Don, Бар -> Bar, Мир -> Mir (German "mir"), Суми ->
Sumy (Polish "sumy"), Путин -> Poutine (French, a dish), Правда -> Pravda (Czech "truth").
Rewriting such words would damage text, so generated variants that are common words are held
back unless a table lists them explicitly.

"Common" is measured with the ``wordfreq`` package (an optional dependency, imported on first
use): the Zipf frequency of the spelling in each of ``langs``; a spelling is common when its
highest value reaches ``threshold`` (4.0 by default, i.e. about ten occurrences per million
words). Names themselves are in wordfreq too (Kiew 3.9, Lukashenko 2.5, Putin 4.1), which is why
the guard is meant for *generated* variants only, never for a table's canonical spelling.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar, cast

__all__ = [
    "DEFAULT_LANGS",
    "DEFAULT_THRESHOLD",
    "Risk",
    "common_word_risk",
    "is_common_word",
    "guard",
]

# Languages whose running text a variant may appear in (Latin script).
DEFAULT_LANGS: tuple[str, ...] = ("en", "de", "fr", "es", "it", "pl", "cs", "pt", "nl")
DEFAULT_THRESHOLD = 4.0

V = TypeVar("V")


@dataclass(frozen=True)
class Risk:
    """Why a spelling is held back: its highest Zipf frequency and the language it has it in."""

    spelling: str
    lang: str
    zipf: float


class _WordFreq(Protocol):
    """The part of the ``wordfreq`` module used here."""

    def zipf_frequency(self, word: str, lang: str) -> float: ...


def _wordfreq() -> _WordFreq:
    try:
        import wordfreq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "normalize.guards needs the 'wordfreq' package (pip install wordfreq)"
        ) from exc
    return cast(_WordFreq, wordfreq)  # wordfreq has no type hints


@functools.lru_cache(maxsize=65536)
def _zipf(spelling: str, lang: str) -> float:
    return float(_wordfreq().zipf_frequency(spelling, lang))


_MARKS = frozenset("'’ʼʹ′`´\"”″ʺ·")


def common_word_risk(spelling: str, langs: Iterable[str] = DEFAULT_LANGS) -> Risk:
    """The highest Zipf frequency of ``spelling`` over ``langs`` (0.0 when unknown).

    A spelling with a soft-sign or apostrophe mark (Il'in, Ob’) is never a common word: the
    mark is part of what has to match. A spelling of several words (space or hyphen) is never
    common either: it only matches as a whole phrase, and wordfreq's estimate for a phrase is
    built from its words, which overstates it (Mari El)."""
    best = Risk(spelling, "", 0.0)
    word = spelling
    if not word or any(c.isspace() or c in "-‐‑–" or c in _MARKS for c in word):
        return best
    for lang in langs:
        z = _zipf(word, lang)
        if z > best.zipf:
            best = Risk(spelling, lang, z)
    return best


def is_common_word(
    spelling: str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    langs: Iterable[str] = DEFAULT_LANGS,
) -> bool:
    """True when ``spelling`` is a common word (Zipf >= ``threshold``) in one of ``langs``."""
    return common_word_risk(spelling, tuple(langs)).zipf >= threshold


def guard(
    variants: Mapping[str, V],
    *,
    keep: Iterable[str] = (),
    threshold: float = DEFAULT_THRESHOLD,
    langs: Iterable[str] = DEFAULT_LANGS,
) -> tuple[dict[str, V], dict[str, Risk]]:
    """Split generated ``variants`` (for example the result of ``schemes.generate``) into the
    ones that are safe to match and the ones held back as common words, with the reason.

    Spellings in ``keep`` (the canonical spelling, explicit variants of a table) are never held
    back.
    """
    keep_set = set(keep)
    langs_t = tuple(langs)
    kept: dict[str, V] = {}
    dropped: dict[str, Risk] = {}
    for spelling, value in variants.items():
        if spelling not in keep_set:
            risk = common_word_risk(spelling, langs_t)
            if risk.zipf >= threshold:
                dropped[spelling] = risk
                continue
        kept[spelling] = value
    return kept, dropped
