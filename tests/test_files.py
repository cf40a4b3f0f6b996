"""Which files a run looks at: walking, .gitignore, excludes, binary and non-UTF-8 files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from normalize.cli.config import Config
from normalize.cli.files import BINARY_SNIFF, SkipFile, collect_files, read_text


def _tree(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content if isinstance(content, bytes) else content.encode())


def _collect(root: Path, *args: str, **config) -> list[str]:
    cfg = Config(root=root, **config)
    files, problems = collect_files(args or ["."], cfg)
    assert problems == []
    return [Path(f).as_posix() for f in files]


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_walks_recursively_in_name_order(here: Path) -> None:
    _tree(here, {"b.txt": "", "a/z.txt": "", "a/b/c.txt": "", "A.txt": ""})
    assert _collect(here) == ["A.txt", "a/b/c.txt", "a/z.txt", "b.txt"]


def test_version_control_folders_are_never_walked(here: Path) -> None:
    _tree(here, {".git/config": "", ".hg/x": "", "a.txt": ""})
    assert _collect(here) == ["a.txt"]


def test_nested_gitignore_with_negation(here: Path) -> None:
    _tree(here, {
        ".gitignore": "*.log\nbuild/\n",
        "a.log": "", "a.txt": "", "build/x.txt": "",
        "sub/.gitignore": "!keep.log\nlocal.txt\n",
        "sub/keep.log": "", "sub/drop.log": "", "sub/local.txt": "", "sub/ok.txt": "",
        "other/local.txt": "",
    })
    assert _collect(here) == [".gitignore", "a.txt", "other/local.txt", "sub/.gitignore", "sub/keep.log",
                              "sub/ok.txt"]


def test_anchored_gitignore_pattern_is_relative_to_its_file(here: Path) -> None:
    _tree(here, {"sub/.gitignore": "/top.txt\n", "sub/top.txt": "", "sub/deeper/top.txt": ""})
    assert _collect(here, "sub") == ["sub/.gitignore", "sub/deeper/top.txt"]


def test_gitignore_above_the_walked_folder_applies_up_to_the_repository_root(here: Path) -> None:
    _tree(here, {
        ".gitignore": "should-not-apply.txt\n",  # above the repository: not ours
        "repo/.git/info/exclude": "secret.txt\n",
        "repo/.gitignore": "*.tmp\n",
        "repo/docs/.gitignore": "draft/\n",
        "repo/docs/guide/a.tmp": "", "repo/docs/guide/secret.txt": "", "repo/docs/guide/draft/x.txt": "",
        "repo/docs/guide/should-not-apply.txt": "", "repo/docs/guide/ok.txt": "",
    })
    assert _collect(here, "repo/docs/guide") == ["repo/docs/guide/ok.txt", "repo/docs/guide/should-not-apply.txt"]


def test_respect_gitignore_can_be_switched_off(here: Path) -> None:
    _tree(here, {".gitignore": "*.log\n", "a.log": ""})
    assert _collect(here, respect_gitignore=False) == [".gitignore", "a.log"]


def test_explicit_files_skip_gitignore_but_not_configured_excludes(here: Path) -> None:
    _tree(here, {".gitignore": "*.log\n", "a.log": "", "vendor/x.txt": "", "y.txt": ""})
    assert _collect(here, "a.log", "vendor/x.txt", "y.txt", exclude=("vendor/",)) == ["a.log", "y.txt"]


def test_excluded_folder_is_pruned_when_walking(here: Path) -> None:
    _tree(here, {"node/x.txt": "", "docs/node/y.txt": "", "docs/z.txt": ""})
    assert _collect(here, exclude=("node/",)) == ["docs/z.txt"]
    assert _collect(here, exclude=("/node/",)) == ["docs/node/y.txt", "docs/z.txt"]


def test_exclude_globs_are_relative_to_the_config_root(here: Path, monkeypatch) -> None:
    _tree(here, {"a/b/skip.txt": "", "a/b/keep.txt": ""})
    monkeypatch.chdir(here / "a")
    cfg = Config(root=here, exclude=("/a/b/skip.txt",))
    files, _ = collect_files(["b"], cfg)
    assert [Path(f).as_posix() for f in files] == ["b/keep.txt"]


def test_each_file_once(here: Path) -> None:
    _tree(here, {"a.txt": ""})
    assert _collect(here, "a.txt", ".", "./a.txt") == ["a.txt"]


def test_symlinked_folders_are_not_followed(here: Path) -> None:
    _tree(here, {"real/a.txt": ""})
    os.symlink("real", here / "loop")
    assert _collect(here) == ["real/a.txt"]


def test_missing_paths_are_problems(here: Path) -> None:
    files, problems = collect_files(["nope"], Config(root=here))
    assert files == [] and [p.message for p in problems] == ["no such file or folder"]


def test_read_text_rejects_binary_quietly(here: Path) -> None:
    _tree(here, {"b.bin": b"abc\0def"})
    with pytest.raises(SkipFile) as exc:
        read_text("b.bin")
    assert exc.value.warn is False


def test_nul_after_the_sniffed_prefix_is_text(here: Path) -> None:
    _tree(here, {"late.txt": b"a" * BINARY_SNIFF + b"\0Kiev"})
    assert read_text("late.txt").endswith("\0Kiev")


def test_read_text_rejects_non_utf8_with_a_warning(here: Path) -> None:
    _tree(here, {"l1.txt": b"line\nKiev caf\xe9\n"})
    with pytest.raises(SkipFile) as exc:
        read_text("l1.txt")
    assert exc.value.warn is True
    assert "not UTF-8 (invalid byte at offset 13, line 2)" in str(exc.value)


def test_read_text_keeps_every_character(here: Path) -> None:
    raw = "\ufeffa\r\nb\u2028c\x0c".encode()
    _tree(here, {"a.txt": raw})
    assert read_text("a.txt").encode() == raw


def test_a_named_folder_is_walked_even_if_an_ignore_file_above_excludes_it(here: Path, monkeypatch) -> None:
    _tree(here, {".git/HEAD": "", ".gitignore": "data/\n", "data/run/a.txt": "", "data/run/b.log": "",
                 "data/run/.gitignore": "*.log\n"})
    assert _collect(here) == [".gitignore"]
    assert _collect(here, "data/run") == ["data/run/.gitignore", "data/run/a.txt"]
    monkeypatch.chdir(here / "data" / "run")
    assert _collect(here / "data" / "run") == [".gitignore", "a.txt"]
