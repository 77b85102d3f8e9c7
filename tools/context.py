"""The infrastructure every tool receives: injected by the caller, never a model argument."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from warehouse.catalog import Catalog
from warehouse.connection import Warehouse

DEFAULT_ROW_CAP = 1000
DEFAULT_TIMEOUT_S = 5.0


@dataclass
class ToolContext:
    """What the tools run against and as whom; the model only ever sees business arguments."""

    warehouse: Warehouse
    """The warehouse file; tools open its sandboxed connection for model SQL."""
    catalog: Catalog
    """Traits, events, dimensions and metrics the tools validate names against."""
    actor: str
    """Who proposals are filed as (the person running the agent), never chosen by the model."""
    as_of: datetime | None = None
    """The analysis "now"; None means the warehouse's data end (`warehouse.meta.data_end`)."""
    row_cap: int = DEFAULT_ROW_CAP
    """Most rows run_sql returns."""
    timeout_s: float = DEFAULT_TIMEOUT_S
    """Wall-clock limit per query; the sandbox's own limit (5 s) still applies behind it."""
