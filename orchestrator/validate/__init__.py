"""Validate a spec against the catalog (and, given a connection, against the data).

Passes, one per module: `names` (every name and value against the catalog), `structure` (ids,
priorities, references, channel plans, caps), `contradictions` (groups no value can satisfy), `reachability` (audiences a built-in suppression
empties, push steps to users with push off) and
`data_checks` (empty audiences and fully shadowed rules, with their numbers).
"""

from __future__ import annotations

import duckdb

from orchestrator.compile.as_of import AsOf
from orchestrator.spec import Policy, Rule
from orchestrator.validate.contradictions import check_contradictions
from orchestrator.validate.data_checks import check_data
from orchestrator.validate.names import check_names
from orchestrator.validate.reachability import check_reachability
from orchestrator.validate.report import Issue, ValidationReport
from orchestrator.validate.structure import check_structure
from warehouse.catalog import Catalog

__all__ = ["Issue", "ValidationReport", "validate_spec"]


def validate_spec(
    spec: Rule | Policy, catalog: Catalog, con: duckdb.DuckDBPyConnection | None = None, as_of: AsOf = None
) -> ValidationReport:
    """Return the errors and warnings of `spec`; with a connection, also the data checks."""
    report = ValidationReport()
    report.extend(check_names(spec, catalog))
    report.extend(check_structure(spec, catalog))
    report.extend(check_contradictions(spec, catalog))
    report.extend(check_reachability(spec))
    # Counting users only makes sense when every name compiles to a real column.
    if con is not None and report.ok:
        report.extend(check_data(con, spec, as_of))
    return report
