"""Results that were wrong before issue 10 (item 6): each test failed on the old engine.

* x**0 at x = 0 and 0**y gave NaN derivatives (autograd and central differences give 0);
* ``==`` and ``!=`` on traced values compared identities (``ad.sum(x != 2.0)`` was 1);
* ``float(node)`` and ``np.float64(node)`` silently dropped the derivative;
* complex inputs were cast to real with only a warning.
"""

import warnings

import numpy as np
import pytest

import vcbook.autodiff as ad
from vcbook import numeric

MODES = ("forward", "reverse")


# --- the power rule at zero: autograd's convention ----------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_x_to_the_power_zero_has_derivative_zero_also_at_x_zero(mode):
    x = np.array([0.0, 1.5, -2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no 0 * inf on the way
        J = ad.jacobian(lambda x: x**0.0, mode=mode)(x)
        J0 = ad.jacobian(lambda x: x ** np.zeros(3), mode=mode)(x)
    np.testing.assert_array_equal(J, np.zeros((3, 3)))
    np.testing.assert_array_equal(J0, np.zeros((3, 3)))
    assert ad.grad(lambda x: x**0.0)(0.0) == 0.0
    assert ad.jvp(lambda x: x**0.0, 0.0, 1.0)[1] == 0.0


@pytest.mark.parametrize("mode", MODES)
def test_zero_to_the_power_y_has_derivative_zero(mode):
    y = np.array([0.0, 0.5, 2.0, 3.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        J = ad.jacobian(lambda y: 0.0**y, mode=mode)(y)
    np.testing.assert_array_equal(J, np.zeros((4, 4)))
    positive = y[1:]  # where 0**y is the constant 0, central differences agree
    np.testing.assert_array_equal(numeric.derivative(lambda y: 0.0**y, positive),
                                  np.zeros((3, 3)))


def test_power_with_both_arguments_traced_at_zero():
    gx, gy = ad.grad(lambda x, y: x**y, argnums=(0, 1))(0.0, 0.0)
    assert (gx, gy) == (0.0, 0.0)  # autograd.grad gives (0.0, 0.0) too
    gx, gy = ad.grad(lambda x, y: x**y, argnums=(0, 1))(0.0, 1.0)
    assert (gx, gy) == (1.0, 0.0)  # d(x¹)/dx = 1; the other rules are unchanged
    gx, gy = ad.grad(lambda x, y: x**y, argnums=(0, 1))(2.0, 3.0)
    assert gx == pytest.approx(12.0) and gy == pytest.approx(8.0 * np.log(2.0))


def test_the_trace_shows_the_local_derivative_zero():
    trace = ad.evaluation_trace(lambda x: x**0.0, 0.0)
    assert trace.rows[-1].local == (0.0,)


# --- comparisons look at values ------------------------------------------------------------

def test_equality_of_traced_values_compares_entries_not_identities():
    x0 = np.arange(12.0).reshape(3, 4)
    seen = {}

    def f(x):
        seen["count"] = ad.sum(x != 2.0)
        for ours, theirs in ((x != 2.0, x0 != 2.0), (x == 2.0, x0 == 2.0),
                             (x < 5.0, x0 < 5.0), (x <= 5.0, x0 <= 5.0), (x > 5.0, x0 > 5.0),
                             (x >= 5.0, x0 >= 5.0), (2.0 == x, x0 == 2.0),  # noqa: SIM300
                             (np.full((3, 4), 2.0) != x, x0 != 2.0), (x == x, x0 == x0)):
            assert type(ours) is np.ndarray and ours.dtype == bool
            np.testing.assert_array_equal(ours, theirs)
        return ad.sum(x * (x != 2.0))

    np.testing.assert_array_equal(ad.grad(f)(x0), (x0 != 2.0).astype(float))
    assert seen["count"] == 11


def test_nodes_stay_hashable_by_identity():
    def f(x):
        y = x * 2.0
        table = {x: "x", y: "y"}
        assert table[x] == "x" and table[y] == "y" and len({x, y, x}) == 2
        return ad.sum(y)

    ad.grad(f)(np.ones(3))


# --- conversions that would cut a value out of the derivative ------------------------------

@pytest.mark.parametrize("convert", [float, int, complex, np.float64],
                         ids=["float", "int", "complex", "np.float64"])
def test_converting_a_traced_value_to_a_number_is_refused_with_the_reason(convert):
    with pytest.raises(TypeError, match=r"cut.*out of the derivative.*\.value"):
        ad.grad(lambda x: convert(x) * x)(1.5)


def test_converting_to_a_plain_array_is_refused_with_the_same_reason():
    with pytest.raises(TypeError, match=r"plain NumPy array.*cut.*out of the derivative"):
        ad.grad(lambda x: ad.sum(x * np.asarray(x)))(np.ones(2))


# --- complex inputs are refused at every entry point ---------------------------------------

Z = np.array([1.0 + 1.0j, 2.0])
X = np.array([1.0, 2.0])


def total(x):
    return ad.sum(x * x)


def double(x):
    return x * 2.0


ENTRY_POINTS = {
    "grad": lambda: ad.grad(total)(Z),
    "value_and_grad": lambda: ad.value_and_grad(total)(Z),
    "grad argnums": lambda: ad.grad(lambda x, y: ad.sum(x * y), argnums=(0, 1))(X, Z),
    "jacobian reverse": lambda: ad.jacobian(double)(Z),
    "jacobian forward": lambda: ad.jacobian(double, mode="forward")(Z),
    "jvp input": lambda: ad.jvp(double, Z, X),
    "jvp tangent": lambda: ad.jvp(double, X, Z),
    "vjp input": lambda: ad.vjp(double, Z),
    "vjp cotangent": lambda: ad.vjp(double, X)[1](Z),
    "check_grads": lambda: ad.check_grads(total, Z),
    "evaluation_trace": lambda: ad.evaluation_trace(total, Z),
    "python complex": lambda: ad.grad(lambda x: x * x)(1j),
}


@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_complex_inputs_are_refused_not_cast(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ComplexWarning: an error before any cast
        with pytest.raises(TypeError, match="works with real numbers; got a complex"):
            ENTRY_POINTS[name]()
