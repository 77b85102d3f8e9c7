"""The out-of-scope refusal lists everything the agent does, asking how a rule is doing included."""

from __future__ import annotations

from agent.nodes.refusals import refusal_for


def test_out_of_scope_names_the_performance_question_among_what_the_agent_does() -> None:
    refusal = refusal_for("write me a poem about the sea", None)
    assert "how a rule that ran is doing against its holdout" in refusal.reason
    assert "Is the upgrade nudge working?" in refusal.suggestions
