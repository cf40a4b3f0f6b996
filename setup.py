"""Build script: the C trie, and the built-in tables copied into the package.

Everything else is declared in pyproject.toml.
"""

from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithTables(build_py):
    """Ship the top-level ``tables/`` as ``normalize/data/tables/`` inside the wheel.

    (Editable installs read the source tree's ``tables/`` instead: see
    ``normalize/rules/datafiles.py``.)
    """

    def run(self) -> None:
        super().run()
        for src in sorted((ROOT / "tables").rglob("*")):
            if src.is_file() and src.suffix in (".toml", ".md"):
                dest = Path(self.build_lib) / "normalize" / "data" / "tables" / src.relative_to(ROOT / "tables")
                self.mkpath(str(dest.parent))
                self.copy_file(str(src), str(dest))


setup(
    cmdclass={"build_py": BuildWithTables},
    ext_modules=[
        # optional: without a compiler the package installs and runs on the pure-Python trie
        Extension("normalize.engine._trie", ["normalize/engine/_trie.c"], optional=True),
    ],
)
