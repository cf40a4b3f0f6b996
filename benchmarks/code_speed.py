"""Throughput of the code formats: normalize.markup.code's tokenizer and Normalizer(format=...)
on ~3 MB of Python (the standard library) and ~3 MB of JavaScript (files found on this machine,
or the Python corpus's comments and strings dressed as JavaScript when none are found); with
``--pygments``, Pygments' lexers on the same text beside them. One run; MB/s."""

from __future__ import annotations

import argparse
import os
import sysconfig
import time
from pathlib import Path

from normalize import Normalizer
from normalize.markup.code import JAVASCRIPT, PYTHON, Code

SIZE = 3_000_000


def python_corpus() -> str:
    parts, size = [], 0
    for f in sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py")):
        parts.append(f.read_text(encoding="utf-8", errors="replace"))
        size += len(parts[-1])
        if size > SIZE:
            break
    return "".join(parts)


def javascript_corpus() -> str:
    parts, size = [], 0
    for root in ("/usr/share", "/usr/lib", os.path.expanduser("~")):
        for dirpath, _, files in os.walk(root):
            for name in files:
                if name.endswith(".js") and not name.endswith(".min.js"):
                    try:
                        parts.append(Path(dirpath, name).read_text(encoding="utf-8"))
                    except (OSError, UnicodeDecodeError):
                        continue
                    size += len(parts[-1])
                    if size > SIZE:
                        return "".join(parts)
    return "".join(parts)


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds / 1e6:6.1f} MB/s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pygments", action="store_true")
    args = ap.parse_args()
    corpora: list[tuple[str, Code, str]] = [("python", PYTHON, python_corpus()),
                                            ("javascript", JAVASCRIPT, javascript_corpus())]
    for name, markup, text in corpora:
        if not text:
            print(f"{name}: no corpus found")
            continue
        print(f"{name}: {len(text) / 1e6:.1f} MB")
        t = time.perf_counter()
        markup.protected(text, None)
        print(f"  tokenizer                     {rate(len(text), time.perf_counter() - t)}")
        for label, n in (("context=()", Normalizer(format=name, context=())), ("context on", Normalizer(format=name)),
                         ("text, context=()", Normalizer(context=()))):
            n.normalize("Kiev")
            t = time.perf_counter()
            n.normalize(text)
            print(f"  normalize, {label:18} {rate(len(text), time.perf_counter() - t)}")
        if args.pygments:
            from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped,unused-ignore]

            lexer = get_lexer_by_name(name, stripnl=False, ensurenl=False, tabsize=0)
            t = time.perf_counter()
            joined = "".join(v for _, v in lexer.get_tokens(text))
            print(f"  pygments                      {rate(len(text), time.perf_counter() - t)}"
                  f" (tokens join to the input: {joined == text})")


if __name__ == "__main__":
    main()
