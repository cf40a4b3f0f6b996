"""Hostile tables and configuration: each a clear one-line error or a correct result.

Never a traceback, never code execution: tables and the configuration are data, checked
against a closed set of keys, so nothing in them can name another file to read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from normalize import Normalizer, parse_table
from normalize.cli.command import main


def _cli(args, stdin=b"Kiev"):
    return CliRunner().invoke(main, ["--isolated", *args], input=stdin)


def _one_line_error(r, *needles):
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("translit-normalize: error: "), r.stderr
    for n in needles:
        assert n in lines[0], lines[0]
    return lines[0]


BAD_TABLES: dict[str, tuple[str | bytes, str]] = {
    "malformed": ("[[entity]\ncanonical = 'x'", "invalid TOML"),
    "unterminated string": ('[[entity]]\ncanonical = "Kyiv\n', "invalid TOML"),
    "wrong type canonical": ("[[entity]]\ncanonical = 3\n", "must be a string"),
    "wrong type variants": ('[[entity]]\ncanonical = "Kyiv"\nvariants = "Kiev"\n', "array of strings"),
    "nested list": ('[[entity]]\ncanonical = "Kyiv"\nvariants = [["Kiev"]]\n', "must be a string"),
    "entity not a list": ('entity = "Kyiv"\n', "array of tables"),
    "table not a table": ('table = 5\n', "[table] must be a table"),
    "include key": ('include = "/etc/passwd"\n[[entity]]\ncanonical = "Kyiv"\n', "unknown top-level key 'include'"),
    "include in entity": ('[[entity]]\ncanonical = "Kyiv"\nvariants_file = "../../etc/passwd"\n', "unknown key"),
    "include in table": ('[table]\nname = "x"\ninclude = ["other.toml"]\n', "unknown key 'include'"),
    "only spaces": ('[[entity]]\ncanonical = "Kyiv"\nvariants = ["   "]\n', "empty"),
    "only punctuation": ('[[entity]]\ncanonical = "Kyiv"\nvariants = ["--!?"]\n', "no letter or digit"),
    "punctuation edge": ('[[entity]]\ncanonical = "Kyiv"\nvariants = ["-Kiev"]\n', "begin and end"),
    "control character": ('[[entity]]\ncanonical = "Kyiv"\nvariants = ["Ki\\u0007ev"]\n', "control"),
    "NUL": ('[[entity]]\ncanonical = "Kyiv"\nvariants = ["Ki\\u0000ev"]\n', "control"),
    "right-to-left mark": ('[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kiev\\u200f"]\n', "U+200F"),
    "right-to-left override": ('[[entity]]\ncanonical = "Ky\\u202eiv"\n', "U+202E"),
    "bidi isolate": ('[[entity]]\ncanonical = "Kyiv"\nexcept = ["\\u2067Kiev"]\n', "U+2067"),
    "not UTF-8": (b'[[entity]]\ncanonical = "Ky\xffiv"\n', "not UTF-8"),
    "cycle": ('[[entity]]\ncanonical = "A1"\nvariants = ["B1"]\n[[entity]]\ncanonical = "B1"\nvariants = ["C1"]\n',
              "cycle"),
    "python in a string": ('[[entity]]\ncanonical = "__import__(\'os\').system(\'touch PWNED\')"\n', "begin and end"),
}


@pytest.mark.parametrize("case", sorted(BAD_TABLES))
def test_bad_table_is_one_line_exit_2(tmp_path, case, monkeypatch):
    content, needle = BAD_TABLES[case]
    p = tmp_path / "t.toml"
    p.write_bytes(content if isinstance(content, bytes) else content.encode())
    monkeypatch.chdir(tmp_path)
    r = _cli(["--no-builtin", "--table", str(p)])
    _one_line_error(r, str(p), needle)
    assert not (tmp_path / "PWNED").exists()


def test_variants_with_inner_punctuation_and_rtl_script_work(tmp_path):
    p = tmp_path / "t.toml"
    p.write_text('[[entity]]\ncanonical = "al-Qaida"\nvariants = ["al-Qa\'ida", "al—Qaeda"]\n'
                 '[[entity]]\ncanonical = "القاعدة"\nvariants = ["الْقَاعِدَة"]\n', encoding="utf-8")
    r = _cli(["--no-builtin", "--table", str(p)], stdin="al—Qaeda, الْقَاعِدَة.".encode())
    assert r.exit_code == 0 and r.stdout == "al-Qaida, القاعدة."


def test_table_path_that_is_a_folder_or_device(tmp_path):
    r = _cli(["--no-builtin", "--table", "/dev/null"])  # an empty table: a correct (empty) result
    assert (r.exit_code, r.stdout) == (0, "Kiev")
    r = _cli(["--no-builtin", "--table", str(tmp_path)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    r = _cli(["--no-builtin", "--table", str(tmp_path / "missing.toml")])
    assert r.exit_code == 2 and "Traceback" not in r.output


BAD_CONFIGS = {
    "malformed": ("tables = [\n", "TOML"),
    "unknown key": ('include = "../secret.toml"\n', "include"),
    "wrong type": ("builtin = \"yes\"\n", "builtin"),
    "tables not a list": ('tables = "x.toml"\n', "tables"),
    "per-file wrong": ('[per-file]\n"*.md" = 3\n', "per-file"),
}


@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_bad_configuration_is_one_line_exit_2(tmp_path, case):
    content, needle = BAD_CONFIGS[case]
    cfg = tmp_path / ".translit-normalize.toml"
    cfg.write_text(content, encoding="utf-8")
    r = CliRunner().invoke(main, ["--config", str(cfg)], input=b"Kiev")
    _one_line_error(r, needle)


def test_huge_table_file_of_junk_is_an_error_not_a_hang(tmp_path):
    p = tmp_path / "huge.toml"
    p.write_bytes(b"# comment\n" * 1_000_000 + b"[[entity]]\ncanonical = 1\n")  # 10 MB
    _one_line_error(_cli(["--no-builtin", "--table", str(p)]), "must be a string")


def test_nothing_is_unpickled_or_evaluated():
    root = os.path.join(os.path.dirname(__file__), "..", "normalize")
    for name in os.listdir(root):
        if name.endswith(".py"):
            with open(os.path.join(root, name), encoding="utf-8") as f:
                src = f.read()
            for bad in ("pickle.load", "marshal.load", "eval(", "exec(", "yaml.load", "shelve"):
                assert bad not in src, (name, bad)


def test_tables_are_parsed_only_as_toml():
    table = parse_table('[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kiev"]\n', "t.toml")
    n = Normalizer([table], builtin=False)
    assert n.normalize("${Kiev} {{Kiev}} `Kiev`") == "${Kyiv} {{Kyiv}} `Kyiv`"


_MILLION = textwrap.dedent("""
    import json, os, resource, sys, time
    os.environ["TRANSLIT_NORMALIZE_CACHE"] = "off"
    from normalize import Normalizer
    t0 = time.process_time()
    n = Normalizer([sys.argv[1]], builtin=False, generate=False)
    cpu = time.process_time() - t0
    out = n.normalize("Wxa0 Wxa1 then Wxq99999x and Wxq9999 ok")
    print(json.dumps({"surfaces": n.matcher.size, "cpu": cpu, "maxrss_kib":
                      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "out": out}))
""")


def write_variant_table(path, variants: int, per_entity: int = 10) -> None:
    """``variants`` explicit variants, ``per_entity`` to an entity (ASCII, sharing prefixes)."""
    with open(path, "w", encoding="utf-8") as f:
        for e in range(variants // per_entity):
            vs = ", ".join(f'"Wx{_code(e * per_entity + k)}"' for k in range(per_entity))
            f.write(f'[[entity]]\ncanonical = "Canon{e}"\nvariants = [{vs}]\n')


def _code(i: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[i % 26] + letters[i // 26 % 26] + str(i // 676)


@pytest.mark.slow
def test_hundred_thousand_variants_compile_in_bounded_memory(tmp_path):
    """A tenth of the million-variant table (benchmarks/memory.py runs the million)."""
    p = tmp_path / "big.toml"
    write_variant_table(p, 100_000)
    r = subprocess.run([sys.executable, "-c", _MILLION, str(p)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["surfaces"] >= 100_000
    assert info["maxrss_kib"] < 2 * 1024 * 1024, info  # 2 GiB: ~20 KiB a variant would be a leak
