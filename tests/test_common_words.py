"""The committed common-word list is what scripts/build_common_words.py makes from wordfreq."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from normalize.rules import generation

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("build_common_words", ROOT / "scripts" / "build_common_words.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_list_is_fresh():
    pytest.importorskip("wordfreq")
    script = _script()
    committed = (ROOT / "normalize" / "data" / "common_words.txt").read_text(encoding="utf-8")
    assert committed == script.render(), "run python scripts/build_common_words.py"


def test_list_is_loaded_and_attributed():
    text = (ROOT / "normalize" / "data" / "common_words.txt").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in text and "wordfreq" in text
    words = generation.common_words()
    assert len(words) > 20000
    for w in ("poutine", "sumy", "just", "luck", "moskva"):
        assert generation.is_common_word(w.capitalize()), w
    for name in ("kyiv", "zelenskyy", "selenskyj", "kharkiv", "charkow"):
        assert not generation.is_common_word(name), name
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    assert lines == sorted(set(lines))


@pytest.mark.slow
def test_wheel_ships_the_word_list_and_the_schemes(tmp_path):
    import subprocess
    import sys
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "normalize/data/common_words.txt" in names
    assert "normalize/rules/generation.py" in names
    assert "normalize/data/tables/schemes/uk.toml" in names
