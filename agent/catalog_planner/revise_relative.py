"""Changes said relative to the draft's own value: "make the holdout bigger", "a smaller control group",
"double the cap", "a bit less often".

The steps are fixed so a change reads the same every time, and the chat's "Changed in …" line says what the
value became:
- a holdout or control group grows or shrinks by 5 points ("much", "a lot": 10), "double" / "halve" / "triple"
  multiply it; it stays within 0% to 50% (a change at a bound is refused, saying the bound);
- a frequency cap: "more often", "raise the cap" allow one send more in the same days; "less often", "lower the
  cap" one fewer, and at one send the days double (1 per 7 days -> 1 per 14 days); "much" takes two steps;
  "double" / "triple" multiply the sends, "halve" halves them (at one send, the days double). Sends stay
  within 1 to 100 and days within 1 to 90.
A draft without the value ("double the cap" with no cap) is refused with the absolute form to say instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.catalog_planner.revise_targets import Edit, Inapplicable, Spec
from orchestrator.spec import FrequencyCap, Policy, Rule

SHARE_STEP = 0.05
MAX_SHARE = 0.5
MAX_SENDS, MAX_DAYS = 100, 90

_MUCH = r"(?:much|a lot|far|way)"
_DEGREE = rf"(?:(?:a\s+)?(?:bit|little|touch|tad)\s+|slightly\s+|somewhat\s+|{_MUCH}\s+)?"
_UP, _DOWN = r"(?:bigger|larger|higher|greater|more)", r"(?:smaller|lower|less|fewer)"
_TIMES = r"(?:double|triple|halve|half)"
_GROW = r"(?:increase|raise|grow|enlarge|expand|boost|bump(?:\s+up)?|up)"
_SHRINK = r"(?:decrease|lower|reduce|shrink|cut|trim|bump\s+down)"
_AMOUNT = (rf"(?:\s+(?:a\s+(?:bit|little|touch|tad)|slightly|somewhat|{_MUCH}|"
           r"by\s+\d{1,2}\s*(?:percentage\s+points?|points?|%|percent|sends?|messages?)?))?")
# Read off a matched clause: which way it moves, by how much, or by what factor.
_DOWNWARD = re.compile(r"\b(?:smaller|lower|less|fewer|decrease|reduce|shrink|cut|trim|down|tighten|halve|half)\b")
_TWO_STEPS = re.compile(rf"\b{_MUCH}\b")
_BY = re.compile(r"\bby\s+(\d{1,2})\b")  # "raise the holdout by 10 points": that many points (a cap: sends)
_FACTOR = re.compile(rf"^{_TIMES}\b")


def _forms(noun: str) -> re.Pattern[str]:
    """Return the relative forms said of a setting named by `noun`."""
    the = r"(?:(?:the|its|a|an|our|it)\s+)?"  # "it": a policy's rule named in the clause ("the upgrade messaging holdout")
    return re.compile(
        rf"^(?:make|set|keep)\s+{the}{noun}\s+{_DEGREE}(?:{_UP}|{_DOWN})$"
        rf"|^(?:{_GROW}|{_SHRINK})\s+{the}{noun}{_AMOUNT}$"
        rf"|^{_TIMES}\s+{the}{noun}$"
        rf"|^(?:(?:use|give it|with|want)\s+)?{the}{_DEGREE}(?:{_UP}|{_DOWN})\s+{noun}$"
        rf"|^{the}{noun}\s+(?:should be\s+)?{_DEGREE}(?:{_UP}|{_DOWN})$"
    )


_HOLDOUT = _forms(r"(?:hold-?\s?out|hold back)(?:\s+(?:share|group|size))?")
_HOLD_MORE = re.compile(rf"^hold\s+(?:out|back)\s+{_DEGREE}(?:{_UP}|{_DOWN})(?:\s+(?:people|users|of them))?$")
_CONTROL = _forms(r"(?:global\s+)?control(?:\s+group)?(?:\s+(?:share|size))?")
_CAP = _forms(r"(?:frequency\s+|weekly\s+|daily\s+)?cap")
_CAP_LOOSE = re.compile(r"^(?:loosen|relax|tighten)\s+(?:the\s+)?(?:frequency\s+)?cap$")
_OFTEN = re.compile(
    rf"^(?:(?:make it|send(?:\s+(?:it|them|messages))?|message(?:\s+them)?|contact(?:\s+them)?)\s+)?{_DEGREE}"
    rf"(?:more|less)\s+(?:often|frequently)$"
    rf"|^(?:send\s+)?{_DEGREE}(?:more|fewer)\s+(?:sends|messages|emails|pushes|notifications)$"
)


class _Move:
    """The way a relative clause moves a value: a factor ("double"), or steps up or down ("much bigger": 2)."""

    def __init__(self, clause: str) -> None:
        factor = _FACTOR.match(clause)
        self.times = factor.group() if factor else None
        self.sign = -1 if _DOWNWARD.search(clause) else 1
        self.steps = 2 if _TWO_STEPS.search(clause) else 1
        by = _BY.search(clause)
        self.by = int(by.group(1)) if by else None


# "increase the holdout to 15%", "lower the cap to 1 per week": a new value said with a verb of moving
_MOVED_TO = re.compile(
    rf"^(?:{_GROW}|{_SHRINK}|change|move|bring)\s+(?:the\s+|its\s+)?(?P<what>hold-?\s?out|(?:global\s+)?control group|"
    r"(?:frequency\s+)?cap)(?:\s+(?:up|down))?\s+to\s+(?P<value>.+)$"
)


def as_absolute(text: str) -> str | None:
    """Return a clause that names a new value with a verb of moving ("raise the cap to 4 per week") as the plain
    setting the other edits read ("cap it at 4 per week"), else None."""
    m = _MOVED_TO.match(text)
    if m is None:
        return None
    what = m["what"]
    if what.endswith("cap"):
        return f"cap it at {m['value']}"
    return f"{'hold out' if what.startswith('hold') else 'control group'} {m['value']}"


def relative_edit(text: str, each_rule: Callable[[Spec, Callable[[Rule], Rule]], Spec]) -> Edit | None:
    """Return the edit a relative clause states (a lowercased clause without fillers), else None."""
    if _HOLDOUT.match(text) or _HOLD_MORE.match(text):
        move = _share_move(_Move(text), "holdout")
        return lambda spec: each_rule(spec, lambda r: r.model_copy(update={"holdout_share": move(r.holdout_share, r.id)}))
    if _CONTROL.match(text):
        move = _share_move(_Move(text), "control group")

        def control(spec: Spec) -> Spec:
            if not isinstance(spec, Policy):
                raise Inapplicable("a control group is a policy's setting; a single rule has a holdout instead")
            return spec.model_copy(update={"control_group_share": move(spec.control_group_share, spec.id)})

        return control
    if _CAP.match(text) or _CAP_LOOSE.match(text) or _OFTEN.match(text):
        move_cap = _cap_move(_Move(text))

        def cap(spec: Spec) -> Spec:
            if spec.frequency_cap is None:
                raise Inapplicable(f"{spec.id} has no frequency cap to change; say 'cap it at 2 per week'")
            return spec.model_copy(update={"frequency_cap": move_cap(spec.frequency_cap, spec.id)})

        return cap
    return None


def _share_move(said: _Move, what: str) -> Callable[[float, str], float]:
    """Return the change of a share (holdout, control group) the clause states, refusing one past its bounds."""
    times, sign, steps = said.times, said.sign, said.steps

    def move(share: float, owner: str) -> float:
        if times:
            if share == 0:
                setting = "hold out 10%" if what == "holdout" else "a 5% control group"
                raise Inapplicable(f"the {what} of {owner} is 0%, and {times} of 0% is 0%; say '{setting}'")
            new = share * {"double": 2, "triple": 3}.get(times, 0.5)
        else:
            new = share + sign * (said.by / 100 if said.by is not None else steps * SHARE_STEP)
        new = round(min(max(new, 0.0), MAX_SHARE), 4)
        if new == share:
            bound = "0%, the least" if share == 0 else f"{MAX_SHARE:.0%}, the most"
            raise Inapplicable(f"the {what} of {owner} is already {bound} it can be")
        return new

    return move


def _cap_move(said: _Move) -> Callable[[FrequencyCap, str], FrequencyCap]:
    """Return the change of a frequency cap the clause states, refusing one past its bounds."""
    times, sign, steps = said.times, said.sign, said.steps

    def move(cap: FrequencyCap, owner: str) -> FrequencyCap:
        sends, days = cap.max_sends, cap.per_days
        if times in ("double", "triple"):
            sends *= 2 if times == "double" else 3
        elif times:  # halve: half the sends, or the same one send over twice the days
            sends, days = (sends // 2, days) if sends > 1 else (1, days * 2)
        else:
            for _ in range(said.by or steps):
                if sign > 0:
                    sends += 1
                else:
                    sends, days = (sends - 1, days) if sends > 1 else (1, days * 2)
        new = FrequencyCap(max_sends=min(sends, MAX_SENDS), per_days=min(days, MAX_DAYS))
        if new == cap:
            bound = f"{MAX_SENDS} sends, the most" if sign > 0 else f"1 send per {MAX_DAYS} days, the least"
            raise Inapplicable(f"the frequency cap of {owner} is already {bound} it can be")
        return new

    return move
