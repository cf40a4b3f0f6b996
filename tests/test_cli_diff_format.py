"""--diff and --format json|github: exact output, offsets, escaping, option rules."""

from __future__ import annotations

import json

import pytest

from normalize.cli.report import locate, unified_diff
from normalize.engine.match import Match
from tests.linter_support import Project


def test_diff_prints_unified_diff_and_leaves_the_file(project: Project) -> None:
    project.write("a.txt", "one\nKiev two\nthree\n")
    r = project.run("--diff", "a.txt")
    assert r.exit_code == 1
    assert r.stdout == ("--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n one\n-Kiev two\n+Kyiv two\n three\n")
    assert project.read("a.txt") == "one\nKiev two\nthree\n"


def test_diff_exits_0_with_no_output_when_clean(project: Project) -> None:
    project.write("a.txt", "Kyiv\n")
    r = project.run("--diff", "a.txt")
    assert (r.exit_code, r.stdout) == (0, "")


def test_diff_marks_a_last_line_without_line_break(project: Project) -> None:
    project.write("a.txt", "Kiev")
    assert project.run("--diff", "a.txt").stdout == (
        "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-Kiev\n\\ No newline at end of file\n"
        "+Kyiv\n\\ No newline at end of file\n")


def test_diff_applies_with_patch(project: Project, tmp_path) -> None:
    import shutil
    import subprocess

    if shutil.which("patch") is None:
        pytest.skip("no patch program")
    text = "x\fy Kiev\u2028z\r\nOdessa\n"
    project.write("a.txt", text)
    d = project.run("--diff", "a.txt").stdout_bytes  # (.stdout would turn CR LF into LF)
    subprocess.run(["patch", "-p1", "-s"], input=d, cwd=project.root, check=True)
    assert project.read("a.txt") == "x\fy Kyiv\u2028z\r\nOdesa\n"


def test_json_lines_carry_every_field(project: Project) -> None:
    project.write("a.txt", "Ж Kiev\nZelensky\n")
    r = project.run("--check", "--format", "json", "a.txt")
    assert r.exit_code == 1
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows[0] == {
        "kind": "variant", "path": "a.txt", "line": 1, "column": 3, "end_line": 1, "end_column": 7,
        "start": 2, "end": 6, "byte_start": 3, "byte_end": 7,
        "found": "Kiev", "replacement": "Kyiv", "canonical": "Kyiv", "entity": "Kyiv", "table": "ua",
        "variant": "Kiev", "form": "as-written", "why": ["explicit"],
    }
    assert (rows[1]["line"], rows[1]["column"], rows[1]["start"], rows[1]["byte_start"]) == (2, 1, 7, 8)
    assert r.stderr == ""  # machine formats keep standard error free of summaries


def test_format_alone_implies_check(project: Project) -> None:
    project.write("a.txt", "Kiev\n")
    r = project.run("--format", "json", "a.txt")
    assert r.exit_code == 1
    assert json.loads(r.stdout)["replacement"] == "Kyiv"
    assert project.read("a.txt") == "Kiev\n"


def test_github_annotations(project: Project) -> None:
    project.write("a b,c.txt", "x Kiev\n")
    r = project.run("--format", "github", "a b,c.txt")
    assert r.exit_code == 1
    assert r.stdout == ("::warning file=a b%2Cc.txt,line=1,col=3,endLine=1,endColumn=7,"
                        "title=translit-normalize::Kiev -> Kyiv [ua/Kyiv]\n")


def test_github_escapes_line_breaks_in_the_message(project: Project) -> None:
    project.write("a.txt", "Vladimir\nZelenskiy 100%\n")
    line = project.run("--format", "github", "a.txt").stdout
    assert line.count("\n") == 1
    assert "::Vladimir%0AZelenskiy -> Volodymyr%0AZelenskyy [ua/Volodymyr Zelenskyy]" in line
    assert "endLine=2,endColumn=10" in line


def test_statistics_as_json(project: Project) -> None:
    project.write("a.txt", "Kiev Kiew\n")
    r = project.run("--statistics", "--format", "json", "a.txt")
    assert json.loads(r.stdout) == {"table": "ua", "entity": "Kyiv", "count": 2, "found": {"Kiev": 1, "Kiew": 1}}


def test_format_with_diff_is_a_usage_error(project: Project) -> None:
    r = project.run("--diff", "--format", "json", ".")
    assert r.exit_code == 2


def test_in_place_report_in_json(project: Project) -> None:
    project.write("a.txt", "Kiev\n")
    r = project.run("-i", "--format", "json", "a.txt")
    assert r.exit_code == 1
    assert json.loads(r.stdout)["found"] == "Kiev"
    assert project.read("a.txt") == "Kyiv\n"


def test_locate_counts_lines_columns_and_bytes_in_one_pass() -> None:
    text = "ab\nЖЖ Kiev\n\nxx Kiev"

    def m(start: int) -> Match:
        return Match(start, start + 4, "Kiev", "Kyiv", "Kyiv", "Kyiv", "t", "Kiev", "as-written", ("explicit",))

    first, second = text.index("Kiev"), text.rindex("Kiev")
    got = [(f.line, f.column, f.byte_start) for f in locate("p", text, [m(first), m(second)])]
    assert got == [(2, 4, 8), (4, 4, 17)]  # Ж is two bytes


def test_unified_diff_splits_only_at_line_feeds() -> None:
    d = unified_diff("p", "a\x0cb Kiev\n", "a\x0cb Kyiv\n")
    assert d.split("\n")[3:] == ["-a\x0cb Kiev", "+a\x0cb Kyiv", ""]


def test_the_command_offers_every_report_format() -> None:
    """cli.py spells the --format choices out (start-up: it does not import report); they must agree."""
    from normalize.cli import command as cli
    from normalize.cli import report

    assert cli.FORMATS == report.FORMATS
