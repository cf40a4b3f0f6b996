"""One run over files: which normalizer and which per-file rules apply to a path.

The :class:`Session` holds the normalizers built once per run (plain and Markdown: same
tables, no recompilation) and the configuration. The check, in-place, diff and filter front
ends all ask it, so they agree on every file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Sequence

from .config import Config
from .match import Match
from .normalizer import Normalizer
from .tables import builtin_table_paths

__all__ = ["MARKDOWN_SUFFIXES", "FilePlan", "Session", "is_markdown"]

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx"})


def is_markdown(path: str) -> bool:
    """Markdown by file extension."""
    return os.path.splitext(path)[1].lower() in MARKDOWN_SUFFIXES


@dataclass(frozen=True, slots=True)
class FilePlan:
    """How to treat one file: leave it alone, or normalize it minus some entities."""

    skip: bool
    normalizer: Normalizer
    ignore: frozenset[str]

    def find(self, text: str) -> list[Match]:
        """Matches in ``text`` that apply to this file."""
        if self.skip:
            return []
        found = self.normalizer.find(text)
        if self.ignore and found:
            found = [m for m in found if m.entity not in self.ignore
                     and f"{m.table}/{m.entity}" not in self.ignore]
        return found

    def apply(self, text: str, matches: Sequence[Match]) -> str:
        return self.normalizer.apply(text, matches) if matches else text


class Session:
    """The normalizers and configuration of one run."""

    def __init__(self, normalizer: Normalizer, config: Config, markdown: bool | None = None) -> None:
        self.config = config
        self.markdown = markdown  # forced by --markdown/--no-markdown, else by extension
        self._plain = normalizer.with_options(markdown=False) if normalizer.markdown else normalizer
        self._md = normalizer if normalizer.markdown else normalizer.with_options(markdown=True)
        # The rule tables in use list variants on purpose: never report or rewrite them.
        # (Paths from the configuration: asking the normalizer would parse every table.)
        paths = [*(builtin_table_paths() if config.builtin else ()), *config.tables]
        self._tables = frozenset(os.path.realpath(p) for p in paths)

    def normalizer_for(self, path: str | None) -> Normalizer:
        md = self.markdown if self.markdown is not None else (path is not None and is_markdown(path))
        return self._md if md else self._plain

    def plan(self, path: str | None) -> FilePlan:
        """The plan for ``path`` (``None``: standard input without a name)."""
        n = self.normalizer_for(path)
        if path is None:
            return FilePlan(False, n, frozenset())
        skip, ignore = self.config.file_rule(path)
        if not skip and self._tables and os.path.realpath(path) in self._tables:
            skip = True
        return FilePlan(skip, n, ignore)
