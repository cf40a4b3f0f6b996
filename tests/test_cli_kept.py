"""--show-kept and the JSON report's kept candidates: what the context stage leaves as written,
listed for review beside the findings, never counted as one (issue 11, point 6).

These tests run with the context stage on and the built-in tables (tests/linter_support.py turns
the stage off for the older linter tests).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from normalize import Normalizer
from normalize.cli import runner
from normalize.cli.command import main

MENTION = "Kyiv (formerly Kiev) is the capital.\n"
GERMAN = "Präsident Selenskyj reist nach Kiew, sagte die Regierung am Montag.\n"
FINDING = "Kiev is the capital.\n"
TEXT = MENTION + GERMAN + FINDING

KEPT_LINES = [
    "a.txt:1:16: kept Kiev (mention: after 'formerly') [ukraine-places/Kyiv]",
    "a.txt:2:11: kept Selenskyj (other-language: de (words)) [ukraine-people/Zelenskyy]",
    "a.txt:2:32: kept Kiew (other-language: de (words)) [ukraine-places/Kyiv]",
]
FINDING_LINE = "a.txt:3:1: Kiev -> Kyiv [ukraine-places/Kyiv]"


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, input: str | None = None, isolated: bool = True) -> Result:
    return CliRunner().invoke(main, [*(["--isolated"] if isolated else []), *args], input=input,
                              catch_exceptions=False)


def objects(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


# --- the text report ---------------------------------------------------------------------------

def test_show_kept_lists_kept_candidates_in_text_order_beside_findings(here: Path) -> None:
    (here / "a.txt").write_text(TEXT, encoding="utf-8")
    r = run("--check", "--show-kept", "a.txt")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [*KEPT_LINES, FINDING_LINE]
    assert "Found 1 variant in 1 file (1 file checked). 3 candidates kept as written (not variants)." in r.stderr


def test_without_the_option_only_findings(here: Path) -> None:
    (here / "a.txt").write_text(TEXT, encoding="utf-8")
    r = run("--check", "a.txt")
    assert (r.exit_code, r.stdout.splitlines()) == (1, [FINDING_LINE])
    assert "kept" not in r.stderr


def test_kept_candidates_never_change_the_exit_code(here: Path) -> None:
    (here / "a.txt").write_text(MENTION + GERMAN, encoding="utf-8")
    r = run("--check", "--show-kept", "a.txt")
    assert r.exit_code == 0
    assert r.stdout.splitlines() == KEPT_LINES
    assert "No variants found (1 file checked). 3 candidates kept as written" in r.stderr
    assert run("--check", "a.txt").exit_code == 0
    assert run("--format", "json", "a.txt").exit_code == 0


def test_a_kept_line_is_not_a_finding_line(here: Path) -> None:
    """Editors' problem matchers read ``path:line:col: found -> replacement``: a kept line has
    no arrow, and says kept."""
    (here / "a.txt").write_text(MENTION, encoding="utf-8")
    (line,) = run("--check", "--show-kept", "a.txt").stdout.splitlines()
    assert " -> " not in line and ": kept " in line


def test_files_with_only_kept_candidates_are_listed_in_walk_order(here: Path) -> None:
    (here / "b.txt").write_text(FINDING, encoding="utf-8")
    (here / "a.txt").write_text(MENTION, encoding="utf-8")
    (here / "c.txt").write_text("Nothing here.\n", encoding="utf-8")
    r = run("--check", "--show-kept", ".")
    assert r.stdout.splitlines() == [KEPT_LINES[0], "b.txt:1:1: Kiev -> Kyiv [ukraine-places/Kyiv]"]
    assert r.exit_code == 1


def test_no_context_gives_no_kept_lines(here: Path) -> None:
    (here / "a.txt").write_text(TEXT, encoding="utf-8")
    r = run("--check", "--show-kept", "--no-context", "a.txt")
    assert r.exit_code == 1
    assert r.stdout.count(" -> ") == 4 and "kept" not in r.stdout + r.stderr
    assert all(o["kind"] == "variant" for o in objects(run("--format", "json", "--no-context", "a.txt").stdout))
    assert "kept" not in run("--check", "--show-kept", "--context", "none", "a.txt").stdout


def test_one_rule_off_keeps_only_the_others(here: Path) -> None:
    (here / "a.txt").write_text(TEXT, encoding="utf-8")
    out = run("--check", "--show-kept", "--context", "language", "a.txt").stdout.splitlines()
    assert out == ["a.txt:1:16: Kiev -> Kyiv [ukraine-places/Kyiv]", *KEPT_LINES[1:], FINDING_LINE]


def test_per_file_ignored_entities_are_not_listed_as_kept(here: Path) -> None:
    (here / "a.txt").write_text(TEXT, encoding="utf-8")
    (here / ".translit-normalize.toml").write_text('[per-file]\n"a.txt" = ["Kyiv"]\n', encoding="utf-8")
    r = run("--check", "--show-kept", "a.txt", isolated=False)
    assert r.stdout.splitlines() == [KEPT_LINES[1]]
    assert r.exit_code == 0


def test_statistics_count_findings_only(here: Path) -> None:
    (here / "a.txt").write_text(TEXT, encoding="utf-8")
    r = run("--check", "--statistics", "--show-kept", "a.txt")
    assert r.stdout == "1  ukraine-places/Kyiv  Kiev (1)\n"


def test_diff_and_in_place_do_not_list_kept_candidates(here: Path) -> None:
    (here / "a.txt").write_text(TEXT, encoding="utf-8")
    d = run("--diff", "--show-kept", "a.txt")
    assert d.exit_code == 1 and "kept" not in d.stdout
    i = run("-i", "--show-kept", "a.txt")
    assert i.exit_code == 1 and i.stdout.splitlines() == [FINDING_LINE]
    assert (here / "a.txt").read_text(encoding="utf-8") == MENTION + GERMAN + "Kyiv is the capital.\n"


def test_the_filter_ignores_the_option() -> None:
    r = run("--show-kept", input=TEXT)
    assert r.stdout == MENTION + GERMAN + "Kyiv is the capital.\n"


# --- JSON and GitHub ---------------------------------------------------------------------------

def test_json_always_carries_kept_candidates_with_a_kind(here: Path) -> None:
    (here / "a.txt").write_text(TEXT, encoding="utf-8")
    r = run("--format", "json", "a.txt")
    assert r.exit_code == 1 and r.stderr == ""
    rows = objects(r.stdout)
    assert [o["kind"] for o in rows] == ["kept", "kept", "kept", "variant"]
    assert rows == objects(run("--format", "json", "--show-kept", "a.txt").stdout)
    kept, variant = rows[0], rows[3]
    assert set(kept) == set(variant) | {"reason", "detail"}
    assert kept == {
        "kind": "kept", "path": "a.txt", "line": 1, "column": 16, "end_line": 1, "end_column": 20,
        "start": 15, "end": 19, "byte_start": 15, "byte_end": 19, "found": "Kiev", "replacement": "Kyiv",
        "canonical": "Kyiv", "entity": "Kyiv", "table": "ukraine-places", "variant": "Kiev",
        "form": "as-written", "why": ["explicit"], "reason": "mention", "detail": "after 'formerly'",
    }
    assert (rows[1]["found"], rows[1]["reason"], rows[1]["detail"]) == ("Selenskyj", "other-language", "de (words)")
    assert (rows[1]["byte_start"], rows[1]["start"]) == (48, 47)  # "ä" before it: two bytes, one code point
    assert (rows[2]["line"], rows[2]["column"], rows[2]["found"]) == (2, 32, "Kiew")


def test_json_kept_positions_agree_with_the_library(here: Path) -> None:
    (here / "a.txt").write_text(TEXT, encoding="utf-8")
    rows = objects(run("--format", "json", "a.txt").stdout)
    lib = Normalizer().kept(TEXT)
    assert [(o["start"], o["end"], o["found"], o["reason"], o["detail"]) for o in rows if o["kind"] == "kept"] == \
        [(k.match.start, k.match.end, k.match.found, k.reason, k.detail) for k in lib]


def test_github_notices_only_with_the_option(here: Path) -> None:
    (here / "a.txt").write_text(MENTION + FINDING, encoding="utf-8")
    plain = run("--format", "github", "a.txt").stdout.splitlines()
    assert [x.split(" ")[0] for x in plain] == ["::warning"]
    shown = run("--format", "github", "--show-kept", "a.txt").stdout.splitlines()
    assert shown == [
        "::notice file=a.txt,line=1,col=16,endLine=1,endColumn=20,title=translit-normalize::"
        "kept Kiev as written (mention: after 'formerly') [ukraine-places/Kyiv]",
        plain[0],
    ]


# --- standard input, streaming, worker processes -----------------------------------------------

def test_stdin_with_a_name(here: Path) -> None:
    r = run("--check", "--show-kept", "--stdin-filename", "a.txt", input=TEXT)
    assert (r.exit_code, r.stdout.splitlines()) == (1, [*KEPT_LINES, FINDING_LINE])
    r = run("--check", "--show-kept", "-", input=MENTION)
    assert (r.exit_code, r.stdout) == (0, "-:1:16: kept Kiev (mention: after 'formerly') [ukraine-places/Kyiv]\n")


def test_stdin_json_equals_the_file_json(here: Path) -> None:
    (here / "a.txt").write_text(TEXT, encoding="utf-8")
    from_file = objects(run("--format", "json", "a.txt").stdout)
    from_stdin = objects(run("--format", "json", "--stdin-filename", "a.txt", input=TEXT).stdout)
    assert from_stdin == from_file


def test_a_long_file_streamed_in_many_stretches(here: Path) -> None:
    """Several hundred KiB: the stream settles stretch by stretch, reporting each stretch's kept
    candidates before its matches; the report still comes in text order, at the right lines."""
    paragraphs = [MENTION, GERMAN, FINDING, "Odessa and Kiev, in the words of the day.\n",
                  "Nothing to see in this line at all, none whatsoever.\n"]
    text = "".join(paragraphs[(i * 7) % len(paragraphs)] for i in range(12000))
    assert len(text) > 6 * (1 << 16)
    (here / "big.txt").write_text(text, encoding="utf-8")
    rows = objects(run("--format", "json", "big.txt").stdout)
    n = Normalizer()
    want = sorted([("kept", k.match.start, k.match.end, k.reason, k.detail) for k in n.kept(text)]
                  + [("variant", m.start, m.end, "", "") for m in n.find(text)], key=lambda x: x[1])
    assert [(o["kind"], o["start"], o["end"], o.get("reason", ""), o.get("detail", "")) for o in rows] == want
    assert sum(1 for w in want if w[0] == "kept") > 1000
    lines = text.split("\n")
    for o in rows[::97]:
        assert lines[o["line"] - 1][o["column"] - 1:o["end_column"] - 1] == o["found"]
    # the text report has the same entries, in the same order
    shown = run("--check", "--show-kept", "big.txt").stdout.splitlines()
    assert [(": kept " in s) for s in shown] == [o["kind"] == "kept" for o in rows]


def test_parallel_runs_report_as_one_process_does(here: Path) -> None:
    texts = [MENTION, GERMAN, FINDING, TEXT, "Nothing.\n"]
    for i in range(runner.PARALLEL_MIN_FILES + 7):
        (here / "d").mkdir(exist_ok=True)
        (here / "d" / f"f{i:03}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
    for args in (["--check", "--show-kept"], ["--format", "json"]):
        one = run(*args, "-j", "1", "d")
        two = run(*args, "-j", "2", "d")
        assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
        assert one.exit_code == 1
    assert one.stdout.count('"kind": "kept"') == 3 * 2 * ((runner.PARALLEL_MIN_FILES + 7) // len(texts))
    text_one = run("--check", "--show-kept", "-j", "1", "d").stdout
    assert text_one.count(": kept ") == one.stdout.count('"kind": "kept"')
    assert os.path.join("d", "f000.txt") + ":1:16: kept Kiev" in text_one


# --- configuration -----------------------------------------------------------------------------

def test_config_key_show_kept(here: Path) -> None:
    (here / "a.txt").write_text(TEXT, encoding="utf-8")
    (here / ".translit-normalize.toml").write_text("show-kept = true\n", encoding="utf-8")
    r = run("--check", "a.txt", isolated=False)
    assert r.stdout.splitlines() == [*KEPT_LINES, FINDING_LINE]
    r = run("--check", "--hide-kept", "a.txt", isolated=False)
    assert r.stdout.splitlines() == [FINDING_LINE]
    (here / ".translit-normalize.toml").write_text("show-kept = false\n", encoding="utf-8")
    assert run("--check", "a.txt", isolated=False).stdout.splitlines() == [FINDING_LINE]
    assert run("--check", "--show-kept", "a.txt", isolated=False).stdout.splitlines() == [*KEPT_LINES, FINDING_LINE]


def test_config_key_in_pyproject(here: Path) -> None:
    (here / "a.txt").write_text(MENTION, encoding="utf-8")
    (here / "pyproject.toml").write_text("[tool.translit-normalize]\nshow-kept = true\n", encoding="utf-8")
    assert run("--check", "a.txt", isolated=False).stdout.splitlines() == KEPT_LINES[:1]


def test_config_key_must_be_a_boolean(here: Path) -> None:
    (here / ".translit-normalize.toml").write_text('show-kept = "yes"\n', encoding="utf-8")
    r = run("--check", ".", isolated=False)
    assert r.exit_code == 2
    assert "show-kept: must be true or false" in r.stderr
