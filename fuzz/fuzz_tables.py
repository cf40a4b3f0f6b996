"""atheris harness: the table loader on arbitrary TOML, then the tables it accepts in use.

    python fuzz/fuzz_tables.py -max_total_time=300 -dict=fuzz/toml.dict fuzz/corpus-tables

Checked: parse_table raises nothing but TableError; a table it accepts compiles, and its
own names (in their case forms, run together) normalize idempotently with bytes outside
matches kept, and the stream agrees with the whole text.
"""

from __future__ import annotations

import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

with atheris.instrument_imports():
    import common

    from normalize import Normalizer, TableError, parse_table


def one_input(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    try:
        table = parse_table(text, "fuzz.toml")
    except TableError:
        return
    n = Normalizer([table], builtin=False)
    pieces = []
    for e in table.entities:
        for s in (e.canonical, *e.variants, *e.excepts):
            pieces += [s, s.upper(), s[:1].upper() + s[1:]]
    sample = " ".join(pieces) + "\n" + "-".join(pieces) + "\n" + "".join(pieces)
    common.check_text(n, sample)
    assert "".join(n.normalize_stream(sample[i:i + 7] for i in range(0, len(sample), 7))) == n.normalize(sample)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
