"""Configuration: discovery, keys, command-line precedence, errors as one line with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalize.cli.config import Config, ConfigError, discover, load_config, resolve_config
from normalize.rules.datafiles import builtin_table_paths
from normalize.rules.parse import load_table
from tests.linter_support import Project


def _dotfile(project: Project, body: str, where: str = ".") -> Path:
    return project.write(f"{where}/.translit-normalize.toml",
                         f'tables = ["{project.table.as_posix()}"]\nbuiltin = false\n' + body)


def _pyproject(project: Project, body: str, where: str = ".") -> Path:
    return project.write(f"{where}/pyproject.toml",
                         '[project]\nname = "x"\n\n[tool.translit-normalize]\n'
                         f'tables = ["{project.table.as_posix()}"]\nbuiltin = false\n' + body)


def test_discovered_upward_from_the_working_directory(project: Project, monkeypatch) -> None:
    _dotfile(project, 'exclude = ["skip.txt"]\n')
    sub = project.root / "a" / "b"
    sub.mkdir(parents=True)
    (sub / "skip.txt").write_text("Kiev\n")
    (sub / "x.txt").write_text("Kiev\n")
    monkeypatch.chdir(sub)
    r = project.run("--check", ".", isolated=False, table=False)
    assert r.exit_code == 1
    assert r.stdout == "x.txt:1:1: Kiev -> Kyiv [ua/Kyiv]\n"


def test_pyproject_section_is_used_and_a_pyproject_without_it_is_passed_over(project: Project, monkeypatch) -> None:
    _pyproject(project, "")
    project.write("inner/pyproject.toml", '[project]\nname = "inner"\n')
    project.write("inner/a.txt", "Odessa\n")
    monkeypatch.chdir(project.root / "inner")
    assert discover() == project.root / "pyproject.toml"
    r = project.run("--check", "a.txt", isolated=False, table=False)
    assert r.stdout == "a.txt:1:1: Odessa -> Odesa [ua/Odesa]\n"


def test_dotfile_wins_over_pyproject_in_the_same_folder(project: Project) -> None:
    _pyproject(project, "")
    dot = _dotfile(project, "")
    assert discover(project.root) == dot


def test_nearest_configuration_wins(project: Project) -> None:
    _dotfile(project, "")
    inner = _dotfile(project, "", where="inner")
    assert discover(project.root / "inner") == inner


def test_tables_are_relative_to_the_configuration_file(project: Project, monkeypatch) -> None:
    project.write("conf/names.toml", project.table.read_text())
    project.write("conf/.translit-normalize.toml", 'tables = ["names.toml"]\nbuiltin = false\n')
    project.write("conf/deeper/a.txt", "Kiew\n")
    monkeypatch.chdir(project.root / "conf" / "deeper")
    r = project.run("--check", "a.txt", isolated=False, table=False)
    assert r.exit_code == 1, r.stderr
    assert r.stdout == "a.txt:1:1: Kiew -> Kyiv [ua/Kyiv]\n"


def test_explicit_config_path(project: Project) -> None:
    project.write("elsewhere/cfg.toml", f'tables = ["{project.table.as_posix()}"]\nbuiltin = false\n'
                  'exclude = ["b.txt"]\n')
    project.write("a.txt", "Kiev\n")
    project.write("b.txt", "Kiev\n")
    r = project.run("--config", "elsewhere/cfg.toml", "--check", "a.txt", "b.txt", isolated=False, table=False)
    assert r.stdout == "a.txt:1:1: Kiev -> Kyiv [ua/Kyiv]\n"


def test_explicit_pyproject_reads_its_tool_section(project: Project) -> None:
    cfg = _pyproject(project, 'exclude = ["x/"]\n', where="p")
    c = load_config(cfg)
    assert c.exclude == ("x/",) and c.builtin is False and c.root == cfg.parent


def test_isolated_ignores_configuration(project: Project) -> None:
    _dotfile(project, '[per-file]\n"a.txt" = false\n')
    project.write("a.txt", "Kiev\n")
    assert project.run("--check", "a.txt", isolated=False, table=False).exit_code == 0
    assert project.run("--check", "a.txt", isolated=True).exit_code == 1


def test_config_and_isolated_together_is_a_usage_error(project: Project) -> None:
    r = project.run("--config", "x.toml", "--check", ".", isolated=True)
    assert r.exit_code == 2
    assert "--config and --isolated" in r.stderr


@pytest.mark.parametrize("body, words", [
    ("tables = [", "invalid TOML"),
    ("colour = true", "colour: unknown key"),
    ("builtin = \"no\"", "builtin: must be true or false"),
    ("exclude = \"*.md\"", "exclude: must be a list"),
    ("[per-file]\n\"a/**\" = true", "per-file.'a/**': must be false"),
    ("[per-file]\n\"a/**\" = [1]", "per-file.'a/**': must be false"),
    ("tables = [\"missing.toml\"]", "missing.toml: cannot read"),
])
def test_bad_configuration_is_one_line_and_exit_2(project: Project, body: str, words: str) -> None:
    project.write(".translit-normalize.toml", body + "\n")
    project.write("a.txt", "Kiev\n")
    r = project.run("--check", "a.txt", isolated=False, table=False)
    assert r.exit_code == 2
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("translit-normalize: error: ") and words in lines[0]


def test_bad_pyproject_section_names_the_key(project: Project) -> None:
    project.write("pyproject.toml", '[tool.translit-normalize]\nbuiltin = 1\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml: tool.translit-normalize.builtin: must be true or false"):
        resolve_config()


def test_missing_explicit_config_is_exit_2(project: Project) -> None:
    r = project.run("--config", "nope.toml", "--check", ".", isolated=False, table=False)
    assert r.exit_code == 2
    assert "nope.toml: cannot read configuration" in r.stderr


def test_command_line_exclude_adds_to_configured(project: Project) -> None:
    _dotfile(project, 'exclude = ["a.txt"]\n')
    for name in ("a.txt", "b.txt", "c.txt"):
        project.write(name, "Kiev\n")
    r = project.run("--check", "--exclude", "b.txt", ".", isolated=False, table=False)
    assert r.stdout == "c.txt:1:1: Kiev -> Kyiv [ua/Kyiv]\n"


def test_command_line_builtin_wins_over_configuration(tmp_path: Path) -> None:
    c = Config(root=tmp_path, builtin=False)
    assert c.with_options(builtin=True).builtin is True
    assert c.with_options().builtin is False
    assert Config(root=tmp_path).with_options(builtin=False).builtin is False


def test_builtin_switch_reaches_the_tables_in_use(project: Project) -> None:
    paths = builtin_table_paths()
    if not paths:
        pytest.skip("no built-in tables yet")
    table = load_table(paths[0])
    entity = next(e for e in table.entities if e.variants)
    project.write(".translit-normalize.toml", "builtin = false\n")
    project.write("a.txt", f"x {entity.variants[0]} y\n")
    off = project.run("--check", "a.txt", isolated=False, table=False)  # no table at all: an error, not a no-op
    assert off.exit_code == 2 and "nothing to match" in off.stderr
    r = project.run("--check", "--builtin", "a.txt", isolated=False, table=False)
    assert r.exit_code == 1, r.stderr
    assert f"[{table.name}/{entity.canonical}]" in r.stdout


def test_per_file_entity_ignores(project: Project) -> None:
    _dotfile(project, '[per-file]\n"history/*.md" = ["Kyiv"]\n"old/**" = ["ua/Odesa"]\n')
    project.write("history/a.md", "Kiev and Odessa\n")
    project.write("old/b.txt", "Kiev and Odessa\n")
    project.write("c.txt", "Kiev and Odessa\n")
    r = project.run("--check", ".", isolated=False, table=False)
    assert r.stdout.splitlines() == [
        "c.txt:1:1: Kiev -> Kyiv [ua/Kyiv]",
        "c.txt:1:10: Odessa -> Odesa [ua/Odesa]",
        "history/a.md:1:10: Odessa -> Odesa [ua/Odesa]",
        "old/b.txt:1:1: Kiev -> Kyiv [ua/Kyiv]",
    ]
    assert project.run("-i", ".", isolated=False, table=False).exit_code == 1
    assert project.read("history/a.md") == "Kiev and Odesa\n"
    assert project.read("old/b.txt") == "Kyiv and Odessa\n"
    # and the filter agrees
    r = project.run("history/a.md", isolated=False, table=False)
    assert r.stdout == "Kiev and Odesa\n"


def test_per_file_false_leaves_files_alone_in_every_mode(project: Project) -> None:
    _dotfile(project, '[per-file]\n"quotes/**" = false\n')
    project.write("quotes/q.txt", "Kiev\n")
    for mode in ("--check", "--diff", "-i"):
        r = project.run(mode, "quotes/q.txt", isolated=False, table=False)
        assert (r.exit_code, r.stdout) == (0, ""), mode
    assert project.run("quotes/q.txt", isolated=False, table=False).stdout == "Kiev\n"
    r = project.run("--stdin-filename", "quotes/x.txt", "-", input="Kiev\n", isolated=False, table=False)
    assert r.stdout == "Kiev\n"


def test_unknown_entity_in_per_file_is_warned(project: Project) -> None:
    _dotfile(project, '[per-file]\n"a/**" = ["Kyyiv"]\n')
    project.write("b.txt", "Kyiv\n")
    r = project.run("--check", ".", isolated=False, table=False)
    assert r.exit_code == 0
    assert "per-file names entity 'Kyyiv', which no table in use defines" in r.stderr


def test_config_is_frozen(tmp_path: Path) -> None:
    c = Config(root=tmp_path)
    with pytest.raises(AttributeError):
        c.builtin = False  # type: ignore[misc]


def test_ignoring_a_full_name_does_not_expose_its_surname(project: Project) -> None:
    _dotfile(project, '[per-file]\n"*.txt" = ["Volodymyr Zelenskyy"]\n')
    project.write("a.txt", "Vladimir Zelenskiy met Zelensky\n")
    r = project.run("--check", "a.txt", isolated=False, table=False)
    assert r.stdout == "a.txt:1:24: Zelensky -> Zelenskyy [ua/Zelenskyy]\n"
    project.run("-i", "a.txt", isolated=False, table=False)
    assert project.read("a.txt") == "Vladimir Zelenskiy met Zelenskyy\n"
