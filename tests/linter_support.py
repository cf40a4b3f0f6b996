"""Helpers for the linter tests: a small table outside a project folder, and a CLI runner.

The `project` fixture that builds one lives in tests/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from normalize.cli.command import main

TABLE = """
[table]
name = "ua"

[[entity]]
canonical = "Kyiv"
variants = ["Kiev", "Kiew"]
except = ["Chicken Kiev"]

[[entity]]
canonical = "Zelenskyy"
variants = ["Zelensky", "Zelenskiy"]

[[entity]]
canonical = "Volodymyr Zelenskyy"
variants = ["Vladimir Zelenskiy"]

[[entity]]
canonical = "Odesa"
variants = ["Odessa"]
"""


class Project:
    """A folder with files, a rule table beside it, and the CLI run inside it."""

    def __init__(self, root: Path, table: Path) -> None:
        self.root = root
        self.table = table

    def write(self, rel: str, content: str | bytes) -> Path:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_bytes(content.encode("utf-8"))
        return p

    def read(self, rel: str) -> str:
        return (self.root / rel).read_bytes().decode("utf-8")

    def run(self, *args: str, input: str | bytes | None = None, isolated: bool = True,
            table: bool = True) -> Result:
        """The CLI with only the test table (unless told otherwise), in the project folder."""
        # Several spellings of one name on a line are what these tests are made of; the context
        # stage would keep them as compared spellings (tests/test_context.py tests it).
        base = (["--isolated"] if isolated else []) + ["--no-context"]
        if table:
            base += ["--no-builtin", "--table", str(self.table)]
        return CliRunner().invoke(main, [*base, *args], input=input, catch_exceptions=False)

