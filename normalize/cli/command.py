"""The ``translit-normalize`` command: parse options, call the library, render results.

Without a mode it is a filter (standard input, or each PATH, normalized to standard output).
``--check``, ``--diff`` and ``-i/--in-place`` work on files and folders instead; see
``docs/linter.md`` for the whole interface.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, cast

import click

from .. import __version__
from ..context import RULES
from ..engine import trie
from ..markup import FORMATS as INPUT_FORMATS
from ..normalizer import Normalizer
from ..rules.datafiles import DEFAULT_STYLE, style_names
from ..rules.parse import TableError
from .config import Config, ConfigError, resolve_config, unknown_entities
from .runner import MARKDOWN_SUFFIXES, Session
from .streamio import EncodingError, FullWriter, OutputError, decode_chunks, filter_stream, one_line, text_encoding

if TYPE_CHECKING:
    from .report import Outcome

# The modules that only --check, --diff and -i need (file walking, reporters, progress, worker
# processes) are imported in _lint_files, so the filter, --help and --version never load them.

__all__ = ["main", "run", "build_normalizer", "MARKDOWN_SUFFIXES"]

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM
PROG = "translit-normalize"
#: The --format choices: report.FORMATS, spelled out so that building the command does not import
#: the reporters (keep the two the same).
FORMATS = ("text", "json", "github")


def _stderr(line: str) -> None:
    """One line on standard error; if standard error itself cannot be written, nothing (the exit
    code still says what happened)."""
    try:
        click.echo(line, err=True)
    except (OSError, ValueError):
        pass


def _fail(message: str) -> click.exceptions.Exit:
    _stderr(f"{PROG}: error: {message}")
    return click.exceptions.Exit(EXIT_ERROR)


def _warn(message: str) -> None:
    _stderr(f"{PROG}: warning: {message}")


class _Terminated(BaseException):
    """SIGTERM arrived (raised by the handler that --check, --diff and -i install)."""


class _OneLineUsage(click.UsageError):
    """A usage error as one line in the form of every other error (not click's usage block)."""

    def show(self, file: Any = None) -> None:
        _stderr(f"{PROG}: error: {one_line(self.format_message())} (see --help)")


def _one_line_usage(exc: click.UsageError) -> _OneLineUsage:
    return _OneLineUsage(exc.format_message(), exc.ctx)  # exit code 2, as every usage error


class _Command(click.Command):
    """The command, with one rule for whatever goes wrong: exit 1 means "variants found", so a
    crash must never exit 1 (click's own default) nor print a traceback. Any exception that
    escapes is one line, ``translit-normalize: error: ...``, and exit 2; a closed pipe exits 141
    quietly, Ctrl-C 130, SIGTERM 143; standard output that cannot be written is an error that
    names standard output."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except _OneLineUsage:
            raise
        except click.UsageError as exc:
            raise _one_line_usage(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except _OneLineUsage:
            raise
        except click.UsageError as exc:
            raise _one_line_usage(exc) from None
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except _Terminated:
            raise click.exceptions.Exit(EXIT_TERMINATED) from None
        except BrokenPipeError:
            _quiet_broken_pipe()
        except OutputError as exc:
            raise _output_failed(exc) from None
        except Exception as exc:  # a bug or an unforeseen fault: one line, exit 2
            raise _fail(one_line(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)) from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        try:
            super().main(*args, **kwargs)
            code: Any = 0
        except SystemExit as exc:
            code = exc.code
        except BrokenPipeError:  # outside invoke: --help or --version into a closed pipe
            _discard_stdout()
            code = _broken_pipe_status()
        except OSError as exc:  # outside invoke only click writes: --help, --version, usage errors
            _discard_stdout()
            _stderr(f"{PROG}: error: cannot write: {exc.strerror or exc}")
            code = EXIT_ERROR
        except Exception as exc:
            _stderr(f"{PROG}: error: {one_line(f'{type(exc).__name__}: {exc}')}")
            code = EXIT_ERROR
        sys.exit(_flush_stdout(code))


def _flush_stdout(code: Any) -> Any:
    """Flush standard output before exit (--help, --version and click.echo write through it) and
    turn a failure into the exit code, not into Python's "Exception ignored" and status 120."""
    out = sys.stdout
    if out is None:
        return code
    try:
        out.flush()
    except BrokenPipeError:
        _discard_stdout()
        return _broken_pipe_status()
    except OSError as exc:
        _discard_stdout()
        _stderr(f"{PROG}: error: standard output: {exc.strerror or exc}")
        return EXIT_ERROR
    except ValueError:  # closed
        pass
    return code


def _discard_stdout() -> None:
    """Whatever is still buffered for standard output goes nowhere: point the descriptor at the
    null device, so that the interpreter's last flush succeeds quietly."""
    try:
        fd = sys.stdout.fileno() if sys.stdout is not None else 1
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        sys.stdout = None
        return
    try:
        os.dup2(null, fd)
    except OSError:
        sys.stdout = None
    finally:
        os.close(null)


def _output_failed(exc: OutputError) -> click.exceptions.Exit:
    """Standard output cannot be written (``> /dev/full``): say so, naming standard output, exit 2."""
    sys.stdout = None  # what is still buffered for it is dropped, not flushed again at exit
    return _fail(f"standard output: {exc}")


def build_normalizer(tables: tuple[str | Path, ...], builtin: bool, leave_out: tuple[str, ...] = (),
                     lang: str = "en", context: tuple[str, ...] = RULES, per_language: bool = False,
                     style: str = DEFAULT_STYLE) -> Normalizer:
    """The Normalizer for these options; a bad table becomes a one-line error, exit 2."""
    try:
        return Normalizer(tables=tables, builtin=builtin, leave_out=leave_out, lang=lang, context=context,
                          per_language=per_language, style=style)
    except (TableError, ValueError) as exc:
        raise _fail(one_line(str(exc))) from None


def _input_format(value: str | None, markdown: bool | None, configured: str) -> str | None:
    """The forced format (None: auto) from --input-format, --markdown/--no-markdown and the config."""
    legacy = None if markdown is None else ("markdown" if markdown else "text")
    if value is not None and legacy is not None and value != legacy:
        flag = "--markdown" if markdown else "--no-markdown"
        raise click.UsageError(f"--input-format {value} and {flag} contradict each other")
    chosen = value or legacy or configured
    if chosen != "auto" and chosen not in INPUT_FORMATS:
        raise click.BadParameter(f"{chosen!r} is not a format (known: {', '.join(INPUT_FORMATS)}, auto)",
                                 param_hint="'--input-format'")
    return None if chosen == "auto" else chosen


def _empty_table(path: str | Path) -> str | None:
    """Why the table at ``path`` changes nothing (empty, or no [[entity]], [[extend]] or
    leave_out), or None; a file that cannot be read is left for the table loader to report."""
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 20)
    except OSError:
        return None
    if not head.strip():
        return "the table is empty: it adds nothing"
    if not re.search(rb"^[ \t]*(?:\[\[[ \t]*(?:entity|extend)[ \t]*\]\]|leave_out[ \t]*=)", head, re.MULTILINE):
        return "the table has no [[entity]], [[extend]] or leave_out: it adds nothing"
    return None


def _is_lang_code(code: str) -> bool:
    return len(code) == 2 and code.isascii() and code.isalpha() and code.islower()


def _context_rules(value: str | None, configured: tuple[str, ...]) -> tuple[str, ...]:
    """--context RULES (comma-separated; "none" for none) over the configured rules."""
    if value is None:
        return configured
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    if names == ("none",):
        return ()
    bad = [n for n in names if n not in RULES]
    if bad or not names:
        raise click.BadParameter(f"unknown context rule {bad[0] if bad else value!r} "
                                 f"(known: {', '.join(RULES)}, or none)", param_hint="'--context'")
    return tuple(r for r in RULES if r in names)


def load_config(config_path: str | None, isolated: bool, tables: tuple[str, ...], builtin: bool | None,
                exclude: tuple[str, ...]) -> Config:
    """The configuration file (found or named) with the command-line options over it."""
    if config_path is not None and isolated:
        raise click.UsageError("--config and --isolated exclude each other")
    try:
        config = resolve_config(config_path, isolated)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    return config.with_options(tables=tables, builtin=builtin, exclude=exclude)


@click.command(cls=_Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True, path_type=str))
@click.option("--check", is_flag=True,
              help="Report each variant as path:line:col: found -> replacement [table/entity]; exit 1 if any.")
@click.option("-i", "--in-place", "in_place", is_flag=True,
              help="Rewrite changed files atomically; exit 1 if any file changed.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what would change; exit 1 if anything would.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Report format for --check and --in-place (default: text). Implies --check alone.")
@click.option("--statistics", is_flag=True, help="Print counts per entity instead of each variant.")
@click.option("--show-kept/--hide-kept", "show_kept", default=None,
              help="--check: also list each candidate the context rules keep as written, with the reason "
                   "(never a finding; default: off, or as configured). JSON always carries them.")
@click.option("--table", "tables", multiple=True, type=click.Path(dir_okay=False),
              metavar="PATH", help="Add a rule table (TOML). Repeatable; adds to the configured tables.")
@click.option("--leave-out", "leave_out", multiple=True, metavar="NAME",
              help="Leave a built-in (or configured) table out, by name. Repeatable; adds to the configured ones.")
@click.option("--style", "style", metavar="NAME", default=None,
              help=f"House style of the canonicals: {', '.join(style_names())} (default: {DEFAULT_STYLE}, or as "
                   "configured); a layer over the built-in tables, before the configured and --table ones.")
@click.option("--target-lang", "target_lang", metavar="CODE", default=None,
              help="Language the canonical forms are written for (ISO 639-1; default: en, or as configured).")
@click.option("--context", "context_rules", metavar="RULES", default=None,
              help=f"Context rules in force, comma-separated: {', '.join(RULES)} (default: all, or as "
                   "configured); none switches them off.")
@click.option("--no-context", "no_context", is_flag=True, help="Switch every context rule off (--context none).")
@click.option("--per-language/--no-per-language", "per_language", default=None,
              help="Rewrite a passage in another language to that language's canonicals where the tables give "
                   "them (default: off, or as configured; needs the language rule).")
@click.option("--builtin/--no-builtin", default=None,
              help="Use the built-in tables (default: on, or as configured).")
@click.option("--input-format", "input_format", metavar="FORMAT", default=None,
              help=f"How input is marked up: {', '.join(INPUT_FORMATS)} or auto (default: auto, each file by its "
                   "suffix, text for stdin without --stdin-filename; or as configured). Only prose is normalized.")
@click.option("--markdown/--no-markdown", default=None,
              help="--input-format markdown / text.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="PATH",
              help="Use this configuration file instead of searching for one.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--follow-symlinks-outside", is_flag=True,
              help="-i: also rewrite files that symbolic links lead to outside the folders named (default: skip them).")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip files matching this gitignore-style glob. Repeatable; adds to the configured ones.")
@click.option("--stdin-filename", metavar="NAME",
              help="Name for standard input in reports, Markdown detection and per-file rules.")
@click.option("--color/--no-color", default=None, help="Colour the report (default: on a terminal only).")
@click.option("-q", "--quiet", is_flag=True, help="No summary or warnings on standard error.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, metavar="N",
              help="Worker processes for runs over many files (default 0: half the CPUs, at most 8).")
@click.option("--encoding", metavar="NAME", default=None,
              help="Filter: read standard input (or each PATH) in this encoding and write the same one "
                   "(default: UTF-8, undecodable bytes passed through; UTF-16/32 input is refused).")
@click.option("--line-buffered", is_flag=True,
              help="Filter: write each line as soon as it is complete (always on when output is a terminal).")
@click.option("--variants", "variants_of", metavar="SOURCE",
              help="List the variant family of a name in its original script (with --lang): each spelling "
                   "with the systems that produce it, and what the guards drop and why.")
@click.option("--lang", metavar="CODE", help="Language of the --variants SOURCE (uk, ru, be, bg, sr).")
@click.option("--lint-tables", is_flag=True,
              help="Report every generated spelling the guards drop in the tables in use, with the reason (exit 0).")
@click.version_option(__version__, prog_name=PROG, message=f"%(prog)s, version %(version)s ({trie.describe()})")
def main(paths: tuple[str, ...], check: bool, in_place: bool, diff: bool, fmt: str | None, statistics: bool,
         tables: tuple[str, ...], builtin: bool | None, markdown: bool | None, config_path: str | None,
         isolated: bool, exclude: tuple[str, ...], stdin_filename: str | None, color: bool | None, quiet: bool,
         jobs: int, line_buffered: bool, variants_of: str | None = None, lang: str | None = None,
         lint_tables: bool = False, encoding: str | None = None, follow_symlinks_outside: bool = False,
         leave_out: tuple[str, ...] = (), target_lang: str | None = None, context_rules: str | None = None,
         no_context: bool = False, show_kept: bool | None = None, per_language: bool | None = None,
         input_format: str | None = None, style: str | None = None) -> None:
    """Rewrite transliteration variants of names to their canonical spelling.

    With no PATH, or with -, filter standard input to standard output. With PATHs, print
    each file normalized. Bytes that are not UTF-8 pass through unchanged.

    With --check, --diff or -i, PATHs are files and folders (default: the current folder);
    folders are walked honouring .gitignore and the configured excludes.
    """
    if sys.stdout is None:  # started with standard output closed (>&-): nothing could be written
        raise _fail("standard output is closed")
    modes = [name for name, on in (("--check", check), ("--in-place", in_place), ("--diff", diff)) if on]
    if len(modes) > 1:
        raise click.UsageError(f"{' and '.join(modes)} exclude each other")
    mode = modes[0].lstrip("-") if modes else ("check" if fmt is not None or statistics else None)
    if mode == "diff" and fmt is not None:
        raise click.UsageError("--format applies to --check and --in-place, not --diff")
    if stdin_filename is not None and not paths:
        paths = ("-",)  # a name for standard input means: read standard input
    if encoding is not None:
        if mode is not None:
            raise click.UsageError("--encoding applies to the filter; --check, --diff and -i read UTF-8 files")
        try:
            encoding = text_encoding(encoding)
        except LookupError as exc:
            reason = str(exc) if "text encoding" in str(exc) else f"unknown encoding {encoding!r}"
            raise click.BadParameter(reason, param_hint="'--encoding'") from None
    try:
        config = load_config(config_path, isolated, tables, builtin, exclude)
        if no_context and context_rules is not None:
            raise click.UsageError("--context and --no-context exclude each other")
        rules = () if no_context else _context_rules(context_rules, config.context)
        lang_of_target = target_lang if target_lang is not None else config.target_lang
        if not _is_lang_code(lang_of_target):
            raise click.BadParameter(f"{lang_of_target!r} is not a two-letter ISO 639-1 code such as en or de",
                                     param_hint="'--target-lang'")
        chosen_style = style if style is not None else config.style
        if chosen_style not in style_names():
            raise click.BadParameter(f"unknown style {chosen_style!r} (known: {', '.join(style_names())})",
                                     param_hint="'--style'")
        if not config.builtin and not config.tables:
            raise _fail("--no-builtin (or builtin = false) with no table: nothing to match; add --table PATH")
        normalizer = build_normalizer(config.tables, config.builtin, config.leave_out + leave_out, lang_of_target,
                                      rules, config.per_language if per_language is None else per_language,
                                      chosen_style)
        for path in config.tables:  # after the tables were read: a broken one is an error first
            empty = _empty_table(path)
            if empty and not quiet:
                _warn(f"{path}: {empty}")
    except KeyboardInterrupt:
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
    if variants_of is not None or lint_tables:  # inspection: normalize.family does the work
        from .inspect import run_inspection
        try:
            code = run_inspection(normalizer.tables, variants_of, lang, lint_tables, fmt or "text")
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # it only writes its listing
            raise OutputError(exc) from None
        raise click.exceptions.Exit(code)
    if not quiet and any(r.ignore for r in config.per_file):
        for name in unknown_entities(config, normalizer.tables):
            _warn(one_line(f"{config.path}: per-file names entity {name!r}, which no table in use defines"))
    session = Session(normalizer, config, _input_format(input_format, markdown, config.input_format),
                      write_roots=None if follow_symlinks_outside else paths)
    try:
        if mode is None:
            _filter(session, paths, stdin_filename, line_buffered, encoding)
            return
        code = _lint(session, mode, paths, fmt or "text", statistics, stdin_filename, color, quiet, jobs,
                     config.show_kept if show_kept is None else show_kept)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except KeyboardInterrupt:
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
    except _Terminated:
        raise click.exceptions.Exit(EXIT_TERMINATED) from None
    except OutputError as exc:
        raise _output_failed(exc) from None
    raise click.exceptions.Exit(code)


def _filter(session: Session, paths: tuple[str, ...], stdin_filename: str | None, line_buffered: bool,
            encoding: str | None = None) -> None:
    """The stream filter: each input normalized to standard output, byte-faithful."""
    out = cast(BinaryIO, FullWriter(sys.stdout.buffer))  # write errors: OutputError, naming standard output
    if not line_buffered:
        line_buffered = _isatty(sys.stdout)
    for path in paths or ("-",):
        name = stdin_filename if path == "-" else path
        shown = "standard input" if path == "-" else one_line(path)
        if path != "-" and os.path.isdir(path):
            raise _fail(f"{shown}: is a folder (use --check, --diff or -i to work on folders)")
        if path == "-" and sys.stdin is None:
            raise _fail("standard input is closed")
        plan = session.plan(name)
        excluded = name is not None and session.config.is_excluded(name)
        try:
            raw = sys.stdin.buffer if path == "-" else open(path, "rb")
        except OSError as exc:
            raise _fail(f"{shown}: {exc.strerror or exc}") from None
        try:
            if excluded or plan.skip:
                _copy(raw, out)
            else:  # a per-file entity list drops those matches as they are found: streamed too
                filter_stream(plan.normalizer, raw, out, line_buffered=line_buffered, encoding=encoding,
                              keep=plan.keeps if plan.ignore else None)
        except EncodingError as exc:
            raise _fail(f"{one_line(name) if name else 'standard input'}: {exc}") from None
        except UnicodeError as exc:  # a named encoding that cannot represent the output (rare: errors are kept)
            raise _fail(f"{one_line(name) if name else 'standard input'}: {encoding}: {exc}") from None
        except OSError as exc:  # reading: writes fail as OutputError (standard output), not as the input's
            if isinstance(exc, BrokenPipeError):
                raise
            raise _fail(f"{shown}: {exc.strerror or exc}") from None
        finally:
            if path != "-":
                raw.close()


def _copy(raw: BinaryIO, out: BinaryIO) -> None:
    while block := raw.read(1 << 16):
        out.write(block)
    out.flush()


def _lint(session: Session, mode: str, paths: tuple[str, ...], fmt: str, statistics: bool,
          stdin_filename: str | None, color: bool | None, quiet: bool, jobs: int, show_kept: bool = False) -> int:
    """--check, --diff and --in-place over files and folders; returns the exit code."""
    sys.stdout.flush()
    # FullWriter: a write is completed or fails (OutputError, naming standard output; a closed
    # pipe stays BrokenPipeError), never cut short silently.
    stdout = io.TextIOWrapper(cast(BinaryIO, FullWriter(sys.stdout.buffer)), encoding="utf-8",
                              errors="surrogateescape", newline="", write_through=True)
    restore = _on_sigterm_stop()
    try:
        return _lint_files(session, mode, paths, fmt, statistics, stdin_filename, color, quiet, jobs, stdout,
                           show_kept)
    finally:
        try:
            restore()
        finally:
            try:
                stdout.flush()
            finally:
                stdout.detach()


def _on_sigterm_stop() -> Any:
    """Until the returned function is called, SIGTERM raises :class:`_Terminated` in this (main)
    thread: the run stops where it is, worker processes are terminated with the pool (each
    finishes the file it is writing, atomically, and exits), and the command exits 143 without a
    traceback. A second SIGTERM while stopping ends the process at once. Elsewhere (not the main
    thread, or no SIGTERM), nothing is changed."""
    import signal
    import threading

    if not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handler(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, lambda *_: os._exit(EXIT_TERMINATED))
        raise _Terminated

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except (OSError, ValueError):
        return lambda: None
    return lambda: signal.signal(signal.SIGTERM, previous)


def _lint_files(session: Session, mode: str, paths: tuple[str, ...], fmt: str, statistics: bool,
                stdin_filename: str | None, color: bool | None, quiet: bool, jobs: int, stdout: TextIO,
                show_kept: bool = False) -> int:
    from .files import collect_files
    from .progress import Progress
    from .report import Job, Statistics, make_reporter
    from .runner import default_jobs, process_files, process_text

    if color is None:
        color = _isatty(sys.stdout) and "NO_COLOR" not in os.environ
    use_stdin = "-" in paths
    if use_stdin and mode == "in-place":
        raise click.UsageError("--in-place needs files, not standard input")
    files, problems = collect_files([p for p in paths if p != "-"] if paths else ["."], session.config)
    for p in problems:
        _stderr(f"{PROG}: error: {one_line(str(p.path))}: {p.message}")
    # Kept candidates (the context stage's, never findings): --check only, in JSON always, in the
    # text and GitHub reports with --show-kept; not with --statistics, which counts findings.
    with_kept = mode == "check" and not statistics and (show_kept or fmt == "json")
    job = Job(mode, byte_offsets=fmt == "json", color=color, kept=with_kept)
    reporter = make_reporter(fmt, stdout, color)
    stats = Statistics()
    progress = Progress(len(files), sys.stderr, _isatty(sys.stderr))
    changed = checked = failed = kept = 0
    found_in: list[int] = []  # variants per file with any

    def render(o: Outcome) -> None:
        nonlocal changed, checked, failed, kept
        checked += o.checked
        kept += len(o.kept)
        if o.warning and not quiet:
            progress.clear()
            _warn(one_line(o.warning))
        if o.error:
            progress.clear()
            _stderr(f"{PROG}: error: {one_line(o.path)}: {o.error}")
            failed += 1
        if not o.findings:
            if o.kept and not o.error:
                progress.clear()
                reporter.report((), o.kept)
            return
        progress.clear()
        found_in.append(len(o.findings))
        if statistics:
            stats.add(o.findings)
        if o.error:
            pass
        elif mode == "diff":
            stdout.write(o.diff)
        else:
            changed += o.changed
            if not statistics:
                reporter.report(o.findings, o.kept)

    if use_stdin:
        plan = session.plan(stdin_filename)
        if not (stdin_filename and (session.config.is_excluded(stdin_filename) or plan.skip)):
            shown = one_line(stdin_filename) if stdin_filename else "standard input"
            try:
                if sys.stdin is None:
                    raise OSError(0, "closed")
                text = "".join(decode_chunks(sys.stdin.buffer))
            except EncodingError as exc:
                _stderr(f"{PROG}: error: {shown}: {exc}")
                failed += 1
            except OSError as exc:
                why = "standard input is closed" if sys.stdin is None else f"cannot read: {exc.strerror or exc}"
                _stderr(f"{PROG}: error: {why}" if shown == "standard input" else f"{PROG}: error: {shown}: {why}")
                failed += 1
            else:
                render(process_text(stdin_filename or "-", text, plan, job, None))
    outcomes: Iterator[Outcome] = process_files(session, files, job, jobs or default_jobs())
    try:
        for outcome in outcomes:
            progress.advance()
            render(outcome)
    finally:  # on an error, SIGTERM or Ctrl-C: the worker pool is terminated now, not when collected
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()
    progress.clear()
    if statistics:
        stats.render(stdout, "json" if fmt == "json" else "text")
    reporter.close()
    stdout.flush()
    total = sum(found_in)
    if not quiet and fmt == "text" and (checked or not (problems or failed)):
        _summary(mode, total, len(found_in), checked, changed, kept if show_kept else None, failed)
    if problems or failed:
        return EXIT_ERROR
    if mode == "in-place":
        return EXIT_FOUND if changed else EXIT_OK
    return EXIT_FOUND if total else EXIT_OK


def _summary(mode: str, n: int, files: int, checked: int, changed: int, kept: int | None = None,
             failed: int = 0) -> None:
    def plural(k: int, word: str) -> str:
        return f"{k} {word}{'' if k == 1 else 's'}"

    if mode == "in-place":
        if failed:  # never "Nothing to fix" after a failure
            msg = (f"Fixed {plural(n, 'variant')} in {plural(changed, 'file')}; " if changed else "Nothing fixed; ") \
                + f"{plural(failed, 'file')} failed ({plural(checked, 'file')} checked)."
        else:
            msg = (f"Fixed {plural(n, 'variant')} in {plural(changed, 'file')}" if changed
                   else "Nothing to fix") + f" ({plural(checked, 'file')} checked)."
    elif n:
        msg = f"Found {plural(n, 'variant')} in {plural(files, 'file')} ({plural(checked, 'file')} checked)."
    else:
        msg = f"No variants found ({plural(checked, 'file')} checked)."
    if kept and mode == "check":  # --show-kept listed some
        msg += f" {plural(kept, 'candidate')} kept as written (not variants)."
    _stderr(msg)


def _isatty(stream: object) -> bool:
    """Whether ``stream`` is a terminal; False for None, a closed stream or one without ``isatty``."""
    isatty = getattr(stream, "isatty", None)
    try:
        return callable(isatty) and bool(isatty())
    except ValueError:  # closed
        return False


#: SIGPIPE's number where the platform has it; Windows has no such signal, and there the same
#: status (141) as on POSIX tells a script that the reader went away.
_SIGPIPE_NUMBER = 13


def _broken_pipe_status() -> int:
    """The exit status of a process that SIGPIPE would have ended: 128 + the signal number."""
    import signal

    return 128 + int(getattr(signal, "SIGPIPE", _SIGPIPE_NUMBER))


def _quiet_broken_pipe() -> None:
    """The reader went away (``| head``): stop quietly, as cat does."""
    try:
        sys.stdout = None
    finally:
        raise click.exceptions.Exit(_broken_pipe_status())


def run() -> None:
    """Entry point for ``python -m normalize``."""
    main(prog_name=PROG)
