"""The public API: typed, immutable, thread-safe, picklable."""

import dataclasses
import json
import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given

import normalize
from normalize import Match, Normalizer

from .strategies import texts


def test_public_names():
    assert set(normalize.__all__) >= {"Normalizer", "Match", "TableError", "normalize", "find"}


def test_match_is_a_frozen_dataclass_that_serializes(news):
    [m] = news.find("in Kiev")
    assert isinstance(m, Match)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.start = 0  # type: ignore[misc]
    d = json.loads(m.to_json())
    assert d == {
        "start": 3, "end": 7, "found": "Kiev", "replacement": "Kyiv", "canonical": "Kyiv", "entity": "Kyiv",
        "table": "news", "variant": "Kiev", "form": "as-written", "why": ["explicit"],
    }
    assert m.span == (3, 7)


def test_normalizer_is_immutable(news):
    with pytest.raises(AttributeError):
        news._markdown = True


@given(texts)
def test_pickle_round_trip_gives_identical_results(news, text):
    clone = pickle.loads(pickle.dumps(news))
    assert clone.normalize(text) == news.normalize(text)
    assert clone.find(text) == news.find(text)


def test_pickle_is_small(news):
    """It ships its tables, not the compiled trie."""
    assert len(pickle.dumps(news)) < 20_000


def test_threads_share_one_normalizer(news):
    docs = [f"{i} Kiev and Vladimir Zelenskiy in Krivoy\nRog {i}" for i in range(400)]
    expected = [news.normalize(d) for d in docs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(news.normalize, docs)) == expected


def test_apply_with_a_filtered_subset(news):
    text = "Kiev and Cherson"
    keep = [m for m in news.find(text) if m.entity == "Kherson"]
    assert news.apply(text, keep) == "Kiev and Kherson"


def test_module_level_functions_use_builtin_tables():
    assert normalize.normalize("Kiev") == "Kyiv"
    assert [m.replacement for m in normalize.find("Cherson")] == ["Kherson"]
    assert normalize.normalize("") == ""


def test_builtin_plus_user_tables(tmp_path):
    extra = tmp_path / "extra.toml"
    extra.write_text('[[entity]]\ncanonical = "Newtown"\nvariants = ["Nju Taun"]\n', encoding="utf-8")
    n = Normalizer([extra])
    assert n.normalize("Kiev, Nju Taun") == "Kyiv, Newtown"
