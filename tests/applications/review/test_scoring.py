from fractions import Fraction

from applications.review.scoring import category_derive, consensus, score


def test_category_is_the_highest_ranked_criterion_met():
    assert category_derive([(1, "no"), (2, "yes"), (3, "yes"), (4, "yes")]) == 2
    assert category_derive([(1, "yes"), (2, "no"), (3, "no"), (4, "no")]) == 1
    assert category_derive([(4, "yes"), (1, "partly")]) == 4  # partly is not met


def test_no_criterion_met_gives_no_category():
    assert category_derive([(1, "partly"), (2, "no"), (3, ""), (4, "no")]) is None
    assert category_derive([]) is None


def test_weighted_score_and_total():
    result = score([(4, 2), (3, 1), (None, 5)])
    assert result.total == 7
    assert result.weighted == Fraction(11, 3)
    assert result.weighted_display == "3,7"
    assert score([(4, 1), (4, 3)]).weighted_display == "4"
    assert score([(None, 1)]).total is None
    assert score([(None, 1)]).weighted_display == "–"


def test_consensus_is_the_median_category_with_a_spread_flag():
    assert consensus([1, 2, 2]) == consensus([2, 1, 2])
    assert consensus([1, 2, 2]).category == 2
    assert consensus([1, 2, 2]).spread is False
    assert consensus([1, 3]).spread is True  # differ by two


def test_a_tie_takes_the_higher_priority():
    assert consensus([1, 2]).category == 1
    assert consensus([2, 4, 1, 3]).category == 2


def test_missing_categories_and_assessments():
    result = consensus([None, 3, None])
    assert (result.category, result.count, result.uncategorised) == (3, 3, 2)
    assert consensus([]).category is None
    assert consensus([None]).category is None


def test_halves_round_up_like_people_expect():
    assert score([(4, 1), (4, 1), (4, 1), (5, 1)]).weighted_display == "4,3"  # 4.25
