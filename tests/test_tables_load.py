"""Table loading: every malformed table is one error naming file, entity and reason."""

import pytest

from normalize import Normalizer, TableError, load_table, parse_table


def entity(body: str) -> str:
    return "[[entity]]\n" + body + "\n"


@pytest.mark.parametrize(
    ("toml", "entity_name", "reason"),
    [
        (entity('canonical = ""'), "#1", "'canonical' is empty"),
        (entity('canonical = "Kyiv"\nvariants = [""]'), "Kyiv", "'variants' is empty"),
        (entity('canonical = "Kyiv"\nvariants = ["  "]'), "Kyiv", "'variants' is empty"),
        (entity('canonical = "Kyiv"\nvariants = ["Kyiv"]'), "Kyiv", "is the canonical itself"),
        (entity('canonical = "Kyiv"\nvariants = ["Kiev", "Kiev"]'), "Kyiv", "listed twice"),
        (entity('canonical = "Kyiv"\nvariant = ["Kiev"]'), "Kyiv", "unknown key 'variant'"),
        (entity('canonical = "Kyiv"\nvariants = "Kiev"'), "Kyiv", "must be an array of strings"),
        (entity('canonical = "Kyiv"\nvariants = [1]'), "Kyiv", "must be a string, got int"),
        (entity('canonical = 3'), "#1", "'canonical' must be a string"),
        (entity('variants = ["Kiev"]'), "#1", "missing 'canonical'"),
        (entity('canonical = "Kyiv"\nlang = "Ukrainian"'), "Kyiv", "ISO 639"),
        (entity('canonical = "Kyiv"\nvariants = ["Kiev "]'), "Kyiv", "leading or trailing whitespace"),
        (entity('canonical = "Kyiv"\nvariants = ["Ki\\u0000ev"]'), "Kyiv", "control or invisible"),
        (entity('canonical = "Kyiv"\nvariants = ["-Kiev"]'), "Kyiv", "must begin and end with a letter"),
        (entity('canonical = "Kyiv"\nvariants = ["!!"]'), "Kyiv", "no letter or digit"),
        (entity('canonical = "Kyiv"\nvariants = ["Ki/ev"]'), "Kyiv", "contains '/'"),
        (entity('canonical = "Kyiv"\nvariants = ["Kiev.City"]'), "Kyiv", "contains '.'"),
        (entity('canonical = "Ky@iv"'), "Ky@iv", "contains '@'"),
        (entity('canonical = "Kyiv"') + entity('canonical = "Kyiv"'), "Kyiv", "duplicate entity"),
        (entity('canonical = "Kyiv"\nvariants = ["Kiev"]') + entity('canonical = "Kiyv"\nvariants = ["Kiev"]'),
         "Kiyv", "also a variant of 'Kyiv'"),
        (entity('canonical = "Kyiv"\nvariants = ["Kiev"]') + entity('canonical = "Kiev"'),
         "Kyiv", "rewrite cycle"),
        ('[table]\nname = "x"\nowner = "me"\n', None, "unknown key 'owner' in [table]"),
        ("[oops]\n", None, "unknown top-level key 'oops'"),
        ("[[entity]\ncanonical = 'x'", None, "invalid TOML"),
    ],
)
def test_malformed_tables(toml, entity_name, reason):
    with pytest.raises(TableError) as info:
        parse_table(toml, "bad.toml")
    err = info.value
    assert err.path == "bad.toml"
    assert err.entity == entity_name
    assert reason in err.reason
    assert str(err).startswith("bad.toml")
    assert "\n" not in str(err)


def test_conflicts_across_files_name_the_other_file(tmp_path):
    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    a.write_text(entity('canonical = "Kyiv"\nvariants = ["Kiev"]'), encoding="utf-8")
    b.write_text(entity('canonical = "Kiyv"\nvariants = ["Kiev"]'), encoding="utf-8")
    with pytest.raises(TableError) as info:
        Normalizer([a, b], builtin=False)
    assert str(b) in str(info.value) and str(a) in str(info.value)


def test_unreadable_and_non_utf8_files(tmp_path):
    with pytest.raises(TableError, match="cannot read"):
        load_table(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(entity('canonical = "Kyïv"').encode("latin-1"))
    with pytest.raises(TableError, match="not UTF-8"):
        load_table(bad)


def test_well_formed_table_round_trip(table_file):
    t = load_table(table_file)
    assert t.name == "news" and t.description == "a test table"
    zel = next(e for e in t.entities if e.canonical == "Zelenskyy")
    assert zel.source == "Зеленський" and zel.lang == "uk"
    assert "Selenskyj" in zel.variants and zel.excepts == ("Zelensky Street",)


def test_source_keys_per_language():
    t = parse_table(entity('canonical = "Kharkiv"\nsource = "Харків"\nsource_ru = "Харьков"\nlang = "uk"'))
    assert t.entities[0].sources == (("ru", "Харьков"),)


def test_table_name_defaults_to_file_stem(tmp_path):
    p = tmp_path / "newsroom.toml"
    p.write_text(entity('canonical = "Kyiv"\nvariants = ["Kiev"]'), encoding="utf-8")
    assert load_table(p).name == "newsroom"
    assert Normalizer([p], builtin=False).find("Kiev")[0].table == "newsroom"
