"""Rule 1: whole words only, with Unicode word boundaries."""

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kiev-based", "Kyiv-based"),
        ("Kiev's mayor", "Kyiv's mayor"),
        ("Kiev’s mayor", "Kyiv’s mayor"),
        ("(Kiev)", "(Kyiv)"),
        ("«Kiev»", "«Kyiv»"),
        ("Kievan Rus", "Kievan Rus"),
        ("Chersonesus", "Chersonesus"),
        ("ODESSA_PORT_ID", "ODESSA_PORT_ID"),
        ("Kiev2", "Kiev2"),
        ("2Kiev", "2Kiev"),
        ("Kievé", "Kievé"),  # an accented letter continues the word
        ("Kiev\u0301", "Kiev\u0301"),  # so does a combining mark (NFD)
        ("КиевKiev", "КиевKiev"),  # Cyrillic letters are word characters too
        ("Kiev—Kherson", "Kyiv—Kherson"),
        ("Kiev", "Kyiv"),
        ("", ""),
    ],
)
def test_whole_words(news, text, expected):
    assert news.normalize(text) == expected


def test_match_spans_are_whole_words(news):
    text = "xKiev Kiev Kievx"
    [m] = news.find(text)
    assert (m.start, m.end, m.found) == (6, 10, "Kiev")
