"""One run over files: which normalizer and per-file rules apply to a path, and the work on it.

The :class:`Session` holds the normalizers built once per run (plain and Markdown: same
tables, no recompilation) and the configuration. The check, in-place, diff and filter front
ends all ask it, so they agree on every file. :func:`process_files` does the per-file work
(read, find, locate, diff or rewrite) in this process or, for large runs, in worker processes
(forked, so the compiled tables are shared, not rebuilt), and yields :class:`Outcome` values
in file order for the front end to render.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..context import Kept
from ..engine.match import Match
from ..markup import format_for_path
from ..normalizer import Normalizer
from ..rules.datafiles import builtin_table_paths
from .config import Config
from .fix import OutsideTree, write_atomic

if TYPE_CHECKING:
    from .report import Finding, Job, KeptFinding, Outcome

# Reading files (.files) and the per-file results (.report: Job, Outcome, findings, diffs) are
# imported where they are used: the filter only asks a Session for plans, and should not pay
# for them (each dataclass definition costs about a millisecond of start-up).

__all__ = ["MARKDOWN_SUFFIXES", "FilePlan", "Session", "is_markdown", "Job", "Outcome", "process_text",
           "process_file", "process_files", "default_jobs"]

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx"})


def is_markdown(path: str) -> bool:
    """Markdown by file extension."""
    return format_for_path(path) == "markdown"


_RULE_TABLE = re.compile(rb"^[ \t]*\[\[[ \t]*(?:entity|extend)[ \t]*\]\]", re.MULTILINE)


def is_rule_table(path: str) -> bool:
    """A TOML file that holds ``[[entity]]`` or ``[[extend]]`` items (read from its first 256 KiB):
    a rule table, in use in this run or not."""
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 18)
    except OSError:
        return False  # reading it for real reports the error
    return _RULE_TABLE.search(head) is not None


@dataclass(frozen=True, slots=True)
class FilePlan:
    """How to treat one file: leave it alone, or normalize it minus some entities."""

    skip: bool
    normalizer: Normalizer
    ignore: frozenset[str]
    note: str | None = None  # why it is skipped, when the user should hear it

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

    def keeps(self, m: Match) -> bool:
        """Whether a match applies to this file (not one of its ignored entities)."""
        return not self.ignore or (m.entity not in self.ignore and f"{m.table}/{m.entity}" not in self.ignore)

    def kept(self, text: str) -> list[Kept]:
        """The candidates the context stage leaves as written in ``text`` (of entities that
        apply to this file), in text order."""
        if self.skip:
            return []
        return [k for k in self.normalizer.kept(text) if self.keeps(k.match)]

    def stream(self, chunks: Iterable[str], on_match: Callable[[Match], object] | None = None,
               on_kept: Callable[[Kept], object] | None = None) -> Iterator[str]:
        """:meth:`find` and :meth:`apply` for a text in pieces: the rewritten text, in pieces
        (``on_match``: each match that applies, ``on_kept``: each candidate :meth:`kept` lists,
        with offsets into the whole text)."""
        if self.skip:
            return iter(chunks)
        if on_kept is not None and self.ignore:
            report = on_kept

            def on_kept(k: Kept) -> None:
                if self.keeps(k.match):
                    report(k)

        return self.normalizer.normalize_stream(chunks, on_match=on_match, keep=self.keeps if self.ignore else None,
                                                on_kept=on_kept)


class Session:
    """The normalizers and configuration of one run."""

    def __init__(self, normalizer: Normalizer, config: Config, input_format: str | None = None,
                 write_roots: Sequence[str] | None = None) -> None:
        self.config = config
        # -i writes only inside these real folders (None: anywhere a link leads); see tree_roots
        self.write_roots = tree_roots(write_roots) if write_roots is not None else None
        self.input_format = input_format  # forced by --input-format, else by each file's suffix
        self._normalizer = normalizer
        self._by_format: dict[str, Normalizer] = {normalizer.format: normalizer}
        # The rule tables in use list variants on purpose: never report or rewrite them.
        # (Paths from the configuration: asking the normalizer would parse every table.)
        paths = [*(builtin_table_paths() if config.builtin else ()), *config.tables]
        self._tables = frozenset(os.path.realpath(p) for p in paths)

    def normalizer_for(self, path: str | None) -> Normalizer:
        fmt = self.input_format or format_for_path(path)
        n = self._by_format.get(fmt)
        if n is None:
            n = self._by_format[fmt] = self._normalizer.with_options(format=fmt)
        return n

    def plan(self, path: str | None) -> FilePlan:
        """The plan for ``path`` (``None``: standard input without a name)."""
        n = self.normalizer_for(path)
        if path is None:
            return FilePlan(False, n, frozenset())
        skip, ignore = self.config.file_rule(path)
        if not skip and path.endswith(".toml"):
            if os.path.realpath(path) in self._tables:
                skip = True
            elif is_rule_table(path):
                return FilePlan(True, n, ignore, "a rule table (its variants are data): left as written")
        return FilePlan(skip, n, ignore)


def tree_roots(paths: Sequence[str]) -> tuple[str, ...]:
    """The real folders that ``-i PATH...`` may write in: each folder named, and for a file named
    the folder that holds it (not the folder its link points to)."""
    roots = []
    for p in paths or (".",):
        if p == "-":
            continue
        if os.path.isdir(p):
            roots.append(os.path.realpath(p))
        else:
            roots.append(os.path.realpath(os.path.dirname(os.path.abspath(p))))
    return tuple(dict.fromkeys(roots))


# --- per-file work, the same in this process and in worker processes -------------------

PARALLEL_MIN_FILES = 128  # below this, worker start-up costs more than it saves
_CHUNK_MAX = 32


def process_text(name: str, text: str, plan: FilePlan, job: Job, write_to: str | None,
                 expect: os.stat_result | None = None, within: Sequence[str] | None = None) -> Outcome:
    """Find, and for diff or in-place also rewrite, one text (``expect``: its file's stat when read;
    ``within``: the real folders the rewrite may land in).

    In place, the findings of a file that was not written (an error, a link leading outside
    ``within``, or someone else fixed it first) are left out: they are not fixed by this run.
    """
    from .report import Outcome, diff_matches, locate, locate_kept

    matches = plan.find(text)
    kept: tuple[KeptFinding, ...] = ()
    if job.kept and job.mode == "check":
        kept = tuple(locate_kept(name, text, plan.kept(text), byte_offsets=job.byte_offsets))
    if not matches:
        return Outcome(name, checked=True, kept=kept)
    findings = tuple(locate(name, text, matches, byte_offsets=job.byte_offsets))
    if job.mode == "check":
        return Outcome(name, True, findings, kept=kept)
    if job.mode == "diff":
        return Outcome(name, True, findings, diff=diff_matches(name, text, matches, job.color))
    if job.mode == "in-place" and write_to is not None:
        new = plan.apply(text, matches)
        if new != text:
            try:
                if within is None:
                    wrote = write_atomic(write_to, new.encode("utf-8"), expect)
                else:
                    wrote = write_atomic(write_to, new.encode("utf-8"), expect, within=within)
            except OutsideTree as exc:
                return Outcome(name, True, warning=f"{name}: symbolic link to {exc.target}, outside the folders "
                                                   "being fixed: skipped (--follow-symlinks-outside writes it)")
            except OSError as exc:
                return Outcome(name, True, error=f"cannot write: {exc.strerror or exc}")
            except MemoryError:
                return Outcome(name, True, error="cannot write: out of memory")
            if not wrote:
                return Outcome(name, True)
            return Outcome(name, True, findings, changed=True)
    return Outcome(name, True, findings)


def process_file(session: Session, path: str, job: Job) -> Outcome:
    """Process one file under its plan: read in pieces for check and in-place (memory does not
    grow with the file), all at once for a diff."""
    from .files import SkipFile, read_file
    from .report import Outcome

    plan = session.plan(path)
    if plan.skip:
        return Outcome(path, warning=f"{path}: {plan.note}" if plan.note else None)
    if job.mode != "diff":
        try:
            return _process_stream(path, plan, job, session.write_roots)
        except SkipFile as skip:
            if skip.error:
                return Outcome(path, error=skip.reason)
            return Outcome(path, warning=str(skip) if skip.warn else None)
        except MemoryError:
            return Outcome(path, error="out of memory")
    try:
        text, st = read_file(path)
    except SkipFile as skip:
        if skip.error:
            return Outcome(path, error=skip.reason)
        return Outcome(path, warning=str(skip) if skip.warn else None)
    try:
        return process_text(path, text, plan, job, path, st, session.write_roots)
    except MemoryError:
        return Outcome(path, error="out of memory (file too large)")


class _Unchanged(Exception):
    """The rewrite of a file being written found nothing to change after all: not written."""


def _process_stream(path: str, plan: FilePlan, job: Job, within: Sequence[str] | None) -> Outcome:
    """Check or fix one file, streamed as the filter streams (the same decoding, the same
    rewrite): line and column are counted as the text goes by (:class:`~.report.Locator`).

    In place, a first pass reads up to the first variant (a file without one is never
    written, nor is a temporary file made); then a second pass over the same open file
    writes the rewrite into the temporary file of :func:`write_atomic`, with its checks.
    """
    from .files import open_file, text_chunks
    from .report import KeptFinding, Locator, Outcome

    f, st = open_file(path)
    with f:
        if job.mode == "in-place":
            chunks = text_chunks(f, path)
            if not any(True for _ in _matches(plan, chunks)):
                return Outcome(path, checked=True)
            for _ in chunks:  # the rest only decoded: a file that is not UTF-8 is skipped before any write
                pass
        where = Locator(path, job.byte_offsets)
        findings: list[Finding] = []
        kept: list[KeptFinding] = []
        # The stream reports a stretch's kept candidates before its matches: both wait here, and
        # are located in text order (the Locator only goes forward) once the stretch is written.
        waiting: list[Match | Kept] = []
        delta = 0  # the rewritten text's length minus the original's, over the matches so far

        def settle() -> None:
            waiting.sort(key=lambda x: x.start if isinstance(x, Match) else x.match.start)
            for x in waiting:
                if isinstance(x, Match):
                    findings.append(where.find(x))
                else:
                    kept.append(KeptFinding(where.find(x.match), x.reason, x.detail))
            waiting.clear()

        def pieces() -> Iterator[str]:
            for piece in text_chunks(f, path):
                where.feed(piece)
                yield piece

        done = 0  # rewritten text written so far

        def found(m: Match) -> None:
            nonlocal delta
            waiting.append(m)
            delta += len(m.replacement) - (m.end - m.start)

        on_kept = waiting.append if job.kept and job.mode == "check" else None
        rewritten = plan.stream(pieces(), found, on_kept)
        if job.mode != "in-place":
            for out in rewritten:
                done += len(out)
                settle()
                where.release(done - delta)  # every later match starts after what is written
            settle()
            return Outcome(path, True, tuple(findings), kept=tuple(kept))

        def encoded() -> Iterator[bytes]:
            nonlocal done
            for out in rewritten:
                done += len(out)
                settle()
                where.release(done - delta)
                yield out.encode("utf-8", "surrogateescape")
            settle()
            if not findings:  # the file changed between the passes (the write's checks would see it too)
                raise _Unchanged

        try:
            if within is None:
                wrote = write_atomic(path, encoded(), st)
            else:
                wrote = write_atomic(path, encoded(), st, within=within)
        except _Unchanged:
            return Outcome(path, checked=True)
        except OutsideTree as exc:
            return Outcome(path, True, warning=f"{path}: symbolic link to {exc.target}, outside the folders "
                                               "being fixed: skipped (--follow-symlinks-outside writes it)")
        except OSError as exc:
            return Outcome(path, True, error=f"cannot write: {exc.strerror or exc}")
        if not wrote:
            return Outcome(path, True)
        return Outcome(path, True, tuple(findings), changed=True)


def _matches(plan: FilePlan, chunks: Iterable[str]) -> Iterator[Match]:
    """The matches that apply in a text in pieces, as they are found (stop early at will)."""
    found: list[Match] = []
    for _ in plan.stream(chunks, found.append):
        yield from found
        found.clear()
    yield from found


def process_files(session: Session, paths: Sequence[str], job: Job, jobs: int = 1) -> Iterator[Outcome]:
    """Outcomes in the order of ``paths``; with ``jobs > 1`` and many files, from worker processes."""
    if jobs <= 1 or len(paths) < PARALLEL_MIN_FILES:
        for p in paths:
            yield process_file(session, p, job)
        return
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)  # fork: nothing to pickle
    chunk = max(1, min(_CHUNK_MAX, len(paths) // (jobs * 8)))
    # SIGTERM is blocked while the pool starts: the workers (and the pool's threads) begin with
    # it blocked, so a worker never runs the parent's handler in the moment before its own is
    # set, and the signal is delivered to the parent's main thread, which stops the pool.
    masked = _block_sigterm()
    try:
        pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(session, job, os.getpid()))
    except BaseException:
        _restore_mask(masked)
        raise
    with pool:  # leaving it, also by SIGTERM or Ctrl-C, terminates the workers (see _init_worker)
        _restore_mask(masked)  # a SIGTERM that waited is raised here, inside the with
        yield from pool.imap(_work, paths, chunksize=chunk)


_worker: tuple[Session, Job] | None = None
_parent_pid = 0
_stopping = False  # SIGTERM arrived while a file was in hand: exit when it is done


def _init_worker(session: Session, job: Job, parent: int = 0) -> None:
    """A worker stops when its parent does: SIGTERM (the pool's terminate, or the parent's death
    signal) ends it, after the file in hand, which is written atomically; and before each file it
    checks that its parent is still the process that started it.

    An idle worker keeps SIGTERM's default action, so the kernel ends it wherever it waits. A
    Python handler would not do: one that arrives just before the worker blocks in the task
    queue's lock only trips a flag, and the worker then waits forever for a task that never
    comes (seen as a hung ``-j`` run once in a few dozen). Only while a file is in hand does
    :func:`_work` install the handler that defers the exit."""
    global _worker, _parent_pid
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    _worker = (session, job)
    _parent_pid = parent or os.getppid()
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
        _die_with_parent(signal.SIGTERM)
        _restore_mask({signal.SIGTERM} if hasattr(signal, "pthread_sigmask") else None, unblock=True)
    if os.getppid() != _parent_pid:  # the parent died before the death signal was set
        os._exit(_EXIT_TERMINATED)


_EXIT_TERMINATED = 143  # 128 + SIGTERM


def _on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM while a file is in hand: finish it, then exit (see :func:`_work`)."""
    global _stopping
    _stopping = True


def _die_with_parent(sig: int) -> None:
    """Linux: have the kernel send ``sig`` to this process when its parent dies (also by kill -9),
    with ``prctl(PR_SET_PDEATHSIG)``. Elsewhere the parent check before each file does it."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, sig, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError, ImportError):
        pass


def _block_sigterm() -> set[int] | None:
    import signal

    if not hasattr(signal, "pthread_sigmask") or not hasattr(signal, "SIGTERM"):
        return None
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM}))


def _restore_mask(previous: set[int] | None, unblock: bool = False) -> None:
    """Undo :func:`_block_sigterm` (``previous``: the mask it replaced), or with ``unblock``,
    unblock the signals in ``previous``."""
    import signal

    if previous is None:
        return
    if unblock:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, previous)
    elif signal.SIGTERM not in previous:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _work(path: str) -> Outcome:
    """One file in a worker; SIGTERM meanwhile is deferred until the file is written."""
    import signal

    assert _worker is not None
    if _stopping or os.getppid() != _parent_pid:  # terminated, or the parent is gone: no more files
        os._exit(_EXIT_TERMINATED)
    term = getattr(signal, "SIGTERM", None)
    if term is not None:
        signal.signal(term, _on_sigterm)
    try:
        return process_file(_worker[0], path, _worker[1])
    finally:
        if term is not None:
            # Blocked while the default action comes back: a SIGTERM that arrives in between is
            # either seen by the handler (checked below) or waits, and then ends the idle worker.
            masked = _block_sigterm()
            signal.signal(term, signal.SIG_DFL)
            if _stopping:
                os._exit(_EXIT_TERMINATED)
            _restore_mask(masked)


def __getattr__(name: str) -> Any:
    if name in ("Job", "Outcome"):  # defined in .report (see above); still importable from here
        from . import report

        return getattr(report, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_jobs() -> int:
    """Worker processes for large runs: half the CPUs this process may use (at most 8).

    Half, because CPUs are usually hyperthreads: on a machine with two of them (one core),
    two workers measured slower than one process (benchmarks/tree.py), the scan being
    compute-bound and the results having to travel back to be rendered in order.
    """
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(8, n // 2))
