"""Running the ``translit-normalize`` command line in child processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# Children run outside the repository, so no configuration file is discovered upward.
RUN_DIR = tempfile.gettempdir()
TIMEOUT = -999  # exit code reported for a child killed at its time limit


def run_env() -> dict[str, str]:
    """The children's environment: the repository first on the module path (the benchmarks
    measure this source tree), everything else inherited."""
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path}


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
    is returned empty, as in ``cmd < file > /dev/null``).  A command that outlives ``timeout``
    is killed and reported with exit code ``TIMEOUT``.
    """
    t0 = time.perf_counter()
    try:
        if isinstance(stdin, Path):
            with open(stdin, "rb") as f:
                p = subprocess.run(cmd, stdin=f, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, timeout=timeout,
                                   cwd=RUN_DIR, env=run_env())
            return time.perf_counter() - t0, p.returncode, b"", p.stderr
        p = subprocess.run(cmd, input=stdin or b"", capture_output=True, timeout=timeout,
                           cwd=RUN_DIR, env=run_env())
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t0, TIMEOUT, b"", f"timed out after {timeout:.0f}s".encode()
    return time.perf_counter() - t0, p.returncode, p.stdout, p.stderr


def run_piped(source: list[str], sink: list[str], timeout: float) -> dict:
    """``source | sink > /dev/null``; wall time and the sink's peak RSS (``os.wait4`` rusage).

    The RSS is ``ru_maxrss`` of the sink process alone (KiB on Linux), the same number
    ``/usr/bin/time -v`` prints as "Maximum resident set size".  Both processes are killed
    after ``timeout`` seconds (exit code ``TIMEOUT``).
    """
    src = subprocess.Popen(source, stdout=subprocess.PIPE, cwd=RUN_DIR, env=run_env())
    t0 = time.perf_counter()
    dst = subprocess.Popen(sink, stdin=src.stdout, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, cwd=RUN_DIR, env=run_env())
    src.stdout.close()  # the sink owns the pipe now
    timer = threading.Timer(timeout, lambda: (dst.kill(), src.kill()))
    timer.start()
    try:
        err = dst.stderr.read()
        _, status, usage = os.wait4(dst.pid, 0)
    finally:
        timer.cancel()
    seconds = time.perf_counter() - t0
    dst.returncode = os.waitstatus_to_exitcode(status)
    if seconds >= timeout:
        dst.returncode = TIMEOUT
    src.wait()
    return {"seconds": seconds, "returncode": dst.returncode, "source_returncode": src.returncode,
            "peak_rss_kb": usage.ru_maxrss, "stderr": err.decode("utf-8", "replace")[-2000:]}


def timeout_for(n_bytes: int, floor_mb_s: float = 0.5) -> float:
    """A generous time limit for the CLI on ``n_bytes``: a minute plus 0.5 MB/s."""
    return 60 + n_bytes / 1e6 / floor_mb_s
