"""Rewriting files in place, atomically, without losing anything the file had.

The new content goes to a temporary file in the same folder (same file system), is flushed
and fsynced, gets the old file's owner (where allowed), extended attributes (POSIX ACLs
included) and permission bits (setuid, setgid and sticky too), and then replaces the old file
with ``os.replace``: a reader sees the old file or the new one, never half of one, and a crash
leaves the old file intact. Callers only write files whose text changed, so an unchanged file
keeps its mtime.

Where the platform has the ``*at`` system calls (``os.supports_dir_fd``), the folder is opened
once, component by component from ``/`` without following any link (``O_NOFOLLOW``), and the
checks, the temporary file and the rename all work relative to that descriptor: a folder
swapped for a symbolic link halfway through cannot send the write anywhere else. Elsewhere
(Windows) the same steps use the path.

A symbolic link is followed: its target is rewritten and the link stays a link. Given
``within`` (real paths of folders), a file whose real path lies outside all of them is not
written (:class:`OutsideTree`).

Just before the rename the file is looked at again (inode, size, mtime, ctime): an editor's
save that landed while the new content was being written is not overwritten
(:class:`FileChanged`). Given ``expect`` (the ``os.stat`` taken when the file was read), a file
that changed since it was read is not overwritten either: if it already holds ``data`` (another
run fixed it) nothing is done, else :class:`FileChanged`.

**Written in place instead** (the same inode keeps its names and everything attached to it),
but only after the complete new content exists in the temporary file (so a full disk is found
out before the file is touched), when the file has several hard links (a rename would split
them), or when the temporary file could not be given the old file's owner, group, permission
bits or extended attributes (say, a group-writable file owned by someone else: the owner keeps
the file). The in-place write grows the file first (the only step that needs new disk space;
on failure it is cut back to its old size), then writes over it; if that fails the old bytes
are put back. Only if that fails too is the file left partly rewritten, and then the error
names the temporary file that holds the complete new content (it is kept).

A file whose permission bits make it read-only for this user is not written (``PermissionError``),
even where a rename would be allowed: read-only means "leave it".

A process killed with SIGKILL between creating the temporary file and renaming it leaves that
file behind: it is named ``.tn-XXXXXXXXXX.tn-tmp`` (short, so that it fits beside a file whose
name is as long as the file system allows), never a real file's name, and file walks skip it
(:func:`is_temp_name`).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable, Iterator, Sequence

__all__ = ["TEMP_PREFIX", "TEMP_SUFFIX", "FileChanged", "OutsideTree", "is_temp_name", "write_atomic"]

TEMP_PREFIX = ".tn-"
TEMP_SUFFIX = ".tn-tmp"

_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in is not waited on
_BYTES = (bytes, bytearray)  # content given whole (else: an iterable of pieces)
#: Folder descriptors and the ``*at`` calls: all of them, or the path-based steps.
DIR_FD = (hasattr(os, "O_DIRECTORY") and _O_NOFOLLOW != 0
          and all(f in os.supports_dir_fd for f in (os.open, os.stat, os.rename, os.unlink)))


class FileChanged(OSError):
    """The file (or a folder on its path) changed on disk after it was read; it is left as it is."""

    def __init__(self, path: str, reason: str = "changed on disk while being processed, left as it is") -> None:
        super().__init__(errno.EAGAIN, reason, path)


class OutsideTree(OSError):
    """The file (a symbolic link's target) lies outside the folders being fixed; not written."""

    def __init__(self, path: str, target: str) -> None:
        super().__init__(errno.EXDEV, f"links to {target}, outside the folders being fixed", path)
        self.target = target


def is_temp_name(name: str) -> bool:
    """Is ``name`` a temporary file of an interrupted write (this version's or an older one's)?"""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def is_within(real: str, roots: Sequence[str]) -> bool:
    """Is the real path ``real`` one of ``roots`` (real paths of folders) or inside one?"""
    for root in roots:
        if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
            return True
    return False


def _same(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_ino, a.st_dev, a.st_size, a.st_mtime_ns) == (b.st_ino, b.st_dev, b.st_size, b.st_mtime_ns)


def _unchanged(a: os.stat_result, b: os.stat_result) -> bool:
    """The same file with the same content, as far as ``stat`` can tell (ctime: any write or chmod)."""
    return _same(a, b) and a.st_ctime_ns == b.st_ctime_ns and a.st_nlink == b.st_nlink


def write_atomic(path: str | os.PathLike[str], data: bytes | Iterable[bytes], expect: os.stat_result | None = None,
                 within: Sequence[str] | None = None) -> bool:
    """Replace the contents of ``path`` (or of the file a symlink points to) with ``data``.

    ``data`` is the new content, or an iterable of its pieces, consumed once, as the temporary
    file is written, so that the content is never held whole (``-i`` streams the rewrite of the
    file it reads into it). An exception from the iterable leaves the file as it is and removes
    the temporary file. The checks are the same either way.

    Returns False when nothing had to be written (the file changed since ``expect`` but
    already holds ``data``).
    """
    target = os.path.realpath(path)
    if within is not None and not is_within(target, within):
        raise OutsideTree(str(path), target)
    folder, name = os.path.split(target)
    d = _Folder(folder, str(path))
    try:
        return _write(d, name, str(path), data, expect)
    finally:
        d.close()


def _not_writable(path: str, shown: str) -> OSError:
    """Why a file that may not be written may not be, told apart: a read-only file system
    (EROFS), an immutable or append-only file (EPERM), or read-only permissions (EACCES)."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return OSError(errno.EROFS, "Read-only file system", shown)
    except (OSError, AttributeError):  # no statvfs on Windows
        pass
    try:
        os.close(os.open(path, os.O_WRONLY | _O_NONBLOCK | _O_NOFOLLOW | _O_CLOEXEC))  # writes nothing
    except OSError as exc:
        if exc.errno == errno.EPERM:
            return PermissionError(errno.EPERM, "Operation not permitted (the file is immutable or append-only)",
                                   shown)
        if exc.errno == errno.EROFS:
            return OSError(errno.EROFS, "Read-only file system", shown)
    return PermissionError(errno.EACCES, "Permission denied (the file is read-only)", shown)


def _write(d: _Folder, name: str, shown: str, data: bytes | Iterable[bytes], expect: os.stat_result | None) -> bool:
    st = d.lstat(name)
    if stat.S_ISLNK(st.st_mode):  # realpath resolved every link: this one appeared since
        raise FileChanged(shown)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, "not a regular file", shown)
    if not d.writable(name):
        raise _not_writable(os.path.join(d.path, name), shown)
    if expect is not None and not _same(st, expect):
        try:
            fd = d.open(name, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK)
            try:
                if _holds(fd, data):
                    return False
            finally:
                os.close(fd)
        except OSError:
            pass
        raise FileChanged(shown)
    fd, tmp = d.create_temp()
    keep_tmp = False
    try:
        try:
            if isinstance(data, _BYTES):
                _write_all(fd, data)
            else:
                for piece in data:
                    _write_all(fd, piece)
            kept = _copy_metadata(fd, d, name, tmp, st)
            os.fsync(fd)
        finally:
            os.close(fd)
        if st.st_nlink > 1 or not kept:
            try:
                if isinstance(data, _BYTES):
                    _overwrite(d, name, shown, data, st)
                else:  # the new content is in the temporary file: copied from there
                    src = d.open(tmp, os.O_RDONLY | _O_NOFOLLOW)
                    try:
                        _overwrite(d, name, shown, _Copy(src), st)
                    finally:
                        os.close(src)
            except _PartlyWritten as exc:
                keep_tmp = True
                raise OSError(exc.errno, f"{exc.strerror}; the file may be partly rewritten, its new content is "
                                         f"in {os.path.join(d.path, tmp)}", shown) from None
            d.unlink(tmp)
            return True
        if not _unchanged(st, d.lstat(name)):
            raise FileChanged(shown, "changed on disk while being fixed, left as it is")
        d.replace(tmp, name)
    except BaseException:
        if not keep_tmp:
            try:
                d.unlink(tmp)
            except OSError:
                pass
        raise
    d.fsync()
    return True



class _Folder:
    """The folder a file is written in: a descriptor opened without following links where the
    platform has the ``*at`` calls (:data:`DIR_FD`), else its path."""

    def __init__(self, folder: str, shown: str) -> None:
        self.path = folder
        self.fd: int | None = None
        if DIR_FD:
            try:
                self.fd = _open_folder(folder, shown)
            except _NoFolders:
                pass  # folders cannot be opened here (a sandbox): the path-based steps

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def _p(self, name: str) -> str:
        return name if self.fd is not None else os.path.join(self.path, name)

    def lstat(self, name: str) -> os.stat_result:
        if self.fd is not None:
            return os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        return os.stat(self._p(name), follow_symlinks=False)

    def writable(self, name: str) -> bool:
        # By path even with a descriptor: a policy check ("read-only means leave it"); the
        # write itself goes through the descriptor.
        return os.access(os.path.join(self.path, name), os.W_OK)

    def open(self, name: str, flags: int, mode: int = 0o777) -> int:
        flags |= _O_CLOEXEC | _O_BINARY
        if self.fd is not None:
            return os.open(name, flags, mode, dir_fd=self.fd)
        return os.open(self._p(name), flags, mode)

    def create_temp(self) -> tuple[int, str]:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW
        for _ in range(100):
            tmp = f"{TEMP_PREFIX}{secrets.token_hex(5)}{TEMP_SUFFIX}"
            try:
                return self.open(tmp, flags, 0o600), tmp
            except FileExistsError:
                continue
        raise FileExistsError(errno.EEXIST, "no free temporary file name", self.path)

    def unlink(self, name: str) -> None:
        if self.fd is not None:
            os.unlink(name, dir_fd=self.fd)
        else:
            os.unlink(self._p(name))

    def replace(self, src: str, dst: str) -> None:
        if self.fd is not None:
            os.replace(src, dst, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        else:
            os.replace(self._p(src), self._p(dst))

    def fsync(self) -> None:
        if self.fd is not None:
            try:
                os.fsync(self.fd)
            except OSError:
                pass
        else:
            _fsync_dir(self.path)


class _NoFolders(Exception):
    """The root folder cannot be opened at all: work with paths."""


def _open_folder(folder: str, shown: str) -> int:
    """A descriptor of ``folder`` (a real path), opened one component at a time from ``/`` with
    ``O_NOFOLLOW``: a component that is a symbolic link now (it was not when the path was
    resolved) is refused as :class:`FileChanged`."""
    o_path = getattr(os, "O_PATH", 0)  # Linux: no read permission needed to pass through
    step = (o_path or os.O_RDONLY) | os.O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC
    try:
        fd = os.open("/", (o_path or os.O_RDONLY) | os.O_DIRECTORY | _O_CLOEXEC)
    except OSError:
        raise _NoFolders from None
    try:
        for part in folder.split("/"):
            if not part:
                continue
            try:
                nfd = os.open(part, step, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise FileChanged(shown, "a folder on its path was replaced while being fixed, "
                                             "left as it is") from None
                raise
            os.close(fd)
            fd = nfd
        if o_path:
            try:  # readable, so that the folder can be fsynced after the rename
                nfd = os.open(".", os.O_RDONLY | os.O_DIRECTORY | _O_CLOEXEC, dir_fd=fd)
            except OSError:
                pass
            else:
                os.close(fd)
                fd = nfd
    except BaseException:
        os.close(fd)
        raise
    return fd


def _copy_metadata(fd: int, d: _Folder, name: str, tmp: str, st: os.stat_result) -> bool:
    """Give the temporary file ``fd`` the old file's owner, group, extended attributes and mode.

    Owner first (a change of owner clears setuid and setgid), then the attributes (a POSIX ACL
    sets the group bits), then the mode. Returns whether all of it could be kept.
    """
    if hasattr(os, "fchown"):
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
        except OSError:
            pass  # not ours to give away: checked below
    xattrs_kept = _copy_xattrs(fd, d, name)
    mode = stat.S_IMODE(st.st_mode)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:
        os.chmod(os.path.join(d.path, tmp), mode)  # (no dir_fd there either) the file is ours, not yet in place
    now = os.fstat(fd)
    return xattrs_kept and (now.st_uid, now.st_gid, stat.S_IMODE(now.st_mode)) == (st.st_uid, st.st_gid, mode)


def _copy_xattrs(fd: int, d: _Folder, name: str) -> bool:
    """Copy the old file's extended attributes (``system.posix_acl_access`` among them) to ``fd``.

    Attributes the new file got on its own (a folder's default ACL, a security label) and the
    old one lacks are removed. False when any of it fails.
    """
    if not hasattr(os, "listxattr"):
        return True  # nothing to keep on this platform
    try:
        src = d.open(name, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK)
    except OSError:
        return False
    try:
        try:
            names = os.listxattr(src)
        except OSError as exc:
            return exc.errno in (errno.ENOTSUP, errno.EOPNOTSUPP)
        try:
            own = set(os.listxattr(fd))
        except OSError:
            own = set()
        ok = True
        for key in names:
            try:
                value = os.getxattr(src, key)
            except OSError:
                ok = False
                continue
            try:
                os.setxattr(fd, key, value)
            except OSError:
                try:
                    ok = ok and os.getxattr(fd, key) == value
                except OSError:
                    ok = False
        for key in own - set(names):
            try:
                os.removexattr(fd, key)
            except OSError:
                ok = False
        return ok
    finally:
        os.close(src)


class _PartlyWritten(OSError):
    """An in-place write failed and the old content could not be put back."""


class _Copy:
    """New content in a file (the temporary one), for :func:`_overwrite`: sliced like bytes,
    copied in blocks, never read whole."""

    def __init__(self, fd: int, lo: int = 0, size: int | None = None) -> None:
        self.fd, self.lo = fd, lo
        self.size = os.fstat(fd).st_size - lo if size is None else size

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, key: slice) -> _Copy:
        lo, hi, _ = key.indices(self.size)
        return _Copy(self.fd, self.lo + lo, max(0, hi - lo))

    def blocks(self) -> Iterator[bytes]:
        at, left = self.lo, self.size
        while left > 0:
            block = os.pread(self.fd, min(left, 1 << 20), at) if hasattr(os, "pread") else _read_at(self.fd, left, at)
            if not block:
                raise OSError(errno.EIO, "the temporary file ended early")
            at += len(block)
            left -= len(block)
            yield block


def _read_at(fd: int, n: int, at: int) -> bytes:
    os.lseek(fd, at, os.SEEK_SET)
    return os.read(fd, min(n, 1 << 20))


def _overwrite(d: _Folder, name: str, shown: str, data: bytes | _Copy, st: os.stat_result) -> None:
    """Write ``data`` over the file ``name`` in place: same inode, so its links, owner, ACLs and
    attributes stay. The old content is put back if the write fails (:class:`_PartlyWritten`
    when that fails too); it is held in memory meanwhile (the new content, given as a
    :class:`_Copy`, is not)."""
    fd = d.open(name, os.O_RDWR | _O_NOFOLLOW | _O_NONBLOCK)
    try:
        now = os.fstat(fd)
        if not _unchanged(st, now):
            raise FileChanged(shown, "changed on disk while being fixed, left as it is")
        old = _read_all(fd, now.st_size + 1)
        size = len(old)
        if len(data) > size:  # grow first: the one step that needs more disk space
            try:
                _write_all(fd, data[size:], size)
                os.fsync(fd)
            except OSError:
                os.ftruncate(fd, size)
                raise
        try:
            _write_all(fd, data[:size], 0)
            if len(data) < size:
                os.ftruncate(fd, len(data))
            os.fsync(fd)
        except OSError as exc:
            try:
                _write_all(fd, old, 0)
                os.ftruncate(fd, size)
                os.fsync(fd)
            except OSError:
                raise _PartlyWritten(exc.errno, exc.strerror) from None
            raise
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes | _Copy, offset: int | None = None) -> None:
    if isinstance(data, _Copy):
        for block in data.blocks():
            _write_all(fd, block, offset)
            offset = None if offset is None else offset + len(block)
        return
    if offset is not None:
        os.lseek(fd, offset, os.SEEK_SET)
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _holds(fd: int, data: bytes | Iterable[bytes]) -> bool:
    """Does the file ``fd`` hold exactly ``data`` (or its pieces)? Read as far as they agree."""
    if isinstance(data, _BYTES):
        return _read_all(fd, len(data) + 1) == data
    os.lseek(fd, 0, os.SEEK_SET)
    for piece in data:
        view = memoryview(piece)
        while view:
            block = os.read(fd, min(len(view), 1 << 20))
            if not block or block != view[:len(block)]:
                return False
            view = view[len(block):]
    return os.read(fd, 1) == b""


def _read_all(fd: int, limit: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    parts = []
    while limit > 0:
        block = os.read(fd, min(limit, 1 << 20))
        if not block:
            break
        parts.append(block)
        limit -= len(block)
    return b"".join(parts)


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
