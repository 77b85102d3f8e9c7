"""What validation returns: issues with a path inside the spec, a code, a message and a suggestion."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Issue(BaseModel):
    """One problem, addressed by its path inside the spec (`rules[1].audience.conditions[0].trait`)."""

    path: str
    code: str
    message: str
    suggestion: str | None = None

    def __str__(self) -> str:
        hint = f" ({self.suggestion})" if self.suggestion else ""
        return f"{self.path}: {self.message}{hint}"


class ValidationReport(BaseModel):
    """Errors block a proposal; warnings are facts a reviewer should see (with the numbers behind them)."""

    errors: list[Issue] = Field(default_factory=list)
    warnings: list[Issue] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def extend(self, other: ValidationReport) -> None:
        self.errors += other.errors
        self.warnings += other.warnings

    def error(self, path: str, code: str, message: str, suggestion: str | None = None) -> None:
        self.errors.append(Issue(path=path, code=code, message=message, suggestion=suggestion))

    def warn(self, path: str, code: str, message: str, suggestion: str | None = None) -> None:
        self.warnings.append(Issue(path=path, code=code, message=message, suggestion=suggestion))
