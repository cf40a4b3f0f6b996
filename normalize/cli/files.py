"""Which files a run looks at, and reading them.

Folders named on the command line are walked recursively, in name order, skipping version
control folders, what ``.gitignore`` files exclude (nested ones too, plus the ones above the
folder up to the repository root, and ``.git/info/exclude``) and the configured ``exclude``
globs. Files and folders named explicitly skip the ``.gitignore`` test for themselves (you asked
for them), but not the configured excludes, because pre-commit and editors name every file
they pass.

Reading is all at once (:func:`read_file`, for ``--diff``) or in pieces (:func:`open_file` and
:func:`text_chunks`, for ``--check`` and ``-i``: memory does not grow with the file), by the
same rules: a file with a NUL byte in its first 8 KiB is binary and skipped quietly; a file
that is not UTF-8 is skipped with a warning, and the run goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    import pathspec

from .config import Config
from .fix import is_temp_name

__all__ = ["BINARY_SNIFF", "Problem", "SkipFile", "collect_files", "open_file", "read_file", "read_text",
           "text_chunks"]

BINARY_SNIFF = 8192
VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", ".jj"})

_Spec = tuple[str, Any]  # (folder the patterns are relative to, patterns)


@dataclass(frozen=True, slots=True)
class Problem:
    """A path that could not be used: a message for standard error."""

    path: str
    message: str


class SkipFile(Exception):
    """This file is not checked. ``warn`` says whether the user should hear about it; ``error``
    that it is a failure (unreadable, vanished, too large), which makes the run exit 2."""

    def __init__(self, path: str, reason: str, warn: bool, error: bool = False) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.warn = warn
        self.error = error


def collect_files(paths: Iterable[str], config: Config) -> tuple[list[str], list[Problem]]:
    """The files to process, in argument order then name order, each once; and missing paths."""
    files: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.abspath(path)  # (realpath costs a system call per folder level)
        if key not in seen:
            seen.add(key)
            files.append(path)

    for arg in paths:
        path = os.path.normpath(arg)
        if os.path.isdir(path):
            if config.is_excluded(path, is_dir=True) and path != ".":
                continue
            specs = _ancestor_specs(path) if config.respect_gitignore else []
            if specs and _ignored(path, True, specs):
                specs = []  # a folder named explicitly is walked even if an ignore file above excludes it
            for f in _walk(path, specs, config):
                add(f)
        elif os.path.isfile(path):
            if not config.is_excluded(path):
                add(path)
        elif os.path.lexists(path):
            problems.append(Problem(arg, "not a regular file or folder"))
        else:
            problems.append(Problem(arg, "no such file or folder"))
    return files, problems


def _walk(top: str, specs: list[_Spec], config: Config) -> Iterator[str]:
    if config.respect_gitignore:
        own = _load_ignore(os.path.join(top, ".gitignore"))
        if own is not None:
            specs = specs + [(os.path.abspath(top), own)]
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        path = os.path.join(top, entry.name) if top != "." else entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
        except OSError:
            continue
        if is_dir:
            if entry.name in VCS_DIRS or _ignored(path, True, specs) or config.is_excluded(path, is_dir=True):
                continue
            yield from _walk(path, specs, config)
        elif is_file:
            if is_temp_name(entry.name):
                continue  # a temporary file of an in-place write that was killed (fix.py)
            if not _ignored(path, False, specs) and not config.is_excluded(path):
                yield path


def _ignored(path: str, is_dir: bool, specs: list[_Spec]) -> bool:
    """gitignore semantics: the deepest file with a matching pattern decides, its last match wins."""
    if not specs:
        return False
    absolute = os.path.abspath(path)
    for base, spec in reversed(specs):
        prefix = base.rstrip(os.sep) + os.sep
        if absolute.startswith(prefix):
            rel = absolute[len(prefix):]
        else:
            rel = os.path.relpath(absolute, base)
        if os.sep != "/":
            rel = rel.replace(os.sep, "/")
        if is_dir:
            rel += "/"
        result = spec.check_file(rel)
        if result.include is not None:
            return bool(result.include)
    return False


def _ancestor_specs(top: str) -> list[_Spec]:
    """The ignore files above ``top`` that apply inside it, up to the repository root."""
    here = Path(os.path.abspath(top))
    chain: list[Path] = []
    root = None
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            root = folder
            break
        chain.append(folder)
    if root is None:
        return []  # outside a repository only the .gitignore files inside `top` count
    specs: list[_Spec] = []
    info = _load_ignore(str(root / ".git" / "info" / "exclude"))
    if info is not None:
        specs.append((str(root), info))
    for folder in [root, *reversed(chain)][:-1] if chain else []:
        spec = _load_ignore(str(folder / ".gitignore"))
        if spec is not None:
            specs.append((str(folder), spec))
    return specs


def _load_ignore(path: str) -> pathspec.GitIgnoreSpec | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    from .globmatch import gitignore_spec  # only when there is an ignore file to read

    spec: pathspec.GitIgnoreSpec = gitignore_spec(lines)  # many-star patterns matched in linear time
    return spec


def read_text(path: str) -> str:
    """The file's text, or :class:`SkipFile` for binary, non-UTF-8 or unreadable files."""
    return read_file(path)[0]


def read_file(path: str) -> tuple[str, os.stat_result]:
    """The file's text and its ``stat`` when read, or :class:`SkipFile`.

    Unreadable, vanished or too large to hold in memory: ``SkipFile`` with ``error``.
    """
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            head = f.read(BINARY_SNIFF)
            if b"\0" in head:
                raise SkipFile(path, "binary file", warn=False)
            data = head + f.read()
    except OSError as exc:
        raise SkipFile(path, f"cannot read: {exc.strerror or exc}", warn=True, error=True) from None
    except MemoryError:
        raise SkipFile(path, "cannot read: too large to hold in memory", warn=True, error=True) from None
    try:
        return data.decode("utf-8"), st
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SkipFile(path, f"not UTF-8 (invalid byte at offset {exc.start}, line {line}), skipped",
                       warn=True) from None
    except MemoryError:
        raise SkipFile(path, "cannot read: too large to hold in memory", warn=True, error=True) from None


def open_file(path: str) -> tuple[BinaryIO, os.stat_result]:
    """The file opened for :func:`text_chunks`, and its ``stat`` when opened, or :class:`SkipFile`
    (binary, unreadable or vanished), as :func:`read_file` decides."""
    try:
        f = open(path, "rb")
    except OSError as exc:
        raise SkipFile(path, f"cannot read: {exc.strerror or exc}", warn=True, error=True) from None
    try:
        st = os.fstat(f.fileno())
        if b"\0" in f.read(BINARY_SNIFF):
            raise SkipFile(path, "binary file", warn=False)
    except OSError as exc:
        f.close()
        raise SkipFile(path, f"cannot read: {exc.strerror or exc}", warn=True, error=True) from None
    except BaseException:
        f.close()
        raise
    return f, st


def text_chunks(f: BinaryIO, path: str) -> Iterator[str]:
    """The text of a file from :func:`open_file`, from its start, in pieces: decoded as the filter
    decodes (streamio), and refused as :func:`read_file` refuses it: at the first byte that is
    not UTF-8, :class:`SkipFile` with the same warning (its offset and line); a read error is
    :class:`SkipFile` with ``error``."""
    from .streamio import decode_chunks

    size = lines = 0  # UTF-8 bytes and line breaks before the piece at hand
    try:
        f.seek(0)
        for piece in decode_chunks(f, encoding="utf-8"):  # named: no UTF-16/32 sniffing, as read_file
            if piece.isascii():
                size += len(piece)
            else:
                try:
                    size += len(piece.encode("utf-8"))
                except UnicodeEncodeError as exc:  # a lone surrogate: an undecodable byte, kept by the decoder
                    at = size + len(piece[:exc.start].encode("utf-8"))
                    line = lines + piece.count("\n", 0, exc.start) + 1
                    raise SkipFile(path, f"not UTF-8 (invalid byte at offset {at}, line {line}), skipped",
                                   warn=True) from None
            lines += piece.count("\n")
            yield piece
    except OSError as exc:
        raise SkipFile(path, f"cannot read: {exc.strerror or exc}", warn=True, error=True) from None
    except MemoryError:
        raise SkipFile(path, "cannot read: out of memory", warn=True, error=True) from None
