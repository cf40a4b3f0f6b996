"""The files that generated variants depend on, for the compiled-table cache key.

Standard library only and nothing parsed, so that a cached start-up (which must hash these to
find its entry) does not import the scheme engine or read the 480 kB word list.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["COMMON_WORDS", "parts", "schemes_dir"]

_PACKAGE = Path(__file__).resolve().parent
COMMON_WORDS = _PACKAGE / "data" / "common_words.txt"


def schemes_dir() -> Path | None:
    """``tables/schemes`` inside the installed package, or beside the source tree (as in
    :func:`normalize.schemes.schemes_dir`)."""
    for candidate in (_PACKAGE / "tables" / "schemes", _PACKAGE.parent / "tables" / "schemes"):
        if candidate.is_dir():
            return candidate
    return None


def _header(path: Path) -> bytes:
    """The comment header of the word list: it names the wordfreq version, the languages, the
    threshold and the length limit, from which the words follow (``tests/test_common_words.py``
    checks that they do)."""
    out = []
    try:
        with open(path, "rb") as f:
            for line in f:
                if not line.startswith(b"#"):
                    break
                out.append(line)
    except OSError:
        return b""
    return b"".join(out)


def parts() -> list[tuple[str, bytes]]:
    """Name and bytes of every scheme table, and the word list's header."""
    d = schemes_dir()
    out = [(f"schemes/{p.name}", p.read_bytes()) for p in sorted(d.glob("*.toml"))] if d else []
    out.append(("data/common_words.txt#header", _header(COMMON_WORDS)))
    return out
