"""The catalog planner: the default planner when no model is configured. Deterministic, no network.

Everything it knows comes from the catalog at construction (`lexicon.py`): trait and event names with
underscores as spaces, synonyms, enum values, country names of ISO country codes, short glosses in
descriptions (`active (paying)`), with light stemming and order-free matching ("pricing viewed" =
"viewed pricing"). A trait added to the catalog with synonyms is recognised with no code change.

Grammar it understands
- Conditions (`conditions.py`), joined by commas, "and", "or" ("iOS or Android users" → `in`; two values
  of one trait joined by "and" also read as `in`):
  - numbers and comparisons: "at least 3", "3 or more", "3+", "≥ 3", "more than/over/above 5" (gt),
    "fewer than/under/below 2" (lt), "no more than/at most/up to 2" (lte), "exactly 1" (eq),
    "between 2 and 4" (between; for events two counts). A bare number means at least: "completed 3
    workouts" → `workouts_completed gte 3`. Number words ("three", "twice") and ordinals work.
  - negation ("no", "not", "never", "without", "haven't"): counts become `eq 0` ("no open support
    tickets" → `open_tickets eq 0`), values `ne` ("not on iOS"), booleans flip; a comparison flips.
  - time windows: "in the last 14 days", "past month" (30), "this week" (7), "yesterday"/"today" (1),
    "over the last 2 weeks", "since Monday" (7), "in 7 days". A window turns a count into an event
    condition with `within_days` ("completed 3 workouts in the last week" → event `workout_completed`
    count gte 3 within 7); a trait counted in days reads the window as a bound ("haven't worked out in
    7 days" → `days_since_last_workout gte 7`, "signed up in the last 7 days" → `days_since_signup lte 7`).
  - property filters: an event property value beside a count ("3 yoga workouts") → `where workout_type eq
    yoga`; without a count it is the trait value ("yoga lovers" → `preferred_workout_type eq yoga`).
  - states: enum values ("at risk", "committed", "trial users", "iOS users", "in Germany"), booleans
    ("opted in", "push disabled" → false), an ambiguous value ("high") resolved by the trait named beside
    it ("high upgrade intent", "high intent").
- Decisions (`lists.py`, `goals.py`, `policy.py`): "(1) … (2) …", "1. …", "1) …", bullets, "first …,
  then …, finally …", "prioritize A over B". One rule per item, in order; the head's states ("for trial
  users") scope every rule. Items are goals or states: conversion (names a metric funnel's last event:
  "upgrade", "convert") → audience not converted, stop when converted (`subscription_status eq active`,
  found through the catalog); milestone ("complete a second workout") → audience one short
  (`workouts_completed eq 1`: users who did the first, not the second), stop at the goal (`gte 2`); support
  → in the state, stop when it clears; any other state → in it, stop when it no longer holds. Global
  suppressions: marketing opt-out and open tickets, applied to the non-support rules when a support rule
  exists. Frequency cap from "N messages per week", else 3 per 7 days. Edge cases as reviewer text.
- Eligibility (`eligibility.py`): the program before "who/with/targets/…" names the id and goal ("upgrade
  nudge" → email, conversion, stop when converted); the audience after it must map fully, or the
  planner refuses naming the phrase with the closest catalog entries.
- Debug (`debug.py`): a catalog metric or synonym, dimension values ("iOS vs Android"; one value → the
  other values when there are at most four, else the first other value listed), and a window (default 7).
- Questions (`question.py`): how many, what share of … have …, average/median/total/max/min … by …,
  top/bottom N … by …, list …: one SELECT built with sqlglot over `user_traits`.
- Out of scope: approve/apply/deploy requests, data changes, unrelated asks, prompts with no catalog word.

Known limits (honest)
- Negation does not carry across "or" ("haven't viewed pricing or compared plans" negates only the first).
- A value word between the words of a synonym splits it ("opened a billing ticket" reads "opened" alone).
- "high"/"low" on numeric scores are not mapped to thresholds; the planner asks for a number instead.
- Windows are lengths in days; calendar boundaries ("since Monday") are approximated as 7 days.
- Questions cover the shapes above only; joins across canonical tables other than events are not planned.
"""

from __future__ import annotations

from agent.catalog_planner.planner import CatalogPlanner

__all__ = ["CatalogPlanner"]
