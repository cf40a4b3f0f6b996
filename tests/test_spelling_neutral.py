"""Rule 3: apostrophe look-alikes, NFC/NFD and whitespace runs are spelling-neutral."""

import unicodedata

import pytest

from normalize.rules.expand import APOSTROPHES


@pytest.mark.parametrize("apostrophe", list(APOSTROPHES))
def test_apostrophe_look_alikes(news, apostrophe):
    assert news.normalize(f"Zelens{apostrophe}kyj said") == "Zelenskyy said"
    assert news.normalize(f"al-Qa{apostrophe}ida") == "al-Qaida"


def test_nfd_variant_matches(news):
    nfd = unicodedata.normalize("NFD", "Kijów")
    assert nfd != "Kijów"
    assert news.normalize(f"in {nfd}.") == "in Kyiv."
    assert news.normalize("in Kijów.") == "in Kyiv."


def test_nfd_text_elsewhere_is_kept(news):
    nfd = unicodedata.normalize("NFD", "café crème")
    assert news.normalize(f"{nfd} in Kiev") == f"{nfd} in Kyiv"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Krivoy Rog", "Kryvyi Rih"),
        ("Krivoy  Rog", "Kryvyi  Rih"),
        ("Krivoy\nRog", "Kryvyi\nRih"),
        ("Krivoy\r\nRog", "Kryvyi\r\nRih"),
        ("Krivoy\u00a0Rog", "Kryvyi\u00a0Rih"),
        ("Krivoy\t \n Rog", "Kryvyi\t \n Rih"),
        ("Kim\nJong-un", "Kim\nJong Un"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("KIM\nJONG-UN", "KIM\nJONG UN"),
        ("Krivoy-Rog", "Krivoy-Rog"),  # a hyphen is not a space
        ("KrivoyRog", "KrivoyRog"),
    ],
)
def test_whitespace_runs_keep_the_texts_whitespace(news, text, expected):
    assert news.normalize(text) == expected


def test_whitespace_gap_is_bounded(news):
    """A gap longer than GAP_MAX characters is not a name (and keeps streaming bounded)."""
    from normalize.engine.matcher import GAP_MAX

    text = "Krivoy" + " " * (GAP_MAX + 1) + "Rog"
    assert news.normalize(text) == text
