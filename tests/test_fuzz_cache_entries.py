"""Crafted cache entries with valid checksums, by hypothesis (issue 14, finding 2): the bounded
counterpart of the atheris harness fuzz/fuzz_cache.py, with the same oracle (fuzz/cache_oracle.py).

The body of a real entry is mutated (bytes overwritten, int32 words set to edge values,
stretches cut, copied or inserted, sections swapped), the header and CRC-32 recomputed; loading
it must give a miss, or a matcher that does what a matcher built afresh from its surfaces does,
the same with the C trie and with the Python twin.
"""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize import normalizer
from normalize.engine import trie

pytestmark = pytest.mark.skipif(trie.BACKEND != "c", reason="the C trie is not built here")


def _oracle() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "fuzz" / "cache_oracle.py"
    spec = importlib.util.spec_from_file_location("fuzz_cache_oracle", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


oracle = _oracle()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Any:  # an oracle.Baseline
    work = tmp_path_factory.mktemp("fuzz-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSLIT_NORMALIZE_CACHE", str(work / "cache"))
        mp.setattr(normalizer, "_compiled", {})
        return oracle.Baseline.build(work)


@pytest.fixture()
def base(baseline: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The baseline, with its cache folder in use (the crafted entries are written there)."""
    monkeypatch.setenv("TRANSLIT_NORMALIZE_CACHE", str(baseline.folder))
    return baseline


EDGE_INTS = [0, 1, -1, 2, 7, 8, 0x7FFFFFFF, -0x80000000, 1 << 16, 32, 33, 1024]


@st.composite
def mutated(draw: st.DrawFn, sections: list[bytes]) -> bytes:
    secs = [bytearray(s) for s in sections]
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(secs) - 1))
        s = secs[k]
        op = draw(st.sampled_from(["byte", "int32", "cut", "copy", "insert", "swap"]))
        if op == "swap":
            j = draw(st.integers(0, len(secs) - 1))
            secs[k], secs[j] = secs[j], secs[k]
            continue
        if not s and op != "insert":
            continue
        i = draw(st.integers(0, max(len(s) - 1, 0)))
        if op == "byte":
            s[i] = draw(st.integers(0, 255))
        elif op == "int32":
            i -= i % 4
            s[i:i + 4] = struct.pack("<i", draw(st.sampled_from(EDGE_INTS)))
        elif op == "cut":
            del s[i:i + draw(st.integers(1, 8))]
        elif op == "copy":
            j = draw(st.integers(0, len(s) - 1))
            s[i:i] = s[j:j + draw(st.integers(1, 8))]
        else:
            s[i:i] = draw(st.binary(min_size=1, max_size=8))
    mode = draw(st.integers(0, 7))
    return bytes(oracle.encode(mode, [bytes(s) for s in secs]))


def test_the_baseline_entry_is_accepted_as_it_is(base: Any) -> None:
    for seed in base.seeds():
        assert oracle.check(base, seed) == "same"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_crafted_entries_are_refused_or_consistent(base: Any, data: st.DataObject) -> None:
    raw = data.draw(mutated(base.sections))
    assert oracle.check(base, raw) in ("refused", "same", "changed")


@pytest.mark.parametrize("section", range(7))
def test_any_single_section_emptied_or_doubled(base: Any, section: int) -> None:
    for change in (b"", None):
        secs = list(base.sections)
        secs[section] = change if change is not None else secs[section] * 2
        for mode in (0, 1, 7):
            oracle.check(base, oracle.encode(mode, secs))
