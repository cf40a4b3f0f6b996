"""Stage 2, engine: compiled surface forms to matches and rewrites.

``trie`` is the matching core (the C extension ``_trie`` and its pure-Python twin);
``matcher`` holds the compiled patterns and rules and serializes them; ``cache`` keeps them
on disk; ``regions`` finds protected text; ``resolve`` turns trie hits into rewrites and
:class:`~normalize.engine.match.Match` values; ``rewrite`` applies them to whole texts and
streams.

Imports only the rules stage below it.
"""
