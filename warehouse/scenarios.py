"""Planted scenarios: named, parameterised changes to the generated data, and their ground truth.

A scenario is a set of *effects* on the generator plus the rows it writes to `mcc.scenarios`. An effect
is a SQL expression for one hook of the generator (see `HOOKS`): multiplier hooks are multiplied
together (default 1), additive hooks are summed (default 0), so scenarios combine. Expressions may use
`{ws}` (first day of the recent window, as a day index) and `{days}` (days of data), and the columns
each hook's context provides:

- user hooks (one row per user, evaluated at signup): `os_a` ('ios', 'android', 'web'), `country`,
  `utm_source`, `s` (signup day index).
- message hooks (one row per message): `os`, `d` (day index of the send), `ch` (push/email/sms/in_app).
- session hooks (one row per app session): `os`, `d`.

Expressions are our own code, never user text; parameters are numbers and names from this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from warehouse.errors import InputError

# hook name -> (context, combine mode)
HOOKS: dict[str, tuple[str, str]] = {
    "second_workout": ("user", "mult"),  # chance of a second workout soon after signup
    "conversion": ("user", "mult"),  # chance a trial user subscribes
    "push_revoke": ("user", "add"),  # extra chance an iOS/Android user revokes push in the window
    "checkout_retries": ("user", "add"),  # extra failed checkout attempts before (not) subscribing
    "ticket_rate": ("user", "mult"),  # chance of opening support tickets
    "billing_share": ("user", "add"),  # extra share of tickets about billing
    "csat_penalty": ("user", "add"),  # points taken off CSAT scores
    "resolution_mult": ("user", "mult"),  # multiplier on ticket resolution time
    "delivery": ("message", "mult"),  # chance a sent message is delivered
    "send": ("message", "mult"),  # chance a planned message is sent at all
    "open_dup": ("session", "add"),  # chance an app_opened is tracked twice
}


@dataclass(frozen=True)
class GroundTruth:
    """One row of `mcc.scenarios`; the window is given in days back from the end of the data."""

    scenario_id: str
    kind: str  # cause | red_herring | cohort | tracking | no_change
    description: str
    dimension: str | None = None
    segment: str | None = None
    metric: str | None = None
    window_days: tuple[int, int] | None = (7, 0)  # (start, end) as days before data_end
    cause: str | None = None
    funnel_step: str | None = None
    channel: str | None = None
    is_red_herring: bool = False


@dataclass(frozen=True)
class Scenario:
    """A named, documented change to the generated data and its ground truth."""

    name: str
    description: str
    effects: dict[str, str] = field(default_factory=dict)
    truth: tuple[GroundTruth, ...] = ()


def ios_push_collapse(window_days: int = 7, second_workout: float = 0.15, delivery: float = 0.15,
                      revoke: float = 0.45) -> Scenario:
    """iOS push permission revocations spike and push delivery collapses in the recent window."""
    in_win = "s >= {ws}"
    desc = (
        f"In the last {window_days} days iOS push permission revocations spike and iOS push delivery "
        f"collapses to {delivery:.0%} of normal, so fewer iOS trial users reach a second workout "
        "and iOS trial conversion drops."
    )
    return Scenario(
        "ios_push_collapse",
        desc,
        {
            "second_workout": f"CASE WHEN os_a = 'ios' AND {in_win} THEN {second_workout} ELSE 1 END",
            "push_revoke": f"CASE WHEN os_a = 'ios' THEN {revoke} ELSE 0 END",
            "delivery": f"CASE WHEN os = 'ios' AND ch = 'push' AND d >= {{ws}} THEN {delivery} ELSE 1 END",
        },
        (GroundTruth("ios_push_collapse", "cause", desc, "device_os", "ios", "trial_conversion",
                     (window_days, 0), "push delivery", "workout_completed_2", "push"),),
    )


def country_pricing_bug(country: str = "BR", window_days: int = 7, conversion: float = 0.1) -> Scenario:
    """Checkout fails in one country in the recent window: checkout retries rise, subscriptions drop."""
    desc = (
        f"In the last {window_days} days checkout fails for users in {country}: they view pricing and "
        "start checkout (often several times) but few subscriptions complete; no channel changed."
    )
    cond = f"country = '{country}' AND s >= {{ws}}"
    return Scenario(
        "country_pricing_bug",
        desc,
        {"conversion": f"CASE WHEN {cond} THEN {conversion} ELSE 1 END",
         "checkout_retries": f"CASE WHEN {cond} THEN 2 ELSE 0 END"},
        (GroundTruth("country_pricing_bug", "cause", desc, "country", country, "trial_conversion",
                     (window_days, 0), "checkout failure", "subscription_started", None),),
    )


def android_email_outage(window_days: int = 7, delivery: float = 0.1, second_workout: float = 0.35) -> Scenario:
    """Android users' emails stop being delivered in the window, so fewer reach a second workout."""
    desc = (
        f"In the last {window_days} days email delivery to Android users fails ({delivery:.0%} delivered), "
        "onboarding emails are missed and fewer new Android users complete a second workout."
    )
    return Scenario(
        "android_email_outage",
        desc,
        {"delivery": f"CASE WHEN os = 'android' AND ch = 'email' AND d >= {{ws}} THEN {delivery} ELSE 1 END",
         "second_workout": f"CASE WHEN os_a = 'android' AND s >= {{ws}} THEN {second_workout} ELSE 1 END"},
        (GroundTruth("android_email_outage", "cause", desc, "device_os", "android", "activation",
                     (window_days, 0), "email delivery", "workout_completed_2", "email"),),
    )


def android_email_volume_drop(window_days: int = 7, send: float = 0.5) -> Scenario:
    """Red herring: fewer emails are sent to Android users in the window; behaviour does not change."""
    desc = (
        f"Red herring: in the last {window_days} days email sends to Android users fall to {send:.0%} "
        "(a digest schedule change); conversion and activation do not move."
    )
    return Scenario(
        "android_email_volume_drop",
        desc,
        {"send": f"CASE WHEN os = 'android' AND ch = 'email' AND d >= {{ws}} THEN {send} ELSE 1 END"},
        (GroundTruth("android_email_volume_drop", "red_herring", desc, "device_os", "android",
                     "trial_conversion", (window_days, 0), "email volume", None, "email", True),),
    )


def web_tracking_change(window_days: int = 7, duplicate: float = 0.9) -> Scenario:
    """Red herring: web app_opened jumps after a tracking change that fires it twice."""
    desc = (
        f"Red herring: in the last {window_days} days web app_opened events jump because a tracking "
        "change fires the event twice per visit; real behaviour and conversion do not change."
    )
    return Scenario(
        "web_tracking_change",
        desc,
        {"open_dup": f"CASE WHEN os = 'web' AND d >= {{ws}} THEN {duplicate} ELSE 0 END"},
        (GroundTruth("web_tracking_change", "red_herring", desc, "device_os", "web", "trial_conversion",
                     (window_days, 0), "tracking change", "app_opened", None, True),),
    )


def support_heavy_cohort(utm_source: str = "tiktok", weeks_back: int = 4) -> Scenario:
    """A cohort (one acquisition source, one signup week) with many billing tickets and low CSAT."""
    start, end = 7 * weeks_back, 7 * weeks_back - 7
    desc = (
        f"Users acquired from {utm_source} in the week {start} to {end} days before the end of the data "
        "open many billing tickets, wait longer for resolution and rate support low (CSAT 1-2)."
    )
    cond = f"utm_source = '{utm_source}' AND s >= {{days}} - {start} AND s < {{days}} - {end}"
    return Scenario(
        "support_heavy_cohort",
        desc,
        {"ticket_rate": f"CASE WHEN {cond} THEN 9 ELSE 1 END",
         "billing_share": f"CASE WHEN {cond} THEN 0.6 ELSE 0 END",
         "csat_penalty": f"CASE WHEN {cond} THEN 2.5 ELSE 0 END",
         "resolution_mult": f"CASE WHEN {cond} THEN 3 ELSE 1 END"},
        (GroundTruth("support_heavy_cohort", "cohort", desc, "utm_source", utm_source, "support_tickets",
                     (start, end), "billing issues", "support_ticket_created", None),),
    )


def shadow_events() -> Scenario:
    """Always on: the app tracks `plan_selected` where the web tracks `checkout_started`."""
    desc = (
        "Tracking: the app sends `Plan Selected` (raw.plan_selected) where the web sends `Checkout Started`; "
        "pricing is a page/screen named `Pricing`. The tracking plan maps both to canonical events."
    )
    return Scenario("shadow_events", desc, {},
                    (GroundTruth("shadow_events", "tracking", desc, None, None, None, None,
                                 "shadow event names", "checkout_started", None),))


def no_change() -> Scenario:
    """Nothing planted: the answer to "what changed?" is "nothing significant"."""
    desc = "Nothing planted: the recent window behaves like the weeks before it."
    return Scenario("no_change", desc, {},
                    (GroundTruth("no_change", "no_change", desc, None, None, "trial_conversion", (7, 0)),))


SCENARIOS: dict[str, Callable[[], Scenario]] = {
    "ios_push_collapse": ios_push_collapse,
    "country_pricing_bug": country_pricing_bug,
    "android_email_outage": android_email_outage,
    "android_email_volume_drop": android_email_volume_drop,
    "web_tracking_change": web_tracking_change,
    "support_heavy_cohort": support_heavy_cohort,
    "shadow_events": shadow_events,
    "no_change": no_change,
}

DEFAULT_SCENARIOS: tuple[str, ...] = (
    "ios_push_collapse",
    "android_email_volume_drop",
    "web_tracking_change",
    "support_heavy_cohort",
    "shadow_events",
)
ALWAYS_ON = ("shadow_events",)


def resolve(names: Iterable[str | Scenario]) -> list[Scenario]:
    """Turn scenario names (or ready scenarios) into scenarios; `shadow_events` is always included."""
    out: list[Scenario] = []
    for item in [*names, *ALWAYS_ON]:
        if isinstance(item, Scenario):
            scenario = item
        elif item in SCENARIOS:
            scenario = SCENARIOS[item]()
        else:
            raise InputError(f"unknown scenario {item!r}", where="--scenario", accepted=", ".join(SCENARIOS))
        if all(s.name != scenario.name for s in out):
            out.append(scenario)
    if any(s.name == "no_change" for s in out) and any(t.kind == "cause" for s in out for t in s.truth):
        raise InputError("no_change cannot be combined with a scenario that plants a cause",
                         where="--scenario", accepted="no_change with red herrings or cohorts only")
    return out


def hook_sql(scenarios: Iterable[Scenario], hook: str, *, ws: int, days: int) -> str:
    """Combine every scenario's effect for one hook into one SQL expression."""
    _context, mode = HOOKS[hook]
    parts = [f"({s.effects[hook].format(ws=ws, days=days)})" for s in scenarios if hook in s.effects]
    if not parts:
        return "1.0" if mode == "mult" else "0.0"
    return (" * " if mode == "mult" else " + ").join(parts)
