"""Protected text is the token itself (issue 12, point 1): a URL, e-mail address, @handle,
#hashtag, ``::`` or dotted name, file path or IANA time-zone identifier protects its own
characters, found by its own rule, never the neighbouring word.

Engine-level tests: ``Normalizer(context=())`` (the context rules are another stage)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize import Normalizer
from normalize.engine import rewrite, trie
from normalize.engine.regions import TZ_AREAS, in_protected_token, tz_zones

ROOT = Path(__file__).resolve().parent.parent
ZONES_FILE = ROOT / "normalize" / "data" / "tz_zones.txt"


@pytest.fixture(scope="module")
def engine() -> Normalizer:
    return Normalizer(context=())


# ------------------------------------------------------------------------------ by example

PROTECTED = [
    # URLs: scheme://authority[/path?query#fragment], www. and a domain
    "https://x.org/Kiev",
    "see https://x.org/Kiev.",
    "(see https://x.org/wiki/Kiev)",
    "https://Kiev.example/news",
    "https://x.org/?city=Kiev#Odessa",
    "http://[::1]/Kiev",
    "ftp://Kiev.example",
    '<a href="https://x.org/Kiev">',
    "www.Kiev.ua",
    "WWW.KIEV.UA",
    "www.x.org/Kharkov/news",
    # e-mail addresses
    "me@Kiev.ua",
    "Kiev.Office@example.org",
    "mailto:Kiev@x.org",
    "<Odessa@port.example>",
    # handles, hashtags and fragments
    "@Kiev",
    "(@Kiev)",
    "@Kiev@mastodon.social",
    "#Kiev",
    '<a href="#Kiev-history">',
    "index.html#Kiev",
    # :: names
    "Odessa::Client",
    "::Kiev",
    "Kiev::new",
    # dotted names: module.attr, file names, domains
    "Kiev.txt",
    "kiev.txt",
    "Kiev.example",
    "cities.Kiev",
    "Kiev.Office",
    "Kiev-based.com",
    "i.e.Kiev.txt",
    "Kie\u0301v.txt",
    # file paths
    "/var/Kiev/log",
    "/Kiev",
    "./Kiev",
    "../Kiev/data",
    "~/Kiev",
    "C:\\Users\\Kiev",
    "C:/Users/Kiev",
    "Kiev\\Kharkov",
    "Kiev/Kharkov/",
    "Kiev/report.txt",
    "Kiev/./x",
    "Kiev/.git",
    "docs/Kiev",
    "photos/Kharkov/2022",
    # IANA time-zone identifiers, everywhere
    "Europe/Kiev",
    "Europe/Simferopol",
    "Europe/Zaporozhye",
    "Europe/Uzhgorod",
    "EUROPE/KIEV",
    'timezone("Europe/Kiev")',
    "pytz.timezone('Europe/Kiev')",
    "TZ=Europe/Kiev",
    "Link\tEurope/Kyiv\tEurope/Kiev",
    "[Europe/Zaporozhye]",
]


@pytest.mark.parametrize("text", PROTECTED)
def test_protected_constructs_are_kept(engine, text):
    assert engine.normalize(text) == text
    assert engine.find(text) == []


REWRITTEN = [
    ("U.S.-Kiev talks", "U.S.-Kyiv talks"),
    ("Kiev-U.S. talks", "Kyiv-U.S. talks"),
    ("Kiev/Kharkov/Odessa", "Kyiv/Kharkiv/Odesa"),
    ("Kiev/Kharkov/Odessa.", "Kyiv/Kharkiv/Odesa."),
    ("KIEV/ODESSA", "KYIV/ODESA"),
    ("(see https://x.org) Kiev", "(see https://x.org) Kyiv"),
    ("(see https://x.org)Kiev", "(see https://x.org)Kyiv"),
    ("https://x.org/Kiev Kiev", "https://x.org/Kiev Kyiv"),
    ("e.g.Kiev", "e.g.Kyiv"),
    ("i.e.Kiev", "i.e.Kyiv"),
    ("vs.Kharkov", "vs.Kharkiv"),
    ("Kiev.", "Kyiv."),
    ("Kiev's", "Kyiv's"),
    ('"Kiev"', '"Kyiv"'),
    ("(Kiev)", "(Kyiv)"),
    ("Kiev:", "Kyiv:"),
    ("Kiev._", "Kyiv._"),
    ("Kiev:Kharkov", "Kyiv:Kharkiv"),
    ("Kiev/U.S.", "Kyiv/U.S."),
    # plain-text mode: markup around a name is not a path
    ("<td>Kiev</td>", "<td>Kyiv</td>"),
    ("<li>Kiev</li><li>Odessa</li>", "<li>Kyiv</li><li>Odesa</li>"),
    ('<a href="/news">Kiev</a>', '<a href="/news">Kyiv</a>'),
    ('<a href="https://x.org/news">Kiev</a>', '<a href="https://x.org/news">Kyiv</a>'),
    ("<tr><td>Lvov</td><td>717,000</td><td>Nikolaev</td></tr>",
     "<tr><td>Lviv</td><td>717,000</td><td>Mykolaiv</td></tr>"),
    # a name beside a construct, not in it
    ("me@Kiev.ua,Kharkov", "me@Kiev.ua,Kharkiv"),
    ("@Kiev/Kharkov", "@Kiev/Kharkiv"),
    ("#Kiev,Odessa", "#Kiev,Odesa"),
    ("Kiev#2", "Kyiv#2"),
    ("Europe/Kiev,Kharkov", "Europe/Kiev,Kharkiv"),
    ("Europe/Kharkov", "Europe/Kharkiv"),  # no such zone
    ("Kharkov/Europe/Kiev", "Kharkiv/Europe/Kyiv"),  # no zone is that: a list
    ("Europe/Kiev/Kharkov", "Europe/Kyiv/Kharkiv"),
    ("America/Argentina/Buenos_Aires Kiev", "America/Argentina/Buenos_Aires Kyiv"),
]


@pytest.mark.parametrize(("text", "expected"), REWRITTEN)
def test_neighbours_are_normalized(engine, text, expected):
    assert engine.normalize(text) == expected
    assert engine.normalize(expected) == expected


def test_the_token_protects_only_its_own_characters():
    text = "Kiev, x.Kiev"
    assert in_protected_token(text, 8, 12)
    assert not in_protected_token(text, 0, 4)
    text = "Kiev/Kharkov/report.txt Kiev"
    assert all(in_protected_token(text, s, e) for s, e in ((0, 4), (5, 12)))
    assert not in_protected_token(text, 24, 28)


# -------------------------------------------------------------------- time-zone identifiers

def test_named_zones_are_the_zones_that_hold_a_variant(engine):
    zones = [z for z in ZONES_FILE.read_text(encoding="utf-8").splitlines() if z and not z.startswith("#")]
    assert [z for z in zones if engine.find(z.replace("/", " / "))] == NAMED_ZONES


def test_every_shipped_zone_is_left_as_written(engine):
    zones = [z for z in ZONES_FILE.read_text(encoding="utf-8").splitlines() if z and not z.startswith("#")]
    assert len(zones) > 400 and {"Europe/Kiev", "Europe/Kyiv", "Europe/Simferopol"} <= set(zones)
    assert all(z.split("/")[0] in TZ_AREAS for z in zones)
    assert tz_zones() == frozenset(z.lower() for z in zones)
    for wrap in ("{}", '"{}"', "timezone('{}')", "TZ={}", "({}).", "{}\n"):
        text = " ".join(wrap.format(z) for z in zones)
        assert engine.normalize(text) == text, wrap
        assert engine.normalize(text.upper()) == text.upper(), wrap


def _script():
    spec = importlib.util.spec_from_file_location("build_tz_zones", ROOT / "scripts" / "build_tz_zones.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_zone_list_is_the_tzdata_list():
    """The shipped list is what scripts/build_tz_zones.py makes from the installed tzdata."""
    pytest.importorskip("tzdata")
    script = _script()
    assert ZONES_FILE.read_text(encoding="utf-8") == script.render(), "run python scripts/build_tz_zones.py"
    assert script.AREAS == TZ_AREAS


# ---------------------------------------------------------------------------------- properties

NAMES = ["Kiev", "KIEV", "Kharkov", "Odessa", "ODESSA", "Nikolaev", "Lvov", "Zaporozhye", "Zelensky", "Qaddafi",
         "Kyiv", "x", "news", "2022", "Kie\u0301v"]
_name = st.sampled_from(NAMES)
_words = st.lists(_name, min_size=1, max_size=4)
_ext = st.sampled_from(["txt", "md", "html", "tar.gz", "Kiev"])
_host = st.builds(lambda parts, tld: ".".join(parts) + "." + tld, _words, st.sampled_from(["org", "ua", "com"]))
_urls = st.builds(
    lambda scheme, host, path, query, frag: f"{scheme}{host}/{'/'.join(path)}{query}{frag}",
    st.sampled_from(["https://", "http://", "ftp://", "www.", "WWW."]), _host, st.lists(_name, max_size=4),
    st.sampled_from(["", "?q=Kiev", "?city=Odessa&x=1"]), st.sampled_from(["", "#Kharkov", "#top"]))
_emails = st.builds(lambda local, host: ".".join(local) + "@" + host, _words, _host)
_paths = st.one_of(
    st.builds(lambda root, segs: root + "/".join(segs), st.sampled_from(["/", "./", "../", "~/", "C:/"]), _words),
    st.builds(lambda segs: "C:\\" + "\\".join(segs), _words),
    st.builds(lambda segs, ext: "/".join(segs) + "." + ext, _words, _ext),
    st.builds(lambda segs: "docs/" + "/".join(segs), _words),
)
#: Zones that hold a variant the built-in tables rewrite (found by rewriting every zone with its
#: slash spaced): drawn as often as all the others together.
NAMED_ZONES = ["Asia/Ashkhabad", "Europe/Kiev", "Europe/Uzhgorod", "Europe/Zaporozhye"]
_zones = st.one_of(st.sampled_from(NAMED_ZONES),
                   st.sampled_from(sorted(z for z in ZONES_FILE.read_text(encoding="utf-8").splitlines()
                                          if z and not z.startswith("#"))))
_others = st.one_of(st.builds(lambda n: "@" + n, _name), st.builds(lambda n: "#" + n, _name),
                    st.builds("::".join, _words.filter(lambda w: len(w) > 1)),
                    st.builds(".".join, _words.filter(lambda w: len(w) > 1)))
constructs = st.one_of(_urls, _emails, _paths, _zones, _others)
_filler = st.lists(st.one_of(_name, st.sampled_from([" ", ", ", "e.g.", "U.S.-", "/", "-", "'s", "\n"]),
                             st.text(max_size=4)), max_size=8).map("".join)
_open = st.sampled_from(["", "(", '"', "'", "<", "["])
_close = st.sampled_from(["", ")", '"', "'", ">", "]", ".", ",", ";", ":", "!", "?"])


@st.composite
def texts_with_constructs(draw):
    """Random text with protected constructs set in it, each between whitespace (or the text's
    ends), maybe in brackets or quotes, maybe followed by punctuation; and where each one is."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    for _ in range(draw(st.integers(1, 4))):
        before = draw(_filler)
        so_far = "".join(pieces) + before
        if so_far and not so_far[-1].isspace():
            before += " "
        c = draw(constructs)
        opener, closer = draw(_open), draw(_close)
        after = draw(_filler)
        if after and not after[0].isspace():
            after = " " + after
        at += len(before) + len(opener)
        spans.append((at, at + len(c)))
        pieces += [before, opener, c, closer, after]
        at += len(c) + len(closer) + len(after)
        if draw(st.booleans()):
            pieces.append("\n")
            at += 1
    return "".join(pieces), spans


def _kept(text: str, out: str, n: Normalizer, spans: list[tuple[int, int]]) -> bool:
    """Every span's characters come out unchanged (no match touches them)."""
    return not any(m.start < e and m.end > s for m in n.find(text) for s, e in spans)


@settings(max_examples=300)
@given(texts_with_constructs())
def test_constructs_in_random_text_come_out_unchanged(engine, case):
    text, spans = case
    out = engine.normalize(text)
    assert _kept(text, out, engine, spans)
    # every construct's bytes are in the output as they were, in order
    pos = 0
    for s, e in spans:
        found = out.find(text[s:e], pos)
        assert found >= 0, text[s:e]
        pos = found + (e - s)
    assert engine.normalize(out) == out


def chunked(text: str, cuts: list[int]) -> list[str]:
    points = sorted({c % (len(text) + 1) for c in cuts})
    pieces, prev = [], 0
    for p in [*points, len(text)]:
        pieces.append(text[prev:p])
        prev = p
    return pieces


@given(texts_with_constructs(), st.lists(st.integers(0, 10_000), max_size=12))
def test_stream_equals_whole_text_with_constructs(engine, case, cuts):
    text, _ = case
    whole = engine.normalize(text)
    assert "".join(engine.normalize_stream(chunked(text, cuts))) == whole
    with pytest.MonkeyPatch.context() as mp:  # small blocks: cuts fall everywhere
        mp.setattr(rewrite, "BLOCK", 8)
        assert "".join(engine.normalize_stream(chunked(text, cuts))) == whole


@pytest.mark.skipif(trie.BACKEND != "c", reason="the C trie is not built here")
@given(texts_with_constructs())
def test_c_pre_check_agrees_with_the_python_twin(engine, case):
    """The C trie asks the token rule only where its pre-check sees a reason; the Python twin
    asks it everywhere: the same matches means the pre-check skipped nothing the rule protects."""
    text, _ = case
    m = engine.matcher
    c, py = trie.build(m.patterns, m.flags, "c"), trie.build(m.patterns, m.flags, "python")
    assert c.find(text, 0, len(text), in_protected_token) == py.find(text, 0, len(text), in_protected_token)


def test_long_runs_are_linear(engine):
    """Hostile runs of path, address and name characters: the token rule stays fast."""
    import time

    for piece in ("Kiev-", "Kiev.", "Kiev/", "Kiev@", "Kiev:", "a" * 50 + "-Kiev", "Kiev::", "www.Kiev"):
        text = (piece * (600 // len(piece)) + " ") * 40
        t0 = time.process_time()
        out = engine.normalize(text)
        assert engine.normalize(out) == out
        assert time.process_time() - t0 < 5, piece
