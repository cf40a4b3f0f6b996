"""Markup: which parts of a document are prose, read by a parser for each format.

base (the :class:`~normalize.markup.base.Markup` protocol and the block driver) -> one module per
format -> rewrite (each block through the engine, with the format's protected spans). The
formats register here; ``text`` is no markup at all (the engine's own paths).
"""

from __future__ import annotations

import importlib
from pathlib import PurePath

from .base import MAX_BLOCK, Markup, blocks

__all__ = ["FORMATS", "MAX_BLOCK", "Markup", "blocks", "format_for_path", "markup_for"]

#: Format name -> the module that implements it (its ``MARKUP``, imported on first use), ``None``
#: for formats the engine reads itself.
_MODULES: dict[str, str | None] = {
    "text": None,
    "markdown": "normalize.markup.markdown",
    "html": "normalize.markup.html",
    "xml": "normalize.markup.xml",
}
#: File name suffix -> format, for ``auto``.
_SUFFIXES: dict[str, str] = {
    **dict.fromkeys((".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx"), "markdown"),
    **dict.fromkeys((".html", ".htm"), "html"),
    **dict.fromkeys((".xhtml", ".xht", ".xml", ".svg"), "xml"),
}

#: Every format name, ``auto`` aside (``auto`` picks one by a file's suffix).
FORMATS: tuple[str, ...] = tuple(_MODULES)


def markup_for(name: str) -> Markup | None:
    """The :class:`Markup` of format ``name`` (``None`` for ``text``, which the engine reads
    itself); ValueError for an unknown name."""
    if name not in _MODULES:
        raise ValueError(f"unknown input format {name!r} (known: {', '.join(FORMATS)}, auto)")
    module = _MODULES[name]
    if module is None:
        return None
    markup: Markup = importlib.import_module(module).MARKUP
    return markup


def format_for_path(path: str | None, default: str = "text") -> str:
    """The format of a file by its suffix (case-insensitive), else ``default``."""
    if path is None:
        return default
    return _SUFFIXES.get(PurePath(path).suffix.lower(), default)
