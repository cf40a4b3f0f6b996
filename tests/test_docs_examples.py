"""Every fenced code block of README.md and docs/*.md is run (or explicitly marked as not run).

The convention, per fence language (the info string after the opening fence):

* ``console``: ``$ command`` lines, each followed by the output it prints (standard output and
  standard error as a terminal shows them, merged). The commands of one block run one after the
  other in the same folder, with bash; the output must be exactly what the block shows.
* ``sh`` / ``bash``: each line is a command, run on its own (bash, ``pipefail``) in a fresh
  folder; it must exit 0, or the code an ``<!-- exit: N -->`` comment above the fence gives for
  every line of the block. A line ``pip install SPEC && COMMAND`` (the README's install lines)
  must install from the repository (``.`` or ``-e '.[...]'``, never a name from an index); the
  project is installed already, so only COMMAND runs. A line that uses a program this machine
  lacks (``jq``, ``zcat``: CI's fresh machine has only Python and pip) is skipped, saying so.
* ``python``: executed, statement by statement, in a fresh folder; a statement that is an
  expression followed by ``# -> LITERAL`` must evaluate to that literal.
* ``toml``: parsed; a configuration (``[tool.translit-normalize]``) is loaded with the CLI's
  configuration loader and a ``--check`` run with it must not fail (exit 0 or 1); anything
  else is a rule table and must load next to the built-in tables with ``Normalizer(tables=...)``.
* any language under ``<!-- unchanged: FORMAT -->``: the block, normalized by the filter with
  ``--input-format FORMAT``, must come out byte for byte as written (examples of what is kept).
* any language under ``<!-- file: PATH [PATH ...] -->``: the block is written to each PATH in
  the folder of every example (of every document), so other examples can use it; a ``toml``
  file block is still loaded as above.
* ``<!-- not run: REASON -->`` above a fence: not run (network, a CI runner, an installation,
  a diagram). Every other fence must have a language from the list above, so a new example
  that is neither runnable nor marked fails ``test_every_fence_is_run_or_marked``.

HTML comments sit on the lines right above the fence (several may stack). Each example runs in a
temporary folder holding copies of samples/, README.md and docs/, the file blocks, and the files
the examples name: ``in.txt``, ``draft.txt`` and ``wire.log`` (the sample article),
``archive.txt.gz`` (it gzipped), ``notes.md``, ``article.md`` and ``docs/article.md`` (a small
Markdown page with variants in its prose: the repository's docs have theirs in code only).
``translit-normalize`` is ``sys.executable -m normalize``, ``python`` is ``sys.executable``;
HOME, the XDG folders and TRANSLIT_NORMALIZE_CACHE point to temporary folders, so no user
configuration or cache is read.
"""

from __future__ import annotations

import ast
import gzip
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from normalize import Normalizer
from normalize.cli.config import load_config

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
RUN = {"console", "sh", "bash", "python", "toml"}
MARKS = {"not run", "file", "unchanged", "exit"}
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)")
MARK = re.compile(r"^<!--\s*([a-z ]+?)\s*:\s*(.*?)\s*-->\s*$")
ARTICLE_MD = "# Kiev\n\nThe mayor of Kiev spoke; `grep Kiev` stays as written.\n"
INSTALL = re.compile(r"^pip install (\S+) && (.+)$")
TOOLS = ("jq", "zcat", "gzip", "head", "tail")  # programs the examples use besides ours


@dataclass(frozen=True)
class Example:
    doc: str
    line: int
    lang: str
    body: str
    marks: dict[str, str] = field(hash=False)

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}:{self.lang or 'plain'}"


def extract(path: Path) -> list[Example]:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out: list[Example] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang = m.group(1), m.group(2).lower()
        marks: dict[str, str] = {}
        j = i - 1
        while j >= 0 and (mm := MARK.match(lines[j])):
            marks[mm.group(1)] = mm.group(2)
            j -= 1
        end = i + 1
        while end < len(lines) and not re.match(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}\s*$", lines[end]):
            end += 1
        out.append(Example(path.relative_to(ROOT).as_posix(), i + 1, lang, "".join(lines[i + 1:end]), marks))
        i = end + 1
    return out


EXAMPLES = [e for doc in DOCS for e in extract(doc)]
FILES = [e for e in EXAMPLES if "file" in e.marks]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """HOME, XDG folders, the compiled-table cache and the command shims, shared by the module."""
    h = tmp_path_factory.mktemp("docs-home")
    bin_ = h / "bin"
    bin_.mkdir()
    shims = {"translit-normalize": f'exec {shlex.quote(sys.executable)} -m normalize "$@"',
             "python": f'exec {shlex.quote(sys.executable)} "$@"',
             "python3": f'exec {shlex.quote(sys.executable)} "$@"',
             "pip": 'echo "pip is not run by the docs examples test" >&2; exit 99'}
    for name, body in shims.items():
        (bin_ / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_ / name).chmod(0o755)
    return h


@pytest.fixture()
def env(home: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith(("TRANSLIT_", "XDG_", "PYTHON"))}
    e.update({"HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
              "TRANSLIT_NORMALIZE_CACHE": str(home / "tn-cache"), "PATH": f"{home / 'bin'}{os.pathsep}{e['PATH']}",
              "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "LC_ALL": "C.UTF-8"})
    for k in ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "TRANSLIT_NORMALIZE_CACHE"):
        monkeypatch.setenv(k, e[k])
    return e


def workdir(base: Path) -> Path:
    """A fresh folder with the samples, the docs, the file blocks and the named files."""
    w = base / "work"
    shutil.copytree(ROOT / "samples", w / "samples")
    shutil.copytree(ROOT / "docs", w / "docs")
    shutil.copy2(ROOT / "README.md", w / "README.md")
    article = (ROOT / "samples" / "wire-report.txt").read_bytes()
    for name in ("in.txt", "draft.txt", "wire.log"):
        (w / name).write_bytes(article)
    (w / "archive.txt.gz").write_bytes(gzip.compress(article))
    for name in ("notes.md", "article.md", "docs/article.md"):
        (w / name).write_text(ARTICLE_MD, encoding="utf-8")
    for e in FILES:
        for name in e.marks["file"].split():
            (w / name).parent.mkdir(parents=True, exist_ok=True)
            (w / name).write_text(e.body, encoding="utf-8")
    return w


def bash(command: str, cwd: Path, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=cwd, env=env, input=stdin,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def run_console(ex: Example, w: Path, env: dict[str, str]) -> None:
    steps: list[tuple[str, list[str]]] = []
    for line in ex.body.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"{ex.id}: output before the first '$ ' command"
            steps[-1][1].append(line)
    assert steps, f"{ex.id}: a console block without a '$ ' command"
    for command, expected in steps:
        r = bash("exec 2>&1\n" + command, w, env)
        want = "".join(f"{line}\n" for line in expected)
        assert r.stdout == want, (f"{ex.id}: $ {command}\n--- documented\n{want}"
                                  f"--- printed (exit {r.returncode})\n{r.stdout}")


def logical_lines(body: str) -> list[str]:
    out: list[str] = []
    for line in body.replace("\\\n", " ").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.strip())
    return out


def run_sh(ex: Example, base: Path, env: dict[str, str]) -> None:
    want = int(ex.marks.get("exit", "0"))
    skipped: list[str] = []
    for n, command in enumerate(logical_lines(ex.body)):
        m = INSTALL.match(command)
        if m:
            spec = m.group(1).strip("'\"")
            assert spec == "." or spec.startswith(".["), f"{ex.id}: {command!r} does not install from the repository"
            command = m.group(2)
        missing = [t for t in TOOLS if re.search(rf"(^|\|)\s*{t}\b", command) and shutil.which(t) is None]
        if missing:
            skipped.append(f"{command} (no {', '.join(missing)})")
            continue
        w = workdir(base / f"line{n}")
        r = bash(command, w, env)
        assert r.returncode == want, f"{ex.id}: {command}\nexit {r.returncode}, documented {want}\n{r.stderr}"
    if skipped:
        pytest.skip(f"{ex.id}: the other lines passed; not run here: {'; '.join(skipped)}")


def run_python(ex: Example, w: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(w)
    source = ex.body
    lines = source.splitlines()
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for stmt in ast.parse(source).body:
        code = ast.Module(body=[stmt], type_ignores=[])
        last = lines[(stmt.end_lineno or stmt.lineno) - 1]
        arrow = re.search(r"#\s*->\s*(.+)$", last)
        if isinstance(stmt, ast.Expr) and arrow:
            got = eval(compile(ast.Expression(stmt.value), ex.id, "eval"), namespace)
            assert got == ast.literal_eval(arrow.group(1)), f"{ex.id}:{stmt.lineno}: got {got!r}"
        else:
            exec(compile(code, ex.id, "exec"), namespace)


def run_toml(ex: Example, w: Path, env: dict[str, str]) -> None:
    data = tomllib.loads(ex.body)
    if "translit-normalize" in data.get("tool", {}):
        (w / "pyproject.toml").write_text(ex.body, encoding="utf-8")
        load_config(w / "pyproject.toml")
        r = bash("translit-normalize --check -q", w, env)
        assert r.returncode in (0, 1), f"{ex.id}: --check with this configuration: exit {r.returncode}\n{r.stderr}"
    else:
        table = w / "example-table.toml"
        table.write_text(ex.body, encoding="utf-8")
        Normalizer(tables=[table]).normalize("Kiev")


def test_every_fence_is_run_or_marked() -> None:
    assert EXAMPLES, "no fenced blocks found"
    bad = []
    for ex in EXAMPLES:
        unknown = set(ex.marks) - MARKS
        if unknown:
            bad.append(f"{ex.id}: unknown mark {sorted(unknown)}")
        elif "not run" in ex.marks:
            if not ex.marks["not run"]:
                bad.append(f"{ex.id}: 'not run' without a reason")
        elif ex.lang not in RUN and not {"file", "unchanged"} & set(ex.marks):
            bad.append(f"{ex.id}: neither runnable ({', '.join(sorted(RUN))}) nor marked <!-- not run: reason -->")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("ex", [e for e in EXAMPLES if "not run" not in e.marks], ids=lambda e: e.id)
def test_example(ex: Example, tmp_path: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    if "unchanged" in ex.marks:
        r = subprocess.run([sys.executable, "-m", "normalize", "--input-format", ex.marks["unchanged"]],
                           input=ex.body, cwd=workdir(tmp_path / "unchanged"), env=env, capture_output=True,
                           text=True, encoding="utf-8", timeout=300)
        assert (r.returncode, r.stdout) == (0, ex.body), f"{ex.id}: rewritten as {ex.marks['unchanged']}\n{r.stderr}"
    if ex.lang == "console":
        run_console(ex, workdir(tmp_path), env)
    elif ex.lang in ("sh", "bash"):
        run_sh(ex, tmp_path, env)
    elif ex.lang == "python":
        run_python(ex, workdir(tmp_path), monkeypatch)
    elif ex.lang == "toml":
        run_toml(ex, workdir(tmp_path), env)


def test_readme_main_job_gives_the_expected_sample(tmp_path: Path, env: dict[str, str]) -> None:
    """The README's first command: its output is the sample's expected text, as .ci/run checks."""
    first = next(e for e in EXAMPLES if e.doc == "README.md")
    m = INSTALL.match(logical_lines(first.body)[0])
    assert m and m.group(1) == ".", first.body
    r = bash(m.group(2), workdir(tmp_path), env)
    assert r.stdout == (ROOT / "samples" / "wire-report.expected.txt").read_text(encoding="utf-8"), r.stderr


def test_readme_test_command_is_what_ci_runs() -> None:
    """.ci/run runs "exactly the test command that README.md gives"."""
    readme = [e for e in EXAMPLES if e.doc == "README.md"]
    command = logical_lines(readme[1].body)[0]
    assert command.endswith("python -m pytest") and command.startswith("pip install -e '.[test]'"), command
    if not (ROOT / ".ci" / "run").exists():
        pytest.skip(".ci/run is not in the sdist")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci, f"{command!r} is not a line of .ci/run"


def test_no_doc_installs_from_an_index() -> None:
    """The package is not published: every pip install in the docs is from a clone of the repository."""
    bad = [f"{doc.name}: {m.group(0)}" for doc in DOCS
           for m in re.finditer(r"pip install\s+(?:-\S+\s+)*['\"]?translit[-_]normalize\b(?!\s*@)",
                                doc.read_text(encoding="utf-8"))]
    assert not bad, bad


def test_hook_ids_in_the_docs_exist() -> None:
    """The pre-commit example (not run here; tests/test_precommit.py runs the hooks) names real hooks."""
    hooks = set(re.findall(r"^- id: (\S+)", (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"), re.M))
    named = {m for e in EXAMPLES if e.lang == "yaml" for m in re.findall(r"id: ([\w-]+)", e.body)}
    assert named and named <= hooks, named - hooks
