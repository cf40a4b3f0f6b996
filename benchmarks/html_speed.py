"""Throughput of format="html" beside format="text" on the same bytes: generated news pages.

    python benchmarks/html_speed.py            # ~100 MB corpus (cached under benchmarks/_data/)
    python benchmarks/html_speed.py --quick    # ~5 MB

The corpus: news pages like a site's archive (head with meta, styles and scripts; navigation;
an article with paragraphs, names in links, emphasis and table cells; figures with alt text;
comments; code and pre; a footer), deterministic for a seed, written once to
``benchmarks/_data/html-corpus-<MB>-s<seed>-v<version>.html``. One run: both formats, context off
(``context=()``) over the whole corpus as a stream of 64 KiB chunks, and context on (the default)
over a prefix (``--context-mb``, the context stage being much slower than matching).
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path

from normalize import Normalizer

VERSION = 1
SEED = 20261204
DATA_DIR = Path(__file__).resolve().parent / "_data"
NAMES = ["Kiev", "Kharkov", "Odessa", "Zelensky", "Kyiv", "Lviv", "Dnepropetrovsk", "Nikolaev", "Vladimir Zelenskiy",
         "Gaddafi", "Cherson", "Zaporozhye"]
WORDS = ("the city of talks were held in and a report on said that officials from with over after before "
         "minister government week people during new two first last").split()


def sentence(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(8, 24)):
        r = rng.random()
        name = rng.choice(NAMES)
        if r < 0.05:
            words.append(name)
        elif r < 0.07:
            words.append(f"<a href=\"/tag/{name.lower().replace(' ', '-')}\">{name}</a>")
        elif r < 0.08:
            words.append(f"<b>{name}</b>")
        elif r < 0.09:
            words.append("&mdash;")
        else:
            words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def page(rng: random.Random, k: int) -> str:
    city = rng.choice(NAMES)
    head = (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{city}: {sentence(rng)[:50]}</title>\n"
            f"<meta name=\"description\" content=\"News from {city}\">\n"
            f"<link rel=\"canonical\" href=\"https://news.example/{k}/{city.lower()}\">\n"
            "<style>\nbody { font: 16px/1.4 sans-serif }\n.Kiev, .byline { color: #333 }\n</style>\n"
            f"<script>window.dataLayer = [{{page: \"{city}\", id: {k}}}];\nif (a < b) {{ track('Kiev'); }}</script>\n"
            "</head>\n<body>\n")
    nav = ("<nav><ul>" + "".join(f"<li><a href=\"/section/{n.lower()}\">{n}</a></li>" for n in rng.sample(NAMES, 5))
           + "</ul></nav>\n<!-- article starts: Kiev desk -->\n")
    body = [f"<article id=\"a{k}\" data-city=\"{city}\">\n<h1>{sentence(rng)[:60]}</h1>\n"
            f"<p class=\"byline\">By staff in {city}</p>\n"]
    for _ in range(rng.randint(6, 14)):
        r = rng.random()
        if r < 0.6:
            body.append("<p>" + " ".join(sentence(rng) for _ in range(rng.randint(2, 5))) + "</p>\n")
        elif r < 0.7:
            body.append(f"<figure><img src=\"/img/{city.lower()}-{k}.jpg\" alt=\"{sentence(rng)[:40]}\">"
                        f"<figcaption>{sentence(rng)}</figcaption></figure>\n")
        elif r < 0.8:
            rows = "".join(f"<tr><td>{rng.choice(NAMES)}</td><td>{rng.randint(1, 9999)}</td></tr>" for _ in range(5))
            body.append(f"<table><thead><tr><th>City</th><th>n</th></tr></thead><tbody>{rows}</tbody></table>\n")
        elif r < 0.87:
            body.append(f"<pre><code>city = \"{rng.choice(NAMES)}\"\nprint(city)</code></pre>\n")
        elif r < 0.94:
            body.append("<blockquote><p>" + sentence(rng) + "</p></blockquote>\n")
        else:
            body.append(f"<p translate=\"no\">{rng.choice(NAMES)} Ltd &amp; Co</p>\n")
    foot = ("</article>\n<footer><p>&copy; News Example &middot; <a href=\"/about\">About</a></p></footer>\n"
            "<script src=\"/js/app.js\"></script>\n</body>\n</html>\n")
    return head + nav + "".join(body) + foot


def corpus_path(mb: int, seed: int = SEED) -> Path:
    """The corpus file (generated on first use)."""
    path = DATA_DIR / f"html-corpus-{mb}-s{seed}-v{VERSION}.html"
    if not path.exists():
        rng = random.Random(seed)
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        size, k = 0, 0
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            while size < mb * 1_000_000:
                p = page(rng, k)
                f.write(p)
                size += len(p.encode("utf-8"))
                k += 1
        os.replace(tmp, path)
    return path


def chunks(path: Path, limit: int | None = None, size: int = 1 << 16) -> Iterator[str]:
    with open(path, encoding="utf-8", newline="") as f:
        read = 0
        while limit is None or read < limit:
            c = f.read(size if limit is None else min(size, limit - read))
            if not c:
                return
            read += len(c)
            yield c


def measure(n: Normalizer, path: Path, limit: int | None) -> tuple[float, int, float]:
    """(MB/s, rewrites, seconds) of normalize_stream over the corpus (or its first ``limit`` characters)."""
    count = 0

    def seen(_: object) -> None:
        nonlocal count
        count += 1

    nbytes = 0
    t = time.perf_counter()
    for out in n.normalize_stream(chunks(path, limit), on_match=seen):
        nbytes += len(out)
    dt = time.perf_counter() - t
    return nbytes / 1e6 / dt, count, dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="~5 MB corpus (default ~100 MB)")
    ap.add_argument("--context-mb", type=float, default=None,
                    help="characters (millions) read with context on (default: 2 quick, 10 full)")
    args = ap.parse_args()
    mb = 5 if args.quick else 100
    ctx_mb = args.context_mb if args.context_mb is not None else (2.0 if args.quick else 10.0)
    t = time.perf_counter()
    path = corpus_path(mb)
    print(f"corpus: {path.stat().st_size / 1e6:.1f} MB of generated HTML news pages ({path.name}, "
          f"{time.perf_counter() - t:.1f} s to get)")
    rows = []
    for label, ctx, limit in (("context=()", (), None), ("context on", None, int(ctx_mb * 1e6))):
        for fmt in ("text", "html"):
            n = Normalizer(format=fmt) if ctx is None else Normalizer(format=fmt, context=ctx)
            n.normalize("<p>Kiev</p>")  # warm up: tables compiled or loaded
            rate, count, dt = measure(n, path, limit)
            rows.append((label, fmt, rate, count, dt))
            scope = "whole corpus" if limit is None else f"first {limit / 1e6:.0f} M chars"
            print(f"{label:>11} {fmt:>5}: {rate:7.2f} MB/s  ({dt:6.1f} s, {count} rewrites, {scope})")
    for label in ("context=()", "context on"):
        r = {fmt: rate for lab, fmt, rate, _, _ in rows if lab == label}
        print(f"{label:>11}: html / text = {r['html'] / r['text']:.2f}")


if __name__ == "__main__":
    main()
