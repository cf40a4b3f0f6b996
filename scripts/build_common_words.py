#!/usr/bin/env python3
"""Export the common-word list that guards generated variants (``normalize/data/common_words.txt``).

A spelling that a transliteration scheme generates for a name is dropped when it is a common
word of a language whose text it may appear in (Дон -> Don, Мир -> Mir, Суми -> Sumy). The
frequencies come from the ``wordfreq`` package, which is a 57 MB wheel: too big to be a runtime
dependency. This script exports, once, every word whose Zipf frequency reaches
:data:`THRESHOLD` in one of :data:`LANGS` into a small sorted text file inside the package,
which the compiler reads at compile time (never at a cached start-up).

Usage::

    pip install 'wordfreq>=3.1'
    python scripts/build_common_words.py            # rewrite normalize/data/common_words.txt
    python scripts/build_common_words.py --check    # exit 1 if the file is out of date

``tests/test_common_words.py`` regenerates the list (when wordfreq is installed) and compares.

Which words: the ``best`` list of each language, every entry made of letters only (wordfreq
entries are already case-folded and NFC); its Zipf frequency is wordfreq's own
``zipf_frequency`` (rounded to two decimals), so ``guards.is_common_word`` and the file agree.
Words shorter than :data:`MIN_LETTERS` are left out: the short-spelling guard drops those
generated spellings anyway.
"""

from __future__ import annotations

import argparse
import math
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "normalize" / "data" / "common_words.txt"

#: Latin-script languages whose running text a generated variant may appear in (the same list as
#: ``normalize.rules.guards.DEFAULT_LANGS``): English, German, French, Polish, and the other languages
#: whose transliteration conventions the scheme tables implement or whose press borrows them.
LANGS = ("en", "de", "fr", "es", "it", "pl", "cs", "pt", "nl")
#: Zipf 4.0 = ten occurrences per million words: "mir", "bar", "sumy", "poutine" reach it;
#: name spellings such as Kiew (de 3.88), Charkow (de 2.87), Lukaschenko (de 2.41) do not.
THRESHOLD = 4.0
#: Shorter generated spellings are dropped by the length guard; no need to list them.
MIN_LETTERS = 4


def _zipf(freq: float) -> float:
    # wordfreq.zipf_frequency: round(log10(frequency) + 9, 2)
    return round(math.log10(freq) + 9, 2)


def _latin(word: str) -> bool:
    return all("LATIN" in unicodedata.name(ch, "") for ch in word)


def build_words() -> list[str]:
    """The sorted list of common words (needs wordfreq)."""
    import wordfreq

    words: set[str] = set()
    for lang in LANGS:
        for word, freq in wordfreq.get_frequency_dict(lang, wordlist="best").items():
            if freq <= 0 or _zipf(freq) < THRESHOLD:
                continue
            if len(word) < MIN_LETTERS or not word.isalpha() or not _latin(word):
                continue
            words.add(unicodedata.normalize("NFC", word).casefold())
    return sorted(words)


def header() -> list[str]:
    import importlib.metadata

    version = importlib.metadata.version("wordfreq")
    return [
        "# Common words of en, de, fr, es, it, pl, cs, pt, nl: every entry of wordfreq's 'best' list",
        f"# with a Zipf frequency >= {THRESHOLD} in one of those languages, letters only, Latin script,",
        f"# at least {MIN_LETTERS} letters, case-folded (NFC), sorted, one per line.",
        "# Used by translit-normalize to drop generated variants that are common words.",
        "# Regenerate with: python scripts/build_common_words.py",
        "#",
        f"# Source: wordfreq {version} by Robyn Speer and contributors, https://github.com/rspeer/wordfreq",
        "# (Robyn Speer, rspeer/wordfreq, Zenodo, https://doi.org/10.5281/zenodo.7199437).",
        "# wordfreq's word lists are built from Wikipedia, OpenSubtitles 2018, SUBTLEX, NewsCrawl,",
        "# GlobalVoices, Google Books Ngrams, Reddit and Twitter data (see its README for the credits).",
        "# Licence: the wordfreq data is licensed under the Creative Commons Attribution-ShareAlike 4.0",
        "# International licence (CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/); this",
        "# list is a derived extract (filtered by frequency, case-folded) and is distributed under the",
        "# same licence. (The translit-normalize code is MIT-licensed; this file is not code.)",
    ]


def render() -> str:
    return "\n".join(header() + build_words()) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is out of date")
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run python scripts/build_common_words.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8", newline="\n")
    print(f"{args.output}: {text.count(chr(10)) - len(header())} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
