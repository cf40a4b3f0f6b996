"""Inline directives and Markdown code, through the library and every CLI mode, agreeing."""

from __future__ import annotations

import json

import pytest

from normalize import Normalizer, parse_table
from tests.linter_support import TABLE, Project

DIRECTIVES = """\
Kiev one
# translit-normalize: off
Kiev two (off, in a shell comment)
<!-- translit-normalize: on -->
Kiev three
// translit-normalize: ignore-next-line
Kiev four
Kiev five /* translit-normalize: ignore-line */
Kiev six
"""
EXPECTED = """\
Kyiv one
# translit-normalize: off
Kiev two (off, in a shell comment)
<!-- translit-normalize: on -->
Kyiv three
// translit-normalize: ignore-next-line
Kiev four
Kiev five /* translit-normalize: ignore-line */
Kyiv six
"""

MARKDOWN = """\
Kiev in prose, `Kiev` in a code span, ``a `Kiev` b`` too.

```python
city = "Kiev"
```

~~~
Kiev
~~~

    Odessa in an indented code block is code

After the fence: Kiev.
"""
MARKDOWN_FIXED = MARKDOWN.replace("Kiev in prose", "Kyiv in prose").replace(
    "After the fence: Kiev.", "After the fence: Kyiv.")


@pytest.fixture(scope="module")
def n() -> Normalizer:
    return Normalizer(tables=[parse_table(TABLE, "ua.toml")], builtin=False)


def test_library_directives_in_any_comment_syntax(n: Normalizer) -> None:
    assert n.normalize(DIRECTIVES) == EXPECTED


def test_library_markdown_switch(n: Normalizer) -> None:
    assert n.with_options(markdown=True).normalize(MARKDOWN) == MARKDOWN_FIXED
    assert n.normalize(MARKDOWN).count("Kiev") == 0  # plain text: code is prose


@pytest.mark.parametrize("name", ["notes.txt", "notes.md"])
def test_directives_check_in_place_and_filter_agree(project: Project, name: str) -> None:
    project.write(name, DIRECTIVES)
    check = project.run("--check", "--format", "json", name)
    lines = [json.loads(x)["line"] for x in check.stdout.splitlines()]
    assert lines == [1, 5, 9]
    diff = project.run("--diff", name)
    assert diff.exit_code == 1
    filtered = project.run(name).stdout
    assert filtered == EXPECTED
    assert project.run("-i", name).exit_code == 1
    assert project.read(name) == EXPECTED


def test_markdown_by_extension_agrees_in_every_mode(project: Project) -> None:
    project.write("a.md", MARKDOWN)
    project.write("a.txt", MARKDOWN)
    found_md = project.run("--check", "a.md").stdout.splitlines()
    assert found_md == [
        "a.md:1:1: Kiev -> Kyiv [ua/Kyiv]",
        "a.md:13:18: Kiev -> Kyiv [ua/Kyiv]",
    ]
    assert len(project.run("--check", "a.txt").stdout.splitlines()) == 7  # not Markdown: all of them
    assert project.run("a.md").stdout == MARKDOWN_FIXED
    assert project.run("--stdin-filename", "x.md", "-", input=MARKDOWN).stdout == MARKDOWN_FIXED
    assert project.run("-i", "a.md").exit_code == 1
    assert project.read("a.md") == MARKDOWN_FIXED


def test_markdown_switch_forces_either_way(project: Project) -> None:
    project.write("a.txt", "`Kiev` Kiev\n")
    project.write("b.md", "`Kiev` Kiev\n")
    assert project.run("--check", "--markdown", "a.txt").stdout == "a.txt:1:8: Kiev -> Kyiv [ua/Kyiv]\n"
    assert len(project.run("--check", "--no-markdown", "b.md").stdout.splitlines()) == 2
    assert project.run("--markdown", "-", input="`Kiev` Kiev").stdout == "`Kiev` Kyiv"


def test_directive_inside_markdown_html_comment(project: Project) -> None:
    text = "<!-- translit-normalize: off -->\nKiev\n<!-- translit-normalize: on -->\nKiev\n"
    project.write("a.md", text)
    assert project.run("--check", "a.md").stdout == "a.md:4:1: Kiev -> Kyiv [ua/Kyiv]\n"


def test_off_without_on_runs_to_the_end_of_the_file(project: Project) -> None:
    project.write("a.txt", "Kiev\n; translit-normalize: off\nKiev\n\nKiev\n")
    assert project.run("--check", "a.txt").stdout == "a.txt:1:1: Kiev -> Kyiv [ua/Kyiv]\n"
