"""Stage 1, rules: rule tables to surface forms, all of it done when tables are compiled.

``parse`` reads and validates TOML tables into entities; ``schemes`` transliterates a source
name by each system's scheme table; ``generation`` turns those spellings into guarded variants
(``guards`` holds the common-word check); ``expand`` makes every surface form (case forms,
NFC/NFD, apostrophes, exception phrases) with its ``rule.Rule``; ``family`` answers
``--variants`` and ``--lint-tables``; ``datafiles`` locates the shipped data.

Nothing here imports the engine or anything above it.
"""
