"""Rule 5: exceptions and protected text are never rewritten."""

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "Chicken Kiev",
        "chicken Kiev",
        "CHICKEN KIEV",
        "the Battle of Kiev",
        "Odessa, Texas",
        "Zelensky Street",
        "https://example.com/Kiev/news",
        "see www.Kiev.example for more",
        "mail Kiev.Office@example.org",
        "the file /srv/data/Kiev/report.txt",
        "the file ./Kiev.txt",
        "C:\\Users\\Kiev\\notes.txt",
        "Kiev.txt",
        "Odessa::Client",
        "ODESSA_PORT_ID",
    ],
)
def test_protected_text_is_kept(news, text):
    assert news.normalize(text) == text
    assert news.find(text) == []


def test_exception_protects_only_its_span(news):
    assert news.normalize("Chicken Kiev in Kiev") == "Chicken Kiev in Kyiv"


def test_exception_is_per_phrase_not_per_word(news):
    assert news.normalize("Odessa, Ukraine and Odessa, Texas") == "Odesa, Ukraine and Odessa, Texas"


def test_exception_matches_across_whitespace(news):
    assert news.normalize("Chicken\nKiev") == "Chicken\nKiev"


def test_prose_with_slash_is_still_prose(news):
    assert news.normalize("Kiev/Kherson") in ("Kyiv/Kherson", "Kiev/Kherson")
    assert news.normalize("(Kiev)") == "(Kyiv)"


def test_directives(news):
    text = (
        "Kiev\n"
        "# translit-normalize: off\n"
        "Kiev\n"
        "# translit-normalize: on\n"
        "Kiev // translit-normalize: ignore-line\n"
        "<!-- translit-normalize: ignore-next-line -->\n"
        "Kiev\n"
        "Kiev\n"
    )
    assert news.normalize(text) == text.replace("Kiev\n#", "Kyiv\n#", 1).replace("Kiev\nKiev\n", "Kiev\nKyiv\n")


def test_markdown_code_is_protected_only_in_markdown_mode(news):
    md = "Kiev `Kiev` and\n```\nKiev\n```\nKiev\n"
    assert news.with_options(markdown=True).normalize(md) == "Kyiv `Kiev` and\n```\nKiev\n```\nKyiv\n"
    assert news.normalize(md) == md.replace("Kiev", "Kyiv")
