"""The argument toolkit: TypeError for a wrong type, ValueError for a bad value."""
import numpy as np
import pytest

from minigrad.ops._args import check_int, check_number, check_probability, int_tuple, is_int


@pytest.mark.parametrize("value, expected", [
    (3, True), (np.int64(3), True), (np.uint8(0), True), (-1, True),
    (True, False), (np.bool_(True), False), (3.0, False), (np.float32(3), False), ("3", False),
    (None, False),
])
def test_is_int_accepts_python_and_numpy_ints_but_not_bools(value, expected):
    assert is_int(value) is expected


@pytest.mark.parametrize("value, expected", [
    (2.5, TypeError), ("2", TypeError), (True, TypeError), (np.float32(2), TypeError),
    ([2, 2.0], TypeError), (None, TypeError), (0, ValueError), ((2, -1), ValueError),
    ((2, 2, 2), ValueError), ((), ValueError),
])
def test_int_tuple_raises_typeerror_for_types_and_valueerror_for_values(value, expected):
    with pytest.raises(expected, match="^op: size must be"):
        int_tuple("op", "size", value, 2, 1)


def test_int_tuple_repeats_one_value_and_returns_python_ints():
    assert int_tuple("op", "size", np.int64(3), 2, 1) == (3, 3)
    assert int_tuple("op", "size", [4], 3, 0) == (4, 4, 4)
    assert int_tuple("op", "size", (1, 0), 2, 0) == (1, 0)
    assert all(type(v) is int for v in int_tuple("op", "size", (np.int32(1), 2), 2))
    assert int_tuple("op", "size", (-5, 7), 2) == (-5, 7)  # no minimum


def test_check_int_names_the_bound():
    assert check_int("op", "n", np.int16(4), 1) == 4
    with pytest.raises(ValueError, match="op: n must be a positive integer, got n=0"):
        check_int("op", "n", 0, 1)
    with pytest.raises(ValueError, match="op: n must be a non-negative integer, got n=-1"):
        check_int("op", "n", -1, 0)
    with pytest.raises(TypeError, match="op: n must be an int, got 1.0"):
        check_int("op", "n", 1.0, 1)


@pytest.mark.parametrize("value", ["1", None, True, np.bool_(False), 1j])
def test_check_number_rejects_non_real_values(value):
    with pytest.raises(TypeError, match="op: x must be a real number"):
        check_number("op", "x", value)


def test_check_number_returns_a_float():
    assert check_number("op", "x", np.float32(0.5)) == 0.5
    assert type(check_number("op", "x", 2)) is float


@pytest.mark.parametrize("p, expected", [(-0.1, ValueError), (1.01, ValueError),
                                         (float("nan"), ValueError), ("0.5", TypeError)])
def test_check_probability(p, expected):
    with pytest.raises(expected, match="op: "):
        check_probability("op", p)
    assert check_probability("op", 0) == 0 and check_probability("op", 1.0) == 1.0
