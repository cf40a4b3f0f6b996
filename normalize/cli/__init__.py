"""The front ends: the ``translit-normalize`` command and what only it needs.

``command`` parses options and renders; ``config`` reads the configuration; ``files`` walks
folders; ``runner`` plans and runs the work on each file; ``fix`` writes files atomically;
``report`` renders matches (text, JSON, GitHub, diffs); ``progress`` draws the progress bar;
``streamio`` turns byte streams into text and back.
"""

from __future__ import annotations

from .command import main, run

__all__ = ["main", "run"]
