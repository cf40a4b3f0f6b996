"""The library's inputs are checked: a wrong type is a TypeError that says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalize import Normalizer


@pytest.fixture(scope="module")
def n() -> Normalizer:
    return Normalizer(context=())


@pytest.mark.parametrize("method", ["normalize", "find", "kept"])
@pytest.mark.parametrize(("value", "says"), [(None, "not None"), (b"Kiev", "decode it first"),
                                             (bytearray(b"Kiev"), "decode it first"), (3, "not int")])
def test_texts_must_be_str(n: Normalizer, method: str, value: object, says: str):
    with pytest.raises(TypeError, match=f"{method}\\(\\) takes str, {says}" if says.startswith("not") else says):
        getattr(n, method)(value)


def test_a_str_subclass_is_text(n: Normalizer):
    class Text(str):
        pass

    assert n.normalize(Text("Kiev")) == "Kyiv"


@pytest.mark.parametrize("method", ["normalize_stream", "find_stream"])
def test_streams_take_an_iterable_of_str(n: Normalizer, method: str):
    with pytest.raises(TypeError, match="not one str"):
        list(getattr(n, method)("Kiev"))
    with pytest.raises(TypeError, match="not bytes: decode it first"):
        list(getattr(n, method)(["Kiev ", b"Kiev"]))


def test_batch_passes_missing_values_through(n: Normalizer):
    assert n.normalize_batch(["Kiev", None, "", "Odessa"]) == ["Kyiv", None, "", "Odesa"]
    assert n.normalize_batch(iter([])) == []


def test_one_table_path_is_one_table(tmp_path: Path):
    p = tmp_path / "t.toml"
    p.write_text('[table]\nname = "t"\n[[entity]]\ncanonical = "Foo"\nvariants = ["Fuh"]\n', encoding="utf-8")
    for spec in (str(p), p):
        assert Normalizer(spec, builtin=False).normalize("Fuh") == "Foo"
