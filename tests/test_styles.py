"""House styles (issue 13, point 2): built-in style profiles as layers over the built-in tables,
the default ("ap") equal to the built-ins, and how they are chosen (API, CLI, configuration)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from normalize import Normalizer
from normalize.cli.command import main
from normalize.rules.datafiles import DEFAULT_STYLE, style_names, tables_dir

PROG = "translit-normalize"
STYLES = ("ap", "bbc", "guardian", "nyt", "reuters")

SENTENCE = ("Volodymyr Zelenskyy met Sergey Lavrov. Moammar Gadhafi and Kim Jong Un were named, "
            "as were Bashar Assad, Khalifa Hifter and Dmitry Peskov.")

EXPECTED = {
    "ap": SENTENCE,
    "reuters": ("Volodymyr Zelenskiy met Sergei Lavrov. Muammar Gaddafi and Kim Jong Un were named, "
                "as were Bashar al-Assad, Khalifa Haftar and Dmitry Peskov."),
    "bbc": ("Volodymyr Zelensky met Sergei Lavrov. Muammar Gaddafi and Kim Jong-un were named, "
            "as were Bashar al-Assad, Khalifa Haftar and Dmitry Peskov."),
    "guardian": ("Volodymyr Zelenskyy met Sergei Lavrov. Muammar Gaddafi and Kim Jong-un were named, "
                 "as were Bashar al-Assad, Khalifa Haftar and Dmitry Peskov."),
    "nyt": ("Volodymyr Zelensky met Sergey Lavrov. Muammar el-Qaddafi and Kim Jong-un were named, "
            "as were Bashar al-Assad, Khalifa Hifter and Dmitri Peskov."),
}


@pytest.fixture(scope="module")
def styled() -> dict[str, Normalizer]:
    return {s: Normalizer(style=s, context=()) for s in STYLES}


def _run(args: list[str], stdin: str = "Kiev\n") -> tuple[int, str, str]:
    r = CliRunner().invoke(main, args, input=stdin)
    return r.exit_code, r.stdout, r.stderr


def test_the_built_in_styles():
    assert style_names() == STYLES
    assert DEFAULT_STYLE == "ap"


@pytest.mark.parametrize("style", STYLES)
def test_each_style_on_the_names_it_differs_in(styled, style):
    n = styled[style]
    assert n.style == style
    assert n.normalize(SENTENCE) == EXPECTED[style]
    for other in STYLES:  # any house's text comes out in this house's style
        assert n.normalize(EXPECTED[other]) == EXPECTED[style]
    assert n.normalize(EXPECTED[style]) == EXPECTED[style]  # idempotent


@pytest.mark.parametrize(("style", "text", "expected"), [
    ("reuters", "Zelenskyy and Zelensky", "Zelenskiy and Zelenskiy"),
    ("reuters", "Ayman al-Zawahri", "Ayman al-Zawahiri"),
    ("reuters", "Abdel-Fattah el-Sissi", "Abdel Fattah al-Sisi"),
    ("bbc", "Zelenskyy and Zelenskiy", "Zelensky and Zelensky"),
    ("bbc", "Kim Il Sung, Kim Yo Jong", "Kim Il-sung, Kim Yo-jong"),
    ("bbc", "Qassem Soleimani", "Qasem Soleimani"),
    ("guardian", "Zelensky and Qaddafi", "Zelenskyy and Gaddafi"),
    ("guardian", "Hafez Assad", "Hafez al-Assad"),
    ("nyt", "Gadhafi, Alexei Navalny, Alexander Lukashenko", "Qaddafi, Aleksei Navalny, Aleksandr Lukashenko"),
    ("nyt", "Qassem Soleimani", "Qassim Suleimani"),
    ("ap", "Gaddafi, Muammar Gaddafi, Sergei Lavrov, Bashar al-Assad", "Gadhafi, Moammar Gadhafi, Sergey Lavrov, "
     "Bashar Assad"),
])
def test_style_spot_checks(styled, style, text, expected):
    assert styled[style].normalize(text) == expected


@pytest.mark.parametrize(("style", "found", "canonical"), [
    ("ap", "al-Qaeda", "al-Qaida"), ("reuters", "al-Qaida", "al Qaeda"), ("bbc", "al-Qaida", "al-Qaeda"),
    ("guardian", "al Qaeda", "al-Qaida"), ("nyt", "al-Qaida", "Al Qaeda"),
])
def test_al_qaida_in_each_style(styled, style, found, canonical):
    assert styled[style].normalize(f"Officials said {found} had cells") == f"Officials said {canonical} had cells"


def test_the_default_is_ap(styled):
    default = Normalizer(context=())
    assert default.style == "ap"
    assert default.normalize(SENTENCE) == styled["ap"].normalize(SENTENCE) == SENTENCE
    assert default.matcher is styled["ap"].matcher  # one compiled table: the ap layer changes nothing
    assert [t.name for t in default.tables] == [t.name for t in styled["ap"].tables]
    assert "style-bbc" in [t.name for t in styled["bbc"].tables]


def test_the_style_layer_names_its_table(styled):
    (m,) = styled["bbc"].find("Zelenskyy")
    assert (m.replacement, m.table, m.entity) == ("Zelensky", "style-bbc", "Zelensky")


def test_unknown_style_is_a_value_error():
    with pytest.raises(ValueError, match=r"unknown style 'fox' \(known: ap, bbc, guardian, nyt, reuters\)"):
        Normalizer(style="fox")
    with pytest.raises(TypeError):
        Normalizer(style=None)  # type: ignore[arg-type]


def test_a_style_needs_the_builtin_tables(tmp_path: Path):
    t = tmp_path / "t.toml"
    t.write_text('[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kiev"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="layer over the built-in tables"):
        Normalizer(tables=[t], builtin=False, style="bbc")
    assert Normalizer(tables=[t], builtin=False).normalize("Kiev") == "Kyiv"  # the default changes nothing


def test_a_style_skips_the_entities_left_out():
    n = Normalizer(style="bbc", leave_out=["world"], context=())
    assert n.normalize("Zelenskyy and Qaddafi") == "Zelensky and Qaddafi"


def test_style_then_user_tables(tmp_path: Path):
    """The style applies after the built-in tables and before the given ones: a user table sees
    the style's canonicals (and can change them again)."""
    t = tmp_path / "house.toml"
    t.write_text('[table]\nname = "house"\n\n[[extend]]\nentity = "Zelensky"\ncanonical = "Selenskyj"\n',
                 encoding="utf-8")
    n = Normalizer(tables=[t], style="bbc", context=())
    assert [x.name for x in n.tables][-2:] == ["style-bbc", "house"]
    assert n.normalize("Zelenskyy, Zelensky and Zelenskiy") == "Selenskyj, Selenskyj and Selenskyj"
    with pytest.raises(ValueError, match="no earlier table defines this entity"):
        Normalizer(tables=[t], context=())  # under ap there is no entity "Zelensky"


def test_a_house_profile_is_a_table(tmp_path: Path):
    t = tmp_path / "house.toml"
    t.write_text('[table]\nname = "house"\n\n[[extend]]\nentity = "Kim Jong Un"\ncanonical = "Kim Jong-un"\n',
                 encoding="utf-8")
    assert Normalizer(tables=[t], context=()).normalize("Kim Jong Un") == "Kim Jong-un"


def test_pickling_keeps_the_style(styled):
    for style in STYLES:
        n = pickle.loads(pickle.dumps(styled[style]))
        assert n.style == style and n.normalize(SENTENCE) == EXPECTED[style]
    n = Normalizer(style="nyt", format="markdown", context=())
    back = pickle.loads(pickle.dumps(n))
    assert (back.style, back.format) == ("nyt", "markdown")
    assert n.with_options(format="text").style == "nyt"


def test_two_styles_in_one_process_do_not_share_a_compiled_table(styled):
    assert len({id(n.matcher) for n in styled.values()}) == len(STYLES)
    assert styled["bbc"].normalize("Zelenskyy") != styled["reuters"].normalize("Zelenskyy")
    assert Normalizer(style="reuters", context=()).normalize("Zelenskyy") == "Zelenskiy"
    assert Normalizer(style="bbc", context=()).normalize("Zelenskyy") == "Zelensky"


def test_the_style_is_in_the_cache_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from normalize import normalizer as nm

    monkeypatch.setenv("TRANSLIT_NORMALIZE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(nm, "_compiled", {})
    a = Normalizer(style="guardian", context=()).normalize("Zelensky and Qaddafi")
    monkeypatch.setattr(nm, "_compiled", {})  # from the disk cache now
    b = Normalizer(style="nyt", context=()).normalize("Zelensky and Qaddafi")
    monkeypatch.setattr(nm, "_compiled", {})
    c = Normalizer(style="guardian", context=()).normalize("Zelensky and Qaddafi")
    assert (a, b, c) == ("Zelenskyy and Gaddafi", "Zelensky and Qaddafi", "Zelenskyy and Gaddafi")


def test_style_files_ship_with_the_tables():
    d = tables_dir()
    assert d is not None
    assert sorted(p.stem for p in (d / "styles").glob("*.toml")) == list(STYLES)
    assert (d / "styles" / "STYLES.md").is_file()


def test_every_style_item_has_its_evidence():
    d = tables_dir()
    assert d is not None
    for style in STYLES:
        lines = (d / "styles" / f"{style}.toml").read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.strip() == "[[extend]]":
                assert lines[i - 1].startswith(("# usage:", "# guide:")), f"{style}.toml:{i + 1}"


# --- the command line and the configuration -----------------------------------------------------

def test_cli_style_option():
    code, out, err = _run(["--isolated", "--context", "none", "--style", "bbc"], "Zelenskyy in Kiev\n")
    assert (code, out) == (0, "Zelensky in Kyiv\n")


def test_cli_unknown_style_is_one_line_exit_2():
    code, out, err = _run(["--isolated", "--style", "fox"])
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith(f"{PROG}: error: ")
    assert "unknown style 'fox' (known: ap, bbc, guardian, nyt, reuters)" in err


def test_cli_style_with_no_builtin_is_one_line_exit_2(tmp_path: Path):
    t = tmp_path / "t.toml"
    t.write_text('[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kiev"]\n', encoding="utf-8")
    code, out, err = _run(["--isolated", "--no-builtin", "--table", str(t), "--style", "nyt"])
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and "built-in tables" in err


def test_config_style(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".translit-normalize.toml").write_text('style = "reuters"\ncontext = false\n', encoding="utf-8")
    assert _run([], "Zelenskyy\n")[:2] == (0, "Zelenskiy\n")
    assert _run(["--style", "ap"], "Zelensky\n")[:2] == (0, "Zelenskyy\n")  # the option wins


@pytest.mark.parametrize("value", ['"fox"', "1", '["bbc"]', '"BBC"'])
def test_config_unknown_style_is_one_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".translit-normalize.toml").write_text(f"style = {value}\n", encoding="utf-8")
    code, out, err = _run([])
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "style: unknown style" in err and "(known: ap, bbc, guardian, nyt, reuters)" in err
