"""Rule 2: three case forms, and the canonical written in the form that was found."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize import Normalizer, parse_table
from normalize.rules.expand import capitalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Selenskyj", "Zelenskyy"),
        ("SELENSKYJ", "ZELENSKYY"),
        ("selenskyj", "selenskyj"),  # no lower-case form is ever derived
        ("sElenskyj", "sElenskyj"),
        ("KIEV", "KYIV"),
        ("kiev", "kiev"),
        ("al-Qaeda", "al-Qaida"),
        ("Al-Qaeda", "Al-Qaida"),  # first letter only: never Al-Qa'Ida
        ("AL-QAEDA", "AL-QAIDA"),
        ("al-Qa'ida", "al-Qaida"),
        ("Tass", "TASS"),
        ("TASS", "TASS"),
        ("KRIVOY ROG", "KRYVYI RIH"),
        ("KIEV CAFE", "KYÏV CAFÉ"),
    ],
)
def test_case_forms(news, text, expected):
    assert news.normalize(text) == expected


def test_form_is_reported(news):
    forms = [m.form for m in news.find("al-Qaeda Al-Qaeda AL-QAEDA")]
    assert forms == ["as-written", "capitalized", "upper"]


def test_capitalize_is_unicode_correct():
    assert capitalize("al-Qa'ida") == "Al-Qa'ida"
    assert capitalize("ǆokić") == "ǅokić"
    assert capitalize("'t Hooft") == "'T Hooft"


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüłńšž", min_size=2, max_size=8)


@given(canonical=words, variant=words)
def test_case_transfer_property(canonical, variant):
    """Whatever the names, each form of the variant becomes that form of the canonical."""
    if canonical == variant or capitalize(canonical) == capitalize(variant) or canonical.upper() == variant.upper():
        return
    table = parse_table(f'[[entity]]\ncanonical = "{canonical}"\nvariants = ["{variant}"]\n', "p.toml")
    n = Normalizer([table], builtin=False)
    assert n.normalize(variant) == canonical
    assert n.normalize(capitalize(variant)) == capitalize(canonical)
    assert n.normalize(variant.upper()) == canonical.upper()
    if variant.lower() != variant:
        assert n.normalize(variant.lower()) == variant.lower()
