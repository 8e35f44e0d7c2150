"""Functions shared by the autodiff tests."""

import vcbook.autodiff as ad


def notes_example(x):
    """The notes' §7 function, with the intermediate variables of §8 (named as in the notes, so
    an evaluation trace has rows x, a, b, c, d, e, f)."""
    a = x**2
    b = ad.exp(a)
    c = a + b
    d = ad.sqrt(c)
    e = ad.cos(c)
    f = d + e
    return f
