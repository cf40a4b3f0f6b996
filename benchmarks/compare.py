"""Compare two engines' outputs on the same input: mismatch count and examples."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class Mismatch:
    """One differing line: the input and both outputs around the first difference."""

    line: int
    input: str
    left: str
    right: str


def _first_difference(a: str, b: str) -> int:
    n = min(len(a), len(b))
    return next((i for i in range(n) if a[i] != b[i]), n)


def compare_outputs(text: str, left: str, right: str, max_examples: int = 5,
                    context: int = 40) -> dict:
    """Count lines where ``left`` and ``right`` differ (both are rewrites of ``text``).

    Rewrites never add or remove line breaks in this benchmark's corpora, so outputs are
    compared line by line.  Returns ``{"lines": N, "differing_lines": M, "examples": [...]}``.
    """
    if left == right:
        return {"lines": text.count("\n") + 1, "differing_lines": 0, "examples": []}
    src, a, b = text.split("\n"), left.split("\n"), right.split("\n")
    if not (len(src) == len(a) == len(b)):
        return {"lines": len(src), "differing_lines": -1, "examples": [],
                "note": f"line counts differ: input {len(src)}, {len(a)} vs {len(b)}"}
    count, examples = 0, []
    for no, (s, x, y) in enumerate(zip(src, a, b, strict=True), 1):
        if x == y:
            continue
        count += 1
        if len(examples) < max_examples:
            i = _first_difference(x, y)
            lo = max(0, i - context)
            examples.append(asdict(Mismatch(no, s[lo:i + context], x[lo:i + context],
                                            y[lo:i + context])))
    return {"lines": len(src), "differing_lines": count, "examples": examples}
