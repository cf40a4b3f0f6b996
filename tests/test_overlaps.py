"""Rule 4: leftmost-longest, non-overlapping."""

from itertools import pairwise


def test_full_name_beats_surname(news):
    [m] = news.find("Vladimir Zelenskiy spoke")
    assert (m.found, m.replacement, m.entity) == ("Vladimir Zelenskiy", "Volodymyr Zelenskyy", "Volodymyr Zelenskyy")


def test_given_name_alone_is_not_rewritten(news):
    assert news.normalize("Vladimir said") == "Vladimir said"


def test_full_name_with_a_surname_variant_is_rewritten_in_one_pass(news):
    """`Vladimir Zelensky` is not listed, but `Vladimir Zelenskyy` is: one pass must finish the job."""
    once = news.normalize("Vladimir Zelensky")
    assert once == "Volodymyr Zelenskyy"
    assert news.normalize(once) == once


def test_non_overlapping_in_order(news):
    ms = news.find("Kiev Kiev Cherson Kiev")
    assert [m.start for m in ms] == [0, 5, 10, 18]
    assert all(a.end <= b.start for a, b in pairwise(ms))


def test_longer_candidate_failing_its_boundary_falls_back(news):
    """`Kiev Cafes` is not `Kiev Cafe`, but `Kiev` inside it still is a name."""
    assert news.normalize("Kiev Cafes") == "Kyiv Cafes"
