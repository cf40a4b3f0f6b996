"""Throughput of format="markdown" beside format="text" on a generated Markdown corpus.

    python benchmarks/markdown_speed.py [--mb 4] [--context]

The corpus is made of documents like a docs repository's: front matter, headings, paragraphs
with names (some in emphasis and link text), code spans, fences, indented code, lists, tables,
blockquotes, HTML blocks. One run, both formats side by side, built-in tables, context off
unless ``--context``.
"""

from __future__ import annotations

import argparse
import random
import time

from normalize import Normalizer

NAMES = ["Kiev", "Kharkov", "Odessa", "Zelensky", "Kyiv", "Lviv", "Dnepropetrovsk", "Nikolaev"]
WORDS = "the city of talks were held in and a report on said that officials from with over".split()


def sentence(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(8, 20)):
        r = rng.random()
        name = rng.choice(NAMES)
        if r < 0.06:
            words.append(name)
        elif r < 0.08:
            words.append(f"_{name}_")
        elif r < 0.10:
            words.append(f"[{name}](https://example.org/{name.lower()}/{name})")
        elif r < 0.12:
            words.append(f"`{name.lower()}_id`")
        elif r < 0.13:
            words.append(f"<b>{name}</b>")
        else:
            words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def document(rng: random.Random) -> str:
    out = [f"---\ntitle: News from {rng.choice(NAMES)}\nslug: {rng.choice(NAMES).lower()}\n---\n"]
    for _ in range(rng.randint(5, 15)):
        r = rng.random()
        if r < 0.15:
            out.append("## " + sentence(rng)[:40])
        elif r < 0.55:
            out.append("\n".join(sentence(rng) for _ in range(rng.randint(2, 5))))
        elif r < 0.65:
            out.append("```python\ncity = \"Kiev\"\n\nprint(city)\n```")
        elif r < 0.70:
            out.append("    indented = 'Odessa'\n    more = 1")
        elif r < 0.80:
            out.append("\n".join("- " + sentence(rng) for _ in range(rng.randint(2, 5))))
        elif r < 0.87:
            rows = [f"| {rng.choice(NAMES)} | {rng.randint(1, 999)} | `{rng.choice(NAMES)}` |" for _ in range(4)]
            out.append("| city | n | code |\n|---|---|---|\n" + "\n".join(rows))
        elif r < 0.94:
            out.append("> " + sentence(rng) + "\n> " + sentence(rng))
        else:
            out.append("<div class=\"note\">\nKiev\n</div>")
    return "\n\n".join(out) + "\n"


def corpus(mb: float, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts, size = [], 0
    while size < mb * 1e6:
        d = document(rng)
        parts.append(d)
        size += len(d)
    return "".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=4.0)
    ap.add_argument("--context", action="store_true", help="context rules on (default off)")
    args = ap.parse_args()
    text = corpus(args.mb)
    ctx: tuple[str, ...] | None = None if args.context else ()
    state = "on" if args.context else "off"
    print(f"corpus: {len(text) / 1e6:.1f} M characters of generated Markdown, context {state}")
    for fmt in ("text", "markdown"):
        n = Normalizer(format=fmt) if ctx is None else Normalizer(format=fmt, context=ctx)
        n.normalize(text[:10000])  # warm up (tables compiled or loaded)
        t = time.perf_counter()
        out = n.normalize(text)
        dt = time.perf_counter() - t
        print(f"{fmt:>9}: {len(text) / 1e6 / dt:6.2f} MB/s  ({dt:.2f} s, {len(n.find(text))} rewrites)")
        t = time.perf_counter()
        chunks = (text[i:i + 8192] for i in range(0, len(text), 8192))
        streamed = "".join(n.normalize_stream(chunks))
        dt = time.perf_counter() - t
        assert streamed == out
        print(f"{'':>9}  stream {len(text) / 1e6 / dt:6.2f} MB/s  (8 KiB chunks, equal to the whole text)")


if __name__ == "__main__":
    main()
