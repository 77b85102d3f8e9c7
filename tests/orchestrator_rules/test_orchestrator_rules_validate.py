"""Validation: each error and warning kind, with its exact path, code and suggestion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from orchestrator.spec import Policy, Rule, load_spec_file, parse_spec
from orchestrator.validate import Issue, validate_spec
from warehouse.catalog import Catalog

EXAMPLES = Path(__file__).parents[2] / "examples"
AS_OF = "2026-01-10 00:00:00"


def rule(audience: dict[str, Any], **extra: Any) -> Rule:
    spec = parse_spec({"kind": "rule", "id": "r1", "description": "test", "audience": audience, **extra})
    assert isinstance(spec, Rule)
    return spec


def policy(*rules: dict[str, Any], **extra: Any) -> Policy:
    spec = parse_spec({"kind": "policy", "id": "p1", "description": "test", "rules": list(rules), **extra})
    assert isinstance(spec, Policy)
    return spec


def trait(name: str, op: str, value: Any = None) -> dict[str, Any]:
    return {"kind": "trait", "trait": name, "op": op, "value": value}


def rule_dict(rule_id: str, priority: int, audience: dict[str, Any]) -> dict[str, Any]:
    return {"id": rule_id, "description": rule_id, "priority": priority, "audience": audience}


def only(issues: list[Issue]) -> Issue:
    assert len(issues) == 1, issues
    return issues[0]


@pytest.mark.parametrize("name", ["upgrade_nudge.yaml", "trial_priority_policy.yaml"])
def test_examples_validate_clean(name: str, catalog: Catalog) -> None:
    report = validate_spec(load_spec_file(EXAMPLES / name), catalog)
    assert report.ok and report.warnings == [], report


def test_unknown_trait_in_a_policy_names_the_path_and_closest_traits(catalog: Catalog) -> None:
    spec = policy(
        rule_dict("us_users", 1, trait("country", "eq", "US")),
        rule_dict("active_users", 2, {"kind": "all", "conditions": [trait("workout_complete", "gte", 2)]}),
    )
    issue = only(validate_spec(spec, catalog).errors)
    assert (issue.path, issue.code) == ("rules[1].audience.conditions[0].trait", "unknown_trait")
    assert issue.suggestion is not None and issue.suggestion.startswith("did you mean workouts_completed")


def test_unknown_event_and_property(catalog: Catalog) -> None:
    spec = rule({"kind": "all", "conditions": [
        {"kind": "event", "event": "pricing_view"},
        {"kind": "event", "event": "workout_completed", "where": [{"property": "workout_typ", "value": "yoga"}]},
    ]})
    errors = validate_spec(spec, catalog).errors
    assert [(e.path, e.code) for e in errors] == [
        ("audience.conditions[0].event", "unknown_event"),
        ("audience.conditions[1].where[0].property", "unknown_property"),
    ]
    assert errors[0].suggestion is not None and "pricing_viewed" in errors[0].suggestion
    assert errors[1].suggestion == "did you mean workout_type?"


@pytest.mark.parametrize(
    ("condition", "code", "suggestion_part"),
    [
        (trait("device_os", "eq", "iphone"), "value_not_allowed", "allowed: ios, android, web"),
        (trait("workouts_completed", "gte", "three"), "bad_value_type", "a whole number"),
        (trait("workouts_completed", "gte", 2.5), "bad_value_type", "a whole number"),
        (trait("marketing_opt_in", "eq", "yes"), "bad_value_type", "true or false"),
        (trait("trial_days_left", "lte", 45), "value_out_of_range", "0.0..30.0"),
        (trait("country", "in", []), "bad_value_shape", "non-empty list"),
        (trait("country", "eq", None), "bad_value_shape", "is_null"),
        (trait("country", "is_null", "US"), "bad_value_shape", "remove value"),
        (trait("workouts_completed", "between", [5, 2]), "bad_value_shape", "[2, 5]"),
        (trait("user_id", "eq", "u1"), "not_filterable", "descriptive trait"),
    ],
)
def test_value_errors(condition: dict[str, Any], code: str, suggestion_part: str, catalog: Catalog) -> None:
    issue = only(validate_spec(rule(condition), catalog).errors)
    assert issue.code == code
    assert issue.path == ("audience.trait" if code == "not_filterable" else "audience.value")
    assert issue.suggestion is not None and suggestion_part in issue.suggestion


def test_property_value_checked_against_the_event(catalog: Catalog) -> None:
    spec = rule({"kind": "event", "event": "checkout_started", "where": [{"property": "plan", "value": "weekly"}]})
    issue = only(validate_spec(spec, catalog).errors)
    assert (issue.path, issue.code) == ("audience.where[0].value", "value_not_allowed")


def test_structure_errors(catalog: Catalog) -> None:
    spec = policy(
        rule_dict("us", 1, trait("country", "eq", "US")),
        rule_dict("us", 2, trait("country", "eq", "GB")),
        {**rule_dict("de", 2, trait("country", "eq", "DE")), "conversion": {"event": "upgraded"},
         "channels": [{"channel": "email", "only_if": "previous_not_opened"}]},
        suppressions=[{"id": "tickets", "description": "d", "condition": trait("open_tickets", "gt", 0),
                       "applies_to": ["us", "upgrade"]}],
    )
    errors = validate_spec(spec, catalog).errors
    assert [(e.path, e.code) for e in errors] == [
        ("rules[1].id", "duplicate_rule_id"),
        ("rules[2].priority", "duplicate_priority"),
        ("suppressions[0].applies_to[1]", "unknown_rule_reference"),
        ("rules[2].channels[0].only_if", "bad_channel_plan"),
        ("rules[2].conversion.event", "unknown_event"),
    ]
    assert errors[1].message == "de and us both have priority 2: arbitration needs an order"
    assert errors[2].suggestion == "one of us, de, or all"


@pytest.mark.parametrize(
    ("conditions", "text"),
    [
        ([trait("workouts_completed", "gte", 5), trait("workouts_completed", "lt", 3)],
         "workouts_completed >= 5 and workouts_completed < 3"),
        ([trait("device_os", "eq", "ios"), trait("device_os", "eq", "android")], "device_os = ios and device_os = android"),
        ([trait("country", "is_null"), trait("country", "in", ["US"])], "country is empty and country in ['US']"),
        ([trait("workouts_completed", "gt", 3), trait("workouts_completed", "lt", 4)],
         "workouts_completed > 3 and workouts_completed < 4"),
        ([{"kind": "event", "event": "app_opened", "op": "gte", "count": 3, "within_days": 7},
          {"kind": "event", "event": "app_opened", "op": "eq", "count": 0, "within_days": 7}],
         "count of app_opened in the last 7 days >= 3 and count of app_opened in the last 7 days = 0"),
    ],
)
def test_contradictions_are_warnings(conditions: list[dict[str, Any]], text: str, catalog: Catalog) -> None:
    report = validate_spec(rule({"kind": "all", "conditions": conditions}), catalog)
    issue = only(report.warnings)
    assert report.ok
    assert (issue.path, issue.code) == ("audience", "contradiction")
    assert issue.message == f"no user can match {text}: the audience is empty"


def test_compatible_conditions_are_not_contradictions(catalog: Catalog) -> None:
    spec = rule({"kind": "all", "conditions": [
        trait("workouts_completed", "gte", 3), trait("workouts_completed", "lt", 4),
        trait("device_os", "ne", "ios"), trait("device_os", "in", ["ios", "web"]),
        {"kind": "any", "conditions": [trait("country", "eq", "US"), trait("country", "eq", "GB")]},
    ]})
    assert validate_spec(spec, catalog).warnings == []


def test_empty_audience_warning_with_the_numbers(catalog: Catalog, con: duckdb.DuckDBPyConnection) -> None:
    report = validate_spec(rule(trait("country", "eq", "FR")), catalog, con, as_of=AS_OF)
    issue = only(report.warnings)
    assert (issue.path, issue.code) == ("audience", "empty_audience")
    assert issue.message == f"r1 has 0 eligible users of 6 as of {AS_OF} (after suppressions and stop conditions)"


def test_shadowed_rule_warning_names_the_higher_rule(catalog: Catalog, con: duckdb.DuckDBPyConnection) -> None:
    spec = policy(
        rule_dict("trial_users", 1, trait("subscription_status", "eq", "trial")),  # u1 u2 u4 u6
        rule_dict("ios_trial", 2, {"kind": "all", "conditions": [
            trait("device_os", "eq", "ios"), trait("subscription_status", "eq", "trial")]}),  # u1 u4
        # u1 u3 u6: u3 is in no higher rule; a service message reaches u3, who opted out of marketing
        {**rule_dict("us_users", 3, trait("country", "eq", "US")), "purpose": "service"},
    )
    issue = only(validate_spec(spec, catalog, con, as_of=AS_OF).warnings)
    assert (issue.path, issue.code) == ("rules[1].priority", "shadowed_rule")
    # trial_users counts u1 u4 u6: u2, with an open ticket, is suppressed from marketing as the executor does
    assert "all 2 of its eligible users (100%) also qualify for higher-priority rules: trial_users (2)" in issue.message


def test_the_built_in_suppressions_count_for_marketing_rules_only(catalog: Catalog, con: duckdb.DuckDBPyConnection) -> None:
    trial = rule_dict("trial_users", 1, trait("subscription_status", "eq", "trial"))  # u1 u2 u4 u6
    us_marketing = rule_dict("us_users", 2, trait("country", "eq", "US"))  # u1 u3 u6; u3 opted out
    issue = only(validate_spec(policy(trial, us_marketing), catalog, con, as_of=AS_OF).warnings)
    assert (issue.path, issue.code) == ("rules[1].priority", "shadowed_rule")
    assert "all 2 of its eligible users (100%)" in issue.message  # u3 is never sent marketing
    assert validate_spec(policy(trial, {**us_marketing, "purpose": "service"}), catalog, con, as_of=AS_OF).warnings == []


def test_suppressed_users_do_not_shadow(catalog: Catalog, con: duckdb.DuckDBPyConnection) -> None:
    spec = policy(
        rule_dict("trial_users", 1, trait("subscription_status", "eq", "trial")),
        rule_dict("ios_trial", 2, {"kind": "all", "conditions": [
            trait("device_os", "eq", "ios"), trait("subscription_status", "eq", "trial")]}),
        suppressions=[{"id": "no_ios", "description": "d", "condition": trait("device_os", "eq", "ios"),
                       "applies_to": ["trial_users"]}],
    )
    assert validate_spec(spec, catalog, con, as_of=AS_OF).warnings == []


def test_plan_warnings(catalog: Catalog) -> None:
    spec = rule(trait("country", "eq", "US"), holdout_share=0.0, frequency_cap={"max_sends": 1, "per_days": 7},
                channels=[{"channel": "push"}, {"channel": "email", "delay_hours": 24}])
    assert [(w.path, w.code) for w in validate_spec(spec, catalog).warnings] == [
        ("channels", "cap_below_plan"),
        ("holdout_share", "no_holdout"),
    ]


def test_duplicate_stop_condition_ids(catalog: Catalog) -> None:
    stop = {"id": "done", "description": "d", "condition": trait("workouts_completed", "gte", 2)}
    issue = only(validate_spec(rule(trait("country", "eq", "US"), stop_conditions=[stop, stop]), catalog).errors)
    assert (issue.path, issue.code) == ("stop_conditions[1].id", "duplicate_id")


def test_data_checks_need_a_time(catalog: Catalog, con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM mcc.meta")
    issue = only(validate_spec(rule(trait("country", "eq", "FR")), catalog, con).warnings)
    assert (issue.path, issue.code, issue.suggestion) == ("(top)", "no_data_end", "pass an as-of time (--as-of)")
    # with the warehouse's data_end, no as-of is needed
    con.execute("INSERT INTO mcc.meta VALUES ('data_end', '2026-01-10 00:00:00')")
    assert only(validate_spec(rule(trait("country", "eq", "FR")), catalog, con).warnings).code == "empty_audience"
