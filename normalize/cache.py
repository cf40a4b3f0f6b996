"""The compiled-table cache: expansion results on disk, keyed by table content and version.

Compiling a large table (parse, validate, expand, build the trie) costs seconds; loading it
costs milliseconds. Entries are data, never code (nothing is unpickled or evaluated): a JSON
header line with format, version, key, the SHA-256 of the body and the sizes of its
sections (a small JSON document, then the matcher's binary sections: strings, rule arrays, the C trie's blob), checked before the body is
used. Entries are written atomically (temporary file, then rename), so two
processes racing to fill the same entry both end with a complete one. A corrupt entry, or one
from another version, is ignored and rebuilt.

``TRANSLIT_NORMALIZE_CACHE`` names another folder, or ``off`` to disable the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Iterable

from .matcher import Matcher

__all__ = ["FORMAT", "cache_dir", "cache_key", "load", "store"]

FORMAT = 16


def cache_dir() -> Path | None:
    """Where entries live, or None when caching is off."""
    env = os.environ.get("TRANSLIT_NORMALIZE_CACHE")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "no", "false") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "translit-normalize"


def cache_key(version: str, parts: Iterable[tuple[str, bytes]], options: str = "") -> str:
    """A digest of the version, the options and every table's name and bytes."""
    h = hashlib.sha256(f"translit-normalize {version} format {FORMAT} {options}\0".encode())
    for name, data in parts:
        h.update(f"{len(name)}:{name}:{len(data)}:".encode("utf-8", "surrogateescape"))
        h.update(data)
    return h.hexdigest()


def _path(key: str) -> Path | None:
    d = cache_dir()
    return None if d is None else d / f"{key}.tnc"


def load(key: str, version: str) -> Matcher | None:
    """The cached matcher for ``key``, or None if missing, unreadable or not well-formed."""
    p = _path(key)
    if p is None:
        return None
    try:
        raw = p.read_bytes()
        cut = raw.index(b"\n")
        meta = json.loads(raw[:cut])
        body = memoryview(raw)[cut + 1:]  # sections are read in place, not copied
        if meta.get("format") != FORMAT or meta.get("version") != version or meta.get("key") != key:
            return None
        sizes = meta["sections"]
        if sum(sizes) != len(body) or meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None  # truncated or altered
        parts, pos = [], 0
        for n in sizes:
            parts.append(body[pos:pos + n])
            pos += n
        return Matcher.from_parts(json.loads(bytes(parts[0])), parts[1:])
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def store(key: str, version: str, matcher: Matcher) -> None:
    """Write an entry atomically; a cache that cannot be written is silently skipped."""
    p = _path(key)
    if p is None:
        return
    data, parts = matcher.to_parts()
    sections = [json.dumps(data, separators=(",", ":")).encode("ascii"), *parts]
    body = b"".join(sections)
    meta = {"format": FORMAT, "version": version, "key": key, "sha256": hashlib.sha256(body).hexdigest(),
            "sections": [len(x) for x in sections]}
    import tempfile

    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp-", suffix=".tnc")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(json.dumps(meta).encode() + b"\n" + body)
            os.replace(tmp, p)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        pass
