"""The words every family shares: differentiation rules for hints, classic mistakes for feedback.

``RULES`` are LaTeX snippets for hints (Markdown with ``$…$``); ``MISTAKES`` are plain-text
verdict messages (the checker shows them as they are), some with ``{placeholders}`` that a
family fills with ``mistake(key, ...)`` to point at its own problem. A new family reuses these
rows and writes only the messages that belong to its own topic.
"""

from __future__ import annotations

RULES = {
    "exp": r"$\frac{\partial}{\partial x} e^{u} = e^{u}\,\frac{\partial u}{\partial x}$",
    "log": r"$\frac{\partial}{\partial x}\log u = \frac{1}{u}\,\frac{\partial u}{\partial x}$",
    "sin": r"$\frac{\partial}{\partial x}\sin u = \cos u\,\frac{\partial u}{\partial x}$",
    "cos": r"$\frac{\partial}{\partial x}\cos u = -\sin u\,\frac{\partial u}{\partial x}$",
    "product": r"$\partial(gh) = (\partial g)\,h + g\,(\partial h)$",
    "double_angle": r"$\cos^2\theta - \sin^2\theta = \cos 2\theta$ and "
                    r"$2\sin\theta\cos\theta = \sin 2\theta$",
}

MISTAKES = {
    "forgot_inner":
        "You forgot an inner derivative{where}. By the chain rule ∂/∂x F(u) = F′(u)·∂u/∂x: "
        "for example ∂/∂x exp(u) = exp(u)·∂u/∂x, ∂/∂x sin(u) = cos(u)·∂u/∂x and "
        "∂/∂x log(u) = (1/u)·∂u/∂x.{then}",
    "outer_dropped":
        "You kept only the inner derivative ∂u/∂x and dropped the outer one. The chain rule "
        "needs both factors, ∂/∂x F(u) = F′(u)·∂u/∂x: exp(u) stays as a factor, sin(u) becomes "
        "cos(u), log(u) becomes 1/u.",
    "no_inner":
        "You added the partial derivatives of f but left out the inner derivatives. Each term "
        "of the chain rule has two factors, {term}: multiply every partial derivative of f by "
        "the derivative of its inner function{inner}.",
    "dropped_product_term":
        "You dropped a product-rule term. For a product, ∂(g·h)/∂x = (∂g/∂x)·h + g·(∂h/∂x): "
        "differentiate each factor in turn while keeping the other one.",
    "product_of_derivatives":
        "The derivative of a product is not the product of the derivatives: use "
        "∂(g·h)/∂x = (∂g/∂x)·h + g·(∂h/∂x).",
    "cos_sign":
        "Check the derivative of cosine{where}: d/du cos(u) = −sin(u), with a minus sign "
        "(while d/du sin(u) = +cos(u)).{example}",
}

_DEFAULTS = {"where": "", "then": "", "inner": "", "example": "",
             "term": "(∂f/∂x_i)·(∂x_i/∂t)"}


def mistake(key: str, **context: str) -> str:
    """The message ``MISTAKES[key]`` with its placeholders filled (empty unless given)."""
    return MISTAKES[key].format(**{**_DEFAULTS, **context})

