"""The :class:`Normalizer`: tables loaded and compiled once, then used from any thread."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .match import Match
from .matcher import Matcher, compile_tables
from .rewrite import apply, scan_text, stream
from .tables import Table, builtin_table_paths, load_table, validate

__all__ = ["Normalizer", "default_normalizer"]

TableSpec = str | Path | Table


@functools.lru_cache(maxsize=1)
def _builtin_tables() -> tuple[Table, ...]:
    return tuple(load_table(p) for p in builtin_table_paths())


class Normalizer:
    """Rewrites transliteration variants to canonical names.

    ``Normalizer()`` uses the built-in tables; ``Normalizer(tables=[...], builtin=False)``
    only the given ones (paths to TOML files, or :class:`~normalize.tables.Table` values).
    ``markdown=True`` also protects Markdown code spans and fenced blocks.
    Immutable and thread-safe; pickles as its tables, so it ships cheaply to workers.
    """

    __slots__ = ("_tables", "_markdown", "_matcher")

    def __init__(self, tables: Iterable[TableSpec] = (), *, builtin: bool = True, markdown: bool = False) -> None:
        loaded: list[Table] = list(_builtin_tables()) if builtin else []
        for t in tables:
            loaded.append(t if isinstance(t, Table) else load_table(t))
        validate(loaded)
        object.__setattr__(self, "_tables", tuple(loaded))
        object.__setattr__(self, "_markdown", bool(markdown))
        object.__setattr__(self, "_matcher", compile_tables(self._tables))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Normalizer is immutable")

    def __reduce__(self):
        return (_rebuild, (self._tables, self._markdown))

    def __repr__(self) -> str:
        names = ", ".join(t.name for t in self._tables)
        return f"Normalizer(tables=[{names}], surfaces={self._matcher.size}, markdown={self._markdown})"

    @property
    def tables(self) -> tuple[Table, ...]:
        """The tables in use, built-in ones first."""
        return self._tables

    @property
    def markdown(self) -> bool:
        """Whether Markdown code is protected."""
        return self._markdown

    @property
    def matcher(self) -> Matcher:
        """The compiled matcher (for tools that inspect it)."""
        return self._matcher

    def with_options(self, *, markdown: bool) -> "Normalizer":
        """The same tables with other options (no recompilation)."""
        return _rebuild(self._tables, markdown)

    def find(self, text: str) -> list[Match]:
        """What :meth:`normalize` would change, in text order."""
        return scan_text(self._matcher, text, self._markdown)

    def normalize(self, text: str) -> str:
        """``text`` with every variant rewritten to its canonical form."""
        return apply(text, scan_text(self._matcher, text, self._markdown))

    def apply(self, text: str, matches: Sequence[Match]) -> str:
        """Rewrite ``text`` with matches from :meth:`find` (possibly a filtered subset)."""
        return apply(text, matches)

    def normalize_stream(self, chunks: Iterable[str], *, line_buffered: bool = False) -> Iterator[str]:
        """Normalize text that arrives in pieces; names may straddle pieces. Constant memory."""
        return stream(self._matcher, chunks, self._markdown, line_buffered)

    def find_stream(self, chunks: Iterable[str]) -> Iterator[Match]:
        """Matches in a stream of chunks, with offsets into the whole stream."""
        found: list[Match] = []
        for _ in stream(self._matcher, chunks, self._markdown, on_match=found.append):
            yield from found
            found.clear()
        yield from found


def _rebuild(tables: tuple[Table, ...], markdown: bool) -> Normalizer:
    n = Normalizer.__new__(Normalizer)
    object.__setattr__(n, "_tables", tables)
    object.__setattr__(n, "_markdown", markdown)
    object.__setattr__(n, "_matcher", compile_tables(tables))
    return n


@functools.lru_cache(maxsize=1)
def default_normalizer() -> Normalizer:
    """The shared Normalizer with the built-in tables."""
    return Normalizer()
