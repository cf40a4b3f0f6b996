"""The :class:`Normalizer`: tables loaded and compiled once, then used from any thread."""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from ._version import __version__
from .context import RULES, WINDOW, Context, Judging, Kept
from .engine import cache
from .engine.match import Match
from .engine.matcher import Matcher
from .engine.regions import EMPTY, MARKER
from .engine.resolve import Rewrite, resolve, to_match
from .engine.resolve import replace as replace_text
from .engine.rewrite import Judge, _apply, apply, normalize_text, scan_text, stream
from .markup import FORMATS, markup_for
from .markup.rewrite import rewrite_document
from .rules.datafiles import DEFAULT_STYLE, builtin_table_paths, style_path
from .rules.parse import Table, TableError, parse_table, read_table_bytes, validate

__all__ = ["Normalizer", "default_normalizer"]

TableSpec = str | Path | Table
Source = tuple[str, bytes]  # (path, file content)

_DEFAULT_CONTEXT = Context()
_compiled: dict[str, Matcher] = {}
_compiled_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _builtin_sources() -> tuple[Source, ...]:
    return tuple((str(p), p.read_bytes()) for p in builtin_table_paths())


def _read(path: str | Path) -> Source:
    """A table file's bytes: a regular file, bounded (``TableError`` for a FIFO, ``/dev/zero``...)."""
    return (str(path), read_table_bytes(path))


@functools.lru_cache(maxsize=64)
def _parse(source: Source) -> Table:
    """Parse a table file's bytes (once per content: ``Normalizer.tables`` asks again)."""
    path, data = source
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TableError(path, f"not UTF-8 (byte {exc.start})") from None
    return parse_table(text, path, default_name=Path(path).stem)


@functools.lru_cache(maxsize=4)
def _builtin_tables() -> tuple[Table, ...]:
    return tuple(_parse(s) for s in _builtin_sources())


@functools.lru_cache(maxsize=8)
def _style_source(style: str) -> Source:
    """The bytes of house style ``style``'s table (``tables/styles/<style>.toml``)."""
    return _read(style_path(style))


@functools.lru_cache(maxsize=16)
def _style_layer(style: str, leave_out: tuple[str, ...] = ()) -> tuple[Table, ...]:
    """House style ``style`` as a layer over the built-in tables: its ``[[extend]]`` items for
    the entities of the built-in tables in use (one left out by ``leave_out`` is not changed,
    not an error), or nothing when it changes nothing (the default, ``"ap"``)."""
    table = _parse(_style_source(style))
    known = {e.canonical for t in _builtin_tables() if t.name not in leave_out for e in t.entities}
    items = tuple(x for x in table.extends if x.entity in known)
    return (replace(table, extends=items),) if items else ()


def _raw_tables(builtin: bool, sources: tuple[Source, ...], objects: tuple[Table, ...], leave_out: tuple[str, ...],
                style: str) -> tuple[Table, ...]:
    """The tables in load order, before layering: the built-in ones, the house style's layer, then
    the given ones (``sources`` then ``objects``)."""
    base = _builtin_tables() + _style_layer(style, leave_out) if builtin else ()
    return base + tuple(_parse(s) for s in sources) + objects


@functools.lru_cache(maxsize=8)
def _layered(tables: tuple[Table, ...], leave_out: tuple[str, ...] = ()) -> tuple[Table, ...]:
    """The tables as one set: layers (``[[extend]]``, ``leave_out``) applied in order."""
    from .rules import layers

    if not layers.is_layered(tables, leave_out):
        return tables
    return tuple(layers.merge(tables, leave_out))


def _compile(tables: Sequence[Table], generate: bool = True, leave_out: tuple[str, ...] = (),
             lang: str = "en") -> Matcher:
    from .rules.expand import expand  # compile time only

    tables = _layered(tuple(tables), leave_out)
    if lang != "en":  # each entity's canonical for that language; entities without one are left out
        from .rules.languages import for_target, languages_of

        known = languages_of(tables)
        if lang not in known:
            raise ValueError(f"no table gives canonicals for target language {lang!r} "
                             f"(the tables in use give: {', '.join(known)})")
        tables = for_target(tables, lang)
    validate(tables)
    entities = [e for t in tables for e in t.entities]
    generated = None
    dropped: list[tuple[str, str, str]] = []
    if generate:
        from .rules import generation  # compile time only: cached start-ups never import it

        gen = generation.generate(entities)
        generated = gen.variants
        dropped = [(d.entity, d.spelling, d.reason) for d in gen.dropped]
    ex = expand(entities, generated)
    return Matcher(ex.surfaces, dropped + ex.dropped)


@functools.lru_cache(maxsize=1)
def _generation_parts() -> tuple[Source, ...]:
    from .rules.datafiles import parts  # cheap: neither the scheme engine nor the word list is loaded

    return tuple(parts())


#: The modules whose code decides what a compiled table holds. Their bytes are part of the cache
#: key, so an entry written by an older compiler is never served by a newer one that would
#: compile the same tables differently (the package version alone does not change between
#: commits). The C trie needs no entry here: a loaded trie must equal the trie of its patterns.
_COMPILER = ("rules/parse.py", "rules/layers.py", "rules/languages.py", "rules/rule.py", "rules/expand.py",
             "rules/generation.py",
             "rules/guards.py", "rules/schemes.py", "engine/matcher.py", "engine/trie.py")


@functools.lru_cache(maxsize=1)
def _compiler_parts() -> tuple[Source, ...]:
    root = Path(__file__).resolve().parent
    out = []
    for name in _COMPILER:
        try:
            out.append((f"<code>/{name}", (root / name).read_bytes()))
        except OSError:  # installed without sources: the version must stand for the code
            out.append((f"<code>/{name}", b"<missing>"))
    return tuple(out)


def _matcher_for(builtin: bool, sources: tuple[Source, ...], objects: tuple[Table, ...],
                 generate: bool = True, leave_out: tuple[str, ...] = (), lang: str = "en",
                 style: str = DEFAULT_STYLE) -> Matcher:
    """Compile once per process; table files also go through the on-disk cache."""
    parts = ([("<builtin>", b"")] + list(_builtin_sources()) + [("<style>", b""), _style_source(style)]
             if builtin else []) + list(sources)
    if generate:  # the scheme tables and the common-word list shape the result too
        parts += [("<generation>", b"")] + list(_generation_parts())
    parts += list(_compiler_parts())
    options = (f"generate={int(generate)}" + (f" leave_out={list(leave_out)!r}" if leave_out else "")
               + (f" lang={lang}" if lang != "en" else "") + (f" style={style}" if builtin else "")
               + (f" {objects!r}" if objects else ""))
    key = cache.cache_key(__version__, parts, options)
    m = _compiled.get(key)
    if m is not None:
        return m
    with _compiled_lock:
        m = _compiled.get(key)
        if m is not None:
            return m
        m = None if objects else cache.load(key, __version__)
        if m is None:
            m = _compile(_raw_tables(builtin, sources, objects, leave_out, style), generate, leave_out, lang)
            if not objects:
                cache.store(key, __version__, m)
        if len(_compiled) >= 32:
            _compiled.clear()
        _compiled[key] = m
        return m


class Normalizer:
    """Rewrites transliteration variants to canonical names.

    ``Normalizer()`` uses the built-in tables; ``Normalizer(tables=[...], builtin=False)``
    only the given ones (paths to TOML files, or :class:`~normalize.tables.Table` values).
    ``format`` says how the text is marked up (:data:`normalize.markup.FORMATS`; default
    ``"text"``): only its prose is normalized. ``markdown=True`` is ``format="markdown"``.
    ``generate=False`` switches off the variants generated from each entity's ``source``
    (and ``source_<lang>``) by the transliteration scheme tables: only explicit variants match.
    ``lang`` is the language the canonical forms are written for (ISO 639-1, default ``"en"``);
    ``context`` the context rules in force (see :data:`normalize.context.RULES`; default all,
    ``()`` none): ``"language"`` leaves a passage in another language as written (or, with
    ``per_language=True``, rewrites it to that language's canonicals where the tables give
    them), ``"mention"`` a spelling the text is talking about, ``"namesake"`` a spelling the
    document has shown to name something else (:meth:`kept` says what was left, and why).
    ``style`` is the house style of the canonicals (:func:`normalize.rules.datafiles.style_names`:
    ``"ap"``, the default and what the built-in tables follow, ``"bbc"``, ``"guardian"``,
    ``"nyt"``, ``"reuters"``): a layer over the built-in tables, before the given ones.
    Immutable and thread-safe. It pickles as its table sources (the built-in ones by
    reference), so it ships cheaply to worker processes, which compile it once each (or
    load it from the compiled-table cache).
    """

    __slots__ = ("_builtin", "_sources", "_objects", "_format", "_generate", "_leave_out", "_matcher",
                 "_context", "_style")

    # Set once, by _init (through object.__setattr__: assignment raises).
    _builtin: bool
    _sources: tuple[Source, ...]
    _objects: tuple[Table, ...]
    _format: str
    _generate: bool
    _leave_out: tuple[str, ...]
    _matcher: Matcher
    _context: Context
    _style: str

    def __init__(self, tables: TableSpec | Iterable[TableSpec] = (), *, builtin: bool = True, markdown: bool = False,
                 generate: bool = True, leave_out: Iterable[str] = (), lang: str = "en",
                 context: Iterable[str] = RULES, per_language: bool = False, format: str | None = None,
                 style: str = DEFAULT_STYLE) -> None:
        sources: list[Source] = []
        objects: list[Table] = []
        if isinstance(tables, (str, os.PathLike, Table)):  # one table, not the characters of its path
            tables = (tables,)
        for t in tables:
            if isinstance(t, Table):
                objects.append(t)
            else:
                sources.append(_read(t))
        ctx = Context(lang, _rule_names(context), bool(per_language))
        style_path(style)  # ValueError naming the known styles
        if not builtin and style != DEFAULT_STYLE:
            raise ValueError(f"style {style!r} is a layer over the built-in tables, which builtin=False "
                             "(--no-builtin) leaves out")
        _init(self, bool(builtin), tuple(sources), tuple(objects), _format_name(format, markdown), bool(generate),
              _names(leave_out), ctx, style)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Normalizer is immutable")

    def __reduce__(self) -> tuple[Callable[..., Normalizer], tuple[object, ...]]:
        return (_rebuild, (self._builtin, self._sources, self._objects, self._format, self._generate,
                           self._leave_out, self._context, self._style))

    def __repr__(self) -> str:
        names = ", ".join(t.name for t in self.tables)
        return (f"Normalizer(tables=[{names}], surfaces={self._matcher.size}, format={self._format!r}, "
                f"generate={self._generate}, lang={self._context.lang!r}, context={self._context.rules!r}"
                + (f", style={self._style!r}" if self._style != DEFAULT_STYLE else "")
                + (", per_language=True)" if self._context.per_language else ")"))

    @property
    def tables(self) -> tuple[Table, ...]:
        """The tables in use, built-in ones first (parsed on first use), then the house style's
        layer (if it changes anything), layered: each as the ``[[extend]]`` items and
        ``leave_out`` of later tables left it."""
        return _layered(_raw_tables(self._builtin, self._sources, self._objects, self._leave_out, self._style),
                        self._leave_out)

    @property
    def style(self) -> str:
        """The house style of the canonicals (``"ap"`` by default)."""
        return self._style

    @property
    def markdown(self) -> bool:
        """Whether the text is read as Markdown."""
        return self._format == "markdown"

    @property
    def format(self) -> str:
        """How the text is marked up (``"text"``, ``"markdown"``, ``"html"``, ...)."""
        return self._format

    @property
    def generate(self) -> bool:
        """Whether variants generated by the transliteration schemes are in use."""
        return self._generate

    @property
    def lang(self) -> str:
        """The language the canonical forms are written for."""
        return self._context.lang

    @property
    def context(self) -> tuple[str, ...]:
        """The context rules in force."""
        return self._context.rules

    @property
    def per_language(self) -> bool:
        """Whether passages in another language get that language's canonicals."""
        return self._context.per_language

    @property
    def languages(self) -> tuple[str, ...]:
        """The target languages the tables give canonicals for (``"en"`` always), sorted."""
        return _languages(self._builtin, self._sources, self._objects, self._leave_out, self._style)

    @property
    def matcher(self) -> Matcher:
        """The compiled matcher (for tools that inspect it)."""
        return self._matcher

    def with_options(self, *, markdown: bool | None = None, format: str | None = None) -> Normalizer:
        """The same tables with another format (no recompilation); ``markdown=False`` is ``"text"``."""
        fmt = _format_name(format, bool(markdown)) if format is not None or markdown is not None else self._format
        return _rebuild(self._builtin, self._sources, self._objects, fmt, self._generate, self._leave_out,
                        self._context, self._style)

    def find(self, text: str) -> list[Match]:
        """What :meth:`normalize` would change, in text order."""
        if not isinstance(text, str):
            _not_text(text, "find")
        markup = markup_for(self._format)
        if markup is not None:
            found: list[Match] = []
            for _ in rewrite_document(self._matcher, markup, (text,), self._judging(), found.append):
                pass
            return found
        return scan_text(self._matcher, text, self.markdown, self._judging())

    def kept(self, text: str) -> list[Kept]:
        """The candidates the context rules leave as written, with the reason for each, in text
        order (what :meth:`find` would return on top with ``context=()``)."""
        if not isinstance(text, str):
            _not_text(text, "kept")
        out: list[Kept] = []
        judging = self._judging(out.append)
        if judging is not None:
            markup = markup_for(self._format)
            if markup is not None:
                for _ in rewrite_document(self._matcher, markup, (text,), judging):
                    pass
            else:
                scan_text(self._matcher, text, self.markdown, judging)
        return out

    def normalize(self, text: str) -> str:
        """``text`` with every variant rewritten to its canonical form (where the context rules let it)."""
        if not isinstance(text, str):
            _not_text(text, "normalize")
        markup = markup_for(self._format)
        if markup is not None:
            return "".join(rewrite_document(self._matcher, markup, (text,), self._judging()))
        return normalize_text(self._matcher, text, self.markdown, self._judging())

    def normalize_many(self, texts: Iterable[str | None]) -> list[str | None]:
        """:meth:`normalize` of each text, in order; ``None`` (a missing value) passes through as
        ``None``. Any iterable in, a list out. Each text is a document of its own (the context
        stage judges it alone), and the result is exactly what :meth:`normalize` gives for it; in
        the plain-text format the texts are matched in a few calls into the engine, not one each
        (see :meth:`find_many`)."""
        items = _batch(texts, "normalize_many")
        if markup_for(self._format) is not None:
            _check(items, "normalize_many")
            return [None if t is None else self.normalize(t) for t in items]
        out: list[str | None] | None = None
        plain = not self._context.rules
        for where, group, joined, alone in _batches(items, "normalize_many"):
            if alone:
                out = list(items) if out is None else out
                for i in alone:
                    out[i] = self.normalize(items[i])  # type: ignore[arg-type]  # _batches: str only
            if plain and group:
                parts: list[str | None] = replace_text(self._matcher, joined, 0, len(joined), None)[0] \
                    .split(_BATCH_SEP)  # type: ignore[assignment]  # (list is invariant)
                if len(parts) == len(group):  # (a canonical holding the separator would add parts)
                    if out is None and len(parts) == len(items):
                        out = parts  # the whole batch in one group: the common case
                        continue
                    out = list(items) if out is None else out
                    for i, part in zip(where, parts, strict=True):
                        out[i] = part
                    continue
            out = list(items) if out is None else out
            for k, off, rewrites in self._split_resolve(group, joined):
                out[where[k]] = _apply(joined, rewrites, off, off + len(group[k])) if off >= 0 \
                    else _apply(group[k], rewrites)
        return list(items) if out is None else out

    def find_many(self, texts: Iterable[str | None]) -> list[list[Match] | None]:
        """:meth:`find` of each text, in order (offsets into that text); ``None`` passes through.

        In the plain-text format, texts are joined with a separator no name can span
        (``"\\n\\n\\x00\\n\\n"``: protection and sentence starts stop at whitespace) and matched
        in one call into the engine per 16 Mi characters; a text holding a NUL character or a
        ``translit-normalize:`` directive is matched alone. With context rules on, the context
        stage then judges each text as a document of its own."""
        items = _batch(texts, "find_many")
        if markup_for(self._format) is not None:
            _check(items, "find_many")
            return [None if t is None else self.find(t) for t in items]
        out: list[list[Match] | None] = [None if t is None else [] for t in items]
        for where, group, joined, alone in _batches(items, "find_many"):
            for i in alone:
                out[i] = self.find(items[i])  # type: ignore[arg-type]  # _batches: str only
            for k, off, rewrites in self._split_resolve(group, joined):
                if rewrites and off >= 0:
                    out[where[k]] = [Match(s - off, e - off, joined[s:e], rep, rule.canonical, rule.entity, rule.table,
                                           rule.variant, rule.form, rule.why) for s, e, rule, rep in rewrites]
                elif rewrites:
                    out[where[k]] = [to_match(group[k], *r) for r in rewrites]
        return out

    def normalize_batch(self, texts: Iterable[str | None]) -> list[str | None]:
        """The same as :meth:`normalize_many` (its older name, kept)."""
        return self.normalize_many(texts)

    def _split_resolve(self, group: list[str], joined: str) -> Iterator[tuple[int, int, list[Rewrite]]]:
        """``(k, off, rewrites)`` for the texts of ``group`` with rewrites (``joined``: the group
        joined by the batch separator), resolved in one call over ``joined``. Without context
        rules, the rewrites are those of ``joined`` and ``off`` is where text ``k`` starts in it;
        with them, each text is judged alone (rewrites shifted into the text, ``off`` -1), and a
        text with no candidate is not judged unless per-language rewriting, which may find
        candidates of its own, is on (then every text comes)."""
        found = resolve(self._matcher, joined, 0, len(joined), None)
        starts = list(itertools.accumulate(map(operator.add, map(len, group), itertools.repeat(len(_BATCH_SEP))),
                                           initial=0))
        if self._context.per_language and "language" in self._context.rules:
            spans: Iterable[tuple[int, int, int]] = _spans_all(found, starts)
        else:
            spans = _spans(found, starts)
        for k, lo, hi in spans:
            rewrites = found[lo:hi]
            if self._context.rules:
                off = starts[k]
                if off:
                    rewrites = [(s - off, e - off, rule, rep) for s, e, rule, rep in rewrites]
                judging = self._judging()
                assert judging is not None
                yield k, -1, judging(group[k], rewrites, 0, len(group[k]), 0, EMPTY)
            else:
                yield k, starts[k], rewrites

    def apply(self, text: str, matches: Sequence[Match]) -> str:
        """Rewrite ``text`` with matches from :meth:`find` (possibly a filtered subset)."""
        return apply(text, matches)

    def normalize_stream(self, chunks: Iterable[str], *, line_buffered: bool = False,
                         on_match: Callable[[Match], object] | None = None,
                         keep: Callable[[Match], bool] | None = None,
                         on_kept: Callable[[Kept], object] | None = None) -> Iterator[str]:
        """Normalize text that arrives in pieces; names may straddle pieces. Constant memory.

        ``keep`` says which matches (that the context rules let through) are rewritten;
        ``on_match`` receives each rewritten one, ``on_kept`` each candidate the context rules
        left as written (as :meth:`kept` lists them), with offsets into the whole stream."""
        if isinstance(chunks, (str, bytes, bytearray)):
            raise TypeError(f"normalize_stream() takes an iterable of str chunks, not one {type(chunks).__name__} "
                            "(wrap it: [text])")
        chunks = _checked_chunks(chunks)
        judging = self._judging(on_kept)
        markup = markup_for(self._format)
        if markup is not None:
            return rewrite_document(self._matcher, markup, chunks, judging, on_match, keep)
        return stream(self._matcher, chunks, self.markdown, line_buffered, on_match, keep, judge=judging,
                      judge_reach=WINDOW if judging else 0)

    def find_stream(self, chunks: Iterable[str]) -> Iterator[Match]:
        """Matches in a stream of chunks, with offsets into the whole stream."""
        if isinstance(chunks, (str, bytes, bytearray)):
            raise TypeError(f"find_stream() takes an iterable of str chunks, not one {type(chunks).__name__} "
                            "(wrap it: [text])")
        chunks = _checked_chunks(chunks)
        found: list[Match] = []
        judging = self._judging()
        markup = markup_for(self._format)
        pieces = (rewrite_document(self._matcher, markup, chunks, judging, found.append) if markup is not None
                  else stream(self._matcher, chunks, self.markdown, on_match=found.append, judge=judging,
                              judge_reach=WINDOW if judging else 0))
        for _ in pieces:
            yield from found
            found.clear()
        yield from found

    def _judging(self, on_kept: Callable[[Kept], object] | None = None) -> Judge | None:
        """A judge for one document (it remembers what the document established), or ``None``
        with every context rule off."""
        if not self._context.rules:
            return None
        other = self._matcher_in if self._context.per_language and "language" in self._context.rules else None
        return Judging(self._matcher, self._context, on_kept, other, self.languages if other else ())

    def _matcher_in(self, lang: str) -> Matcher | None:
        """The matcher with ``lang``'s canonicals (compiled on first use), or None without them."""
        if lang not in self.languages:
            return None
        return _matcher_in_lang(self._builtin, self._sources, self._objects, self._generate, self._leave_out, lang,
                                self._style)


@functools.lru_cache(maxsize=64)
def _matcher_in_lang(builtin: bool, sources: tuple[Source, ...], objects: tuple[Table, ...], generate: bool,
                     leave_out: tuple[str, ...], lang: str, style: str) -> Matcher:
    """:func:`_matcher_for` remembered by its arguments: the context stage asks for another
    language's matcher per sentence, and building the cache key hashes every table's bytes."""
    return _matcher_for(builtin, sources, objects, generate, leave_out, lang, style)


@functools.lru_cache(maxsize=16)
def _languages(builtin: bool, sources: tuple[Source, ...], objects: tuple[Table, ...],
               leave_out: tuple[str, ...], style: str = DEFAULT_STYLE) -> tuple[str, ...]:
    from .rules.languages import languages_of

    raw = _raw_tables(builtin, sources, objects, leave_out, style)
    return tuple(sorted(set(languages_of(_layered(raw, leave_out))) | {"en"}))


def _not_text(value: object, method: str) -> NoReturn:
    """The TypeError for a non-str text, with what to do about it."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"{method}() takes str, not {type(value).__name__}: decode it first "
                        "(data.decode('utf-8'), or errors='surrogateescape' to keep bad bytes)")
    if value is None:
        raise TypeError(f"{method}() takes str, not None (normalize_many() passes None through)")
    raise TypeError(f"{method}() takes str, not {type(value).__name__}")


#: Joins the texts of a batch: no name spans it (``\x00`` is no whitespace and no word
#: character), and each text's edges look to the engine as a text's edges do (a line break).
_BATCH_SEP = "\n\n\x00\n\n"
#: Texts joined into one call into the engine, at most (characters; one text may be longer).
_BATCH_CHARS = 1 << 24


def _batch(texts: Iterable[str | None], method: str) -> list[str | None]:
    """``texts`` as a list (each a str or None: :func:`_batches` checks, naming ``method``)."""
    if isinstance(texts, (str, bytes, bytearray)):
        raise TypeError(f"{method}() takes an iterable of texts, not one {type(texts).__name__} (wrap it: [text])")
    return texts if type(texts) is list else list(texts)  # (read only: no copy of a list)


def _check(items: list[str | None], method: str) -> None:
    """TypeError, naming ``method``, for an item that is neither a str nor None."""
    for t in items:
        if t is not None and not isinstance(t, str):
            _not_text(t, method)


def _alone(text: str) -> bool:
    """A text that a batch matches on its own: a NUL could be mistaken for the separator, and a
    directive's reach (``off`` to the end of the text) must end with its text."""
    return "\x00" in text or MARKER in text


def _spans(found: Sequence[Rewrite], starts: list[int]) -> Iterator[tuple[int, int, int]]:
    """``(k, lo, hi)``: ``found[lo:hi]`` are the rewrites of text ``k``, which starts at
    ``starts[k]`` (the texts with rewrites only, in order)."""
    j, n = 0, len(found)
    while j < n:
        k = bisect.bisect_right(starts, found[j][0]) - 1
        end = starts[k + 1]
        lo = j
        while j < n and found[j][0] < end:
            j += 1
        yield k, lo, j


def _spans_all(found: Sequence[Rewrite], starts: list[int]) -> Iterator[tuple[int, int, int]]:
    """:func:`_spans` for every text, with rewrites or not."""
    j, n = 0, len(found)
    for k in range(len(starts) - 1):
        lo = j
        while j < n and found[j][0] < starts[k + 1]:
            j += 1
        yield k, lo, j


def _batches(items: list[str | None], method: str) -> Iterator[tuple[Sequence[int], list[str], str, list[int]]]:
    """The texts of ``items`` in groups of about :data:`_BATCH_CHARS` characters, each as
    ``(where, texts, joined, alone)``: the indices in ``items`` of ``texts``, which ``joined``
    holds joined by the batch separator, and the indices of the texts left out of it to be
    matched alone (:func:`_alone`). An item neither str nor None is a TypeError naming ``method``."""
    if items.count(None):
        texts = [t for t in items if t is not None]
        where: Sequence[int] = [i for i, t in enumerate(items) if t is not None]
    else:
        texts, where = items, range(len(items))  # type: ignore[assignment]  # no None in it
    try:
        joined = _BATCH_SEP.join(texts)
    except TypeError:
        _check(items, method)
        raise
    if len(joined) <= _BATCH_CHARS:
        bounds = [0, len(texts)] if texts else [0]
    else:  # groups of about _BATCH_CHARS, each ending with the text that reaches the size
        ends = list(itertools.accumulate(map(len, texts)))
        bounds = [0]
        while bounds[-1] < len(texts):
            first = bounds[-1]
            done = ends[first - 1] if first else 0
            bounds.append(min(len(texts), bisect.bisect_left(ends, done + _BATCH_CHARS, first) + 1))
    for a, b in itertools.pairwise(bounds):
        group, at = texts, where
        if len(bounds) > 2:
            group, at = texts[a:b], where[a:b]
            joined = _BATCH_SEP.join(group)
        alone: list[int] = []
        if joined.count("\x00") != len(group) - 1 or MARKER in joined:
            keep = [k for k, t in enumerate(group) if not _alone(t)]
            alone = [at[k] for k, t in enumerate(group) if _alone(t)]
            group, at = [group[k] for k in keep], [at[k] for k in keep]
            joined = _BATCH_SEP.join(group)
        yield at, group, joined, alone


def _checked_chunks(chunks: Iterable[str]) -> Iterator[str]:
    for chunk in chunks:
        if not isinstance(chunk, str):
            _not_text(chunk, "normalize_stream")
        yield chunk


def _format_name(fmt: str | None, markdown: bool) -> str:
    """``format`` (checked), or ``"markdown"``/``"text"`` from the ``markdown`` flag."""
    if fmt is None:
        return "markdown" if markdown else "text"
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    if markdown and fmt != "markdown":
        raise ValueError(f"markdown=True and format={fmt!r} contradict each other")
    return fmt


def _names(leave_out: Iterable[str]) -> tuple[str, ...]:
    """``leave_out`` as a tuple of table names (one ``str`` is one name)."""
    names = (leave_out,) if isinstance(leave_out, str) else tuple(leave_out)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"leave_out: table names are str, got {type(name).__name__}")
    return names


def _rule_names(rules: Iterable[str]) -> tuple[str, ...]:
    """``context`` as a tuple of rule names in :data:`RULES` order (one ``str`` is one name)."""
    names = (rules,) if isinstance(rules, str) else tuple(rules)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"context: rule names are str, got {type(name).__name__}")
        if name not in RULES:
            raise ValueError(f"unknown context rule {name!r} (known: {', '.join(RULES)})")
    return tuple(r for r in RULES if r in names)


def _init(n: Normalizer, builtin: bool, sources: tuple[Source, ...], objects: tuple[Table, ...],
          fmt: str, generate: bool = True, leave_out: tuple[str, ...] = (),
          ctx: Context = _DEFAULT_CONTEXT, style: str = DEFAULT_STYLE) -> None:
    object.__setattr__(n, "_builtin", builtin)
    object.__setattr__(n, "_sources", sources)
    object.__setattr__(n, "_objects", objects)
    object.__setattr__(n, "_format", fmt)
    object.__setattr__(n, "_generate", generate)
    object.__setattr__(n, "_leave_out", leave_out)
    matcher = _matcher_for(builtin, sources, objects, generate, leave_out, ctx.lang, style)
    object.__setattr__(n, "_matcher", matcher)
    object.__setattr__(n, "_context", ctx)
    object.__setattr__(n, "_style", style)


def _rebuild(builtin: bool, sources: tuple[Source, ...], objects: tuple[Table, ...], fmt: str,
             generate: bool = True, leave_out: tuple[str, ...] = (),
             ctx: Context = _DEFAULT_CONTEXT, style: str = DEFAULT_STYLE) -> Normalizer:
    n = Normalizer.__new__(Normalizer)
    _init(n, builtin, sources, objects, fmt, generate, leave_out, ctx, style)
    return n


@functools.lru_cache(maxsize=1)
def default_normalizer() -> Normalizer:
    """The shared Normalizer with the built-in tables."""
    return Normalizer()
