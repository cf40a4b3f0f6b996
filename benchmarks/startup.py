"""Start-up time of the command line, against importing click.

    python benchmarks/startup.py [--runs 10] [--table T.toml] [--bytecode]

Measures, interleaved round-robin, the median wall time of ``echo Kiev | translit-normalize``
(built-in tables), of ``python -c "import click"`` (an interpreter plus the CLI framework: the
floor for any click tool) and of ``python -c pass``; with ``--table`` also
``echo Kiev | translit-normalize --no-builtin --table T`` (a big table: shows the matcher cache).

The children run this source tree. Under ``PYTHONDONTWRITEBYTECODE`` (set on some machines)
its modules are compiled from source on every start, while click and the standard library load
their installed ``.pyc`` files: about 25 ms of the package's start-up is then compilation,
which an installed wheel (compiled by pip) never pays. ``--bytecode`` lets the children write
and use ``.pyc`` files (in a private ``PYTHONPYCACHEPREFIX`` folder; the warm-up run fills
it), as installed; the output says which way it ran (``"bytecode"``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path

from measure import median
from procs import console_command, run_timed, table_args


def commands(table: Path | None) -> dict[str, list[str]]:
    cmds = {
        "translit-normalize": console_command(),
        "python -c 'import click'": [sys.executable, "-c", "import click"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    if table is not None:
        cmds[f"translit-normalize --no-builtin --table {Path(table).name}"] = console_command(
            *table_args(table))
    return cmds


@contextlib.contextmanager
def _bytecode_env(bytecode: bool):
    """With ``bytecode``, the children (procs.run_env copies os.environ) may write and read .pyc."""
    if not bytecode:
        yield ("source (PYTHONDONTWRITEBYTECODE is set)" if os.environ.get("PYTHONDONTWRITEBYTECODE")
               else ".pyc (inherited environment)")
        return
    saved = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="startup-pyc-") as prefix:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = prefix
        try:
            yield ".pyc (private PYTHONPYCACHEPREFIX)"
        finally:
            os.environ.clear()
            os.environ.update(saved)


def measure(runs: int = 10, table: Path | None = None, bytecode: bool = False) -> dict:
    """Median seconds per command, the ratio to ``import click`` and Kiev's rewrite."""
    with _bytecode_env(bytecode) as how:
        return {**_measure(runs, table), "bytecode": how}


def _measure(runs: int, table: Path | None) -> dict:
    cmds = commands(table)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    outputs: dict[str, dict] = {}
    for name, cmd in cmds.items():  # warm-up: page cache, byte-code, matcher cache
        _, rc, out, err = run_timed(cmd, b"Kiev\n", timeout=600)
        outputs[name] = {"returncode": rc, "stdout": out.decode("utf-8", "replace")[:200],
                         "stderr": err.decode("utf-8", "replace")[-500:]}
    for _ in range(runs):
        for name, cmd in cmds.items():
            times[name].append(run_timed(cmd, b"Kiev\n", timeout=600)[0])
    click = median(times["python -c 'import click'"])
    return {
        "runs": runs,
        "commands": {name: {"median_s": median(ts), "ratio_to_import_click": median(ts) / click,
                            "command": cmds[name], **outputs[name]}
                     for name, ts in times.items()},
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--table", type=Path)
    ap.add_argument("--bytecode", action="store_true",
                    help="let the children use .pyc files even under PYTHONDONTWRITEBYTECODE (as installed)")
    args = ap.parse_args(argv)
    print(json.dumps(measure(args.runs, args.table, args.bytecode), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
