"""The context stage (issue 11): the language of each passage, mentions, the target language.

Examples for each rule and its off switch, the reasons that ``kept()`` gives, and the
invariants with context on: idempotence, bytes outside rewrites kept, stream == whole text
for any chunking, find/normalize agreement, and a passage in another language unchanged.
"""

from __future__ import annotations

import pickle

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from normalize import Kept, Normalizer
from normalize.cli.command import main
from normalize.context import REACH, RULES
from normalize.context.language import first_stage, identify
from normalize.context.passage import sentence

from .strategies import assert_stream_agrees, chunked


@pytest.fixture(scope="module")
def n() -> Normalizer:
    return Normalizer()


@pytest.fixture(scope="module")
def bare() -> Normalizer:
    return Normalizer(context=())


# --- the language of the passage --------------------------------------------------------------

OTHER_LANGUAGE = [
    ("de", "Präsident Wolodymyr Selenskyj reist von Kiew über Charkiw nach Odessa, bevor er in Moskau ankommt."),
    ("fr", "Le président Zelensky est arrivé à Kiev lundi pour une visite de deux jours."),
    ("pl", "Prezydent Zełenski przyjechał do Kijowa, gdzie spotkał się z premierem."),
    ("it", "Il presidente Zelensky è arrivato a Kiev per incontrare il governo."),
    ("es", "El presidente Zelenski viajó a Kiev y después a Járkov para reunirse con los soldados."),
    ("nl", "De president Zelensky is maandag in Kiev aangekomen voor een bezoek van twee dagen."),
]


@pytest.mark.parametrize(("lang", "text"), OTHER_LANGUAGE, ids=[lang for lang, _ in OTHER_LANGUAGE])
def test_a_passage_in_another_language_is_left_as_written(n: Normalizer, bare: Normalizer, lang: str, text: str):
    assert bare.normalize(text) != text  # the tables do hold these spellings
    assert n.normalize(text) == text
    kept = n.kept(text)
    assert kept and all(k.reason == "other-language" and k.detail.startswith(lang) for k in kept)


def test_english_around_it_is_still_rewritten(n: Normalizer):
    text = ("Le président Zelensky est arrivé à Kiev lundi pour une visite de deux jours. "
            "Zelensky later said that Kiev would hold.")
    assert n.normalize(text) == ("Le président Zelensky est arrivé à Kiev lundi pour une visite de deux jours. "
                                 "Zelenskyy later said that Kyiv would hold.")


def test_a_quotation_in_another_language_is_its_own_passage(n: Normalizer):
    text = "The Warsaw daily's headline read \"Zełenski w Kijowie\", a day after Zelensky arrived in Kiev."
    assert n.normalize(text) == ("The Warsaw daily's headline read \"Zełenski w Kijowie\", a day after "
                                 "Zelenskyy arrived in Kyiv.")
    [k] = n.kept(text)
    assert (k.match.found, k.reason) == ("Zełenski", "other-language")


@pytest.mark.parametrize("text", ["Kiev", "Kiev\n", "Zelensky in Kiev", "KIEV!", "Kiev, Odessa"])
def test_text_too_short_to_tell_is_the_target_language(n: Normalizer, bare: Normalizer, text: str):
    assert n.normalize(text) == bare.normalize(text) != text


def test_first_stage_settles_plain_sentences_and_leaves_names_out():
    assert first_stage("der präsident ist nicht in der stadt".split()) == "de"
    assert first_stage("the president was not in the city".split()) == "en"
    assert first_stage(["kiev"]) is None
    assert identify("Zelensky Kiev Odessa") == (None, "short")  # capitalised words say nothing


# --- mentions --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "found", "detail"), [
    ("Kyiv (formerly Kiev) is the capital.", "Kiev", "after 'formerly'"),
    ('Should we write "Kharkov" or "Kharkiv"?', "Kharkov", "beside 'Kharkiv'"),
    ("The city, also spelled Kharkov in older maps, lies in the east.", "Kharkov", "after 'also spelled'"),
    ("Kiev vs. Kyiv: why the spelling matters.", "Kiev", "beside 'Kyiv'"),
    ("The city was called Dnepropetrovsk until 2016.", "Dnepropetrovsk", "after 'was called'"),
])
def test_a_spelling_being_talked_about_is_kept(n: Normalizer, text: str, found: str, detail: str):
    assert n.normalize(text) == text
    kept = [k for k in n.kept(text) if k.match.found == found]
    assert kept and kept[0].reason == "mention" and kept[0].detail == detail


def test_a_list_of_spellings_of_one_name_is_kept(n: Normalizer):
    text = "Maps of the era show Kiev, Kiew and Kyiv side by side."
    assert n.normalize(text) == text
    assert {k.match.found for k in n.kept(text)} == {"Kiev", "Kiew"}


def test_one_spelling_twice_is_not_a_comparison(n: Normalizer):
    assert n.normalize("Kiev said Kiev would hold.") == "Kyiv said Kyiv would hold."


def test_the_comparison_ends_with_the_sentence(n: Normalizer):
    assert n.normalize("Kyiv is the capital. Zelensky flew to Kiev.") == "Kyiv is the capital. Zelenskyy flew to Kyiv."


def test_a_long_stretch_without_a_stop_is_no_passage(n: Normalizer, bare: Normalizer):
    text = "Kiev Kyiv " + "x " * REACH + "Kiev"
    assert sentence(text, 0, 4) is None
    assert n.normalize(text) == bare.normalize(text)


# --- switches, reasons, the target language ----------------------------------------------------

def test_each_rule_has_an_off_switch():
    text = "Kyiv (formerly Kiev). Le président Zelensky est arrivé à Kiev lundi pour une visite."
    assert Normalizer(context=()).normalize(text) == ("Kyiv (formerly Kyiv). Le président Zelenskyy est arrivé à "
                                                      "Kyiv lundi pour une visite.")
    assert Normalizer(context=("language",)).normalize(text).startswith("Kyiv (formerly Kyiv).")
    mention_only = Normalizer(context=("mention",)).normalize(text)
    assert mention_only.endswith("Zelenskyy est arrivé à Kyiv lundi pour une visite.")
    assert Normalizer().normalize(text) == text
    assert Normalizer().context == RULES


def test_bad_options_are_errors():
    with pytest.raises(ValueError, match="unknown context rule 'namesakes'"):
        Normalizer(context=("namesakes",))
    with pytest.raises(ValueError, match="two-letter ISO 639-1"):
        Normalizer(lang="German")
    with pytest.raises(TypeError):
        Normalizer(context=(1,))  # type: ignore[arg-type]


def test_kept_reasons_serialize_and_find_is_unchanged(n: Normalizer):
    text = "Kyiv (formerly Kiev) is large. Zelensky spoke."
    [k] = n.kept(text)
    assert isinstance(k, Kept)
    d = k.to_dict()
    assert d["reason"] == "mention" and d["match"]["found"] == "Kiev" and d["match"]["start"] == 15
    assert [m.found for m in n.find(text)] == ["Zelensky"]
    assert Normalizer(context=()).kept(text) == []


def test_target_language_german():
    de = Normalizer(lang="de")
    text = ("Präsident Zelensky reist von Kyiv über Kharkiv nach Odesa, sagte die Regierung. "
            "Zelensky said Kiev would hold.")
    assert de.normalize(text) == ("Präsident Selenskyj reist von Kiew über Charkiw nach Odessa, sagte die Regierung. "
                                  "Zelensky said Kiev would hold.")
    assert de.lang == "de"
    assert pickle.loads(pickle.dumps(de)).normalize(text) == de.normalize(text)


def test_with_options_keeps_the_context():
    n = Normalizer(lang="de", context=("mention",))
    m = n.with_options(markdown=True)
    assert (m.lang, m.context) == ("de", ("mention",))


# --- properties with context on ----------------------------------------------------------------

_PIECES = ["Kiev", "Kyiv", "Kiew", "Zelensky", "Zelenskyy", "Selenskyj", "Odessa", "Kharkov", "(formerly ",
           ") ", "\"", "«", "»", "„", "“", ". ", "? ", "\n", "\n\n", " ", ", ", "- ", "| ", "<li>", "the ",
           "city ", "said ", "would ", "der ", "die ", "und ", "nicht ", "le ", "les ", "est ", "dans ", "w ",
           "się ", "jest ", "also spelled ", "was called ", "vs. ", "Mr. "]
texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)), max_size=40).map("".join)


@given(texts)
def test_idempotent_with_context(n: Normalizer, text: str):
    once = n.normalize(text)
    assert n.normalize(once) == once


@given(texts)
def test_find_and_normalize_agree_with_context(n: Normalizer, text: str):
    assert n.apply(text, n.find(text)) == n.normalize(text)


@given(texts)
def test_bytes_outside_rewrites_are_kept_with_context(n: Normalizer, text: str):
    out, pos, pieces = n.normalize(text), 0, []
    for m in n.find(text):
        pieces.append(text[pos:m.start])
        pieces.append(m.replacement)
        pos = m.end
    pieces.append(text[pos:])
    assert "".join(pieces) == out


@given(st.lists(st.sampled_from(_PIECES + ["x" * 97, "Kyiv is here. " * 20]), max_size=60).map("".join),
       st.lists(st.integers(min_value=1, max_value=700), min_size=1, max_size=8))
def test_stream_equals_whole_text_with_context(n: Normalizer, text: str, sizes: list[int]):
    chunks = chunked(text, sizes)
    assert_stream_agrees(n, text, chunks)


_GERMAN = ["der", "die", "und", "nicht", "mit", "von", "auf", "für", "wird", "sagte", "nach", "bei", "über"]
_FRENCH = ["le", "les", "et", "est", "dans", "pour", "sur", "qui", "avec", "mais", "selon", "après"]
_NAMES = ["Kiew", "Selenskyj", "Charkiw", "Odessa", "Kiev", "Zelensky", "Moskau", "Kharkov"]


@given(st.sampled_from([_GERMAN, _FRENCH]),
       st.lists(st.tuples(st.booleans(), st.integers(min_value=0, max_value=20)), min_size=6, max_size=20))
def test_a_passage_in_another_language_comes_out_unchanged(n: Normalizer, words: list[str],
                                                           picks: list[tuple[bool, int]]):
    parts = [(_NAMES[i % len(_NAMES)] if name else words[i % len(words)]) for name, i in picks]
    if len({i % len(words) for name, i in picks if not name}) < 4:  # four different words tell a language
        parts += words[:4]
    text = " ".join(parts).capitalize() + "."
    assert n.normalize(text) == text


# --- the command -----------------------------------------------------------------------------

def _run(*args: str, stdin: str = "") -> tuple[int, str, str]:
    r = CliRunner().invoke(main, ["--isolated", *args], input=stdin)
    return r.exit_code, r.stdout, r.stderr


def test_cli_target_language_and_switches():
    text = "Kyiv (formerly Kiev). Le président Zelensky est arrivé à Kiev lundi pour une visite.\n"
    assert _run(stdin=text)[1] == text
    assert _run("--no-context", stdin=text)[1] == ("Kyiv (formerly Kyiv). Le président Zelenskyy est arrivé à "
                                                  "Kyiv lundi pour une visite.\n")
    assert _run("--context", "language", stdin=text)[1].startswith("Kyiv (formerly Kyiv).")
    assert _run("--target-lang", "de", stdin="Präsident Zelensky reist nach Kyiv und sagte nichts.\n")[1] == \
        "Präsident Selenskyj reist nach Kiew und sagte nichts.\n"
    assert _run(stdin="Kiev\n")[1] == "Kyiv\n"


@pytest.mark.parametrize("args", [["--context", "namesakes"], ["--target-lang", "deu"],
                                  ["--context", "mention", "--no-context"]])
def test_cli_bad_context_options_exit_2(args: list[str]):
    code, out, err = _run(*args, stdin="Kiev\n")
    assert code == 2 and out == ""


def test_config_keys(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".translit-normalize.toml").write_text('target-lang = "de"\ncontext = false\n', encoding="utf-8")
    r = CliRunner().invoke(main, [], input="Kyiv (formerly Kiev).\n")
    assert r.stdout == "Kiew (formerly Kiew).\n"
    (tmp_path / ".translit-normalize.toml").write_text('context = ["nonsense"]\n', encoding="utf-8")
    r = CliRunner().invoke(main, [], input="Kiev\n")
    assert r.exit_code == 2 and "context" in r.stderr
