"""Running the ``translit-normalize`` command line in child processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def module_command(*args: str) -> list[str]:
    """``python -m normalize ARGS`` with this interpreter."""
    return [sys.executable, "-m", "normalize", *args]


def console_command(*args: str) -> list[str]:
    """The installed ``translit-normalize`` script (falls back to ``python -m normalize``)."""
    bindir = Path(sys.executable).parent
    script = shutil.which("translit-normalize", path=str(bindir)) or shutil.which(
        "translit-normalize")
    return [script, *args] if script else module_command(*args)


def table_args(table: Path | str) -> list[str]:
    return ["--no-builtin", "--table", str(Path(table).resolve())]


def run_timed(cmd: list[str], stdin: bytes | Path | None = None,
              timeout: float = 900) -> tuple[float, int, bytes, bytes]:
    """Run ``cmd``; return (wall seconds, exit code, stdout, stderr).

    ``stdin`` is bytes to feed, or a file to redirect from (then stdout goes to /dev/null and
    is returned empty, as in ``cmd < file > /dev/null``).
    """
    if isinstance(stdin, Path):
        with open(stdin, "rb") as f:
            t0 = time.perf_counter()
            p = subprocess.run(cmd, stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               timeout=timeout, cwd=REPO)
            dt = time.perf_counter() - t0
        return dt, p.returncode, b"", p.stderr
    t0 = time.perf_counter()
    p = subprocess.run(cmd, input=stdin or b"", capture_output=True, timeout=timeout, cwd=REPO)
    return time.perf_counter() - t0, p.returncode, p.stdout, p.stderr


def run_piped(source: list[str], sink: list[str]) -> dict:
    """``source | sink > /dev/null``; wall time and the sink's peak RSS (``os.wait4`` rusage).

    The RSS is ``ru_maxrss`` of the sink process alone (KiB on Linux), the same number
    ``/usr/bin/time -v`` prints as "Maximum resident set size".
    """
    src = subprocess.Popen(source, stdout=subprocess.PIPE, cwd=REPO)
    t0 = time.perf_counter()
    dst = subprocess.Popen(sink, stdin=src.stdout, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, cwd=REPO)
    src.stdout.close()  # the sink owns the pipe now
    err = dst.stderr.read()
    _, status, usage = os.wait4(dst.pid, 0)
    seconds = time.perf_counter() - t0
    dst.returncode = os.waitstatus_to_exitcode(status)
    src.wait()
    return {"seconds": seconds, "returncode": dst.returncode, "source_returncode": src.returncode,
            "peak_rss_kb": usage.ru_maxrss, "stderr": err.decode("utf-8", "replace")[-2000:]}
