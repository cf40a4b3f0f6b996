"""The language of a passage: a first stage of function words and letters, then a model.

The first stage settles plain passages at once: a language with at least two of its own
function words or letters and no other language with any. The rest go to py3langid (a
naive-Bayes model shipped inside its wheel, no network), restricted to :data:`LANGUAGES`,
loaded on first use only. Passages with fewer than :data:`MIN_WORDS` lower-case words, or where
the model is unsure, have no language: the caller treats them as the target language.
Chosen by measurement: ``python benchmarks/langid.py`` (benchmarks/RESULTS-langid.md).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable

__all__ = ["FUNCTION_WORDS", "LANGUAGES", "LETTERS", "MIN_WORDS", "identify", "first_stage"]

#: The languages a passage can be identified as.
LANGUAGES = ("en", "de", "fr", "pl", "es", "it", "nl", "pt", "sv", "cs", "tr", "ro", "da", "no", "fi", "hu",
             "sk", "hr", "sl", "lt", "lv", "et", "ca", "id")
#: Fewer lower-case words (of two letters or more) than this: too short to tell.
MIN_WORDS = 3
#: The model's answer counts only with at least this probability (among LANGUAGES).
MIN_PROBABILITY = 0.9

#: The first stage's function words per language (lower case), and letters only one language writes.
FUNCTION_WORDS = {
    "en": "the of and is was are were that with from this has have been which will would said not but its "
          "their they after over into than who what when".split(),
    "de": "der die das und ist nicht ein eine einen mit von den dem des sich auf für auch wird wurde nach bei "
          "zum zur über hat sind war sagte noch aus wie nur seit gegen".split(),
    "fr": "le les et est une des du au aux dans pour sur qui que pas avec été par sont ont mais cette ses "
          "selon lors après elle il ils".split(),
    "pl": "i w z się nie na że do jest to od po przez oraz jak czy dla który która które ale już został "
          "została powiedział także we ze".split(),
    "es": "el los las y es una del al en por con para que se su sus fue ha han está pero según tras como "
          "muy también".split(),
    "it": "il lo gli e è della dello delle degli nel nella per che non con una un sono ha hanno stato "
          "anche dopo ma secondo alla al".split(),
    "nl": "de het een en is van niet met op zijn voor dat die werd wordt heeft hebben ook naar bij maar "
          "nog om door over".split(),
    "pt": "o os as e é um uma do da dos das no na em com para que não foi ao pelo pela seu sua mas "
          "também após".split(),
    "sv": "och är att en ett det som på för med av till inte har var den om efter sade men också från "
          "under vid".split(),
    "cs": "a je se na v ve z ze že do jako by byl byla bylo od po pro ale také který která které jsou "
          "podle".split(),
    "tr": "ve bir bu da de ile için olarak çok daha en gibi ama sonra göre değil olan ise kadar".split(),
    "ro": "și în este un o pe la cu din că nu a fost de care mai sunt pentru după au dar".split(),
}
LETTERS = {"pl": "ąęłńśźż", "de": "ß", "sv": "å", "cs": "ěřů", "tr": "ğış", "ro": "ășțşţ", "pt": "ãõ", "es": "ñ"}
_FIRST = tuple(FUNCTION_WORDS)


def _unique() -> dict[str, str]:
    seen: dict[str, int] = {}
    for words in FUNCTION_WORDS.values():
        for w in set(words):
            seen[w] = seen.get(w, 0) + 1
    return {w: lang for lang, words in FUNCTION_WORDS.items() for w in words if seen[w] == 1}


_WORD_LANG = _unique()
_LETTER_LANG = {ch: lang for lang, letters in LETTERS.items() for ch in letters}
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def _lower_words(text: str) -> list[str]:
    """The words that carry the language: not names or acronyms (capitalised), but a
    sentence's first word in lower case."""
    out = []
    for i, m in enumerate(_WORD.finditer(text)):
        w = m.group()
        low = w.lower()
        if w == low or (i == 0 and w[1:] == low[1:]):
            out.append(low)
    return out


def first_stage(words: list[str]) -> str | None:
    """The language of plain lower-case ``words``, or None when a model must decide."""
    scores = dict.fromkeys(_FIRST, 0)
    for w in words:
        lang = _WORD_LANG.get(w)
        if lang is not None:
            scores[lang] += 1
        if not w.isascii():
            for lang in {_LETTER_LANG[ch] for ch in w if ch in _LETTER_LANG}:
                scores[lang] += 1
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top >= 2 and second == 0 else None


_model_lock = threading.Lock()
#: A quotation is in another language when the model gives the target language less than this
#: (its best guess is then named, but only as a guess: two words are little to go on).
QUOTED_TARGET_BELOW = 0.03


@functools.lru_cache(maxsize=1)
def _model() -> Callable[[str], dict[str, float]] | None:
    """py3langid restricted to LANGUAGES: text -> probability of each language (None when it is
    not installed)."""
    with _model_lock:
        try:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier
        except ImportError:  # pragma: no cover - a declared dependency
            return None
        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        ident.set_languages(list(LANGUAGES))

        def rank(text: str) -> dict[str, float]:
            return {str(lang): float(p) for lang, p in ident.rank(text)}

        return rank


@functools.lru_cache(maxsize=4096)
def identify(text: str, quoted: bool = False, target: str = "en") -> tuple[str | None, str]:
    """``(language, how)`` of a passage whose names are already taken out; language None when
    it cannot be told (``how`` says why: "short", "unsure"); else ``how`` is "words" or "model".

    A ``quoted`` passage (a quotation inside a sentence: a headline, a slogan) is short by
    nature: there every word counts, capitalised ones too, one is enough, and the model's
    verdict is "not ``target``" when it gives ``target`` less than QUOTED_TARGET_BELOW (how:
    "model, quoted")."""
    if quoted:
        words = [m.group().lower() for m in _WORD.finditer(text)]
        if not words:
            return None, "short"
    else:
        words = _lower_words(text)
        if sum(1 for w in words if len(w) > 1) < MIN_WORDS:  # "é ă é" is no sentence
            return None, "short"
    lang = first_stage(words)
    if lang is not None:
        return lang, "words"
    model = _model()
    if model is None:  # pragma: no cover
        return None, "unsure"
    probs = model(" ".join(words))
    best = max(probs, key=lambda k: probs[k])
    if quoted:
        if target in probs and probs[target] < QUOTED_TARGET_BELOW and best != target:
            return best, "model, quoted"
        return None, "unsure"
    if probs[best] < MIN_PROBABILITY:
        return None, "unsure"
    return best, "model"
