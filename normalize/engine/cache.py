"""The compiled-table cache: compiled matchers on disk, keyed by table content and version.

Compiling a large table (parse, validate, expand, build the trie) costs seconds; loading it
costs milliseconds. Entries are data, never code (nothing is unpickled or evaluated): one
ASCII header line (``key=value`` fields: format, version, key, the CRC-32 of the body, the
sizes of its sections, the matcher's counts), then the body: the matcher's binary sections
(strings, rule arrays, the C trie's blob). The header and the checksum are checked before
the body is used, and then the body's structure (``Matcher.from_parts``: every offset and
index in range, the string table, flags, reach, the dropped list, the trie's shape and that
it is the trie of the stored patterns), so a truncated, corrupt, foreign or crafted entry is
ignored and rebuilt. Entries are written atomically (temporary file, then rename), so two
processes racing to fill the same entry both end with a complete one.

Whoever can write the cache folder decides what every user of it gets, so the folder is
created 0700 and a folder that is writable by group or others, or owned by another user, is
not used: one warning (``logging``, logger ``normalize.cache``: one line on standard error
unless the application configures logging) and the run goes on uncached. An entry is read
only if it is a regular file (a FIFO or a device is never opened for blocking reads: the
open is ``O_NONBLOCK``, then ``fstat``), owned by this user, not writable by others and at
most :data:`MAX_ENTRY` bytes. The folder keeps at most :data:`MAX_ENTRIES` entries and
:data:`MAX_TOTAL` bytes: each store evicts the oldest beyond that (a hit refreshes an
entry's age at most once an hour).

Start-up cost matters here (every command loads an entry): no hashlib (OpenSSL set-up), no
json and no platformdirs import on Linux's load path; keys are BLAKE2b digests.

``TRANSLIT_NORMALIZE_CACHE`` names another folder, or ``off`` to disable the cache.
"""

from __future__ import annotations

import os
import stat
import sys
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

try:
    from _blake2 import blake2b  # what hashlib.blake2b is, without hashlib's OpenSSL set-up
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

from .matcher import Matcher

__all__ = ["FORMAT", "MAX_ENTRIES", "MAX_ENTRY", "MAX_TOTAL", "cache_dir", "cache_key", "load", "store"]

FORMAT = 19
_MAGIC = b"translit-normalize-cache"
_APP = "translit-normalize"

#: Largest entry read (or written). An entry is read whole into memory; the largest table
#: measured, a million variants (15 MiB of TOML), makes a 129 MiB entry: 4x that.
MAX_ENTRY = 512 << 20
#: The folder keeps the newest entries up to this many and this many bytes in all (the
#: newest entry is always kept). One entry of the built-in tables is about 4 MiB.
MAX_ENTRIES = 16
MAX_TOTAL = 256 << 20
#: A temporary file older than this is a leftover of a killed writer.
_STALE_TMP_S = 3600
#: A hit refreshes the entry's mtime (its age for eviction) when it is older than this.
_TOUCH_S = 3600

_POSIX = os.name == "posix" and os.open in os.supports_dir_fd
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_warned: set[str] = set()


def _default_dir() -> str:
    """``platformdirs.user_cache_dir("translit-normalize")``; on Linux computed as platformdirs
    does (``$XDG_CACHE_HOME`` if absolute, else ``$HOME/.cache``), which saves its import."""
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, _APP)
        home = os.environ.get("HOME", "")
        if os.path.isabs(home):
            return os.path.join(os.path.expanduser("~/.cache"), _APP)
    import platformdirs

    return platformdirs.user_cache_dir(_APP)


def cache_dir() -> Path | None:
    """Where entries live, or None when caching is off."""
    env = os.environ.get("TRANSLIT_NORMALIZE_CACHE")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "no", "false") else Path(env)
    return Path(_default_dir())


def cache_key(version: str, parts: Iterable[tuple[str, bytes]], options: str = "") -> str:
    """A digest of the version, the options and every table's name and bytes."""
    h = blake2b(f"translit-normalize {version} format {FORMAT} {options}\0".encode(), digest_size=32)
    for name, data in parts:
        h.update(f"{len(name)}:{name}:{len(data)}:".encode("utf-8", "surrogateescape"))
        h.update(data)
    return h.hexdigest()


def _header(fields: dict[str, str]) -> bytes:
    return b" ".join([_MAGIC] + [f"{k}={v}".encode("ascii") for k, v in fields.items()]) + b"\n"


def _parse_header(line: bytes | bytearray) -> dict[str, str]:
    words = line.decode("ascii").split(" ")
    if words[0] != _MAGIC.decode():
        raise ValueError("not a cache entry")
    return dict(w.split("=", 1) for w in words[1:])


def _warn(message: str) -> None:
    """One line on standard error (through logging: the library never prints), once per process."""
    if message in _warned:
        return
    _warned.add(message)
    import logging

    logging.getLogger("normalize.cache").warning("translit-normalize: warning: %s", message)


def _unsafe(st: os.stat_result) -> str | None:
    """Why a file or folder with this status may not be trusted, or None."""
    if os.name != "posix":
        return None  # no owner and mode bits to go by
    if st.st_uid != os.geteuid():
        return "is owned by another user"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "is writable by group or others"
    return None


def _open_dir(d: Path, create: bool) -> int | None:
    """A descriptor of the cache folder if it may be used (created 0700 if ``create``), else
    None: missing, not a folder, or unsafe (then warned about: the run goes on uncached)."""
    if create:
        try:
            d.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(d, 0o700)
            os.chmod(d, 0o700)  # the umask may have taken bits away (never added them: 0700 either way)
        except FileExistsError:
            pass
        except OSError as exc:
            _warn(f"cache folder {d} cannot be created ({exc.strerror or exc}): running without the "
                  "compiled-table cache, so every start compiles the tables (set TRANSLIT_NORMALIZE_CACHE "
                  "to a writable folder, or to off)")
            return None
    try:
        fd = os.open(d, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    except OSError as exc:
        if create:
            _warn(f"cache folder {d} cannot be opened ({exc.strerror or exc}): running without the "
                  "compiled-table cache (set TRANSLIT_NORMALIZE_CACHE to a writable folder, or to off)")
        return None
    try:
        st = os.fstat(fd)
        why = "is not a folder" if not stat.S_ISDIR(st.st_mode) else _unsafe(st)
    except OSError:
        why = "cannot be examined"
    if why is not None:
        os.close(fd)
        _warn(f"cache folder {d} {why}: not used, running without the compiled-table cache "
              "(make it private with chmod 700, or set TRANSLIT_NORMALIZE_CACHE)")
        return None
    return fd


def _read_entry(dfd: int, name: str) -> bytearray | None:
    """The bytes of entry ``name`` if it is a regular file of ours of at most MAX_ENTRY bytes."""
    try:
        fd = os.open(name, os.O_RDONLY | _O_NONBLOCK | _O_NOFOLLOW | _O_CLOEXEC, dir_fd=dfd)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY or _unsafe(st) is not None:
            return None
        buf = bytearray(st.st_size + 1)  # one more: an entry growing while read is refused
        view, got = memoryview(buf), 0
        with open(fd, "rb", buffering=0, closefd=False) as f:
            while got < len(buf):
                n = f.readinto(view[got:])
                if not n:
                    break
                got += n
        view.release()
        if got != st.st_size:
            return None
        del buf[got:]
        if time.time() - st.st_mtime > _TOUCH_S and os.utime in os.supports_fd:
            try:
                os.utime(fd)  # recently used: evicted last
            except OSError:
                pass
        return buf
    except OSError:
        return None
    finally:
        os.close(fd)


def _parse(raw: bytearray, key: str, version: str) -> Matcher | None:
    cut = raw.index(b"\n", 0, 4096)
    meta = _parse_header(raw[:cut])
    if meta.get("format") != str(FORMAT) or meta.get("version") != version or meta.get("key") != key:
        return None
    body = memoryview(raw)[cut + 1:]  # sections are read in place, not copied
    sizes = [int(x) for x in meta["sections"].split(",")]
    if any(n < 0 for n in sizes) or sum(sizes) != len(body) or int(meta["crc32"]) != zlib.crc32(body):
        return None  # truncated or altered
    parts, pos = [], 0
    for n in sizes:
        parts.append(body[pos:pos + n])
        pos += n
    counts: dict[str, Any] = {k: int(meta[k]) for k in ("patterns", "reach", "size")}
    return Matcher.from_parts(counts, parts)


def load(key: str, version: str) -> Matcher | None:
    """The cached matcher for ``key``, or None if missing, unreadable or not well-formed."""
    d = cache_dir()
    if d is None:
        return None
    if not _POSIX:  # pragma: no cover - Windows: no descriptor-relative opens
        try:
            return _parse(bytearray((d / f"{key}.tnc").read_bytes()), key, version)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, UnicodeError):
            return None
    dfd = _open_dir(d, create=False)
    if dfd is None:
        return None
    try:
        raw = _read_entry(dfd, f"{key}.tnc")
        return None if raw is None else _parse(raw, key, version)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, UnicodeError, OverflowError):
        return None
    finally:
        os.close(dfd)


def _prune(dfd: int, newest: str) -> None:
    """Keep ``newest`` and the most recent other entries within MAX_ENTRIES and MAX_TOTAL."""
    now = time.time()
    found: list[tuple[int, str, int]] = []
    for name in os.listdir(dfd):
        if not name.endswith(".tnc"):
            continue
        try:
            st = os.stat(name, dir_fd=dfd, follow_symlinks=False)
            if name.startswith(".tmp-"):
                if now - st.st_mtime > _STALE_TMP_S:
                    os.unlink(name, dir_fd=dfd)
            elif name != newest:
                found.append((st.st_mtime_ns, name, st.st_size))
            else:
                found.append((1 << 80, name, st.st_size))  # first, whatever its mtime
        except OSError:
            continue
    found.sort(reverse=True)
    total, full = 0, False
    for kept, (_, name, size) in enumerate(found):
        full = full or (name != newest and (kept >= MAX_ENTRIES or total + size > MAX_TOTAL))
        if full:  # this one and every older one
            try:
                os.unlink(name, dir_fd=dfd)
            except OSError:
                pass
        else:
            total += size


def store(key: str, version: str, matcher: Matcher) -> None:
    """Write an entry atomically; a cache that cannot be written is silently skipped."""
    d = cache_dir()
    if d is None:
        return
    counts, sections = matcher.to_parts()
    body = b"".join(sections)
    head = _header({"format": str(FORMAT), "version": version, "key": key, "crc32": str(zlib.crc32(body)),
                    "sections": ",".join(str(len(x)) for x in sections),
                    **{k: str(v) for k, v in counts.items()}})
    if len(head) + len(body) > MAX_ENTRY:
        return  # it would not be read back
    name = f"{key}.tnc"
    if not _POSIX:  # pragma: no cover - Windows
        _store_by_path(d, name, head + body)
        return
    dfd = _open_dir(d, create=True)
    if dfd is None:
        return
    tmp = f".tmp-{os.urandom(8).hex()}.tnc"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC, 0o600, dir_fd=dfd)
        try:
            with open(fd, "wb") as f:
                f.write(head)
                f.write(body)
            os.replace(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
        except BaseException:
            try:
                os.unlink(tmp, dir_fd=dfd)
            except OSError:
                pass
            raise
        _prune(dfd, name)
    except OSError:
        pass
    finally:
        os.close(dfd)


def _store_by_path(d: Path, name: str, data: bytes) -> None:  # pragma: no cover - Windows
    import tempfile

    try:
        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=".tnc")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, d / name)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        pass
