"""The ``translit-normalize`` command: parse options, call the library, render results."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from . import __version__
from .normalizer import Normalizer
from .streamio import filter_stream
from .tables import TableError

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mdx"}


def _fail(message: str) -> "click.exceptions.Exit":
    click.echo(f"translit-normalize: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


def build_normalizer(tables: tuple[str, ...], builtin: bool) -> Normalizer:
    """The Normalizer for these options; a bad table becomes a one-line error, exit 2."""
    try:
        return Normalizer(tables=tables, builtin=builtin)
    except TableError as exc:
        raise _fail(str(exc)) from None


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True, dir_okay=False, path_type=str))
@click.option("--table", "tables", multiple=True, type=click.Path(dir_okay=False),
              metavar="PATH", help="Add a rule table (TOML). Repeatable.")
@click.option("--no-builtin", is_flag=True, help="Use only the tables given with --table.")
@click.option("--markdown/--no-markdown", default=None,
              help="Protect Markdown code spans and fences (default: by file extension; off for stdin).")
@click.option("--line-buffered", is_flag=True,
              help="Write each line as soon as it is complete (always on when output is a terminal).")
@click.version_option(__version__, prog_name="translit-normalize")
def main(paths: tuple[str, ...], tables: tuple[str, ...], no_builtin: bool, markdown: bool | None,
         line_buffered: bool) -> None:
    """Rewrite transliteration variants of names to their canonical spelling.

    With no PATH, or with -, filter standard input to standard output. With PATHs, print
    each file normalized. Bytes that are not UTF-8 pass through unchanged.
    """
    normalizer = build_normalizer(tables, not no_builtin)
    out = sys.stdout.buffer
    if not line_buffered:
        line_buffered = _isatty(sys.stdout)
    try:
        for path in paths or ("-",):
            md = markdown if markdown is not None else Path(path).suffix.lower() in MARKDOWN_SUFFIXES
            n = normalizer.with_options(markdown=md) if md != normalizer.markdown else normalizer
            if path == "-":
                filter_stream(n, sys.stdin.buffer, out, line_buffered=line_buffered)
                continue
            try:
                with open(path, "rb") as f:
                    filter_stream(n, f, out, line_buffered=line_buffered)
            except OSError as exc:
                raise _fail(f"{path}: {exc.strerror or exc}") from None
    except BrokenPipeError:
        _quiet_broken_pipe()
    except KeyboardInterrupt:
        raise click.exceptions.Exit(130) from None


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _quiet_broken_pipe() -> None:
    """The reader went away (``| head``): stop quietly, as cat does."""
    try:
        sys.stdout = None  # type: ignore[assignment]
    finally:
        raise click.exceptions.Exit(128 + signal.SIGPIPE)


def run() -> None:
    """Entry point for ``python -m normalize``."""
    main(prog_name="translit-normalize")
