"""XML (``.xml``, ``.svg``, ``.xhtml``): the HTML tokenizer in its XML mode (see :mod:`.html`)."""

from __future__ import annotations

from .html import XML as MARKUP

__all__ = ["MARKUP"]
