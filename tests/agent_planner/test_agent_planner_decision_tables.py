"""A table of programs is the numbered list it stands for: rows ordered by a priority column when there is
one, the program column the label, the audience column its people, a channel column its channel; a table of
anything else is left as text."""

from __future__ import annotations

from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.tables import tables_as_lists
from orchestrator.spec import Not

RANKED_TABLE = """Set priorities from this table:
| Priority | Program | Audience | Channel |
|---|---|---|---|
| 2 | Upgrade nudge | trial users | email |
| 1 | Save offer | at-risk users | push |
| 3 | Weekly digest | everyone else | email |"""


def test_a_table_of_programs_is_its_priority_order(planner: CatalogPlanner) -> None:
    save, nudge, digest = by_priority(draft_policy(planner, RANKED_TABLE))
    assert (save.id, nudge.id, digest.id) == ("save_offer", "upgrade_nudge", "weekly_digest")
    assert save.audience == T("activation_state", "eq", "at_risk")
    assert nudge.audience == T("subscription_status", "eq", "trial")
    assert isinstance(digest.audience, Not)
    assert [[c.channel for c in r.channels] for r in (save, nudge, digest)] == [
        ["push"],
        ["email"],
        ["email"],
    ]


def test_rows_without_a_priority_column_keep_their_order(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "| Program | Audience |\n| --- | --- |\n| Win-back email | cancelled users |\n| Streak saver push | users "
        "with a 3+ day streak |\nRank them in the order listed.",
    )
    assert [r.id for r in by_priority(policy)] == ["win_back_email", "streak_saver_push"]


def test_a_table_of_something_else_stays_text() -> None:
    text = "| Metric | Value |\n|---|---|\n| trials | 120 |\n| paid | 30 |"
    assert tables_as_lists(text) == text
