"""The compiled-table cache: compiled matchers on disk, keyed by table content and version.

Compiling a large table (parse, validate, expand, build the trie) costs seconds; loading it
costs milliseconds. Entries are data, never code (nothing is unpickled or evaluated): one
ASCII header line (``key=value`` fields: format, version, key, the CRC-32 of the body, the
sizes of its sections, the matcher's counts), then the body: the matcher's binary sections
(strings, rule arrays, the C trie's blob). The header and the checksum are checked before
the body is used, and the body's arrays are range-checked as they load, so a truncated,
corrupt or foreign entry is ignored and rebuilt. Entries are written atomically (temporary
file, then rename), so two processes racing to fill the same entry both end with a complete one.

Start-up cost matters here (every command loads an entry): no hashlib (OpenSSL set-up) and no
json on the load path; keys are BLAKE2b digests.

``TRANSLIT_NORMALIZE_CACHE`` names another folder, or ``off`` to disable the cache.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable
from pathlib import Path

try:
    from _blake2 import blake2b  # what hashlib.blake2b is, without hashlib's OpenSSL set-up
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

from .matcher import Matcher

__all__ = ["FORMAT", "cache_dir", "cache_key", "load", "store"]

FORMAT = 19
_MAGIC = b"translit-normalize-cache"


def cache_dir() -> Path | None:
    """Where entries live, or None when caching is off."""
    env = os.environ.get("TRANSLIT_NORMALIZE_CACHE")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "no", "false") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "translit-normalize"


def cache_key(version: str, parts: Iterable[tuple[str, bytes]], options: str = "") -> str:
    """A digest of the version, the options and every table's name and bytes."""
    h = blake2b(f"translit-normalize {version} format {FORMAT} {options}\0".encode(), digest_size=32)
    for name, data in parts:
        h.update(f"{len(name)}:{name}:{len(data)}:".encode("utf-8", "surrogateescape"))
        h.update(data)
    return h.hexdigest()


def _path(key: str) -> Path | None:
    d = cache_dir()
    return None if d is None else d / f"{key}.tnc"


def _header(fields: dict[str, str]) -> bytes:
    return b" ".join([_MAGIC] + [f"{k}={v}".encode("ascii") for k, v in fields.items()]) + b"\n"


def _parse_header(line: bytes) -> dict[str, str]:
    words = line.decode("ascii").split(" ")
    if words[0] != _MAGIC.decode():
        raise ValueError("not a cache entry")
    return dict(w.split("=", 1) for w in words[1:])


def load(key: str, version: str) -> Matcher | None:
    """The cached matcher for ``key``, or None if missing, unreadable or not well-formed."""
    p = _path(key)
    if p is None:
        return None
    try:
        raw = p.read_bytes()
        cut = raw.index(b"\n")
        meta = _parse_header(raw[:cut])
        if meta.get("format") != str(FORMAT) or meta.get("version") != version or meta.get("key") != key:
            return None
        body = memoryview(raw)[cut + 1:]  # sections are read in place, not copied
        sizes = [int(x) for x in meta["sections"].split(",")]
        if sum(sizes) != len(body) or int(meta["crc32"]) != zlib.crc32(body):
            return None  # truncated or altered
        parts, pos = [], 0
        for n in sizes:
            parts.append(body[pos:pos + n])
            pos += n
        counts = {k: int(meta[k]) for k in ("patterns", "reach", "size")}
        return Matcher.from_parts(counts, parts)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, UnicodeError):
        return None


def store(key: str, version: str, matcher: Matcher) -> None:
    """Write an entry atomically; a cache that cannot be written is silently skipped."""
    p = _path(key)
    if p is None:
        return
    counts, sections = matcher.to_parts()
    body = b"".join(sections)
    head = _header({"format": str(FORMAT), "version": version, "key": key, "crc32": str(zlib.crc32(body)),
                    "sections": ",".join(str(len(x)) for x in sections),
                    **{k: str(v) for k, v in counts.items()}})
    import tempfile

    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp-", suffix=".tnc")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(head + body)
            os.replace(tmp, p)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        pass
