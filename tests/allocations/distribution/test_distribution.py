"""The whole-krona arithmetic of distribution keys (allocations/distribution/arithmetic.py)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allocations.distribution.arithmetic import (
    DistributionError,
    Step,
    StepKind,
    apply_key,
    split_largest_remainder,
    steps_from_json,
    steps_to_json,
)

THIRD = Fraction(1, 3)
FEDERATIONS = [
    "Skaraborgs kommunalförbund",
    "Fyrbodals kommunalförbund",
    "Sjuhärads kommunalförbund",
    "Göteborgsregionens kommunalförbund",
]
VGR = "Västra Götalandsregionen"
THIRDS = {"Kommunalförbunden": THIRD, "Vårdsamverkan": THIRD, VGR: THIRD}
# Illustrative populations (test inputs, not figures from the source documents).
FEDERATION_POPULATIONS = dict(zip(FEDERATIONS, [270_000, 270_000, 230_000, 1_070_000], strict=True))
CARE_POPULATIONS = {
    "Vårdsamverkan Skaraborg": 270_000,
    "Vårdsamverkan Fyrbodal": 270_000,
    "Vårdsamverkan Södra Älvsborg": 230_000,
    "Vårdsamverkan Göteborgsområdet": 1_070_000,
}


# --- split_largest_remainder -------------------------------------------------------------


def test_vg_area_4_thirds_lose_no_krona():
    parts = split_largest_remainder(19_409_530, THIRDS)
    assert sorted(parts.values(), reverse=True) == [6_469_844, 6_469_843, 6_469_843]
    assert sum(parts.values()) == 19_409_530  # the slide's 3 × 6 469 843 lost one krona
    # Equal remainders and weights: the first key in ascending order gets the krona.
    assert parts["Kommunalförbunden"] == 6_469_844


def test_equal_remainders_and_weights_go_by_key_in_ascending_order():
    assert split_largest_remainder(10, {"b": 1, "c": 1, "a": 1}) == {"b": 3, "c": 3, "a": 4}
    assert split_largest_remainder(11, {"c": 1, "b": 1, "a": 1}) == {"c": 3, "b": 4, "a": 4}


def test_equal_remainders_the_larger_weight_gets_the_krona_first():
    # 3 kr by 1:5 → exact 0.5 and 2.5; "a" comes first by key but "b" weighs more.
    assert split_largest_remainder(3, {"a": 1, "b": 5}) == {"a": 0, "b": 3}


def test_the_largest_remainder_wins_before_any_tie_rule():
    # 10 kr by 1:2 → 3.33 and 6.67: the larger remainder (b) gets the krona.
    assert split_largest_remainder(10, {"a": 1, "b": 2}) == {"a": 3, "b": 7}


def test_zero_total_gives_zeros():
    assert split_largest_remainder(0, {"a": 1, "b": 2}) == {"a": 0, "b": 0}


def test_zero_weight_gets_nothing():
    assert split_largest_remainder(5, {"a": 0, "b": 1, "c": 1}) == {"a": 0, "b": 3, "c": 2}


def test_fractions_and_decimals_are_exact_weights():
    assert split_largest_remainder(100, {"a": Decimal("0.1"), "b": Fraction(9, 10)}) == {
        "a": 10,
        "b": 90,
    }


@pytest.mark.parametrize(
    ("total", "weights", "code"),
    [
        (-1, {"a": 1}, "negative_total"),
        (10, {"a": 0, "b": 0}, "zero_weights"),
        (10, {}, "zero_weights"),
        (10, {"a": -1, "b": 2}, "negative_weight"),
    ],
)
def test_refused_splits(total, weights, code):
    with pytest.raises(ValueError) as exc:
        split_largest_remainder(total, weights)
    assert exc.value.code == code


def test_float_weights_are_refused_as_inexact():
    with pytest.raises(TypeError):
        split_largest_remainder(10, {"a": 0.5, "b": 0.5})


# --- apply_key -----------------------------------------------------------------------------


def test_vg_area_3_fixed_millions_then_thirds():
    fixed = Step.fixed({name: 1_000_000 for name in [*FEDERATIONS, VGR]})
    result = apply_key(33_493_748, [fixed, Step.shares(THIRDS)])
    assert result.steps[0].remaining == 28_493_748
    thirds = [p.amount for p in result.parts if p.step == 2]
    assert thirds == [9_497_916, 9_497_916, 9_497_916]
    assert result.amounts[VGR] == 1_000_000 + 9_497_916  # a fixed part and a share
    assert sum(result.amounts.values()) == 33_493_748


def test_vg_area_4_nested_split_by_population():
    key = [
        Step.fixed({"Civilsamhället": 1_500_000}),
        Step.shares(
            THIRDS,
            nested={
                "Kommunalförbunden": [Step.population(FEDERATION_POPULATIONS)],
                "Vårdsamverkan": [Step.population(CARE_POPULATIONS)],
            },
        ),
    ]
    result = apply_key(20_909_530, key)
    amounts = result.amounts
    assert amounts["Civilsamhället"] == 1_500_000
    assert amounts[VGR] == 6_469_843
    assert "Kommunalförbunden" not in amounts  # split further, not a final recipient
    assert sum(amounts[name] for name in FEDERATIONS) == 6_469_844
    assert sum(amounts[name] for name in CARE_POPULATIONS) == 6_469_843
    assert sum(amounts.values()) == 20_909_530
    nested = [t for t in result.steps if t.within == ("Kommunalförbunden",)]
    assert nested[0].available == 6_469_844
    assert nested[0].kind == StepKind.POPULATION
    skaraborg = next(p for p in result.parts if p.recipient == FEDERATIONS[0])
    assert skaraborg.within == ("Kommunalförbunden",)
    assert abs(skaraborg.exact - skaraborg.amount) < 1


def test_shares_below_one_leave_the_rest_to_the_next_step():
    result = apply_key(1_000, [Step.shares({"Region": THIRD}), Step.population({"A": 1, "B": 1})])
    assert result.amounts == {"Region": 333, "A": 334, "B": 333}


def test_a_fixed_part_larger_than_what_remains_is_refused():
    with pytest.raises(DistributionError) as exc:
        apply_key(1_000, [Step.fixed({"A": 600}), Step.fixed({"B": 500})])
    assert exc.value.code == "fixed_exceeds"
    assert exc.value.params == {"step": 2, "fixed": 500, "available": 400}
    assert "400 kr" in str(exc.value)


def test_a_key_that_leaves_kronor_undistributed_is_refused():
    with pytest.raises(DistributionError) as exc:
        apply_key(1_000, [Step.fixed({"A": 600})])
    assert exc.value.code == "undistributed"
    assert exc.value.params == {"remaining": 400}


def test_fixed_parts_that_take_everything_are_a_whole_key():
    result = apply_key(8_000_000, [Step.fixed({"Jämtland": 4_000_000, "Dalarna": 4_000_000})])
    assert result.amounts == {"Jämtland": 4_000_000, "Dalarna": 4_000_000}


def test_shares_above_one_are_refused():
    with pytest.raises(DistributionError) as exc:
        apply_key(100, [Step.shares({"A": Fraction(2, 3), "B": Fraction(2, 3)})])
    assert exc.value.code == "shares_sum"


def test_summary_per_recipient_reconciles():
    result = apply_key(105, [Step.fixed({"A": 10, "C": 5}), Step.population({"A": 1, "B": 2})])
    rows = {row.recipient: row for row in result.summary()}
    assert rows["A"].fixed == 10
    assert rows["C"].exact is None and rows["C"].amount == 5
    assert rows["A"].exact == 30
    assert rows["A"].amount == 40
    assert rows["B"].amount == 60
    total = result.summary_total()
    assert (total.fixed, total.exact, total.rounded, total.amount) == (15, 90, 90, 105)


def test_json_round_trip_keeps_fractions_exact():
    key = [
        Step.fixed({"Civilsamhället": 1_500_000}),
        Step.shares(THIRDS, nested={"Vårdsamverkan": [Step.population(CARE_POPULATIONS)]}),
    ]
    data = steps_to_json(key)
    assert data[1]["parts"]["Vårdsamverkan"] == "1/3"
    again = steps_from_json(data)
    assert apply_key(20_909_530, again).amounts == apply_key(20_909_530, key).amounts


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "fixed"},
        [{"kind": "lottery", "parts": {"A": 1}}],
        [{"kind": "shares", "parts": {"A": "en tredjedel"}}],
        [{"kind": "population", "parts": {"A": 1.5}}],
    ],
)
def test_json_in_another_shape_is_refused(data):
    with pytest.raises(DistributionError):
        steps_from_json(data)


# --- properties ----------------------------------------------------------------------------

names = st.text(alphabet="abcåäöABC", min_size=1, max_size=4)
weight_maps = st.dictionaries(names, st.integers(min_value=0, max_value=2_000_000), min_size=1)
weight_maps = weight_maps.filter(lambda weights: any(weights.values()))
totals = st.integers(min_value=0, max_value=10**10)


@given(total=totals, weights=weight_maps)
def test_parts_always_add_up_to_the_whole(total, weights):
    assert sum(split_largest_remainder(total, weights).values()) == total


@given(total=totals, weights=weight_maps)
def test_each_part_is_within_one_krona_of_its_exact_share(total, weights):
    whole = sum(weights.values())
    for key, part in split_largest_remainder(total, weights).items():
        assert abs(part - Fraction(total * weights[key], whole)) < 1


@given(total=totals, weights=weight_maps, data=st.data())
def test_the_result_does_not_depend_on_the_order_of_recipients(total, weights, data):
    order = data.draw(st.permutations(list(weights)))
    permuted = {key: weights[key] for key in order}
    assert split_largest_remainder(total, permuted) == split_largest_remainder(total, weights)


@given(
    total=totals,
    fixed=st.dictionaries(names, st.integers(min_value=0, max_value=10**6), min_size=1, max_size=3),
    shares=st.dictionaries(names, st.integers(min_value=1, max_value=50), min_size=1, max_size=4),
    population=weight_maps,
)
def test_a_key_never_loses_or_invents_a_krona(total, fixed, shares, population):
    whole = sum(shares.values()) * 2  # the shares add up to one half; population takes the rest
    steps = [
        Step.fixed(fixed),
        Step.shares({key: Fraction(value, whole) for key, value in shares.items()}),
        Step.population(population),
    ]
    if sum(fixed.values()) > total:
        with pytest.raises(DistributionError):
            apply_key(total, steps)
        return
    result = apply_key(total, steps)
    assert sum(result.amounts.values()) == total
    for part in result.parts:
        assert abs(part.amount - part.exact) < 1
