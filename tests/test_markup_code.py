"""Source code and configuration files (normalize/markup/code.py): only comments and docstrings
are prose; identifiers, keys, values and string literals stay as written, and the ``+strings``
formats open prose string literals too."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize import Normalizer
from normalize.markup import FORMATS, MAX_BLOCK, blocks, format_for_path, markup_for
from normalize.markup.code import BY_NAME, is_prose_string

from .strategies import chunked


def norm(fmt: str, text: str) -> str:
    return Normalizer(format=fmt, context=()).normalize(text)


CASES = [
    # (format, input, expected)
    ("python", '"""Kiev module."""\nKiev = "Kiev"  # Kiev office\n',
     '"""Kyiv module."""\nKiev = "Kiev"  # Kyiv office\n'),
    ("python", 'def f():\n    """Docstring of Kiev."""\n    return timezone("Europe/Kiev")\n',
     'def f():\n    """Docstring of Kyiv."""\n    return timezone("Europe/Kiev")\n'),
    ("python", 'class Kiev:\n    r"""Raw docstring: Kiev."""\n    x: int = 1\n    "Attribute doc, Kiev."\n',
     'class Kiev:\n    r"""Raw docstring: Kyiv."""\n    x: int = 1\n    "Attribute doc, Kyiv."\n'),
    ("python", 'x = (\n    """Kiev in brackets"""\n)\ny = f(\n    "Kiev",\n)\nb"Kiev office"\nf"Kiev {x}"\n',
     'x = (\n    """Kiev in brackets"""\n)\ny = f(\n    "Kiev",\n)\nb"Kiev office"\nf"Kiev {x}"\n'),
    ("python", 's = "a # Kiev"  # Kiev\n', 's = "a # Kiev"  # Kyiv\n'),
    ("python", '# see `Kiev` and ``Kiev``\n', '# see `Kiev` and ``Kiev``\n'),
    ("javascript", "// Kiev\nconst Kiev = 'Kiev'; /* Kiev\n block */ const r = /\"Kiev/g; // Kharkov\n"
     "const t = `Kiev ${x}`;\n",
     "// Kyiv\nconst Kiev = 'Kiev'; /* Kyiv\n block */ const r = /\"Kiev/g; // Kharkiv\nconst t = `Kiev ${x}`;\n"),
    ("javascript", "/** Kiev office. {@link Kiev} */\nx = a / b; // Kiev\n",
     "/** Kyiv office. {@link Kiev} */\nx = a / b; // Kyiv\n"),
    ("c", '#include "kiev.h"\n// Kiev\nchar c = \'"\'; /* Kiev */ const char *s = "Kiev"; // Kharkov\n',
     '#include "kiev.h"\n// Kyiv\nchar c = \'"\'; /* Kyiv */ const char *s = "Kiev"; // Kharkiv\n'),
    ("c", 'auto s = R"x(Kiev " // Kiev)x"; // Kiev\nint n = 1\'000; // Kiev\n',
     'auto s = R"x(Kiev " // Kiev)x"; // Kyiv\nint n = 1\'000; // Kyiv\n'),
    ("java", '/** Kiev. */\nString s = """\n  Kiev // not a comment\n  """; // Kiev\nchar q = \'"\';\n',
     '/** Kyiv. */\nString s = """\n  Kiev // not a comment\n  """; // Kyiv\nchar q = \'"\';\n'),
    ("csharp", 'var s = @"C:\\Kiev "" // Kiev"; // Kiev\n', 'var s = @"C:\\Kiev "" // Kiev"; // Kyiv\n'),
    ("go", "// Kiev\ns := `Kiev // raw`\nr := '\"' // Kiev\n", "// Kyiv\ns := `Kiev // raw`\nr := '\"' // Kyiv\n"),
    ("rust", "/// Kiev docs\nfn f<'a>(x: &'a str) { let s = r#\"Kiev \" // Kiev\"#; } // Kiev\n",
     "/// Kyiv docs\nfn f<'a>(x: &'a str) { let s = r#\"Kiev \" // Kiev\"#; } // Kyiv\n"),
    ("swift", '// Kiev\nlet s = """\nKiev // text\n"""\n', '// Kyiv\nlet s = """\nKiev // text\n"""\n'),
    ("php", "<?php # Kiev\n$Kiev = 'Kiev'; // Kiev\n#[Kiev]\n", "<?php # Kyiv\n$Kiev = 'Kiev'; // Kyiv\n#[Kiev]\n"),
    ("shell", '#!/bin/sh\n# Kiev\necho "Kiev" $# ${#x} a#Kiev # Kharkov\ncat <<EOF\nKiev # data\nEOF\n# Odessa\n',
     '#!/bin/sh\n# Kyiv\necho "Kiev" $# ${#x} a#Kiev # Kharkiv\ncat <<EOF\nKiev # data\nEOF\n# Odesa\n'),
    ("ruby", "# Kiev\nx = \"Kiev #{y}\" # Kiev\n=begin\nKiev\n=end\n",
     "# Kyiv\nx = \"Kiev #{y}\" # Kyiv\n=begin\nKyiv\n=end\n"),
    ("perl", "# Kiev\nmy $n = $#Kiev; print 'Kiev';\n=pod\n\nKiev\n\n=cut\n",
     "# Kyiv\nmy $n = $#Kiev; print 'Kiev';\n=pod\n\nKyiv\n\n=cut\n"),
    ("r", "# Kiev\nx <- \"Kiev\"\n", "# Kyiv\nx <- \"Kiev\"\n"),
    ("sql", "-- Kiev\nSELECT \"Kiev\" FROM t WHERE c = 'Kiev -- no'; /* Kiev */\n",
     "-- Kyiv\nSELECT \"Kiev\" FROM t WHERE c = 'Kiev -- no'; /* Kyiv */\n"),
    ("lua", "-- Kiev\n--[==[ Kiev\n]==] s = [[Kiev -- no]]\n", "-- Kyiv\n--[==[ Kyiv\n]==] s = [[Kiev -- no]]\n"),
    ("code", "// Kiev\n# Kiev\n#include Kiev\ns = \"Kiev\"\n", "// Kyiv\n# Kyiv\n#include Kiev\ns = \"Kiev\"\n"),
    # configuration: values are data, only comments are prose
    ("toml", 'city = "Kiev"  # Kiev office\ns = """\nKiev # no\n"""\n',
     'city = "Kiev"  # Kyiv office\ns = """\nKiev # no\n"""\n'),
    ("yaml", "city: Kiev # Kiev office\nname: 'Kiev''s # no'\ndesc: |\n  Kiev # data\n  more\n# Kharkov\n"
     "tz: Europe/Kiev\n",
     "city: Kiev # Kyiv office\nname: 'Kiev''s # no'\ndesc: |\n  Kiev # data\n  more\n# Kharkiv\ntz: Europe/Kiev\n"),
    ("yaml", "- title: Kiev's office # Kiev\n", "- title: Kiev's office # Kyiv\n"),
    ("ini", "[Kiev]\n; Kiev office\ncity = Kiev ; Kiev\nurl = http://x/#Kiev\nq = \"a ; Kiev\"\n",
     "[Kiev]\n; Kyiv office\ncity = Kiev ; Kyiv\nurl = http://x/#Kiev\nq = \"a ; Kiev\"\n"),
    ("properties", "# Kiev\ncity=Kiev \\\n  # Kiev continued\n! Kharkov\n",
     "# Kyiv\ncity=Kiev \\\n  # Kiev continued\n! Kharkiv\n"),
    ("json", '{"city": "Kiev", // Kiev\n "tz": "Europe/Kiev"}\n', '{"city": "Kiev", // Kyiv\n "tz": "Europe/Kiev"}\n'),
    ("json", '{"city": "Kiev office in Kiev"}\n', '{"city": "Kiev office in Kiev"}\n'),
    ("dotenv", "# Kiev\nCITY=Kiev # Kiev\nMSG='Kiev # no'\n", "# Kyiv\nCITY=Kiev # Kyiv\nMSG='Kiev # no'\n"),
]


@pytest.mark.parametrize(("fmt", "text", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_only_comments_and_docstrings_change(fmt: str, text: str, expected: str):
    assert norm(fmt, text) == expected


STRING_CASES = [
    ("python+strings", 'x = f"Welcome to {Kiev} and Kiev"\ny = "Kiev"\nz = {"Kiev office": "in Kiev today"}\n',
     'x = f"Welcome to {Kiev} and Kyiv"\ny = "Kiev"\nz = {"Kiev office": "in Kyiv today"}\n'),
    ("python+strings", 'q = "SELECT city FROM t WHERE c = \'Kiev\'"\ntz = "Europe/Kiev"\np = "data/Kiev office"\n',
     'q = "SELECT city FROM t WHERE c = \'Kiev\'"\ntz = "Europe/Kiev"\np = "data/Kiev office"\n'),
    ("python+strings", 'b = b"Flights to Kiev"\nd["Kiev office"] = 1\n',
     'b = b"Flights to Kiev"\nd["Kiev office"] = 1\n'),
    ("javascript+strings", "msg = 'Welcome to Kiev'; t = `Hello Kiev ${Kiev} city`; k = {'Kiev office': 1}\n",
     "msg = 'Welcome to Kyiv'; t = `Hello Kyiv ${Kiev} city`; k = {'Kiev office': 1}\n"),
    ("shell+strings", 'echo "Leaving Kiev now" $Kiev\ncat <<EOF\nUsage: fly to Kiev\nEOF\n',
     'echo "Leaving Kyiv now" $Kiev\ncat <<EOF\nUsage: fly to Kyiv\nEOF\n'),
    ("c+strings", 'printf("Office in Kiev: %s\\n", name); x = "Kiev";\n',
     'printf("Office in Kyiv: %s\\n", name); x = "Kiev";\n'),
    ("sql+strings", "INSERT INTO t VALUES ('Office in Kiev'); SELECT \"Kiev office\";\n",
     "INSERT INTO t VALUES ('Office in Kyiv'); SELECT \"Kiev office\";\n"),
]


@pytest.mark.parametrize(("fmt", "text", "expected"), STRING_CASES, ids=[c[0] for c in STRING_CASES])
def test_the_strings_option_opens_prose_strings_only(fmt: str, text: str, expected: str):
    assert norm(fmt, text) == expected
    assert norm(fmt.removesuffix("+strings"), text) != expected or text == expected


def test_which_strings_are_prose():
    for body in ("Welcome to Kiev", "in Kiev today", "Kiev office"):
        assert is_prose_string(body)
    for body in ("Kiev", "Europe/Kiev", "kiev.txt", "KIEV_ID", "", "  ", "a b", "SELECT * FROM Kiev x",
                 "<b>Kiev office</b>", '{"a": "Kiev office"}', "git log --author Kiev"):
        assert not is_prose_string(body), body


def test_formats_and_suffixes():
    for name in ("code", "code+strings", "python", "python+strings", "javascript", "yaml", "toml", "ini", "json"):
        assert name in FORMATS and markup_for(name) is BY_NAME[name] and BY_NAME[name].name == name
    assert not any(f"{c}+strings" in FORMATS for c in ("yaml", "toml", "ini", "properties", "json", "dotenv"))
    assert markup_for("code") is BY_NAME["code"]
    expect = {"a.py": "python", "a.JS": "javascript", "a.tsx": "javascript", "a.mjs": "javascript", "a.java": "java",
              "a.kt": "java", "a.c": "c", "a.hpp": "c", "a.cs": "csharp", "a.go": "go", "a.rs": "rust",
              "a.rb": "ruby", "a.php": "php", "a.swift": "swift", "a.sh": "shell", "a.bash": "shell", "a.sql": "sql",
              "a.R": "r", "a.lua": "lua", "a.pl": "perl", "a.scala": "java", "a.yml": "yaml", "a.yaml": "yaml",
              "a.toml": "toml", "a.ini": "ini", "setup.cfg": "ini", "a.json": "json", "a.properties": "properties",
              "prod.env": "dotenv"}
    for path, fmt in expect.items():
        assert format_for_path(path) == fmt, path


def test_find_positions_and_kept():
    n = Normalizer(format="python", context=())
    text = 'Kiev = "Kiev"  # Kiev office\n"""Kharkov."""\n'
    found = n.find(text)
    assert [(m.start, m.end, m.found) for m in found] == [(17, 21, "Kiev"), (32, 39, "Kharkov")]
    assert n.apply(text, found) == n.normalize(text) == 'Kiev = "Kiev"  # Kyiv office\n"""Kharkiv."""\n'


def test_with_context_on():
    n = Normalizer(format="python")
    assert n.normalize("x = 1  # The office in Kiev opened today.\n") == "x = 1  # The office in Kyiv opened today.\n"
    text = "# Kyiv (formerly Kiev) is the capital.\nKiev = 1\n"
    assert n.normalize(text) == text
    assert [k.reason for k in n.kept(text)] == ["mention"]


MALFORMED = ['"""Kiev', "'Kiev\n# Kiev", "/* Kiev", "`", "r#\"", "<<EOF\nKiev", "x = '", "\\", "#", "=begin",
             "--[[", 'R"(', "key: |\n", "key: \"Kiev", "'''", "a \\\n", "@\"", "$'", "/[/", "//", "/"]


@pytest.mark.parametrize("fmt", sorted(BY_NAME))
def test_malformed_code_never_raises(fmt: str):
    n = Normalizer(format=fmt, context=())
    for text in MALFORMED:
        out = n.normalize(text)
        assert len(out) >= len(text) - 2 and n.normalize(out) == out
        assert "".join(n.normalize_stream(list(text))) == out


def test_a_file_over_the_longest_block_carries_an_open_string():
    filler = "x = 1  # Kiev\n" * (MAX_BLOCK // 14 - 3)
    text = filler + 's = """\n' + "Kiev in a string\n" * 10 + '"""\n# Kiev\n'
    n = Normalizer(format="python", context=())
    cuts = [len(b) for _, b, _ in blocks(BY_NAME["python"], [text])]
    assert len(cuts) == 2 and cuts[0] <= MAX_BLOCK
    out = n.normalize(text)
    assert out.count("Kiev in a string") == 10 and out.endswith('"""\n# Kyiv\n')
    assert out.count("Kyiv") == filler.count("Kiev") + 1
    chunks = [text[i:i + 70_000] for i in range(0, len(text), 70_000)]
    assert "".join(n.normalize_stream(chunks)) == out


# -- properties ---------------------------------------------------------------------------------------------------

NAMES = ["Kiev", "Kharkov", "Odessa", "Zelenskiy"]
name = st.sampled_from(NAMES)
word = st.sampled_from(["the", "office", "in", "x", "1", "Europe/Kiev", "kiev.txt"])
prose = st.lists(st.one_of(name, word), min_size=1, max_size=5).map(" ".join)

py_line = st.one_of(
    st.builds(lambda a, p: f"{a} = 1  # {p}\n", name, prose),
    st.builds(lambda p: f'"""{p}"""\n', prose),
    st.builds(lambda a, p: f'{a} = "{p}"\n', name, prose),
    st.builds(lambda a, p: f"def {a}():\n    '''{p}'''\n    return '{p}'\n", name, prose),
    st.builds(lambda a, p: f"{a}({a}, '{p}')\n", name, prose),
    st.just('x = """\nKiev\n"""\n'), st.just("# Kiev's office\n"), st.just("\n"), st.just('"unterminated Kiev\n'),
)
js_line = st.one_of(
    st.builds(lambda a, p: f"const {a} = 1; // {p}\n", name, prose),
    st.builds(lambda p: f"/* {p}\n */\n", prose),
    st.builds(lambda a, p: f"let s = '{p}' + \"{p}\" + `{p} ${{{a}}}`;\n", name, prose),
    st.builds(lambda a, p: f"x = {a} / 2; r = /{a}/g; // {p}\n", name, prose),
    st.just("/** {@link Kiev} Kiev */\n"), st.just("\n"), st.just("s = `\nKiev\n`;\n"),
)
documents = st.one_of(
    st.tuples(st.sampled_from(["python", "python+strings"]), st.lists(py_line, max_size=12).map("".join)),
    st.tuples(st.sampled_from(["javascript", "javascript+strings"]), st.lists(js_line, max_size=12).map("".join)),
)




@settings(deadline=None, max_examples=150)
@given(documents, st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=4))
def test_protected_bytes_stream_idempotence_find(doc: tuple[str, str], sizes: list[int]):
    fmt, text = doc
    n = Normalizer(format=fmt, context=())
    out = n.normalize(text)
    markup = markup_for(fmt)
    assert markup is not None
    spans = markup.protected(text, markup.start())
    found = n.find(text)
    for s, e in spans:  # every protected byte is unchanged: no match touches a protected span
        assert all(m.end <= s or m.start >= e for m in found)
    assert n.apply(text, found) == out
    for m in found:
        assert text[m.start:m.end] == m.found
    assert "".join(n.normalize_stream(chunked(text, sizes))) == out
    assert list(n.find_stream(chunked(text, sizes))) == found
    assert n.normalize(out) == out
    # identifiers, and (without +strings) string literals, stay as written
    for line in text.splitlines():
        if line.startswith(("const ", "def ")) or " = " in line and "#" not in line and "//" not in line:
            head = line.split("=")[0] if "=" in line else line
            assert head in out
