"""Rewriting files in place, atomically.

The new content goes to a temporary file in the same folder (same file system), is flushed
and fsynced, gets the old file's permission bits (and owner, where allowed), and then
replaces the old file with ``os.replace``: a reader sees the old file or the new one, never
half of one, and a crash leaves the old file intact. A symbolic link is followed: its target
is rewritten and the link stays a link. Callers only write files whose text changed, so an
unchanged file keeps its mtime.

A file with several hard links is written through (in place, not atomically) so that every
name keeps seeing the same file.

A file whose permission bits make it read-only for this user is not written (``PermissionError``),
even where a rename would be allowed: read-only means "leave it". Given ``expect`` (the
``os.stat`` taken when the file was read), a file that changed since is not overwritten: if
it already holds ``data`` (another run fixed it) nothing is done, else :class:`FileChanged`.

A process killed with SIGKILL between creating the temporary file and renaming it leaves that
file behind: it is named ``.NAME.XXXXXXXX.tn-tmp`` beside NAME, never NAME itself, and file
walks skip it (:data:`TEMP_SUFFIX`).
"""

from __future__ import annotations

import errno
import os
import stat

__all__ = ["TEMP_SUFFIX", "FileChanged", "write_atomic"]

TEMP_SUFFIX = ".tn-tmp"


class FileChanged(OSError):
    """The file changed on disk after it was read; it is left as it is."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.EAGAIN, "changed on disk while being processed, left as it is", path)


def _same(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_ino, a.st_dev, a.st_size, a.st_mtime_ns) == (b.st_ino, b.st_dev, b.st_size, b.st_mtime_ns)


def write_atomic(path: str | os.PathLike[str], data: bytes, expect: os.stat_result | None = None) -> bool:
    """Replace the contents of ``path`` (or of the file a symlink points to) with ``data``.

    Returns False when nothing had to be written (the file changed since ``expect`` but
    already holds ``data``).
    """
    target = os.path.realpath(path)
    st = os.stat(target)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    if not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "Permission denied (the file is read-only)", str(path))
    if expect is not None and not _same(st, expect):
        try:
            with open(target, "rb") as f:
                if f.read(len(data) + 1) == data:
                    return False
        except OSError:
            pass
        raise FileChanged(str(path))
    if st.st_nlink > 1:
        _write_through(target, data)
        return True
    folder, name = os.path.split(target)
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            _copy_mode(f.fileno(), tmp, stat.S_IMODE(st.st_mode))
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
    return True


def _copy_mode(fd: int, path: str, mode: int) -> None:
    """Give the open file ``fd`` (named ``path``) the permission bits ``mode``.

    Through the descriptor where the platform has ``os.fchmod`` (POSIX; Windows from Python
    3.13), else through the name: the temporary file is ours and not yet in place.
    """
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:
        os.chmod(path, mode)


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
