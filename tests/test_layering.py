"""Layering (issue 13, point 1): user tables extend, replace, drop and switch off entities of
earlier tables, leave whole tables out, and name the layer each spelling came from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from normalize import Normalizer, normalizer
from normalize.rules.family import variant_family
from normalize.rules.parse import TableError

ROOT = Path(__file__).resolve().parent.parent


def table(tmp_path: Path, name: str, body: str) -> Path:
    p = tmp_path / f"{name}.toml"
    p.write_text(f'[table]\nname = "{name}"\n\n' + body, encoding="utf-8")
    return p


def test_extend_adds_variants_and_excepts(tmp_path):
    t = table(tmp_path, "newsroom", '[[extend]]\nentity = "Kyiv"\nvariants = ["Kiyv"]\nexcept = ["Kiev Ballet"]\n')
    n = Normalizer([t], context=())
    assert n.normalize("Kiyv, Kiev, the Kiev Ballet, Chicken Kiev") == "Kyiv, Kyiv, the Kiev Ballet, Chicken Kiev"
    tables = {m.found: m.table for m in n.find("Kiyv and Kiev")}
    assert tables == {"Kiyv": "newsroom", "Kiev": "ukraine-places"}


def test_drop_variant(tmp_path):
    t = table(tmp_path, "newsroom", '[[extend]]\nentity = "Kyiv"\ndrop_variants = ["Kiew"]\n')
    n = Normalizer([t], generate=False, context=())
    assert n.normalize("Kiew and Kiev") == "Kiew and Kyiv"


def test_replace_canonical_old_one_becomes_a_variant(tmp_path):
    t = table(tmp_path, "house", '[[extend]]\nentity = "Kyiv"\ncanonical = "Kyyiv"\n')
    n = Normalizer([t], generate=False, context=())
    assert n.normalize("Kiev and Kyiv") == "Kyyiv and Kyyiv"
    assert {m.found: m.table for m in n.find("Kyiv")} == {"Kyiv": "house"}
    # a later layer names the entity by its new canonical
    t2 = table(tmp_path, "later", '[[extend]]\nentity = "Kyyiv"\nvariants = ["Kyjiw"]\n')
    assert Normalizer([t, t2], generate=False, context=()).normalize("Kyjiw") == "Kyyiv"


def test_replace_canonical_with_own_variant(tmp_path):
    t = table(tmp_path, "house", '[[extend]]\nentity = "Kyiv"\ncanonical = "Kiev"\n')
    n = Normalizer([t], generate=False, context=())
    assert n.normalize("Kyiv and Kiev") == "Kiev and Kiev"


def test_switch_off(tmp_path):
    t = table(tmp_path, "house", '[[extend]]\nentity = "Kyiv"\nenabled = false\n')
    n = Normalizer([t], context=())
    assert n.normalize("Kiev") == "Kiev"
    assert "Kyiv" not in {e.canonical for tb in n.tables for e in tb.entities}
    t2 = table(tmp_path, "later", '[[extend]]\nentity = "Kyiv"\nvariants = ["Kiyv"]\n')
    with pytest.raises(TableError, match=r"later\.toml.*switched off by .*house\.toml"):
        Normalizer([t, t2], context=())


def test_switch_off_takes_no_other_change(tmp_path):
    t = table(tmp_path, "house", '[[extend]]\nentity = "Kyiv"\nenabled = false\nvariants = ["Kiyv"]\n')
    with pytest.raises(TableError, match="takes no other change"):
        Normalizer([t], context=())


def test_unknown_entity_is_an_error(tmp_path):
    t = table(tmp_path, "house", '[[extend]]\nentity = "Gotham"\nvariants = ["Gothm"]\n')
    with pytest.raises(TableError, match=r"house\.toml: entity 'Gotham': \[\[extend\]\]: no earlier table"):
        Normalizer([t], context=())


def test_drop_unknown_variant_is_an_error(tmp_path):
    t = table(tmp_path, "house", '[[extend]]\nentity = "Kyiv"\ndrop_variants = ["Kyiiv"]\n')
    with pytest.raises(TableError, match=r"house\.toml.*not a variant.*ukraine-places\.toml"):
        Normalizer([t], context=())


def test_unknown_extend_key(tmp_path):
    t = table(tmp_path, "house", '[[extend]]\nentity = "Kyiv"\nnamesake = ["x"]\n')
    with pytest.raises(TableError, match="unknown key 'namesake' in \\[\\[extend\\]\\]"):
        Normalizer([t], context=())


def test_plain_duplicate_entity_points_to_extend(tmp_path):
    t = table(tmp_path, "newsroom", '[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kiyv"]\n')
    with pytest.raises(TableError, match=r"newsroom\.toml: entity 'Kyiv': duplicate entity \(also defined in "
                       r".*ukraine-places\.toml\); to change it, write \[\[extend\]\]"):
        Normalizer([t], context=())


def test_conflict_names_both_files(tmp_path):
    a = table(tmp_path, "alpha", '[[extend]]\nentity = "Kyiv"\nvariants = ["Kharkov"]\n')
    with pytest.raises(TableError, match=r"alpha\.toml: entity 'Kyiv': variant 'Kharkov' is also a variant of "
                       r"'Kharkiv' \(.*ukraine-places\.toml\)"):
        Normalizer([a], context=())
    b = table(tmp_path, "beta", '[[extend]]\nentity = "Kyiv"\nvariants = ["Lviv"]\n')
    with pytest.raises(TableError, match=r"beta\.toml.*canonical of entity 'Lviv' \(.*ukraine-places\.toml\)"):
        Normalizer([b], context=())
    c = table(tmp_path, "gamma", '[[extend]]\nentity = "Kyiv"\ncanonical = "Lviv"\n')
    with pytest.raises(TableError, match=r"gamma\.toml.*canonical 'Lviv' is the canonical of another entity "
                       r"\(.*ukraine-places\.toml\)"):
        Normalizer([c], context=())
    # two user layers: the second names the first
    d = table(tmp_path, "delta", '[[extend]]\nentity = "Kyiv"\nvariants = ["Kiyv"]\n')
    e = table(tmp_path, "epsilon", '[[extend]]\nentity = "Lviv"\nvariants = ["Kiyv"]\n')
    with pytest.raises(TableError, match=r"(delta|epsilon)\.toml.*'Kiyv'.*\(.*(epsilon|delta)\.toml\)"):
        Normalizer([d, e], context=())


def test_later_layer_wins(tmp_path):
    a = table(tmp_path, "a", '[[extend]]\nentity = "Kyiv"\ncanonical = "Kyyiv"\n')
    b = table(tmp_path, "b", '[[extend]]\nentity = "Kyyiv"\ncanonical = "Kyjiv"\n')
    assert Normalizer([a, b], generate=False, context=()).normalize("Kiev, Kyiv, Kyyiv") == "Kyjiv, Kyjiv, Kyjiv"


def test_leave_out_in_table(tmp_path):
    t = table(tmp_path, "house", "")
    t.write_text('[table]\nname = "house"\nleave_out = ["ukraine-places"]\n', encoding="utf-8")
    n = Normalizer([t], context=())
    assert n.normalize("Kiev") == "Kiev"
    bad = tmp_path / "bad.toml"
    bad.write_text('[table]\nleave_out = ["no-such-table"]\n', encoding="utf-8")
    with pytest.raises(TableError, match=r"bad\.toml: leave_out names table 'no-such-table'"):
        Normalizer([bad], context=())


def test_leave_out_argument():
    n = Normalizer(leave_out=["ukraine-places"])
    assert n.normalize("Kiev") == "Kiev"
    assert "ukraine-places" not in [t.name for t in n.tables]
    with pytest.raises(TableError, match="no table named 'nope'"):
        Normalizer(leave_out=["nope"], context=())


def test_extending_a_left_out_table_is_an_error(tmp_path):
    t = table(tmp_path, "house", '[[extend]]\nentity = "Kyiv"\nvariants = ["Kiyv"]\n')
    with pytest.raises(TableError, match="no earlier table"):
        Normalizer([t], leave_out=["ukraine-places"], context=())


def test_variants_provenance(tmp_path):
    t = table(tmp_path, "newsroom", '[[extend]]\nentity = "Kyiv"\nvariants = ["Kiyv"]\n')
    fam = variant_family("Київ", "uk", Normalizer([t], context=()).tables)
    tables = {s.spelling: s.table for s in fam.spellings if s.status == "explicit"}
    assert tables["Kiyv"] == "newsroom" and tables["Kiev"] == "ukraine-places"


def test_cache_changed_layer_is_a_new_entry(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("TRANSLIT_NORMALIZE_CACHE", str(d))
    monkeypatch.setattr(normalizer, "_compiled", {})
    t = table(tmp_path, "newsroom", '[[extend]]\nentity = "Kyiv"\nvariants = ["Kiyv"]\n')
    assert Normalizer([t], context=()).normalize("Kiyv") == "Kyiv"
    before = set(d.glob("*.tnc"))
    t.write_text(t.read_text(encoding="utf-8").replace('"Kiyv"', '"Kiyiv"'), encoding="utf-8")
    monkeypatch.setattr(normalizer, "_compiled", {})
    n = Normalizer([t], context=())
    assert n.normalize("Kiyv Kiyiv") == "Kiyv Kyiv"
    assert set(d.glob("*.tnc")) > before
    # leave_out is part of the key: the same tables with and without it are two entries
    monkeypatch.setattr(normalizer, "_compiled", {})
    assert Normalizer([t], leave_out=["world"], context=()).normalize("Kiyiv") == "Kyiv"
    assert len(set(d.glob("*.tnc"))) == len(before) + 2


def test_pickle_keeps_leave_out():
    import pickle

    n = Normalizer(leave_out=["ukraine-places"], context=())
    assert pickle.loads(pickle.dumps(n)).normalize("Kiev") == "Kiev"


def run(args, cwd):
    return subprocess.run([sys.executable, "-m", "normalize", *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", env=None)


def test_cli_check_names_the_layer(tmp_path):
    t = table(tmp_path, "newsroom", '[[extend]]\nentity = "Kyiv"\nvariants = ["Kiyv"]\n')
    (tmp_path / "a.txt").write_text("Kiyv and Kiev\n", encoding="utf-8")
    r = run(["--no-context", "--table", str(t), "--check", "a.txt"], tmp_path)
    assert r.returncode == 1, r.stderr
    assert "Kiyv -> Kyiv [newsroom/Kyiv]" in r.stdout
    assert "Kiev -> Kyiv [ukraine-places/Kyiv]" in r.stdout
    v = run(["--table", str(t), "--variants", "Київ", "--lang", "uk"], tmp_path)
    assert v.returncode == 0 and "[newsroom]" in v.stdout


def test_cli_precedence_command_line_over_config_over_builtin(tmp_path):
    table(tmp_path, "conf", '[[extend]]\nentity = "Kyiv"\ncanonical = "Kyyiv"\n')
    cli = table(tmp_path, "cli", '[[extend]]\nentity = "Kyyiv"\ncanonical = "Kyjiv"\n')
    (tmp_path / "pyproject.toml").write_text('[tool.translit-normalize]\ntables = ["conf.toml"]\n',
                                             encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "normalize"], input="Kiev\n", cwd=tmp_path, capture_output=True,
                       text=True, encoding="utf-8")
    assert r.stdout == "Kyyiv\n", r.stderr
    r = subprocess.run([sys.executable, "-m", "normalize", "--table", str(cli)], input="Kiev\n", cwd=tmp_path,
                       capture_output=True, text=True, encoding="utf-8")
    assert r.stdout == "Kyjiv\n", r.stderr


def test_cli_conflict_is_one_line_exit_2(tmp_path):
    t = table(tmp_path, "newsroom", '[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kiyv"]\n')
    r = subprocess.run([sys.executable, "-m", "normalize", "--table", str(t)], input="x\n", cwd=tmp_path,
                       capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "[[extend]]" in r.stderr


def test_readme_example_works_next_to_builtins(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Rule tables"):]
    start = section.index("```toml\n") + len("```toml\n")
    body = section[start:section.index("```", start)]
    p = tmp_path / "newsroom.toml"
    p.write_text(body, encoding="utf-8")
    n = Normalizer([p], context=())
    assert n.normalize("Kiyv, the Kiev Ballet") == "Kyiv, the Kiev Ballet"
    text = "The carrier Kiev sailed. Kiev was sold."  # the namesake, then one sense per document
    assert Normalizer([p]).normalize(text) == text


def test_cli_leave_out_option_and_config_key(tmp_path):
    r = subprocess.run([sys.executable, "-m", "normalize", "--isolated", "--leave-out", "ukraine-places"],
                       input="Kiev\n", cwd=tmp_path, capture_output=True, text=True, encoding="utf-8")
    assert r.stdout == "Kiev\n", r.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.translit-normalize]\nleave-out = ["ukraine-places"]\n',
                                             encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "normalize"], input="Kiev\n", cwd=tmp_path, capture_output=True,
                       text=True, encoding="utf-8")
    assert r.stdout == "Kiev\n", r.stderr
    r = subprocess.run([sys.executable, "-m", "normalize", "--isolated", "--leave-out", "nope"], input="Kiev\n",
                       cwd=tmp_path, capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 2 and "no table named 'nope'" in r.stderr
