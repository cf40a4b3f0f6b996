"""The :class:`Normalizer`: tables loaded and compiled once, then used from any thread."""

from __future__ import annotations

import functools
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
from .engine.rewrite import Judge, apply, normalize_text, scan_text, stream
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

    def normalize_batch(self, texts: Iterable[str | None]) -> list[str | None]:
        """:meth:`normalize` of each text; ``None`` (a missing value) passes through as ``None``.
        (For pandas, ``series.map(n.normalize, na_action="ignore")`` does the same.)"""
        return [None if t is None else self.normalize(t) for t in texts]

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
        return _matcher_for(self._builtin, self._sources, self._objects, self._generate, self._leave_out, lang,
                            self._style)


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
        raise TypeError(f"{method}() takes str, not None (normalize_batch() passes None through)")
    raise TypeError(f"{method}() takes str, not {type(value).__name__}")


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
