"""Project configuration: where it is found, what it may say, and how options combine.

Discovery walks upward from the working directory and stops at the first directory that has
``.translit-normalize.toml`` (top-level keys) or a ``pyproject.toml`` with a
``[tool.translit-normalize]`` section (a ``pyproject.toml`` without it is passed over, as ruff
does). ``--config PATH`` names the file instead; ``--isolated`` ignores every file.

Keys (all optional)::

    tables = ["names/newsroom.toml"]   # extra rule tables, relative to the config file
    builtin = true                     # use the built-in tables
    leave-out = ["world"]              # built-in (or earlier) tables left out, by name
    style = "ap"                       # house style of the canonicals: ap, bbc, guardian, nyt, reuters
    target-lang = "en"                 # the language the canonical forms are written for
    context = ["language", "mention"]  # context rules in force (default all; false: none)
    per-language = false               # other-language passages get their own language's canonicals
    input-format = "auto"              # how files are marked up: auto (by suffix), text, markdown, html, ...
    exclude = ["archive/", "*.min.js"] # gitignore-style globs, relative to the config file
    respect-gitignore = true           # skip what .gitignore files exclude when walking folders
    show-kept = false                  # --check: also list the candidates the context rules keep

    [per-file]                         # or [tool.translit-normalize.per-file]
    "quotes/**" = false                # never touch these files
    "history/*.md" = ["Kyiv"]          # leave these entities alone there

A ``per-file`` value is ``false`` (the files are left as they are) or a list of entities,
each named by its canonical spelling or as ``table/canonical`` (the ``[table/entity]`` the
report prints). Every glob that matches a file applies: lists add up, ``false`` wins.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..context import RULES
from ..markup import FORMATS
from ..rules.datafiles import DEFAULT_STYLE, style_names
from ..rules.parse import read_regular_file, short_repr, toml_loads

__all__ = ["Config", "ConfigError", "FileRule", "discover", "load_config", "resolve_config", "unknown_entities",
           "CONFIG_NAMES"]

DOTFILE = ".translit-normalize.toml"
PYPROJECT = "pyproject.toml"
SECTION = "translit-normalize"
CONFIG_NAMES = (DOTFILE, PYPROJECT)
_KEYS = {"tables", "builtin", "leave-out", "style", "target-lang", "context", "per-language", "input-format", "exclude",
         "respect-gitignore", "show-kept", "per-file"}
#: The spelling people type for ours (a Python-style name): found, it is an error, not ignored.
TYPO_SECTION = "translit_normalize"
#: A near miss of our section's name (any case, ``_``/space/none for ``-``, ``normalise``).
_NEAR_SECTION = re.compile(r"translit[-_ ]?normali[sz]e", re.IGNORECASE)


def _near_misses(tool: dict[str, Any]) -> list[str]:
    return [k for k in tool if k != SECTION and isinstance(k, str) and _NEAR_SECTION.fullmatch(k)]
#: Our section's header, as text: a ``pyproject.toml`` that has it but does not parse is an
#: error, not "someone else's file" (``[tool.translit-normalize]``, ``[tool."translit-normalize".per-file]``,
#: and the underscore typo).
_SECTION_HEADER = re.compile(r"""^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*["']?translit[-_]normalize\b""", re.MULTILINE)
#: The largest configuration file read: 1 MiB. A real one is a few hundred bytes and a large
#: project's whole pyproject.toml some tens of KiB; the bound keeps ``--config /dev/zero`` or a
#: runaway file from eating memory (a FIFO or device is refused before it is read).
MAX_CONFIG_BYTES = 1 << 20


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class FileRule:
    """What ``per-file`` says for the files that match one glob."""

    glob: str
    skip: bool = False  # ``false``: do not touch these files
    ignore: frozenset[str] = frozenset()  # entities left alone in these files


@dataclass(frozen=True, slots=True)
class Config:
    """The settings in force: a configuration file (if any) with command-line options applied.

    ``root`` is the folder that relative globs and table paths start from: the config file's
    folder, or the working directory when there is no file.
    """

    root: Path
    path: Path | None = None
    tables: tuple[Path, ...] = ()
    builtin: bool = True
    leave_out: tuple[str, ...] = ()  # table names left out whole (``leave-out``)
    style: str = DEFAULT_STYLE  # ``style``: the house style (--style)
    target_lang: str = "en"  # ``target-lang``
    context: tuple[str, ...] = RULES  # ``context``: the context rules in force
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    per_language: bool = False  # ``per-language`` (--per-language)
    input_format: str = "auto"  # ``input-format`` (--input-format)
    show_kept: bool = False  # ``show-kept``: --check lists kept candidates (--show-kept)
    per_file: tuple[FileRule, ...] = ()
    _exclude_spec: Any = field(default=None, init=False, repr=False, compare=False)
    _rule_specs: tuple[Any, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.exclude:  # pathspec is imported only when there are globs to match
            object.__setattr__(self, "_exclude_spec", _spec(self.exclude))
        if self.per_file:
            object.__setattr__(self, "_rule_specs", tuple(_spec([r.glob]) for r in self.per_file))

    def relative(self, path: str | os.PathLike[str]) -> str | None:
        """``path`` relative to ``root`` in POSIX form, or None when it lies outside."""
        p = Path(os.path.abspath(path))
        try:
            rel = p.relative_to(self.root)
        except ValueError:
            return None
        return rel.as_posix()

    def _key(self, path: str | os.PathLike[str], is_dir: bool = False) -> str:
        rel = self.relative(path)
        key = rel if rel is not None else Path(os.path.abspath(path)).as_posix().lstrip("/")
        return key + "/" if is_dir and key and not key.endswith("/") else key

    def is_excluded(self, path: str | os.PathLike[str], is_dir: bool = False) -> bool:
        """Does an ``exclude`` glob match this file or folder (or a folder above it)?"""
        if not self.exclude:
            return False
        return self._exclude_spec.match_file(self._key(path, is_dir))

    def file_rule(self, path: str | os.PathLike[str]) -> tuple[bool, frozenset[str]]:
        """``(skip, ignored entities)`` that ``per-file`` sets for this file."""
        if not self.per_file:
            return False, frozenset()
        key = self._key(path)
        skip = False
        ignore: set[str] = set()
        for rule, spec in zip(self.per_file, self._rule_specs, strict=True):
            if spec.match_file(key):
                skip = skip or rule.skip
                ignore |= rule.ignore
        return skip, frozenset(ignore)

    def with_options(self, *, tables: Iterable[str | Path] = (), builtin: bool | None = None,
                     exclude: Iterable[str] = ()) -> Config:
        """Command-line options over the file: ``tables`` and ``exclude`` add, ``builtin`` wins."""
        cwd = Path.cwd()
        merged: dict[str, Path] = {}
        for t in (*self.tables, *(Path(os.path.abspath(cwd / t)) for t in tables)):
            merged.setdefault(os.path.realpath(t), t)  # a table named twice is used once
        return replace(
            self,
            tables=tuple(merged.values()),
            builtin=self.builtin if builtin is None else builtin,
            exclude=self.exclude + tuple(exclude),
        )


def discover(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The configuration file that applies in ``start`` (default: the working directory)."""
    here = Path(os.path.abspath(start if start is not None else os.getcwd()))
    for folder in (here, *here.parents):
        dot = folder / DOTFILE
        if dot.is_file():
            return dot
        py = folder / PYPROJECT
        if py.is_file() and _has_section(py):
            return py
    return None


def _has_section(pyproject: Path) -> bool:
    """Does this pyproject.toml speak to us? It does if it has ``[tool.translit-normalize]``, and
    also if it has our section's header as text but does not parse, or spells the section
    ``[tool.translit_normalize]``: :func:`load_config` then reports the error (a broken or
    misspelt section of ours must not be passed over silently)."""
    try:
        raw = read_regular_file(pyproject, MAX_CONFIG_BYTES)
    except OSError as exc:
        if exc.errno != errno.EFBIG:
            return False
        raw = _head(pyproject, MAX_CONFIG_BYTES)  # too large: ours only if it names our section
        return _SECTION_HEADER.search(raw.decode("utf-8", "replace")) is not None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _SECTION_HEADER.search(raw.decode("utf-8", "replace")) is not None
    if _NEAR_SECTION.search(text) is None and "\\u" not in text and "\\U" not in text:
        # The key cannot be there (only a \u or \U escape in a quoted key could spell it
        # otherwise): most projects' pyproject.toml is passed over without importing tomllib.
        return False
    try:
        data = toml_loads(text)
    except ValueError:
        # Someone else's broken pyproject is not ours to report, unless it has our section.
        return _SECTION_HEADER.search(text) is not None
    tool = data.get("tool")
    return isinstance(tool, dict) and (SECTION in tool or bool(_near_misses(tool)))


def _head(path: Path, n: int) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(n)
    except OSError:
        return b""


def resolve_config(config_path: str | os.PathLike[str] | None = None, isolated: bool = False) -> Config:
    """The configuration for a run: ``--isolated``, ``--config PATH`` or discovery."""
    if isolated:
        return Config(root=Path.cwd())
    path = Path(config_path) if config_path is not None else discover()
    if path is None:
        return Config(root=Path.cwd())
    return load_config(path)


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read one configuration file. A ``pyproject.toml`` is read for its tool section."""
    p = Path(os.path.abspath(path))
    shown = str(path)
    try:
        raw = read_regular_file(p, MAX_CONFIG_BYTES)
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read configuration: {exc.strerror or exc}") from None
    try:
        data = toml_loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: not UTF-8 (byte {exc.start})") from None
    except ValueError as exc:
        raise ConfigError(f"{shown}: {exc}") from None
    where = ""
    if p.name == PYPROJECT:
        tool = data.get("tool", {})
        section = tool.get(SECTION) if isinstance(tool, dict) else None
        near = _near_misses(tool) if isinstance(tool, dict) else []
        if near:
            raise ConfigError(f"{shown}: [tool.{near[0]}] is not read: did you mean [tool.{SECTION}]? "
                              "(the section is spelled with a hyphen and a z)")
        if section is None:
            raise ConfigError(f"{shown}: no [tool.{SECTION}] section")
        data = section
        where = f"tool.{SECTION}."
    if not isinstance(data, dict):
        raise ConfigError(f"{shown}: [tool.{SECTION}] must be a table")
    return _parse(data, p, shown, where)


def _parse(data: dict[str, Any], path: Path, shown: str, where: str) -> Config:
    def fail(key: str, reason: str) -> ConfigError:
        return ConfigError(f"{shown}: {where}{key}: {reason}")

    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key (allowed: {', '.join(sorted(_KEYS))})")
    root = path.parent

    tables = data.get("tables", [])
    if not _str_list(tables):
        raise fail("tables", "must be a list of paths (strings)")
    table_paths = tuple(Path(os.path.normpath(root / t)) for t in tables)

    leave_out = data.get("leave-out", [])
    if not _str_list(leave_out) or not all(n.strip() for n in leave_out):
        raise fail("leave-out", "must be a list of table names (strings)")

    style = data.get("style", DEFAULT_STYLE)
    if not isinstance(style, str) or style not in style_names():
        raise fail("style", f"unknown style {short_repr(style)} (known: {', '.join(style_names())})")

    target_lang = data.get("target-lang", "en")
    if not (isinstance(target_lang, str) and len(target_lang) == 2 and target_lang.isascii()
            and target_lang.isalpha() and target_lang.islower()):
        raise fail("target-lang", f"must be a two-letter ISO 639-1 code such as \"en\", got {short_repr(target_lang)}")

    context = data.get("context", list(RULES))
    if context is False:
        context = []
    if not _str_list(context) or any(r not in RULES for r in context):
        raise fail("context", f"must be false or a list of context rules ({', '.join(RULES)}), "
                              f"got {short_repr(context)}")

    builtin = data.get("builtin", True)
    if not isinstance(builtin, bool):
        raise fail("builtin", f"must be true or false, got {short_repr(builtin)}")

    gitignore = data.get("respect-gitignore", True)
    if not isinstance(gitignore, bool):
        raise fail("respect-gitignore", f"must be true or false, got {short_repr(gitignore)}")

    input_format = data.get("input-format", "auto")
    if not isinstance(input_format, str) or (input_format != "auto" and input_format not in FORMATS):
        raise fail("input-format", f"must be auto or one of {', '.join(FORMATS)}, got {short_repr(input_format)}")
    per_language = data.get("per-language", False)
    if not isinstance(per_language, bool):
        raise fail("per-language", f"must be true or false, got {short_repr(per_language)}")
    show_kept = data.get("show-kept", False)
    if not isinstance(show_kept, bool):
        raise fail("show-kept", f"must be true or false, got {short_repr(show_kept)}")

    exclude = data.get("exclude", [])
    if not _str_list(exclude):
        raise fail("exclude", "must be a list of glob strings")
    for glob in exclude:
        if (problem := _glob_problem(glob)) is not None:
            raise fail("exclude", problem)

    per_file = data.get("per-file", {})
    if not isinstance(per_file, dict):
        raise fail("per-file", "must be a table of glob = false | [entities]")
    rules = []
    for glob, value in per_file.items():
        if (problem := _glob_problem(glob)) is not None:
            raise fail(f"per-file.{glob!r}", problem)
        if value is False:
            rules.append(FileRule(glob, skip=True))
        elif _str_list(value) and all(v.strip() for v in value):
            rules.append(FileRule(glob, ignore=frozenset(value)))
        else:
            raise fail(f"per-file.{glob!r}",
                       f"must be false (leave the files alone) or a list of entities, got {short_repr(value)}")
    return Config(root=root, path=path, tables=table_paths, builtin=builtin, leave_out=tuple(leave_out), style=style,
                  target_lang=target_lang, context=tuple(r for r in RULES if r in context),
                  per_language=per_language, input_format=input_format,
                  exclude=tuple(exclude),
                  respect_gitignore=gitignore, show_kept=show_kept, per_file=tuple(rules))


def unknown_entities(config: Config, tables: Iterable[Any]) -> list[str]:
    """``per-file`` entity names that no table in use defines (likely typos)."""
    known: set[str] = set()
    for t in tables:
        for e in t.entities:
            known.add(e.canonical)
            known.add(f"{t.name}/{e.canonical}")
    return sorted({name for r in config.per_file for name in r.ignore if name not in known})


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _glob_problem(glob: str) -> str | None:
    """What is wrong with a glob of the configuration, or None."""
    if not glob.strip():
        return "empty glob"
    try:
        _spec([glob])
    except Exception as exc:  # pathspec raises several types for malformed patterns
        return f"bad glob {glob!r}: {exc}"
    return None


def _spec(lines: Iterable[str]) -> Any:
    from .globmatch import gitignore_spec  # linear-time matching for many-star globs

    return gitignore_spec(lines)
