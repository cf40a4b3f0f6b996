"""translit-normalize: rewrite transliteration variants of names to one canonical spelling.

    from normalize import Normalizer
    Normalizer().normalize("Kiev") == "Kyiv"
"""

from __future__ import annotations

from .context import Kept
from .engine.match import Match
from .normalizer import Normalizer, default_normalizer
from .rules.parse import Entity, Table, TableError, load_table, parse_table

__all__ = ["Match", "Kept", "Normalizer", "TableError", "Table", "Entity", "load_table", "parse_table",
           "normalize", "find", "__version__"]

from ._version import __version__


def normalize(text: str) -> str:
    """``text`` normalized with the built-in tables (a cached default :class:`Normalizer`)."""
    return default_normalizer().normalize(text)


def find(text: str) -> list[Match]:
    """What :func:`normalize` would change, with the built-in tables."""
    return default_normalizer().find(text)
