"""The compiled-table cache: expansion results on disk, keyed by table content and version.

Compiling a large table (parse, validate, expand) costs seconds; loading its expansion costs
milliseconds. Entries are JSON (data, never code: nothing is unpickled or evaluated), checked
field by field when read, and written atomically (temporary file, then rename), so two
processes racing to fill the same entry both end with a complete one. A corrupt entry, or one
from another version, is ignored and rebuilt.

``TRANSLIT_NORMALIZE_CACHE`` names another folder, or ``off`` to disable the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Iterable

from .expand import Rule

__all__ = ["FORMAT", "cache_dir", "cache_key", "load", "store"]

FORMAT = 1
_RULE_FIELDS = 8


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
    return None if d is None else d / f"{key}.json"


def load(key: str, version: str) -> tuple[dict[str, Rule], list[tuple[str, str, str]]] | None:
    """The cached expansion for ``key``, or None if missing, unreadable or not valid."""
    p = _path(key)
    if p is None:
        return None
    try:
        data = json.loads(p.read_bytes())
        if data.get("format") != FORMAT or data.get("version") != version or data.get("key") != key:
            return None
        rules = [_rule(r) for r in data["rules"]]
        surfaces = {}
        for s, i in data["surfaces"].items():
            if not isinstance(s, str) or not s or type(i) is not int:
                return None
            surfaces[s] = rules[i]
        dropped = [tuple(d) for d in data.get("dropped", [])]
        if not all(len(d) == 3 and all(isinstance(x, str) for x in d) for d in dropped):
            return None
        return surfaces, dropped  # type: ignore[return-value]
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def _rule(r: object) -> Rule:
    if not isinstance(r, list) or len(r) != _RULE_FIELDS:
        raise ValueError("bad rule")
    replacement, canonical, entity, table, variant, form, why, block = r
    if not all(isinstance(x, str) for x in (replacement, canonical, entity, table, variant, form)):
        raise ValueError("bad rule")
    if not isinstance(why, list) or not all(isinstance(x, str) for x in why) or not isinstance(block, bool):
        raise ValueError("bad rule")
    return Rule(replacement, canonical, entity, table, variant, form, tuple(why), block)


def store(key: str, version: str, surfaces: dict[str, Rule], dropped: Iterable[tuple[str, str, str]]) -> None:
    """Write an entry atomically; a cache that cannot be written is silently skipped."""
    p = _path(key)
    if p is None:
        return
    index: dict[Rule, int] = {}
    for r in surfaces.values():
        index.setdefault(r, len(index))
    data = {
        "format": FORMAT,
        "version": version,
        "key": key,
        "rules": [[r.replacement, r.canonical, r.entity, r.table, r.variant, r.form, list(r.why), r.block]
                  for r in index],
        "surfaces": {s: index[r] for s, r in surfaces.items()},
        "dropped": [list(d) for d in dropped],
    }
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, p)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        pass
