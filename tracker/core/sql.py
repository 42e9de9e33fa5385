"""Portable SQL helpers that SQLAlchemy lacks."""

from __future__ import annotations

from sqlalchemy import Boolean
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class rare(FunctionElement):  # noqa: N801  (used like a SQL function)
    """A condition that is seldom true, so an index on it should drive the scan.

    SQLite's planner has no histograms (no STAT4 in Python's build) and guesses every range alike;
    likelihood() tells it (unlikely()'s 1 in 16 was not enough to beat a scan in ORDER BY order).
    PostgreSQL estimates from its statistics: the condition is left as it is.
    """

    type = Boolean()
    inherit_cache = True
    _is_implicitly_boolean = True  # a condition already: no "= 1" on SQLite
    name = "rare"


@compiles(rare)
def _rare(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)})"  # kept whole inside AND / OR


@compiles(rare, "sqlite")
def _rare_sqlite(element, compiler, **kw):
    return f"likelihood({compiler.process(element.clauses, **kw)}, 0.001)"
