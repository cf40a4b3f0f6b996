"""Exclude and .gitignore globs are matched in linear time, with pathspec's own results (issue 14, finding 10)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pathspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize.cli.config import Config
from normalize.cli.files import collect_files
from normalize.cli.globmatch import LinearRegex, gitignore_spec
from tests.linter_support import Project

EVIL = "*a*a*a*a*a*a*a*a*b"

# Globs from a small alphabet, so that names often almost match; every gitignore device.
_PIECES = ["a", "b", ".", "/", "*", "**", "?", "[ab]", "[!a]", "[a-c]", "\\*", "\\", "!", "#", " ", "-"]
globs = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8).map("".join)
names = st.lists(st.sampled_from(["a", "b", "c", ".", "/", "-", " ", "\n"]), max_size=12).map("".join)


def _regexes(glob: str) -> list:
    try:
        spec = pathspec.GitIgnoreSpec.from_lines([glob])
    except Exception:
        return []
    return [p.regex for p in spec.patterns if getattr(p, "regex", None) is not None]


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(glob=globs, name=names)
def test_linear_regex_finds_what_re_finds(glob: str, name: str) -> None:
    """The same match, span and groups as ``re`` for every regex pathspec writes."""
    for rx in _regexes(glob):
        linear = LinearRegex(rx.pattern, rx.flags)
        for how in ("search", "match"):
            want, got = getattr(rx, how)(name), getattr(linear, how)(name)
            assert (want is None) == (got is None), (glob, rx.pattern, name, how)
            if want is not None and got is not None:
                assert want.span() == got.span() and want.groupdict() == got.groupdict(), (glob, name)
                assert want.group() == got.group()


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(globs, min_size=1, max_size=4), name=names, is_dir=st.booleans())
def test_specs_decide_as_pathspec_does(lines: list[str], name: str, is_dir: bool) -> None:
    """Whole specs (several lines, negations, folder marks): the same decision and pattern."""
    try:
        old = pathspec.GitIgnoreSpec.from_lines(lines)
    except Exception:
        with pytest.raises(Exception):  # noqa: B017 - the same patterns are refused
            gitignore_spec(lines)
        return
    new = gitignore_spec(lines)
    path = name.strip("/") + ("/" if is_dir else "")
    if not path:
        return
    a, b = old.check_file(path), new.check_file(path)
    assert (a.include, a.index) == (b.include, b.index), (lines, path)
    assert old.match_file(path) == new.match_file(path)


@pytest.mark.parametrize("glob", ["*.min.js", "archive/", "/build/", "**/x/**", "a/**/b", "*-*.md", "docs/*/*.md",
                                  "[a-c]?.txt", "!keep.txt", "\\#notes", "*.py[cod]"])
def test_ordinary_globs_on_a_corpus_of_names(glob: str) -> None:
    corpus = ["a.min.js", "x/a.min.js", "archive/", "x/archive/y", "build/", "src/build/", "a/x/b", "x/", "a/b",
              "a/c/d/b", "a-b.md", "d/x-y.md", "docs/en/a.md", "docs/a.md", "b1.txt", "keep.txt", "#notes",
              "m.pyc", "m.py", "", "a\n", "a-b.md/"]
    old, new = pathspec.GitIgnoreSpec.from_lines([glob]), gitignore_spec([glob])
    for name in corpus:
        assert old.match_file(name) == new.match_file(name), (glob, name)


def test_many_stars_on_a_long_name_is_fast() -> None:
    """Over a minute with ``re``; the linear matcher: milliseconds (64, then 4096 characters)."""
    spec = gitignore_spec([EVIL])
    for n in (64, 4096):
        t = time.perf_counter()
        assert not spec.match_file("a" * n)
        assert spec.match_file("a" * n + "b")
        assert time.perf_counter() - t < 2.0, n


def test_excluded_glob_and_gitignore_do_not_hang_a_walk(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text(EVIL + "\n", encoding="utf-8")
    (tmp_path / ("a" * 64)).write_text("Kiev\n", encoding="utf-8")
    (tmp_path / ("a" * 60 + "b")).write_text("Kiev\n", encoding="utf-8")
    config = Config(root=tmp_path, exclude=("*b*b*b*b*b*b*b*b*c",))
    t = time.perf_counter()
    files, problems = collect_files([str(tmp_path)], config)
    assert time.perf_counter() - t < 5.0
    assert [os.path.basename(f) for f in files] == [".gitignore", "a" * 64] and problems == []


def test_config_exclude_through_the_command(project: Project) -> None:
    project.write("a" * 64 + ".txt", "Kiev\n")
    project.write("keep.txt", "Kiev\n")
    t = time.perf_counter()
    r = project.run("--check", "--exclude", "*a*a*a*a*a*a*a*a*b.txt", "--exclude", "k*e*e*p*.txt", ".")
    assert time.perf_counter() - t < 10.0
    assert r.exit_code == 1 and "keep.txt" not in r.stdout and "a" * 64 + ".txt:1:1" in r.stdout


def test_linear_regex_pickles() -> None:
    import pickle

    spec = gitignore_spec([EVIL])
    again = pickle.loads(pickle.dumps(spec))
    assert again.match_file("xaaaaaaaab") and not again.match_file("a" * 40)
