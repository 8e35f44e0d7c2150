"""The differential of a tree, by the rules of ``rules.RULES``.

``differential(tree, ctx)`` returns d(tree) as a tree in which ``dX`` (``ctx.dname``) stands for
the differential of the variable, and the keys of the rules it used, in the order first used.
A subtree without the variable has differential zero (``None``).
"""

from __future__ import annotations

from vcbook.answers.matrix.tree import Name, Node
from vcbook.matrixcalc.context import Context, NotExpressible
from vcbook.matrixcalc.rules import RULES, rule_key


def differential(tree: Node, ctx: Context) -> tuple[Node | None, list[str]]:
    """(d tree, rule keys used); raises NotExpressible for what the table cannot do."""
    used: list[str] = []

    def visit(node: Node) -> Node | None:
        if isinstance(node, Name):
            return Name(ctx.dname) if node.name == ctx.wrt else None
        if not ctx.has_wrt(node):
            return None
        key = rule_key(node)
        rule = RULES.get(key)
        if rule is None:
            raise NotExpressible(f"no differential rule for {key!r}")
        if key not in used:  # outermost rule first, as a student applies them
            used.append(key)
        ds = tuple(visit(child) for child in node.children())
        return rule.build(node, ds, ctx)

    return visit(tree), used
