"""Code exercises: the student writes a function, ``check`` runs it on hidden cases and explains.

    from vcbook.exercises import coding, CODE_EXERCISES
    ex = coding("layer_backward")      # in Jupyter: the brief (task, signature, shapes, example)
    ex.check(layer_backward)           # a CodeVerdict (a Verdict); records the attempt
    coding("two_layer_backward").train(two_layer_backward, steps=50)   # the loss history

The modules read bottom-up: ``spec`` (Output, Case, Mistake) → ``runner`` (time limit, the
student's line in a traceback) → ``diagnose`` (the table ``DIAGNOSES``) → ``verdict``
(``CodeVerdict``, as text and as HTML) → ``checking`` (run,
unpack, diagnose, verdict) → ``model`` (``CodeExercise``) → ``training`` → the exercises as data
(``numerical``, ``layers``, ``losses``, ``primitives``) → ``catalog``.

Note: ``vcbook.exercises.coding`` the attribute is the function ``coding``; import this
package's modules with ``from vcbook.exercises.coding import runner`` (which always works).
"""

from vcbook.exercises.coding.catalog import CODE_EXERCISES, coding
from vcbook.exercises.coding.model import CodeExercise
from vcbook.exercises.coding.verdict import CodeVerdict

__all__ = ["CODE_EXERCISES", "coding", "CodeExercise", "CodeVerdict"]
