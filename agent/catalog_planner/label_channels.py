"""Send a program on the channel its own name says ("a re-engagement push", "an SMS reminder", "the win-back
email") when the prompt states no channel plan, whichever reader drafted its rule: the default plan (push,
then email) would send "the push" by email too."""

from __future__ import annotations

import re

from agent.catalog_planner.channels import stated_channels
from agent.catalog_planner.program_marks import CHANNEL, CHANNELS, named_channels
from agent.catalog_planner.rule_labels import rule_label
from agent.types import Refusal
from orchestrator.spec import Policy, Rule

# "get them to turn on push notifications", "email them to re-enable push", "a push re-enable email": the
# permission, not a channel
_SWITCHED = re.compile(
    rf"\b(?:(?:re-?)?enabl\w*|disabl\w*|turn\w*\s+(?:on|off)|switch\w*\s+(?:on|off)|allow\w*|grant\w*|"
    rf"opt\w*\s+(?:in|out)(?:\s+(?:to|of))?)\s+(?:their\s+|the\s+)?{CHANNEL}\w*(?:\s+notifications?)?|"
    # "a push re-enable email", "the push opt-in prompt": the channel names what is switched
    rf"\b{CHANNEL}\s+(?:(?:re-?)?enabl\w*|opt-?ins?|permissions?)",
    re.IGNORECASE,
)


# "welcome emails", "re-engagement pushes", "reminder texts": a plural names the channel too
_PLURAL = re.compile(r"\b(e-?mail|push|text|sms)(?:es|s)\b", re.IGNORECASE)


def _by_its_name(rule: Rule) -> Rule:
    said = named_channels(_PLURAL.sub(r"\1", _SWITCHED.sub(" ", rule_label(rule))))
    if not said or [c.channel for c in rule.channels] == said:
        return rule
    return rule.model_copy(update={"channels": stated_channels(said, rule.template_key or rule.id)})


def give_named_channels(draft: Policy | Refusal, text: str) -> Policy | Refusal:
    """Return the policy with each rule sent on the channels its program's name says, unless `text` states
    channels itself ("by push for users with push enabled, by email otherwise")."""
    if not isinstance(draft, Policy) or CHANNELS.search(text):
        return draft
    return draft.model_copy(update={"rules": [_by_its_name(r) for r in draft.rules]})
