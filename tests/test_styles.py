"""House styles (issue 13, point 2): built-in style profiles as layers over the built-in tables,
the default ("ap") equal to the built-ins, and how they are chosen (API, CLI, configuration)."""

from __future__ import annotations

import pickle
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from normalize import Normalizer, parse_table
from normalize.cli.command import main
from normalize.engine import rewrite, trie
from normalize.engine.regions import ScanState, find_regions, in_protected_token
from normalize.engine.resolve import SENTENCE_REACH, recase, starts_sentence, transfer_whitespace
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
    assert default.matcher.patterns == styled["ap"].matcher.patterns  # the ap layer changes nothing
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


# --- a canonical that starts in lower case ------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Officials said Al Qaeda had cells", "Officials said al-Qaida had cells"),
    ("Officials said Al-Qaeda, AL QAEDA and al Qaeda", "Officials said al-Qaida, AL-QAIDA and al-Qaida"),
    ("Officials said Al-Qaida had cells", "Officials said al-Qaida had cells"),  # the canonical capitalised
    ("Officials said al-Qaida had cells", "Officials said al-Qaida had cells"),
    ("Al Qaeda claimed it.", "Al-Qaida claimed it."),
    ("Al-Qaida claimed it.", "Al-Qaida claimed it."),
    ("It was over. Al Qaeda claimed it.", "It was over. Al-Qaida claimed it."),
    ("Over? Al Qaeda said no! Al Qaeda said yes.", "Over? Al-Qaida said no! Al-Qaida said yes."),
    ('He said: "It is over." Al Qaeda denied it.', 'He said: "It is over." Al-Qaida denied it.'),
    ('"Al Qaeda is back," he said.', '"Al-Qaida is back," he said.'),
    ("(Al Qaeda denied it.)", "(Al-Qaida denied it.)"),
    ("the cells of Al Qaeda (and Al Qaeda's allies)", "the cells of al-Qaida (and al-Qaida's allies)"),
    ("# Al Qaeda returns\n\nAl Qaeda is back; so is Al Qaeda.",
     "# Al-Qaida returns\n\nAl-Qaida is back; so is al-Qaida."),
    ("## Inside Al Qaeda", "## Inside al-Qaida"),
    ("- Al Qaeda\n* Al Qaeda\n> Al Qaeda\n| Al Qaeda |", "- Al-Qaida\n* Al-Qaida\n> Al-Qaida\n| Al-Qaida |"),
    ("groups - Al Qaeda and others", "groups - al-Qaida and others"),
    ("Officials said Bin Laden and Osama Bin Laden", "Officials said bin Laden and Osama bin Laden"),
    ("Bin Laden was killed.", "Bin Laden was killed."),
])
def test_lower_case_canonical(text, expected):
    n = Normalizer(context=())
    assert n.normalize(text) == expected
    assert n.apply(text, n.find(text)) == expected
    assert n.normalize(expected) == expected  # idempotent
    assert "".join(n.normalize_stream(iter(text))) == expected


def test_lower_case_canonical_with_context_on():
    assert Normalizer().normalize("Officials said Al Qaeda had cells in the region.") == \
        "Officials said al-Qaida had cells in the region."


def test_lower_case_canonical_of_a_style():
    reuters = Normalizer(style="reuters", context=())
    assert reuters.normalize("Officials said Al-Qaida had cells. Al-Qaida denied it.") == \
        "Officials said al Qaeda had cells. Al Qaeda denied it."
    nyt = Normalizer(style="nyt", context=())  # a capitalised canonical is always capitalised
    assert nyt.normalize("Officials said al-Qaida had cells.") == "Officials said Al Qaeda had cells."


def test_lower_case_canonical_markdown_heading():
    n = Normalizer(format="markdown", context=())
    assert n.normalize("# Al Qaeda returns\n\nOfficials said Al Qaeda had cells.\n") == \
        "# Al-Qaida returns\n\nOfficials said al-Qaida had cells.\n"


@pytest.mark.parametrize(("text", "pos", "expected"), [
    ("x", 0, True), ("a. x", 3, True), ("a x", 2, False), ("a\nx", 2, True), ("a.) x", 4, True),
    ('a." x', 4, True), ("a, 'x", 4, False), ("a, \u201cx", 4, True), ("## x", 3, True), ("a # x", 4, False),
    ("  - x", 4, True), ("a - x", 4, False), ("a | x", 4, True), ("a\u2026 x", 3, True),
    ("a" + " " * SENTENCE_REACH + "x", SENTENCE_REACH + 1, True),  # beyond reach: a capital stays
    ("a" + " " * (SENTENCE_REACH - 1) + "x", SENTENCE_REACH, False),
])
def test_starts_sentence(text, pos, expected):
    assert starts_sentence(text, pos) is expected
    assert recase(text, pos, "al-Qaida") == ("Al-Qaida" if expected else "al-Qaida")


SMALL = parse_table("""
[table]
name = "small"

[[entity]]
canonical = "al-Qaida"
variants = ["al Qaeda", "Al Qaeda", "al-Qaeda"]

[[entity]]
canonical = "de Gaulle"
variants = ["de Gaul"]

[[entity]]
canonical = "Kyiv"
variants = ["Kiev"]
""", "small.toml")

PIECES = ["Al Qaeda", "Al-Qaida", "al Qaeda", "AL-QAEDA", "al-Qaida", "De Gaul", "De Gaulle", "de Gaul", "Kiev",
          " ", "  ", "\n", "\n\n", ".", ". ", "!", "?", "\"", "'", "(", ")", "# ", "- ", "| ", "*", "x", "said", ",",
          "Al\nQaeda", "\u00a0"]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _replace(backend: str, n: Normalizer, text: str) -> str:
    m = n.matcher
    t = trie.build(m.patterns, m.flags, backend)
    regions, _ = find_regions(text, 0, len(text), ScanState(), False, 1 << 20)
    out, _ = t.replace(text, 0, len(text), in_protected_token, regions.overlaps, [None] * len(m.patterns),
                       m.replacement, transfer_whitespace, recase)
    return out


@pytest.fixture(scope="module")
def small() -> Normalizer:
    return Normalizer(tables=[SMALL], builtin=False, context=())


@pytest.mark.skipif(trie.BACKEND != "c", reason="the C trie is not built here")
@given(texts)
def test_both_backends_recase_alike(small, text):
    expected = small.apply(text, small.find(text))  # the Python resolve path
    assert _replace("c", small, text) == expected
    assert _replace("python", small, text) == expected
    assert small.normalize(text) == expected


@given(texts)
def test_python_backend_recases(small, text):
    assert _replace("python", small, text) == small.apply(text, small.find(text))


@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join), st.integers(1, 16), st.integers(1, 96))
def test_lower_case_stream_equals_whole(small, text, size, block):
    whole = small.normalize(text)
    chunks = [text[i:i + size] for i in range(0, len(text), size)]
    with mock.patch.object(rewrite, "BLOCK", block):
        assert "".join(small.normalize_stream(chunks)) == whole
        found = list(small.find_stream(chunks))
    assert [(m.start, m.replacement) for m in found] == [(m.start, m.replacement) for m in small.find(text)]
    assert small.normalize(whole) == whole  # idempotent


def test_lower_case_match_reports_the_place(small):
    text = "Al Qaeda said. Then Al Qaeda said"
    assert [(m.start, m.found, m.replacement) for m in small.find(text)] == [
        (0, "Al Qaeda", "Al-Qaida"), (20, "Al Qaeda", "al-Qaida")]
    assert small.normalize("De Gaul and De Gaulle met. De Gaulle left.") == \
        "De Gaulle and de Gaulle met. De Gaulle left."
