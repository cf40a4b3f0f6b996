"""normalize_many and find_many: exactly what normalize and find give text by text, for any list
of texts (the separator's own characters, empty strings, None, names at the edges, directives),
in order, from any iterable, with or without the context rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize import Normalizer, parse_table

from .conftest import NEWS_TABLE
from .strategies import NAME_PIECES, texts

_SEP_PIECES = ["\n\n\x00\n\n", "\x00", "\n\n", "\n\x00", "\x00\n", "\n"]
#: Texts with names at both edges and the separator's characters inside.
batch_text = st.lists(st.one_of(st.sampled_from(NAME_PIECES + _SEP_PIECES), st.text(max_size=4)),
                      max_size=12).map("".join)
batches = st.lists(st.one_of(st.none(), batch_text, texts, st.just("")), max_size=12)


@pytest.fixture(scope="module")
def with_context() -> Normalizer:
    """The test table with every context rule on."""
    return Normalizer(tables=[parse_table(NEWS_TABLE, "news.toml")], builtin=False)


@pytest.fixture(scope="module")
def builtin_plain() -> Normalizer:
    return Normalizer(context=())


@pytest.fixture(scope="module")
def per_language() -> Normalizer:
    return Normalizer(per_language=True)


def _agrees(n: Normalizer, batch: list[str | None]) -> None:
    assert n.normalize_many(batch) == [None if t is None else n.normalize(t) for t in batch]
    assert n.find_many(batch) == [None if t is None else n.find(t) for t in batch]
    assert n.normalize_batch(batch) == n.normalize_many(batch)


@given(batches)
def test_many_equals_one_by_one_without_context(news: Normalizer, batch: list[str | None]) -> None:
    _agrees(news, batch)


@given(batches)
def test_many_equals_one_by_one_with_context(with_context: Normalizer, batch: list[str | None]) -> None:
    _agrees(with_context, batch)


@given(st.lists(st.one_of(st.none(), st.sampled_from([
    "Vladimir Zelenskiy in Kiev", "Al Qaeda claimed it.", "Officials said Al Qaeda had cells", "Kiev",
    "Selenskyj besuchte am Montag Kiew, wie die Zeitung berichtete.", "Kyiv (formerly Kiev)", "Odessa, Texas",
    "in Kiev\n", "\nKiev", "https://x.org/Kiev", "Kim\nJong-un", "translit-normalize: off\nKiev", "Kiev\x00Kiev",
    "", " ", "Kiev-based", "Europe/Kiev"]), batch_text), max_size=10))
def test_many_equals_one_by_one_builtin(builtin_plain: Normalizer, per_language: Normalizer,
                                        batch: list[str | None]) -> None:
    _agrees(builtin_plain, batch)
    _agrees(per_language, batch)


def test_examples(news: Normalizer) -> None:
    batch = ["Kiev", None, "", "Odessa", "Vladimir\nZelenskiy", "Kiev\n\n\x00\n\nKiev", "\x00", "Krivoy",
             "Rog", "translit-normalize: off", "Kiev"]
    assert news.normalize_many(batch) == ["Kyiv", None, "", "Odesa", "Volodymyr\nZelenskyy",
                                          "Kyiv\n\n\x00\n\nKyiv", "\x00", "Krivoy", "Rog",
                                          "translit-normalize: off", "Kyiv"]
    found = news.find_many(batch)
    assert found[1] is None and found[2] == [] and found[7] == [] and found[9] == []
    assert [(m.start, m.end, m.replacement) for m in found[5] or []] == [(0, 4, "Kyiv"), (9, 13, "Kyiv")]


def test_order_iterables_and_types(news: Normalizer) -> None:
    batch = [f"{i} Kiev" if i % 3 else None for i in range(1000)]
    want = [None if t is None else t.replace("Kiev", "Kyiv") for t in batch]
    assert news.normalize_many(batch) == want
    assert news.normalize_many(iter(batch)) == want
    assert news.normalize_many(tuple(batch)) == want
    assert news.normalize_many(t for t in batch) == want
    assert news.normalize_many([]) == [] and news.find_many(iter(())) == []
    out = news.normalize_many(["Kiev", "x"])
    assert isinstance(out, list) and all(type(t) is str for t in out)
    found = news.find_many(["Kiev", None])
    assert isinstance(found, list) and isinstance(found[0], list) and found[1] is None


def test_big_batches_are_cut_into_groups(news: Normalizer, monkeypatch: pytest.MonkeyPatch) -> None:
    import normalize.normalizer as module

    monkeypatch.setattr(module, "_BATCH_CHARS", 50)
    batch = [None if i % 7 == 0 else ("Vladimir Zelenskiy in Kiev" if i % 2 else "x" * (i % 60))
             for i in range(300)]
    _agrees(news, batch)


@pytest.mark.parametrize("method", ["normalize_many", "find_many", "normalize_batch"])
def test_wrong_types(news: Normalizer, method: str) -> None:
    with pytest.raises(TypeError, match=r"_(many|batch)\(\) takes an iterable of texts, not one str"):
        getattr(news, method)("Kiev")
    with pytest.raises(TypeError, match="not bytes: decode it first"):
        getattr(news, method)(["Kiev", b"Kiev"])
    with pytest.raises(TypeError, match="not int"):
        getattr(news, method)(["Kiev", 3])


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_marked_up_formats_go_text_by_text(news: Normalizer, fmt: str) -> None:
    n = news.with_options(format=fmt)
    batch = ["`Kiev` Kiev", None, "<b>Kiev</b>", ""]
    assert n.normalize_many(batch) == [None if t is None else n.normalize(t) for t in batch]
    assert n.find_many(batch) == [None if t is None else n.find(t) for t in batch]


# The data-frame idioms of the README (pandas, Polars and PyArrow are in the test extras).

_COLUMN = ["Kiev talks", None, "Odessa port", "", "Vladimir Zelenskiy in Kiev"]


def test_pandas_idiom(news: Normalizer) -> None:
    pd = pytest.importorskip("pandas")
    want = news.normalize_many(_COLUMN)
    for dtype in (None, "string", object):
        df = pd.DataFrame({"title": pd.Series(_COLUMN, dtype=dtype)})
        ok = df["title"].notna()
        df.loc[ok, "title"] = news.normalize_many(df.loc[ok, "title"])
        got = [None if pd.isna(v) else v for v in df["title"]]
        assert got == want


def test_polars_idiom(news: Normalizer) -> None:
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"title": _COLUMN})
    expr = pl.col("title").map_batches(lambda s: pl.Series(news.normalize_many(s.to_list()), dtype=pl.String),
                                       return_dtype=pl.String)
    assert df.with_columns(expr)["title"].to_list() == news.normalize_many(_COLUMN)
    assert df.lazy().with_columns(expr).collect()["title"].to_list() == news.normalize_many(_COLUMN)


def test_pyarrow_idiom(news: Normalizer) -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"id": list(range(len(_COLUMN))), "title": _COLUMN})
    i = table.schema.get_field_index("title")
    table = table.set_column(i, "title", pa.array(news.normalize_many(table.column("title").to_pylist()),
                                                  type=pa.string()))
    assert table.column("title").to_pylist() == news.normalize_many(_COLUMN)
    assert table.column("id").to_pylist() == list(range(len(_COLUMN)))
