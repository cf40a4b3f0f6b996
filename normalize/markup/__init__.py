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

#: Format name -> the module that implements it (its ``MARKUP``, or the attribute after a ``:``,
#: imported on first use), ``None``
#: for formats the engine reads itself.
_MODULES: dict[str, str | None] = {
    "text": None,
    "markdown": "normalize.markup.markdown",
    "html": "normalize.markup.html",
    "xml": "normalize.markup.xml",
    # Source code and configuration files (normalize/markup/code.py): one format per lexer family,
    # each a module attribute; the +strings forms open prose string literals too.
    **{name: f"normalize.markup.code:{name.upper()}" for name in (
        "code", "python", "c", "java", "csharp", "javascript", "go", "rust", "swift", "php", "shell", "ruby",
        "perl", "r", "sql", "lua")},
    **{f"{name}+strings": f"normalize.markup.code:{name.upper()}_STRINGS" for name in (
        "code", "python", "c", "java", "csharp", "javascript", "go", "rust", "swift", "php", "shell", "ruby",
        "perl", "r", "sql", "lua")},
    **{name: f"normalize.markup.code:{name.upper()}" for name in (
        "yaml", "toml", "ini", "properties", "json", "dotenv")},
}
#: File name suffix -> format, for ``auto``.
_SUFFIXES: dict[str, str] = {
    **dict.fromkeys((".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx"), "markdown"),
    **dict.fromkeys((".html", ".htm"), "html"),
    **dict.fromkeys((".xhtml", ".xht", ".xml", ".svg"), "xml"),
    **dict.fromkeys((".py", ".pyi", ".pyw"), "python"),
    **dict.fromkeys((".c", ".h", ".cc", ".cpp", ".cxx", ".c++", ".hpp", ".hh", ".hxx", ".mm"), "c"),
    **dict.fromkeys((".java", ".kt", ".kts", ".scala", ".sc", ".groovy", ".gradle"), "java"),
    **dict.fromkeys((".cs",), "csharp"),
    **dict.fromkeys((".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts"), "javascript"),
    **dict.fromkeys((".go",), "go"),
    **dict.fromkeys((".rs",), "rust"),
    **dict.fromkeys((".swift",), "swift"),
    **dict.fromkeys((".php",), "php"),
    **dict.fromkeys((".sh", ".bash", ".zsh", ".ksh"), "shell"),
    **dict.fromkeys((".rb", ".rake", ".gemspec"), "ruby"),
    **dict.fromkeys((".pl", ".pm"), "perl"),
    **dict.fromkeys((".r",), "r"),
    **dict.fromkeys((".sql",), "sql"),
    **dict.fromkeys((".lua",), "lua"),
    **dict.fromkeys((".yaml", ".yml"), "yaml"),
    **dict.fromkeys((".toml",), "toml"),
    **dict.fromkeys((".ini", ".cfg", ".conf"), "ini"),
    **dict.fromkeys((".properties",), "properties"),
    **dict.fromkeys((".json", ".jsonc", ".json5"), "json"),
    **dict.fromkeys((".env",), "dotenv"),
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
    module, _, attribute = module.partition(":")  # "package.module:NAME" names one of its attributes
    markup: Markup = getattr(importlib.import_module(module), attribute or "MARKUP")
    return markup


def format_for_path(path: str | None, default: str = "text") -> str:
    """The format of a file by its suffix (case-insensitive), else ``default``."""
    if path is None:
        return default
    return _SUFFIXES.get(PurePath(path).suffix.lower(), default)
