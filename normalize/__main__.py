"""``python -m normalize`` is the ``translit-normalize`` command."""

from .cli import run

run()
