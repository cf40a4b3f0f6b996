"""Scheme tables (tables/schemes/*.toml) and the variant generator (normalize.rules.schemes)."""

from __future__ import annotations

import textwrap
import tomllib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.rules import schemes
from normalize.rules.schemes import SchemeError, generate, systems, transliterate

DATA = Path(__file__).parent / "data"
LANGS = ("uk", "ru", "be", "bg", "sr")


def _is_cyrillic(ch: str) -> bool:
    return "CYRILLIC" in unicodedata.name(ch, "")


# ---------------------------------------------------------------------------------------------
# Section 1 of the reference: where the common spellings of Зеленський come from.
# Each spelling must be generated, and by (at least) the systems named.
# ---------------------------------------------------------------------------------------------

ZELENSKYI_UK = [
    ("Zelenskyi", {"kmu2010", "bgn-pcgn", "ungegn-2012", "ala-lc-plain", "icao"}),
    ("Zelenskyy", {"bgn-pcgn-1965-plain"}),
    ("Zelens’kyy", {"bgn-pcgn-1965"}),
    ("Zelensky", {"ala-lc-modified", "press-en", "fr"}),
    ("Zelenskyj", {"cs"}),
    ("Zelensʹkyj", {"scholarly"}),
    ("Zelens'kyj", {"it"}),
    ("Zelensʹkyi", {"ala-lc-prime"}),
    ("Zelens’kyi", {"national-1996"}),
    ("Zelensʹkyĭ", {"ala-lc"}),
    ("Zelensʹkij", {"iso9"}),
    ("Zelensjkyj", {"dstu-9112-a", "dstu-9112-b"}),
    ("Selenskyj", {"de"}),
    ("Zełenśkyj", {"pl"}),
    ("Zełenski", {"pl-press"}),
    ("Zelenski", {"es"}),
]

ZELENSKII_RU = [
    ("Zelensky", {"press-en"}),
    ("Zelenskiy", {"bgn-pcgn", "bgn-pcgn-plain", "mvd-310", "gost-52290"}),
    ("Zelenskii", {"icao-2013", "gost-52535", "ala-lc-plain"}),
    ("Zelenskij", {"iso9", "gost-7-79-a", "scholarly", "cs", "it"}),
    ("Selenski", {"de"}),
    ("Zelenski", {"es"}),
]


@pytest.mark.parametrize(("spelling", "expected"), ZELENSKYI_UK)
def test_section1_ukrainian_form(spelling: str, expected: set[str]) -> None:
    got = generate("Зеленський", "uk")
    assert spelling in got, sorted(got)
    assert expected <= set(got[spelling]), got[spelling]


@pytest.mark.parametrize(("spelling", "expected"), ZELENSKII_RU)
def test_section1_russian_form(spelling: str, expected: set[str]) -> None:
    got = generate("Зеленский", "ru")
    assert spelling in got, sorted(got)
    assert expected <= set(got[spelling]), got[spelling]


def test_generate_shape() -> None:
    got = generate("Зеленський", "uk")
    assert list(got) == sorted(got)
    for spelling, ids in got.items():
        assert ids == tuple(sorted(ids))
        for sid in ids:
            assert transliterate("Зеленський", "uk", sid) == spelling
    # every system contributes exactly once
    assert sorted(s for ids in got.values() for s in ids) == sorted(systems("uk"))
    # the result is a fresh dict: mutating it does not poison the cache
    got.clear()
    assert generate("Зеленський", "uk")


# ---------------------------------------------------------------------------------------------
# Context rules, one test each (facts from sections 2-4 of the reference).
# ---------------------------------------------------------------------------------------------

CONTEXT_CASES = [
    # KMU 2010: word-initial y- forms, ie/i/iu/ia elsewhere
    ("uk", "kmu2010", "Єнакієве", "Yenakiieve"),
    ("uk", "kmu2010", "Гаєвич", "Haievych"),
    ("uk", "kmu2010", "Їжакевич", "Yizhakevych"),
    ("uk", "kmu2010", "Кадиївка", "Kadyivka"),
    ("uk", "kmu2010", "Йосипівка", "Yosypivka"),
    ("uk", "kmu2010", "Стрий", "Stryi"),
    ("uk", "kmu2010", "Юрій", "Yurii"),
    ("uk", "kmu2010", "Корюківка", "Koriukivka"),
    ("uk", "kmu2010", "Яготин", "Yahotyn"),
    ("uk", "kmu2010", "Костянтин", "Kostiantyn"),
    # KMU: зг -> zgh
    ("uk", "kmu2010", "Згорани", "Zghorany"),
    ("uk", "kmu2010", "Розгон", "Rozghon"),
    # KMU: ь and the apostrophe not written; a letter after the apostrophe is not initial
    ("uk", "kmu2010", "Знам'янка", "Znamianka"),
    ("uk", "kmu2010", "Знам’янка", "Znamianka"),
    ("uk", "kmu2010", "Знамʼянка", "Znamianka"),
    ("uk", "kmu2010", "Мар'їне", "Marine"),
    ("uk", "kmu2010", "Короп'є", "Koropie"),
    # KMU: doubled letters stay doubled; hyphen is a word boundary
    ("uk", "kmu2010", "Запоріжжя", "Zaporizhzhia"),
    ("uk", "kmu2010", "Закарпаття", "Zakarpattia"),
    ("uk", "kmu2010", "Нова-Ярославка", "Nova-Yaroslavka"),
    # KMU -ий/-ій endings: no special rule
    ("uk", "kmu2010", "Олексій", "Oleksii"),
    ("uk", "kmu2010", "Альона", "Alona"),
    ("uk", "wikipedia-en", "Альона", "Aliona"),
    # BGN/PCGN 1965: no positional forms; ’ for ь, ” for the apostrophe; -ий -> -yy
    ("uk", "bgn-pcgn-1965", "Загір'я", "Zahir”ya"),
    ("uk", "bgn-pcgn-1965", "З'єднувальний", "Z”yednuval’nyy"),
    ("uk", "bgn-pcgn-1965", "Київ", "Kyyiv"),
    ("uk", "bgn-pcgn-1965", "Юлія", "Yuliya"),
    ("uk", "bgn-pcgn-1965", "Олексій", "Oleksiy"),
    ("uk", "bgn-pcgn-1965-plain", "Залужний", "Zaluzhnyy"),
    # English press: -ий -> -y, -ій -> -iy
    ("uk", "press-en", "Залужний", "Zaluzhny"),
    ("uk", "press-en", "Андрій", "Andriy"),
    ("uk", "press-en", "Запоріжжя", "Zaporizhia"),
    # Modified LC: -ий -> -y, initial Ye-
    ("uk", "ala-lc-modified", "Грушевський", "Hrushevsky"),
    ("uk", "ala-lc-modified", "Євген", "Yevhen"),
    # Passport 2007: г -> g, no initial forms
    ("uk", "passport-2007", "Юлія", "Iuliia"),
    ("uk", "passport-2007", "Євген", "Ievgen"),
    ("uk", "passport-2007", "Чернігів", "Chernigiv"),
    # DSTU 9112: й after a consonant -> 'j, apostrophe kept
    ("uk", "dstu-9112-a", "підйом", "pid'jom"),
    # German: ss between vowels; ж -> sch; -ий -> -yj
    ("uk", "de", "Запоріжжя", "Saporischschja"),
    ("uk", "de", "Залужний", "Saluschnyj"),
    ("uk", "de", "Олексій", "Oleksij"),
    ("uk", "de", "Одеса", "Odessa"),
    # French: є -> ie initially; -ий final: й not written; -ій -> -iy; й -> ï elsewhere
    ("uk", "fr", "Євдокія", "Ievdokia"),
    ("uk", "fr", "Анатолій", "Anatoliy"),
    ("uk", "fr", "Михайло", "Mykhaïlo"),
    ("uk", "fr", "Зеленський", "Zelensky"),
    ("uk", "fr-press", "Запоріжжя", "Zaporijia"),
    # Polish: ł except before я є ю і ї ь; сь -> ś; є/я/ю forms
    ("uk", "pl", "Львів", "Lwiw"),
    ("uk", "pl", "Леся", "Łesia"),
    ("uk", "pl", "орел", "oreł"),
    ("uk", "pl", "Зеленський", "Zełenśkyj"),
    ("uk", "pl", "Білозерське", "Biłozerśke"),
    ("uk", "pl", "Залужний", "Załużnyj"),
    ("uk", "pl-press", "Залужний", "Załużny"),
    # Czech: ď ť ň before я ю ь
    ("uk", "cs", "Гадяч", "Haďač"),
    ("uk", "cs", "Бершадь", "Beršaď"),
    # Russian BGN/PCGN: ye after vowels and ъ ь; ë
    ("ru", "bgn-pcgn", "Алексеев", "Alekseyev"),
    ("ru", "bgn-pcgn", "Майер", "Mayyer"),
    ("ru", "bgn-pcgn", "Навальный", "Naval’nyy"),
    ("ru", "bgn-pcgn", "Ёлкин", "Yëlkin"),
    ("ru", "bgn-pcgn-plain", "Навальный", "Navalnyy"),
    # English Wikipedia: e after й, y for ь/ъ before а и о у ы э, -ий -> -y
    ("ru", "press-en", "Майер", "Mayer"),
    ("ru", "press-en", "Ильич", "Ilyich"),
    ("ru", "press-en", "Ильинский", "Ilyinsky"),
    ("ru", "press-en", "Юрий", "Yury"),
    # ICAO: ъ -> ie
    ("ru", "icao-2013", "подъезд", "podieezd"),
    ("ru", "icao-2013", "Юрий", "Iurii"),
    # MVD 310: ье -> ye
    ("ru", "mvd-310", "Юрьев", "Yuryev"),
    # German
    ("ru", "de", "Ельцин", "Jelzin"),
    ("ru", "de", "Горький", "Gorki"),
    ("ru", "de", "Андрей", "Andrei"),
    ("ru", "de", "Чуйков", "Tschuikow"),
    ("ru", "de", "Новороссийск", "Noworossijsk"),
    ("ru", "de", "Навальный", "Nawalny"),
    ("ru", "de-duden", "Алексей", "Alexei"),
    # French
    ("ru", "fr", "Дудаев", "Doudaïev"),
    ("ru", "fr", "Екатеринбург", "Iekaterinbourg"),
    ("ru", "fr", "Васильев", "Vassiliev"),
    ("ru", "fr", "Михаил", "Mikhaïl"),
    ("ru", "fr", "Сергей", "Sergueï"),
    ("ru", "fr", "Путин", "Poutine"),
    # Polish
    ("ru", "pl", "Песков", "Pieskow"),
    ("ru", "pl", "Медведев", "Miedwiediew"),
    ("ru", "pl", "Пригожин", "Prigożyn"),
    # Czech
    ("ru", "cs", "Медведев", "Medveděv"),
    ("ru", "cs", "Тургенев", "Turgeněv"),
    ("ru", "cs", "Володя", "Voloďa"),
    ("ru", "cs", "шёлк", "šolk"),
    ("ru", "cs", "Ильич", "Iljič"),
    # Spanish
    ("ru", "es", "Пугачёв", "Pugachov"),
    ("ru", "es", "Орёл", "Oryol"),
    ("ru", "es", "Алтай", "Altay"),
    ("ru", "es", "Мария", "Maria"),
    # GOST 7.79 B: ц -> c before Latin e i y j, cz elsewhere
    ("ru", "gost-7-79-b", "Цыганов", "Cy`ganov"),
    ("ru", "gost-7-79-b", "Царёв", "Czaryov"),
    ("ru", "gost-7-79-b", "Дацюк", "Dacyuk"),
    # GOST R 52290 / MVD 782: ye after consonants for ё, e after ж ч ш щ
    ("ru", "gost-52290", "Королёв", "Korolyev"),
    ("ru", "gost-52290", "Горбачёв", "Gorbachev"),
    ("ru", "gost-52290", "Соловьёв", "Solovyov"),
    ("ru", "mvd-782", "Ильич", "Ilyich"),
    # BS 2979: -ий -> -y
    ("ru", "bs-2979", "Горький", "Gorʹky"),
    # MVD 310 French style: gue/gui, кс -> x, -ин -> -ine
    ("ru", "mvd-310-fr", "Евгений", "Evguenii"),
    ("ru", "mvd-310-fr", "Александр", "Alexandr"),
    ("ru", "mvd-310-fr", "Путин", "Poutine"),
    # Belarusian national 2007: je/ie, jo/io, acute for зь ль нь сь ць
    ("be", "national-2007", "Гомель", "Homieĺ"),
    ("be", "national-2007", "Магілёў", "Mahilioŭ"),
    ("be", "national-2007", "Вераб'ёвічы", "Vierabjovičy"),
    ("be", "national-2007", "Любань", "Liubań"),
    ("be", "national-2007", "Ельск", "Jeĺsk"),
    ("be", "national-2007", "Ціханоўская", "Cichanoŭskaja"),
    # Belarusian national 2023: g, zh, w, ch, sh
    ("be", "national-2023", "Вераб'ёвічы", "Vierabjovichy"),
    ("be", "national-2023", "Сафіеўка", "Safijewka"),
    ("be", "national-2023", "Шаркаўшчына", "Sharkawshchyna"),
    ("be", "national-2023", "Жажэлка", "Zhazhelka"),
    # Belarusian BGN/PCGN 1979: ye everywhere, w for ў
    ("be", "bgn-pcgn", "Гомель", "Homyel’"),
    ("be", "bgn-pcgn", "Віцебск", "Vitsyebsk"),
    # Belarusian passports: ia after consonants
    ("be", "icao", "Аляксандр", "Aliaksandr"),
    ("be", "icao", "Святлана", "Sviatlana"),
    ("be", "press-en", "Ціханоўская", "Tsikhanouskaya"),
    # Polish from Belarusian: ł, l before я; a after л
    ("be", "pl", "Лукашэнка", "Łukaszenka"),
    ("be", "pl", "Аляксандр", "Alaksandr"),
    ("be", "pl-press", "Ціханоўская", "Cichanouska"),
    ("be", "cs", "Ціханоўская", "Cichanouská"),
    # Bulgarian official: -ия -> -ia at the end of a word, except the country name
    ("bg", "official-2009", "София", "Sofia"),
    ("bg", "official-2009", "България", "Bulgaria"),
    ("bg", "official-2009", "Щастлив", "Shtastliv"),
    ("bg", "official-2009", "Търново", "Tarnovo"),
    ("bg", "official-2009", "Мария Илиева", "Maria Ilieva"),
    ("bg", "iso9", "България", "Bǎlgariâ"),
    # Serbian Latin and its ASCII fallback
    ("sr", "latin", "Вучић", "Vučić"),
    ("sr", "latin", "Ђоковић", "Đoković"),
    ("sr", "latin", "Љубиша", "Ljubiša"),
    ("sr", "ascii", "Ђоковић", "Djokovic"),
]


@pytest.mark.parametrize(("lang", "system", "source", "expected"), CONTEXT_CASES)
def test_context_rule(lang: str, system: str, source: str, expected: str) -> None:
    assert transliterate(source, lang, system) == expected


# ---------------------------------------------------------------------------------------------
# Case and non-Cyrillic text
# ---------------------------------------------------------------------------------------------


def test_capitalised_digraph() -> None:
    assert transliterate("Щербина", "uk", "kmu2010") == "Shcherbyna"
    assert transliterate("Шевченко", "uk", "kmu2010") == "Shevchenko"
    assert transliterate("Жуков", "ru", "bgn-pcgn") == "Zhukov"


def test_all_caps() -> None:
    assert transliterate("ЗАПОРІЖЖЯ", "uk", "kmu2010") == "ZAPORIZHZHIA"
    assert transliterate("ЗГУРСЬКИЙ", "uk", "kmu2010") == "ZGHURSKYI"
    assert transliterate("ЩУР", "uk", "kmu2010") == "SHCHUR"


def test_multiword_and_foreign_text_kept() -> None:
    assert transliterate("Кривий Ріг", "uk", "kmu2010") == "Kryvyi Rih"
    assert transliterate("Івано-Франківськ", "uk", "kmu2010") == "Ivano-Frankivsk"
    assert transliterate("м. Київ (Kyiv), 2024!", "uk", "kmu2010") == "m. Kyiv (Kyiv), 2024!"
    # an apostrophe that is not between two letters is not the Ukrainian apostrophe
    assert transliterate("'Київ'", "uk", "kmu2010") == "'Kyiv'"


def test_decomposed_input() -> None:
    nfd = unicodedata.normalize("NFD", "Київ Йосипівка")
    assert nfd != "Київ Йосипівка"
    assert transliterate(nfd, "uk", "kmu2010") == "Kyiv Yosypivka"
    assert transliterate(unicodedata.normalize("NFD", "Пётр"), "ru", "bgn-pcgn") == "Pëtr"
    assert generate(nfd, "uk") == generate("Київ Йосипівка", "uk")
    # non-Cyrillic text keeps its own normalization form
    latin_nfd = unicodedata.normalize("NFD", "café")
    assert transliterate("Київ " + latin_nfd, "uk", "kmu2010") == "Kyiv " + latin_nfd


def test_unknown_language_and_system() -> None:
    with pytest.raises(KeyError):
        systems("xx")
    with pytest.raises(KeyError):
        transliterate("Київ", "uk", "no-such-system")


# ---------------------------------------------------------------------------------------------
# Table hygiene
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_system_covers_the_alphabet(lang: str) -> None:
    lg = schemes.language(lang)
    assert lg.order, lang
    for sid in lg.order:
        sysm = lg.systems[sid]
        missing = lg.alphabet - set(sysm.letters)
        assert not missing, (lang, sid, missing)
        for letter in lg.alphabet - {"'"}:
            out = transliterate(letter, lang, sid)
            assert not any(_is_cyrillic(c) for c in out), (lang, sid, letter, out)


@pytest.mark.parametrize("lang", LANGS)
def test_files_are_sorted_out(lang: str) -> None:
    """Every system has a name; system ids are unique lower-case slugs."""
    path = schemes.schemes_dir() / f"{lang}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for sid, raw in data["systems"].items():
        assert sid == sid.lower() and " " not in sid, sid
        assert raw.get("name"), sid


def test_languages() -> None:
    assert set(LANGS) <= set(schemes.languages())


# ---------------------------------------------------------------------------------------------
# Invariants (hypothesis)
# ---------------------------------------------------------------------------------------------


def _words(lang: str) -> st.SearchStrategy[str]:
    lg = schemes.language(lang)
    letters = sorted(lg.alphabet - {"'"})
    inner = sorted(lg.alphabet)
    signs = set(inner) - lg.vowels - lg.consonants
    first = [c for c in letters if c not in signs]
    body = letters + (["'", "’", "ʼ"] if "'" in lg.alphabet else [])

    def tidy(word: str) -> str:
        # the apostrophe only ever stands between two letters
        out: list[str] = []
        for ch in word:
            if ch in "'’ʼ" and (not out or out[-1] in "'’ʼ"):
                continue
            out.append(ch)
        while out and out[-1] in "'’ʼ":
            out.pop()
        return "".join(out)

    return st.builds(
        lambda a, b: tidy(a + b),
        st.sampled_from(first),
        st.text(alphabet=body, min_size=0, max_size=12),
    )


def _text(lang: str) -> st.SearchStrategy[str]:
    return st.lists(_words(lang), min_size=1, max_size=3).map(" ".join)


@pytest.mark.parametrize("lang", LANGS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_output_has_no_cyrillic(lang: str, data: st.DataObject) -> None:
    text = data.draw(_text(lang))
    for sid in systems(lang):
        out = transliterate(text, lang, sid)
        assert not any(_is_cyrillic(c) for c in out), (sid, text, out)
    for spelling in generate(text, lang):
        assert not any(_is_cyrillic(c) for c in spelling)


@pytest.mark.parametrize("lang", LANGS)
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_deterministic(lang: str, data: st.DataObject) -> None:
    text = data.draw(_text(lang))
    first = {sid: transliterate(text, lang, sid) for sid in systems(lang)}
    second = {sid: transliterate(text, lang, sid) for sid in systems(lang)}
    assert first == second
    schemes._generate.cache_clear()
    assert generate(text, lang) == generate(text, lang)


@pytest.mark.parametrize("lang", LANGS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_case_preserved(lang: str, data: st.DataObject) -> None:
    word = data.draw(_words(lang))
    lower = word.lower()
    title = lower[0].upper() + lower[1:]
    upper = lower.upper()
    for sid in systems(lang):
        low_out = transliterate(lower, lang, sid)
        assert low_out == low_out.lower() or not any(c.isupper() for c in low_out), (sid, lower, low_out)
        title_out = transliterate(title, lang, sid)
        # same letters, only the first letter of the word capitalised
        assert title_out.lower() == low_out.lower(), (sid, title, title_out)
        first = next((c for c in title_out if c.isalpha()), None)
        if first is not None and transliterate(lower[0], lang, sid):
            assert first.isupper(), (sid, title, title_out)
            rest = title_out[title_out.index(first) + 1 :]
            assert rest == rest.lower(), (sid, title, title_out)
        if len(lower) >= 2:
            up_out = transliterate(upper, lang, sid)
            assert up_out == up_out.upper(), (sid, upper, up_out)
            assert up_out.lower() == low_out.lower() or up_out == low_out.upper(), (sid, upper, up_out)


# ---------------------------------------------------------------------------------------------
# Malformed scheme files
# ---------------------------------------------------------------------------------------------

GOOD = """
[language]
code = "xx"
alphabet = "аб"
vowels = "а"
consonants = "б"

[systems.one]
name = "One"
letters = { "а" = "a", "б" = "b" }
"""


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "xx.toml"
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_load_good_file(tmp_path: Path) -> None:
    lg = schemes.load_file(_write(tmp_path, GOOD))
    assert lg.order == ("one",)


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ('[systems.two]\nletters = { "а" = "a" }\n', "letters missing"),
        ('[systems.two]\ninherit = "nope"\n', "unknown system"),
        ('[systems.two]\ninherit = "three"\n[systems.three]\ninherit = "two"\n', "cycle"),
        ('[systems.two]\ninherit = "one"\n[[systems.two.rules]]\nmatch = "а"\nat = "sometimes"\nto = "x"\n',
         "unknown condition"),
        ('[systems.two]\ninherit = "one"\n[[systems.two.rules]]\nmatch = "аq"\nto = "x"\n', "outside the alphabet"),
        ('[systems.two]\ninherit = "one"\n[[systems.two.rules]]\nmatch = "аб"\n', "missing 'to'"),
        ('[systems.two]\ninherit = "one"\nletters = { "а" = "б" }\n', "contains Cyrillic"),
        ('[systems.two]\ninherit = "one"\ncolour = "red"\n', "unknown keys"),
        ('[systems.two]\ninherit = "one"\ndrop_rules = ["аб"]\n', "parent lacks"),
        ('[systems.two]\ninherit = "one"\n[[systems.two.rules]]\nmatch = "а"\nto = "x"\n', "belongs in letters"),
    ],
)
def test_scheme_error_names_file_system_reason(tmp_path: Path, extra: str, reason: str) -> None:
    path = _write(tmp_path, GOOD + extra)
    with pytest.raises(SchemeError) as info:
        schemes.load_file(path)
    msg = str(info.value)
    assert str(path) in msg
    assert "'two'" in msg or "'three'" in msg
    assert reason in msg
    assert isinstance(info.value, ValueError)


def test_scheme_error_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(SchemeError, match="invalid TOML"):
        schemes.load_file(_write(tmp_path, "[language\n"))


def test_scheme_error_code_mismatch(tmp_path: Path) -> None:
    with pytest.raises(SchemeError, match="does not match the file name"):
        schemes.load_file(_write(tmp_path, GOOD.replace('code = "xx"', 'code = "yy"')))


# ---------------------------------------------------------------------------------------------
# Recall on the reference's worked examples (sections 6.1-6.5 and 7)
# ---------------------------------------------------------------------------------------------

# Differences that are not spelling differences, folded before comparing:
# * apostrophe look-alikes for the soft sign / apostrophe (' ’ ʼ ʹ ′): the matcher treats them
#   as interchangeable, and translitua's ISO 9 writes ′ (U+2032) where the standard has ʹ;
# * iuliia writes Cyrillic ё (U+0451) where the standards have Latin ë (Artёmovsk, Pёtr);
# * BGN/PCGN's optional middle dot (iuliia BGN_PCGN: Ukr·energo);
# * cyrtranslit's all-caps digraphs in title case (SHojgu): case is folded.
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "ʹ": "'", "′": "'", "ё": "ë", "Ё": "Ë", "·": None})


def fold(spelling: str) -> str:
    return unicodedata.normalize("NFC", spelling).translate(_APOSTROPHES).casefold()


def recall_report() -> dict[str, tuple[int, int, list[tuple[str, str]]]]:
    """Per category (spellings, established, accented, all): (found, total, misses)."""
    data = tomllib.loads((DATA / "worked_examples.toml").read_text(encoding="utf-8"))
    out: dict[str, tuple[int, int, list[tuple[str, str]]]] = {}
    keys = ("spellings", "established", "accented", "all")
    found = dict.fromkeys(keys, 0)
    total = dict.fromkeys(keys, 0)
    misses: dict[str, list[tuple[str, str]]] = {k: [] for k in keys}
    for row in data["row"]:
        produced: set[str] = set()
        for form in row["forms"]:
            produced.update(fold(s) for s in generate(form["text"], form["lang"]))
        seen_all: set[str] = set()
        for cat in ("spellings", "established", "accented"):
            for spelling in dict.fromkeys(row.get(cat, [])):
                hit = fold(spelling) in produced
                for key in (cat, "all"):
                    if key == "all":
                        if spelling in seen_all:
                            continue
                        seen_all.add(spelling)
                    total[key] += 1
                    if hit:
                        found[key] += 1
                    else:
                        misses[key].append((row["id"], spelling))
    for k in keys:
        out[k] = (found[k], total[k], misses[k])
    return out


def test_worked_examples_recall() -> None:
    """Recall over the transliteration spellings of the worked examples."""
    report = recall_report()
    found, total, misses = report["spellings"]
    assert total > 300
    assert found / total >= 0.95, (found, total, misses)


@pytest.mark.xfail(
    reason="exonyms (Charków, Kijów, Kiew, ...), trademarks/anglicised forms and Spanish stress "
    "accents (Járkov, Medvédev) are not transliteration output: all-inclusive recall is about "
    "0.94; they belong in the entity tables as explicit variants",
    strict=True,
)
def test_worked_examples_recall_all_cells() -> None:
    """Recall over every cell of the worked examples, exonyms and accented forms included."""
    found, total, misses = recall_report()["all"]
    assert found / total >= 0.95, (found, total, misses)


# ---------------------------------------------------------------------------------------------
# False-positive guards (normalize.rules.guards, optional dependency wordfreq)
# ---------------------------------------------------------------------------------------------


def test_guards_hold_back_common_words() -> None:
    pytest.importorskip("wordfreq")
    from normalize.rules import guards

    for word in ("Don", "Bar", "Mir", "Sumy", "Poutine", "Pravda"):
        assert guards.is_common_word(word), word
    for name in ("Kyiv", "Kiew", "Zelenskyy", "Selenskyj", "Lukashenko", "Kryvyi Rih", "Zaporizhzhia"):
        assert not guards.is_common_word(name), name
    risk = guards.common_word_risk("Sumy")
    assert risk.lang == "pl" and risk.zipf >= guards.DEFAULT_THRESHOLD


def test_guard_on_generated_variants() -> None:
    pytest.importorskip("wordfreq")
    from normalize.rules import guards

    kept, dropped = guards.guard(generate("Суми", "uk"))
    assert "Sumy" in dropped and "Sumy" not in kept
    assert kept  # the other spellings stay
    # the canonical spelling is never held back
    kept, dropped = guards.guard(generate("Суми", "uk"), keep=["Sumy"])
    assert "Sumy" in kept and not dropped
    kept, dropped = guards.guard(generate("Путин", "ru"), keep=["Putin"])
    assert "Poutine" in dropped and "Putin" in kept
    kept, dropped = guards.guard(generate("Зеленський", "uk"))
    assert not dropped


def test_guard_marks_and_phrases() -> None:
    pytest.importorskip("wordfreq")
    from normalize.rules import guards

    # a spelling with a mark never collides with a plain word (wordfreq would split it)
    assert not guards.is_common_word("Il'in")
    assert not guards.is_common_word("Luc'k")
    assert guards.is_common_word("Ob")  # German "ob"
    # phrases are never held back
    assert not guards.is_common_word("Mari El")
    assert not guards.is_common_word("Ivano-Frankivsk")


def test_readme_lists_every_system() -> None:
    readme = (schemes.schemes_dir() / "README.md").read_text(encoding="utf-8")
    for lang in LANGS:
        line = next(ln for ln in readme.splitlines() if ln.startswith(f"* **{lang}**"))
        listed = tuple(part.strip(" `") for part in line.split(":", 1)[1].split(","))
        assert listed == systems(lang), lang
