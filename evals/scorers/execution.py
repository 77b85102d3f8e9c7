"""Execution match, test-suite style: an audience is right only if it selects the gold user ids on
every fixture warehouse (Zhong, Yu, Klein 2020)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb

from evals.scorers.score import Score
from orchestrator.compile import audience_sql
from orchestrator.spec import Condition
from warehouse.errors import MccError


class FixtureSet:
    """Read-only connections to the fixture warehouses, opened once per run."""

    def __init__(self, paths: Mapping[str, Path]) -> None:
        self.paths = dict(paths)
        self._cons = {name: duckdb.connect(str(p), read_only=True) for name, p in self.paths.items()}

    def user_ids(self, name: str, audience: Condition | str) -> frozenset[str]:
        """Return the user ids a condition (compiled like the executor's) or a gold SELECT picks."""
        sql = audience if isinstance(audience, str) else audience_sql(audience)
        return frozenset(str(r[0]) for r in self._cons[name].execute(sql).fetchall())

    @property
    def names(self) -> list[str]:
        return list(self._cons)

    def close(self) -> None:
        for con in self._cons.values():
            con.close()
        self._cons.clear()


def _sample(ids: frozenset[str], n: int = 3) -> str:
    return ", ".join(sorted(ids)[:n]) + (" ..." if len(ids) > n else "")


def same_audience(
    fixtures: FixtureSet, produced: Condition, gold: Condition | str, *, name: str = "execution"
) -> Score:
    """Compare the produced audience with the gold on every fixture; the first difference is the detail."""
    for fixture in fixtures.names:
        try:
            got = fixtures.user_ids(fixture, produced)
        except (MccError, duckdb.Error) as exc:
            return Score(name=name, passed=False, detail=f"the produced audience does not run on {fixture}: {exc}")
        want = fixtures.user_ids(fixture, gold)
        if got != want:
            extra, missing = got - want, want - got
            parts = [f"on fixture {fixture}: {len(got)} users, gold {len(want)}"]
            if extra:
                parts.append(f"extra {_sample(extra)}")
            if missing:
                parts.append(f"missing {_sample(missing)}")
            return Score(name=name, passed=False, detail="; ".join(parts))
    return Score(name=name, passed=True, detail=f"same users on {len(fixtures.names)} fixtures")
