"""The built-in tables: hygiene (canonical form, provenance), coverage and stable output."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from normalize import Normalizer
from normalize.rules.datafiles import builtin_table_paths
from normalize.rules.expand import case_forms

ROOT = Path(__file__).resolve().parent.parent
PATHS = builtin_table_paths()
KEY_ORDER = ["canonical", "canonical_de", "canonical_es", "canonical_fr", "canonical_it", "canonical_pl",
             "source", "source_be", "source_ru", "source_uk", "lang", "variants", "except", "namesakes"]


@pytest.fixture(scope="module")
def builtin() -> Normalizer:
    return Normalizer(context=())  # the tables' coverage; the context stage has tests/test_context.py


def raw(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_tables_are_found_and_big_enough(builtin):
    assert len(PATHS) >= 5
    assert sum(len(t.entities) for t in builtin.tables) >= 400


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_table_is_in_canonical_form(path):
    data = raw(path)
    assert data["table"]["name"] == path.stem
    assert data["table"]["description"]
    entities = data["entity"]
    names = [e["canonical"] for e in entities]
    assert names == sorted(names), "entities sorted by canonical"
    for e in entities:
        keys = list(e)
        assert keys == sorted(keys, key=KEY_ORDER.index), f"{e['canonical']}: key order"
        for key in ("variants", "except"):
            if key in e:
                assert e[key] == sorted(set(e[key])), f"{e['canonical']}: {key} sorted, no duplicates"
                assert e[key], f"{e['canonical']}: empty {key}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_every_entity_has_source_and_lang(path):
    for e in raw(path)["entity"]:
        assert e.get("source"), e["canonical"]
        assert e.get("lang"), e["canonical"]


def test_file_is_formatted_by_the_checker():
    """`scripts/check_tables.py` (the formatter) finds nothing to fix."""
    import subprocess
    import sys

    p = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_tables.py")], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


def all_entities(n: Normalizer):
    return [e for t in n.tables for e in t.entities]


def test_every_variant_becomes_its_canonical_in_every_form(builtin):
    failures = []
    for e in all_entities(builtin):
        canon = case_forms(e.canonical)
        for v in e.variants:
            for form, surface in case_forms(v).items():
                if surface in set(case_forms(e.canonical).values()):
                    continue
                got = builtin.normalize(f"( {surface} )")
                if got != f"( {canon[form]} )":
                    failures.append((surface, got))
    assert failures == []


def test_canonicals_and_exceptions_are_left_alone(builtin):
    for e in all_entities(builtin):
        for s in (e.canonical, *case_forms(e.canonical).values(), *e.excepts):
            assert builtin.find(f"( {s} )") == [], s


def test_idempotent_over_every_surface_form(builtin):
    text = " ; ".join(s for s in builtin.matcher.surfaces())
    once = builtin.normalize(text)
    assert builtin.normalize(once) == once


def test_bundled_sample_article():
    sample = (ROOT / "samples" / "wire-report.txt").read_text(encoding="utf-8")
    expected = (ROOT / "samples" / "wire-report.expected.txt").read_text(encoding="utf-8")
    assert Normalizer().normalize(sample) == expected  # context on: the sample is plain English news


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qaddafi and Kadhafi", "Gadhafi and Gadhafi"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("Mao Tse-tung", "Mao Zedong"),
        ("Donbass", "Donbas"),
        ("Chicken Kiev", "Chicken Kiev"),
        ("Odessa, Texas", "Odessa, Texas"),
        ("Vladimir Putin", "Vladimir Putin"),
        ("Alexander Lukashenko", "Alexander Lukashenko"),
    ],
)
def test_well_known_names(builtin, text, expected):
    assert builtin.normalize(text) == expected


@pytest.mark.slow
def test_wheel_ships_the_tables(tmp_path):
    """A non-editable install finds the built-in tables inside the package."""
    import subprocess
    import sys
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for p in PATHS:
        assert f"normalize/data/tables/{p.name}" in names
    assert "normalize/data/tables/schemes/uk.toml" in names
    for style in ("ap", "bbc", "guardian", "nyt", "reuters"):  # the house styles (tests/test_styles.py)
        assert f"normalize/data/tables/styles/{style}.toml" in names
    assert "normalize/data/tables/styles/STYLES.md" in names
    assert "normalize/py.typed" in names
    # the C trie is built where there is a compiler (CI machines have one); its source stays out
    assert any(n.startswith("normalize/engine/_trie.") and n.endswith((".so", ".pyd")) for n in names), names
    assert not [n for n in names if n.endswith((".c", ".h"))]
