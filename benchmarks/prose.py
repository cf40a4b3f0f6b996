"""Synthetic prose with name mentions, for the benchmark corpora.

Text is built from sentences of words drawn from small vocabularies (English-like, Cyrillic,
accented Latin), with a mention of a table entity every N words on average (geometric gaps).
A mention is the canonical spelling (30 %) or one of the variants (70 %), sometimes followed by
``'s`` or ``-based``; at a sentence start it gets its first letter capitalised.  Paragraphs are
hard-wrapped at 78 columns between tokens, so a multi-word name never straddles a line break
(which keeps the semantics of a plain literal matcher and of this project identical on it).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence

ENGLISH = """the of and to in a is that for it as was with be by on not he this are or his from
at which but have an they you were her she there been one all we their has would when if so no
out up said what its about into them than can only other new some could time these two may then
do first any my now such like our over man me even most made after also did many before must
through back years where much your way well down should because each just those people how too
little state good very make world still own see men work long get here between both life being
under never day same another know while last might us great old year off come since against go
came right used take three place small found public house part without number around course
however high water though less few city report market government minister council agreement
talks border region capital statement official press meeting week month during across near
river road bridge station winter summer morning evening north south east west central local
according officials spokesman visited announced reported told agency sources forces military
economy energy grain harbour school hospital museum theatre festival election parliament court
budget support aid plan policy village street square church factory company bank office""".split()

CYRILLIC = """і в на що з до не як за та це від він вона але для так вже ми ви вони його її
було буде були року після під час між також місто область уряд президент міністр рада заява
держава війна мир сьогодні вчора завтра люди країна столиця вулиця площа річка міст школа
лікарня музей театр новини повідомили джерела агентство зустріч переговори кордон економіка
енергетика зерно порт бюджет допомога план політика село церква завод компанія банк офіс
и в на что с до не как за это от он она но для так уже мы вы они его ее было будет были года
после под время между также город область правительство президент министр совет заявление""".split()

ACCENTED = """přes také déjà über straße že když být měl jeho její także może będzie został
przez między après à côté où élève été fenêtre garçon größer müssen schön täglich über
señor año niño más también después región ciudad educación ação não são coração informação
sjövägen smörgås öppna även många tillväxt forsøg kærlighed hørt jøde şehir için değil çok
günü ağır dışında görüş""".split()

MentionPicker = Callable[[random.Random], str]


def mention_picker(entities: Sequence[tuple[str, Sequence[str]]]) -> MentionPicker:
    """Pick a mention: the canonical (30 %) or a variant (70 %) of a random entity."""
    def pick(rng: random.Random) -> str:
        canonical, variants = entities[rng.randrange(len(entities))]
        if rng.random() < 0.3 or not variants:
            return canonical
        return variants[rng.randrange(len(variants))]
    return pick


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class ProseGenerator:
    """Deterministic paragraph generator.

    ``vocab`` is a list of (word list, weight) pools; ``words_per_mention`` is the mean gap
    between mentions (``None`` for no mentions).
    """

    def __init__(self, seed: int, vocab: list[tuple[list[str], float]],
                 pick: MentionPicker | None, words_per_mention: float | None):
        self.rng = random.Random(seed)
        self.pools = [p for p, _ in vocab]
        self.weights = [w for _, w in vocab]
        self.pick = pick
        self.rate = 1.0 / words_per_mention if words_per_mention else 0.0
        self._gap = self._next_gap()

    def _next_gap(self) -> int:
        if not self.rate:
            return 1 << 62
        return int(self.rng.expovariate(self.rate))

    def _mention(self) -> str:
        m = self.pick(self.rng)
        r = self.rng.random()
        if r < 0.08:
            m += "'s"
        elif r < 0.11:
            m += "-based"
        return m

    def sentence(self) -> list[str]:
        """One sentence as a list of tokens (a multi-word mention is one token)."""
        rng = self.rng
        n = rng.randint(6, 22)
        pool = rng.choices(self.pools, self.weights)[0]
        tokens = rng.choices(pool, k=n)
        for i in range(n):
            if self._gap <= 0:
                tokens[i] = self._mention()
                self._gap = self._next_gap()
            else:
                self._gap -= 1
            if rng.random() < 0.06 and i < n - 1:
                tokens[i] += ","
        tokens[0] = _cap(tokens[0])
        tokens[-1] += "?" if rng.random() < 0.05 else "."
        return tokens

    def paragraph_tokens(self) -> list[str]:
        out: list[str] = []
        for _ in range(self.rng.randint(2, 7)):
            out += self.sentence()
        return out

    def paragraphs(self, width: int = 78) -> Iterator[str]:
        """Endless hard-wrapped paragraphs, each ending in a blank line."""
        while True:
            lines, line = [], ""
            for tok in self.paragraph_tokens():
                if line and len(line) + 1 + len(tok) > width:
                    lines.append(line)
                    line = tok
                else:
                    line = f"{line} {tok}" if line else tok
            lines.append(line)
            yield "\n".join(lines) + "\n\n"

    def unbroken(self) -> Iterator[str]:
        """Endless text without any line break (for the ``longline`` corpus)."""
        while True:
            yield " ".join(self.paragraph_tokens()) + " "


def corpus_chunks(kind: str, seed: int, pick: MentionPicker) -> Iterator[str]:
    """Endless text chunks of one corpus kind."""
    english = [(ENGLISH, 1.0)]
    if kind == "sparse":
        return ProseGenerator(seed, english, pick, 150).paragraphs()
    if kind == "dense":
        return ProseGenerator(seed, english, pick, 10).paragraphs()
    if kind == "none":
        return ProseGenerator(seed, english, None, None).paragraphs()
    if kind == "cyrillic":
        vocab = [(CYRILLIC, 0.6), (ACCENTED, 0.3), (ENGLISH, 0.1)]
        return ProseGenerator(seed, vocab, pick, 150).paragraphs()
    if kind == "caps":
        return (p.upper() for p in ProseGenerator(seed, english, pick, 150).paragraphs())
    if kind == "longline":
        return ProseGenerator(seed, english, pick, 150).unbroken()
    raise ValueError(f"unknown corpus kind {kind!r}")


CORPUS_KINDS = ["sparse", "dense", "none", "cyrillic", "caps", "longline"]
RESERVED_WORDS = set(ENGLISH) | set(CYRILLIC) | set(ACCENTED)
