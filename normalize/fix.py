"""Rewriting files in place, atomically.

The new content goes to a temporary file in the same folder (same file system), is flushed
and fsynced, gets the old file's permission bits (and owner, where allowed), and then
replaces the old file with ``os.replace``: a reader sees the old file or the new one, never
half of one, and a crash leaves the old file intact. A symbolic link is followed: its target
is rewritten and the link stays a link. Callers only write files whose text changed, so an
unchanged file keeps its mtime.

A file with several hard links is written through (in place, not atomically) so that every
name keeps seeing the same file.
"""

from __future__ import annotations

import os
import stat
import tempfile

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the contents of ``path`` (or of the file a symlink points to) with ``data``."""
    target = os.path.realpath(path)
    st = os.stat(target)
    if st.st_nlink > 1:
        _write_through(target, data)
        return
    folder, name = os.path.split(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tn-tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), stat.S_IMODE(st.st_mode))
            try:
                os.fchown(f.fileno(), st.st_uid, st.st_gid)
            except (OSError, AttributeError):
                pass  # not ours to give away; the bits above are what matters
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)


def _write_through(target: str, data: bytes) -> None:
    with open(target, "r+b") as f:
        f.write(data)
        f.truncate()
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
