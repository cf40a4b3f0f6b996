"""Types of the compiled matching core (``_trie.c``); the signatures follow its PyArg_ParseTuple formats."""

from collections.abc import Callable
from typing import final

from _typeshed import ReadableBuffer

FLAG_BLOCK: int
FLAG_MULTI: int

@final
class Trie:
    """A compiled surface trie (immutable)."""

    @classmethod
    def build(cls, patterns: list[str], flags: ReadableBuffer, fold: str, gap_max: int, /) -> Trie:
        """Compile sorted, distinct, non-empty patterns, one flag byte each (``"O!y*UI"``)."""

    @classmethod
    def load(cls, blob: bytes, fold: str, gap_max: int = 0, /) -> Trie:
        """A trie from its :attr:`blob` (``"SU|I"``; with ``gap_max``, built with it); ValueError if it is not one."""

    def has_patterns(self, strings: str, offsets: ReadableBuffer, /) -> bool:
        """Pattern k of the NUL-terminated string table is the path to the node ending pattern k (``"UO"``)."""

    def find(
        self,
        text: str,
        lo: int,
        hi: int,
        protect: Callable[[str, int, int], object] | None = None,
        regions: Callable[[int, int], object] | None = None,
        /,
    ) -> list[tuple[int, int, int, bool]]:
        """Matches starting in ``[lo, hi)`` as (start, end, pattern id, plain) (``"Unn|OO"``)."""

    def replace(
        self,
        text: str,
        lo: int,
        hi: int,
        protect: Callable[[str, int, int], object] | None,
        regions: Callable[[int, int], object] | None,
        reps: list[str | tuple[str] | None],
        fill: Callable[[int], str | tuple[str]],
        transfer: Callable[[str, str], str],
        recase: Callable[[str, int, str], str] | None = None,
        /,
    ) -> tuple[str, int]:
        """``(text[lo:stop] rewritten, stop)`` (``"UnnOOO!OO|O"``); ``reps`` has one slot per pattern,
        each a str or ``(str,)`` (``recase(text, start, replacement)`` decides that one)."""

    @property
    def blob(self) -> bytes:
        """The compiled trie as bytes."""

    @property
    def nodes(self) -> int:
        """Number of nodes."""

    @property
    def patterns(self) -> int:
        """Number of patterns."""

    @property
    def reach(self) -> int:
        """Longest text one match can span (a space counts gap_max)."""

    @property
    def flags(self) -> bytes:
        """The flag byte of each pattern."""

def check_entry(
    strings: str, offsets: ReadableBuffer, rules: ReadableBuffer, rule_of: ReadableBuffer, flags: ReadableBuffer,
    fields: int, /,
) -> bool:
    """A matcher's sections hold together (``"UOOOy*i"``)."""

def check_dropped(buffer: ReadableBuffer, /) -> bool:
    """A compact JSON list of [str, str, str] lists (``"y*"``)."""

def in_range(buffer: ReadableBuffer, lo: int, hi: int, /) -> bool:
    """Every int32 value of ``buffer`` in ``[lo, hi)`` (``"y*LL"``)."""

def set_word_function(fn: Callable[[str], object], /) -> None:
    """The ``is_word_char`` used for non-ASCII characters that are not alphanumeric."""

def steps() -> int:
    """Characters stepped through by every walk so far (for tests)."""
