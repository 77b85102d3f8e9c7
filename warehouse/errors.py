"""One error hierarchy for the whole project.

Every error carries structured fields (what was wrong, where, what would be accepted) so that a
person reading the CLI and a planner reading a tool message can both act on it. Friendly text is
made only at the edge (`cli.common.render_error`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class MccError(Exception):
    """Base class: a problem the user or the agent can fix."""

    message: str
    where: str | None = None
    accepted: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        parts = [self.message]
        if self.where and not self.message.startswith(self.where):  # 'x v1: x v1 is …' says x v1 once
            parts.insert(0, f"{self.where}:")
        if self.accepted:
            parts.append(f"(accepted: {self.accepted})")
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": type(self).__name__,
            "message": self.message,
            "where": self.where,
            "accepted": self.accepted,
            **({"details": self.details} if self.details else {}),
        }


class InputError(MccError):
    """An argument, file or payload that cannot be used as given."""


class DatabaseError(MccError):
    """The warehouse file is missing, corrupt, locked or not writable."""


class CatalogError(MccError):
    """The catalog and the models disagree, or a name is not in the catalog."""


class SpecError(MccError):
    """A rule or policy spec that does not parse or does not validate."""


class RegistryError(MccError):
    """A review-flow action that is not allowed (self-approval, unapproved execution, ...)."""


class RunError(MccError):
    """The executor cannot run (another run in progress, nothing approved, ...)."""


class DeliveryError(MccError):
    """A channel tool refused or could not be reached."""


class GuardError(MccError):
    """SQL refused by the parser guard or the sandbox."""


class AgentError(MccError):
    """The agent could not finish (retries exhausted, recursion limit, model failure)."""
