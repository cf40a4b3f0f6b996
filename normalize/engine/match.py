"""The typed result of a scan: one rewrite, with where, what and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Match"]


@dataclass(frozen=True, slots=True)
class Match:
    """One variant found in a text.

    ``start`` and ``end`` are code point offsets into the text that was scanned;
    ``text[start:end] == found``, and the rewrite puts ``replacement`` there.
    ``variant`` is the table entry that matched (as written in the table), ``form`` the
    case form it matched in, and ``why`` its provenance: ``("explicit",)`` for a listed
    variant, ``("compound", <entity>)`` for a full name spelled with another entity's
    variant, or the transliteration systems that generate it.
    """

    start: int
    end: int
    found: str
    replacement: str
    canonical: str
    entity: str
    table: str
    variant: str
    form: str
    why: tuple[str, ...]

    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)``."""
        return (self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``why`` as a list)."""
        d = asdict(self)
        d["why"] = list(self.why)
        return d

    def to_json(self) -> str:
        """One line of JSON."""
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False)

    def shifted(self, offset: int) -> Match:
        """The same match with offsets moved by ``offset`` (for streams)."""
        return Match(self.start + offset, self.end + offset, self.found, self.replacement, self.canonical,
                     self.entity, self.table, self.variant, self.form, self.why)
