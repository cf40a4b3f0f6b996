"""Where the shipped data lives: the built-in tables, the scheme tables and the word list.

Also the bytes that generated variants depend on, for the compiled-table cache key. Standard
library only and nothing parsed, so that a cached start-up (which must hash these to find its
entry) does not import the scheme engine or read the 480 kB word list.

The built-in tables are the top-level ``tables/`` folder of the source tree; a wheel carries
them as ``normalize/data/tables/`` (copied there by ``setup.py``).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["COMMON_WORDS", "DEFAULT_STYLE", "TZ_ZONES", "builtin_table_paths", "parts", "schemes_dir", "style_names",
           "style_path", "tables_dir"]

_PACKAGE = Path(__file__).resolve().parent.parent
_DATA = _PACKAGE / "data"
COMMON_WORDS = _DATA / "common_words.txt"
#: IANA time-zone identifiers, protected text (``scripts/build_tz_zones.py`` writes it).
TZ_ZONES = _DATA / "tz_zones.txt"


def tables_dir() -> Path | None:
    """The built-in tables: inside the installed package, or beside the source tree."""
    for candidate in (_DATA / "tables", _PACKAGE.parent / "tables"):
        if candidate.is_dir():
            return candidate
    return None


def builtin_table_paths() -> list[Path]:
    """The built-in ``tables/*.toml``, sorted by name."""
    d = tables_dir()
    return sorted(d.glob("*.toml")) if d else []


#: The house style the built-in tables follow (``tables/styles/ap.toml`` changes nothing).
DEFAULT_STYLE = "ap"


def style_names() -> tuple[str, ...]:
    """The built-in house styles (``tables/styles/*.toml``, by file stem), sorted."""
    d = tables_dir()
    styles = d / "styles" if d else None
    return tuple(sorted(p.stem for p in styles.glob("*.toml"))) if styles and styles.is_dir() else ()


def style_path(name: str) -> Path:
    """The table of house style ``name``; ValueError naming the known styles if there is none."""
    if not isinstance(name, str):
        raise TypeError(f"style: a style name is a str, got {type(name).__name__}")
    known = style_names()
    if name not in known:
        raise ValueError(f"unknown style {name!r} (known: {', '.join(known) or 'none'})")
    d = tables_dir()
    assert d is not None
    return d / "styles" / f"{name}.toml"


def schemes_dir() -> Path | None:
    """The scheme tables (``tables/schemes``), or None if the data was not installed."""
    d = tables_dir()
    return d / "schemes" if d and (d / "schemes").is_dir() else None


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
