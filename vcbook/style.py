"""One call at the top of every chapter: figure style, array printing, maths rendering.

``setup()`` is the only public name. It touches matplotlib and SymPy lazily (they are imported
here, inside the function), so ``import vcbook`` stays cheap.
"""

from __future__ import annotations

import numpy as np

# Okabe & Ito (2008): eight colours distinguishable with the common forms of colour blindness.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

FIGURE_STYLE = {
    "axes.prop_cycle": None,  # filled in by setup() from OKABE_ITO
    "figure.figsize": (7.0, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "image.cmap": "cividis",  # perceptually uniform and colour-blind safe
    "lines.linewidth": 2.0,
}

SEED = 0


def setup(seed: int = SEED) -> np.random.Generator:
    """Style figures, set NumPy printing and SymPy's MathJax output; return a seeded generator.

    Returns ``numpy.random.default_rng(seed)`` (seed 0 by default): every random number a chapter
    prints comes from this generator, so a chapter prints the same numbers on every run.
    """
    np.set_printoptions(precision=4, suppress=True, linewidth=100)
    _style_matplotlib()
    _mathjax_sympy()
    return np.random.default_rng(seed)


def _style_matplotlib() -> None:
    import matplotlib as mpl
    from cycler import cycler

    style = dict(FIGURE_STYLE, **{"axes.prop_cycle": cycler(color=list(OKABE_ITO))})
    mpl.rcParams.update(style)


def _mathjax_sympy() -> None:
    """SymPy objects render as LaTeX for MathJax in Jupyter (no PNG images)."""
    import sympy

    sympy.init_printing(use_latex="mathjax", use_unicode=True)
