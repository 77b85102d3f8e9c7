"""Read an unnumbered decision prompt as named programs, each with its own audience, and the order,
guards and stops the prompt states around them.

Shapes: "Y should get A, and Z [should get] B; A wins", "A for users who ... (top priority), B for ...
(lowest priority)", "which should win, A for users who ... or B for users who ...?", "A for X over B for
Y", "A ranks above B", "it wins over B for Y", "A comes first/second/last", "then B for everyone else".
Guards: "never while ...", "but not if ...", "unless ...", "skip anyone who ..." (suppressions); "stop once
...", "until they ...", "once they ..." (stop conditions). A guard applies to the program it is said of
(its piece, or a sentence naming that program), else to every program. Channel statements ("by push for
users with push enabled, by email otherwise") go to the program they are said of, else to all.
"""

from __future__ import annotations

import itertools
import re

from agent.catalog_planner.guard_phrases import take_conditional_guards, take_guards, without_guards
from agent.catalog_planner.program_labels import FOR_PATTERNS as _FOR
from agent.catalog_planner.program_labels import GETS as _GETS
from agent.catalog_planner.program_labels import LIFECYCLE_VERBS, label_and_audience, label_within, same_label
from agent.catalog_planner.program_labels import clean_label as _clean
from agent.catalog_planner.program_labels import verb_led as _verb_led
from agent.catalog_planner.program_marks import (
    ANNOTATION,
    BOTTOM,
    CHANNELS,
    SECOND,
    TOP,
    annotation_rank,
    channel_name,
    named_channels,
    stated_rank,
)
from agent.catalog_planner.program_order import Program, ProgramReading, ranked_by_sentences, resolve_pairs
from agent.catalog_planner.program_shapes import PEOPLE as _PEOPLE
from agent.catalog_planner.program_shapes import for_led, labelled_sentence
from agent.catalog_planner.rank_marks import rank_mark
from agent.catalog_planner.suppressions import states_cap

# a dash between spaces ends a sentence too: "... over 70 — the streak saver should win when both apply"
_SENTENCE = re.compile(r"(?<!\d)[.;!?](?!\d)\s*|\n+|\s+[-\u2013\u2014]\s+")
_CHOICE_LEAD = re.compile(
    r"^\s*(?:which|what)\s+(?:one\s+)?should\s+win\s*[,:]?\s*|^\s*(?:should|does)\s+|"
    # "Decide the priority between A for X and B for Y": the request frames the programs
    r"^\s*(?:please\s+)?(?:(?:we|i)\s+(?:need|want|have|'d like)\s+to\s+|help (?:me|us)\s+)?"
    r"(?:decide|set|define|determine|choose|pick|work out|figure out|establish|rank)\s+"
    r"(?:on\s+)?(?:the\s+)?(?:priority|priorities|order|ranking|precedence)?\s*(?:between|among)\s+",
    re.IGNORECASE,
)
_ABOVE = re.compile(
    r"(?:\s*,\s*(?:which|that)\b)?\s+(?:(?:should|must|will|would|can)\s+)?(?:(?:rank(?:s|ed)?|be ranked|comes?|goes?|go|wins?)\s+(?:above|before|over|ahead of)|"
    r"over|above|beats?|takes? precedence over|(?:takes?|gets?|has|have) priority over|outranks?|before|ahead of|(?:should be |is |are )?prioriti[sz]ed (?:over|above|"
    r"ahead of|before))\s+(?!\d)",
    re.IGNORECASE,
)
_WINS = re.compile(
    r"^\s*(?:the\s+)?(.+?)\s+(?:wins|should win|takes precedence|comes first|goes first|is (?:the )?top|first|"
    r"(?:should |must )?(?:gets?|have|has|take|takes) (?:the )?(?:top |first |highest )?priority|(?:should |must )?go first|"
    r"(?:should |must )?hear (?:about it |about this |from us |of it )?first|is (?:the )?(?:highest|top) priority|"
    r"(?P<low>comes (?:second|last)|goes (?:second|last)|is (?:second|last)|second|last|"
    r"(?:should |must )?(?:gets?|have|has|take|takes|is) (?:the )?lowest priority))\s*$",
    re.IGNORECASE,
)
_PROGRAM_SPLIT = re.compile(
    r"\s*,\s*(?:and|or|while|whereas|but)?\s*|\s+(?:and|while|whereas)\s+(?=(?:the\s+|a\s+|an\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}\s+(?:for|to)\b)"
    r"|\s+or\s+(?=(?:the|a|an)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}\s+(?:for|to)\b)"
    r"|(?<=\))\s*,?\s*(?:and|or)\s+"  # "conversion (trial users) and retention (at-risk users)"
    rf"|(?:\s+(?:and|while|whereas)|(?<=\x01\d)|(?<=\x01\d\d))\s+(?=(?:{LIFECYCLE_VERBS})\s+(?:the\s+|our\s+)?[\w-]+)",
    re.IGNORECASE,
)
_LEAD_WORD = re.compile(
    r"^(?:then|and then|next|after that|finally|lastly|first(?:ly)?|and|otherwise|among the rest,?|for everyone else,?)\s+",
    re.IGNORECASE,
)
# "trial users get the conversion nudge first": a program with its audience, ranked by a bare word
_BARE_PLACE = re.compile(r"\s+(first|second|last)\s*$", re.IGNORECASE)
_PRONOUN_STOP = re.compile(r"^\s*(?:and\s+)?stop (?:it|this|that|them)\b", re.IGNORECASE)
_PLACE = re.compile(
    r"\s+(?:should\s+)?(?:comes?|goes?|go|is|are|be)\s+(first|second|last)\s*$", re.IGNORECASE
)
_PRONOUN = re.compile(r"^\s*(?:it|this|that|this one|that one|they)\s*$", re.IGNORECASE)


# the people an introduction before a colon is about: "For iOS users, rank these", "Programs for users in
# Germany", "iOS users: …"
_HEAD_SCOPE = re.compile(
    r"\b(?:for|among|within|across)\s+(?:all\s+|our\s+)?[^,;:]+|"
    r"^\s*[\w\s-]*\b(?:users|people|customers|members|subscribers|signups|trials)\s*$",  # "iOS users: …"
    re.IGNORECASE,
)
_ALL_PEOPLE = re.compile(
    r"\b(?:anyone|anybody|everyone|everybody|nobody|no one|users|people|those|customers|members)\b",
    re.IGNORECASE,
)
_ANSWER_HEADING = re.compile(
    r"^\s*(?:(?:edge|corner|special) cases?|caveats?|considerations?|notes?|watch (?:out )?for)\s*[:\-\u2013\u2014]",
    re.IGNORECASE,
)
_GUARD_HEADING = re.compile(
    r"^\s*(?:stop conditions?|exit (?:criteria|conditions?|rules?)|suppressions?|exclusions?|exclude)\s*:",
    re.IGNORECASE,
)
_FOR_REQUEST = re.compile(
    r"^\s*(?P<scope>(?:for|among|within)\s+[^,:]+?)\s*,\s*(?P<request>(?=(?:please\s+)?(?:rank|order|prioriti[sz]e|put|"
    r"place|sort|decide|choose|pick|which|what|who|how)\b))?",
    re.IGNORECASE,
)
# "… a cardio challenge for cardio fans …": a program's own people after the scope
_OWN_PEOPLE = re.compile(
    r"\b(?:for|to|targeting)\s+(?:the\s+|all\s+|our\s+)?(?:[\w-]+\s+){0,3}?(?:users?|people|customers|members|fans|"
    r"lovers|\w+ers|\w+ists|anyone|everyone|those)\b",
    re.IGNORECASE,
)
# a sentence that only frames the programs and names whose they are
_FRAMED_SCOPE = re.compile(
    r"^\s*(?P<what>(?:here(?:'s| is| are)|this is)\s+(?:what\s+)?|what\s+)?(?:(?:i|we)(?:'d|\s+would)?\s+"
    r"(?:want|need|plan|like|have|run|are running|'re running|are planning)\s+(?:to\s+(?:run|send|do|have)\s+)?|"
    r"(?:please\s+)?(?:rank|order|prioriti[sz]e|sort)\s+)?"  # "Rank three plays for iOS users — …"
    r"(?P<noun>(?:(?:three|two|four|five|several|these|the following|some|a few)\s+(?:programs?|campaigns?|journeys?|flows?|"
    r"messages|plays|options)|these|those|the following)\s+)?(?:(?:that\s+)?(?:we\s+)?(?:want to\s+)?(?:run|send)\s+|(?:compete|overlap|collide|conflict|clash|are competing)\s+)?(?P<scope>(?:for|to|among)\s+(?:all\s+|our\s+)?"
    r"[^.;:,]+)$",
    re.IGNORECASE,
)
# "Winback = cancelled users, upsell = committed users": a program defined as its people
_DEFINED_AS = re.compile(
    r"\s*(?:=|:=|->|\u2192)\s*(?=(?:the\s+|all\s+)?(?:[\w-]+\s+){0,3}?(?:users|people|customers|members|subscribers|"
    r"signups|trials|fans|lovers|\w+ers|anyone|everyone)\b)",
    re.IGNORECASE,
)
_IN_ORDER = re.compile(
    r"\s*,?\s*\b(?:in (?:that|this|the given|the listed) order|in order|respectively)\s*$", re.I
)


_GAPPED = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)((?:[\w-]+\s+){0,6}?(?:users|people|customers|members|lovers|fans|\w+ers|"
    r"\w+ists)(?:\s+(?:with|who|whose|on|in|without)(?:\s+[\w-]+){1,4}?)?)\s+(the|a|an)\s+",
    re.IGNORECASE,
)


_LABEL_LIST = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)
_AND_JOINT = re.compile(r"\s*,?\s+and\s+", re.IGNORECASE)
# the placeholders read_programs leaves for annotations (\x00n) and channel phrases (\x01n)
_MARKER = re.compile(r"[\x00\x01]\d+")


def _split_gets(sentence: str) -> str:
    """Mark the 'and' between two "Y should get A" programs as a program boundary: in "X should get A and Y
    with 2 workouts should get B" the first 'and' after A's label starts Y."""
    first_gets = _GETS.search(sentence)
    if first_gets:
        # "High-intent users should get the upgrade offer and at-risk users the save offer": the verb is gapped
        sentence = sentence[: first_gets.end()] + _GAPPED.sub(
            r", \1 should get \2 ", sentence[first_gets.end() :]
        )
    gets = list(_GETS.finditer(sentence))
    for first, second in itertools.pairwise(gets):
        joint = _AND_JOINT.search(sentence, first.end(), second.start())
        if joint:
            return sentence[: joint.start()] + ", " + _split_gets(sentence[joint.end() :])
    return sentence


def _is_bare(half: str) -> bool:
    """Return True when a side of "A over B" names no program with an audience."""
    text = _MARKER.sub(" ", half)
    pieces = [p.strip() for p in _PROGRAM_SPLIT.split(text) if p and p.strip()]
    return not any(label_and_audience(p) or _verb_led(_LEAD_WORD.sub("", p)) for p in pieces)


def _closes_ranking(index: int, pieces: list[str], found: list[Program]) -> bool:
    """Return True when a piece holding only a guard ends a sentence that ranked two or more programs."""
    return index == len(pieces) - 1 and len(found) >= 2


def _pair_statement(piece: str, previous: str) -> tuple[str, str, list[Program]] | None:
    """Return (higher, lower, new programs) for "A ranks above B"; "it"/"this" is the program before, and a side
    with its own audience ("it wins over the upgrade nudge for trial users", "A for users with 2 workouts ranks
    above B") is a new program."""
    halves = _ABOVE.split(piece, maxsplit=1)
    if len(halves) != 2 or not all(h.strip() for h in halves):
        return None
    high_split = None if _is_bare(halves[0]) else label_and_audience(halves[0].strip())
    if high_split is None and not _is_bare(halves[0]):
        return None
    low_split = None if _is_bare(halves[1]) else label_and_audience(halves[1].strip())
    if high_split is not None and low_split is not None:
        return None  # "A for X over B for Y" is read piece by piece
    high = previous if _PRONOUN.match(halves[0]) else _clean(high_split[0] if high_split else halves[0])
    low = _clean(low_split[0] if low_split else halves[1])
    if not high or not low:
        return None
    split = high_split or low_split
    return high, low, [Program(_clean(split[0]), split[1], 0)] if split else []


def _order_statement(sentence: str) -> tuple[str, int] | None:
    """Return the program a sentence ranks and its rank: ("upgrade offer", TOP) for "the upgrade offer
    wins", (label, SECOND) for "... comes second", (label, BOTTOM) for "... is last"; else None."""
    won = _WINS.match(sentence)
    if won and not any(p.search(won.group(1)) for p in _FOR) and not _GETS.search(won.group(1)):
        low = won.group("low")
        return won.group(1), TOP if not low else BOTTOM if "last" in low else SECOND
    return None


def read_programs(prompt: str) -> ProgramReading | None:
    """Return the programs of a prompt in priority order, or None when it names fewer than two with an
    audience each (the caller then reads it as one goal or a list of goals)."""
    annotations: list[tuple[int, int]] = []
    text = prompt

    def mark(m: re.Match[str]) -> str:
        annotations.append((m.start(), annotation_rank(m)))
        return f" \x00{len(annotations) - 1} "

    text = ANNOTATION.sub(mark, _PURPOSE.sub("", text))
    plans: list[list[str]] = []

    def channel(m: re.Match[str]) -> str:
        plans.append([channel_name(w) for w in m.groups() if w])
        return f" \x01{len(plans) - 1} "

    # The commas around a channel phrase do not end the program it is said of.
    text = re.sub(r"\s*,?\s*(\x01\d+)\s*,?\s*", r" \1 ", CHANNELS.sub(channel, text))
    reading = ProgramReading()
    wins: list[tuple[str, int]] = []
    placed_labels: list[tuple[str, int]] = []
    pairs: list[tuple[str, str]] = []
    for sentence in _SENTENCE.split(text):
        sentence, conditional = take_conditional_guards(_CHOICE_LEAD.sub("", sentence))
        reading.global_guards += conditional  # "If a user's CSAT is below 3, stop all promotions."
        sentence = _DEFINED_AS.sub(
            " for ", _IN_ORDER.sub("", sentence)
        ).strip()  # "…, and C for Z, in that order": the written order
        if _ANSWER_HEADING.match(sentence):
            continue  # "Edge cases: …" asks about the answer
        if _GUARD_HEADING.match(sentence):
            sentence, headed = take_guards(sentence)  # "Exit criteria: they subscribe."
            reading.global_guards += headed
            sentence = sentence.strip(" :")
        head, colon, body = sentence.partition(":")
        # "P2: A for X", "Least important: A for X": the head is the item's place, read with its pieces below
        placed_head = (
            colon and rank_mark(sentence)[0] is not None and not rank_mark(f"{head}: x")[1].strip(" x")
        )
        framing = framed_people(head) if colon and body.strip() else None
        if framing is not None:
            # "We have three programs for Android users: A for X, …": the head only frames the programs
            reading.scope, sentence = f"{reading.scope} {framing}".strip(), body.strip()
            labels = [p for p in _LABEL_LIST.split(sentence.strip(" .")) if p.strip()]
            if len(labels) > 1 and all(_is_bare(p) and len(p.split()) <= 5 for p in labels):
                # "Two campaigns compete for trial users: the upgrade nudge and the coach check-in": the
                # programs, for the framed people; later sentences rank them and may narrow their people
                reading.programs += [Program(_clean(p), "", 0) for p in labels]
                continue
        elif colon and body.strip() and _is_bare(head) and not placed_head:
            # "Streak saver: users with ..." names a program; "Three programs: ..." only introduces
            sentence = (_is_bare(body) and labelled_sentence(head, body)) or body.strip()
            scoped = _HEAD_SCOPE.search(head) if sentence == body.strip() else None
            if scoped:  # "For iOS users, what order should these go in: ..." scopes every program
                reading.scope = f"{reading.scope} {scoped.group(0)}".strip()
        framed = framed_people(sentence)
        if framed is not None:
            # "Here's what we want to run for our Android users.", "We have three programs for trial users."
            reading.scope = f"{reading.scope} {framed}".strip()
            continue
        scoped_request = _FOR_REQUEST.match(sentence)
        if (
            scoped_request
            and _PEOPLE.search(scoped_request["scope"])
            and (
                scoped_request["request"] is not None or _OWN_PEOPLE.search(sentence[scoped_request.end() :])
            )
        ):
            # "For US users, rank A for X above B for Y", "For trial users, A for X or B for Y": the people
            # before the programs (each with people of its own) scope every program
            reading.scope = f"{reading.scope} {scoped_request['scope']}".strip()
            sentence = _CHOICE_LEAD.sub("", sentence[scoped_request.end() :]).strip()
        led = for_led(sentence)
        if led is not None:
            sentence = f"{led[0]} for {led[1]}"  # "For X, send A": the comma is not between programs
        if not sentence or states_cap(sentence):
            continue  # the frequency cap is read from the whole prompt
        sentence = _split_gets(sentence)
        halves = _ABOVE.split(sentence, maxsplit=1)
        if len(halves) == 2 and (_is_bare(halves[0]) or _is_bare(halves[1])):
            # Only "A for X over B for Y" splits here; "A over B" between labels is read piece by piece,
            # and "offer for trial users before their trial ends" orders nothing.
            halves = [sentence]
        pieces = [p for half in halves for p in _PROGRAM_SPLIT.split(half) if p and p.strip()]
        left_pieces = len([p for p in _PROGRAM_SPLIT.split(halves[0]) if p and p.strip()])
        left_found = 0
        found: list[Program] = []
        loose_guards: list[tuple[str, str]] = []
        loose_channels: list[str] = []
        for index, piece in enumerate(pieces):
            if index == left_pieces:
                left_found = len(found)
            raw_piece = piece
            ranks = [annotations[int(n)][1] for n in re.findall(r"\x00(\d+)", piece)]
            said_channels = [c for n in re.findall(r"\x01(\d+)", piece) for c in plans[int(n)]]
            unmarked = _MARKER.sub(" ", piece)
            piece, guards = take_guards(unmarked)
            bracketed = piece.rstrip().endswith("(")  # "A for X (never on users who …)": A's own guard
            if len(_ALL_PEOPLE.findall(unmarked)) > len(_ALL_PEOPLE.findall(piece)) and not bracketed:
                # "…, and don't message anyone who received 5 messages": said of people, not of this program
                reading.global_guards += [g for g in guards if g[0] == "suppress"]
                guards = [g for g in guards if g[0] != "suppress"]
            piece = _LEAD_WORD.sub("", re.sub(r"\s+", " ", piece).strip(" ,"))
            stated, rest = rank_mark(piece)
            if stated is not None and rest:  # "second is the upgrade offer for …", "lowest priority is …"
                piece = rest
                ranks.append(stated_rank(stated))
            previous = found[-1].label if found else reading.programs[-1].label if reading.programs else ""
            pair = _pair_statement(piece, previous)
            if pair is not None:
                pairs.append(pair[:2])
                found += pair[2]
                continue
            placed = _PLACE.search(piece) or _BARE_PLACE.search(piece)
            if placed:
                ranks.append(
                    TOP
                    if placed.group(1).lower() == "first"
                    else SECOND
                    if placed.group(1).lower() == "second"
                    else BOTTOM
                )
                piece = piece[: placed.start()]
                if len(halves) == 1 and not label_and_audience(piece) and not _verb_led(piece):
                    # "the reminder goes first" ranks a label, "at-risk users go first" an audience
                    wins.append((piece, ranks[-1]))
                    placed_labels.append((piece, ranks[-1]))
                    continue
            said = _order_statement(piece) if piece else None
            split = label_and_audience(piece) if piece and said is None else None
            if split is None and piece and said is None:
                marked = _LEAD_WORD.sub("", take_guards(raw_piece)[0].strip(" ,"))  # keeps the channel marks
                split = _verb_led(rank_mark(marked)[1] if stated is not None else marked)
            if said is not None:
                wins.append(said)
            if split is None:
                if found and guards and not piece and _closes_ranking(index, pieces, found):
                    # "A for X, then B for Y, then C for Z, unless they opted out": the guard after a
                    # ranking of several programs is said of all of them, as a sentence of its own would be
                    loose_guards += guards
                elif found and (guards or said_channels) and not piece:
                    found[-1].guards += guards  # ", unless ..." speaks of the program before it
                    found[-1].channels = found[-1].channels or said_channels
                elif stated is not None and piece and said is None and _PEOPLE.search(piece):
                    # "number two is converting trial users": a ranked place whose program this reader cannot
                    # read; dropping it would leave a policy without it, so the other readers take the prompt
                    return None
                elif stated is not None and piece and said is None and not _PEOPLE.search(piece):
                    # "lowest priority is the tips digest": a ranked label is a program, for whoever is left
                    found.append(Program(_clean(piece), "", ranks[-1], guards, said_channels))
                elif found and len(halves) == 1 and piece and said is None:
                    found[-1].audience += f", {piece}"  # "A for users who X, and Y" keeps Y in A's audience
                elif len(halves) == 2 and piece and said is None:
                    found.append(Program(_clean(piece), "", ranks[0] if ranks else 0, guards, said_channels))
                else:
                    loose_guards += guards
                    loose_channels = loose_channels or said_channels
                continue
            label, audience = split
            # "a win-back push"; not "push permission ask", which is about the user
            named = named_channels(label)
            found.append(
                Program(_clean(label), audience, ranks[0] if ranks else 0, guards, said_channels or named)
            )
        if len(halves) == 2 and 0 < left_found < len(found):
            pairs.append((found[left_found - 1].label, found[left_found].label))
        if found:
            # "A for X comes first, B for Y second, and general tips last": a placed label among programs
            # that names none of them is a program of its own, for everyone the others leave
            known = [*reading.programs, *found]
            found += [
                Program(_clean(label), "", rank)
                for label, rank in placed_labels
                if _clean(label)
                and not _PEOPLE.search(label)
                and not any(same_label(p.label, label) for p in known)
            ]
        placed_labels.clear()
        said_of = [p for p in reading.programs if same_label(p.label, without_guards(sentence))]
        if not found and loose_guards and not said_of and reading.programs and _PRONOUN_STOP.match(sentence):
            said_of = reading.programs[-1:]  # "... get a win-back offer; stop it as soon as they subscribe"
        if not found and loose_guards and len(said_of) == 1:
            said_of[0].guards += loose_guards  # "Stop the upgrade offer once they subscribe"
            continue
        if not found:
            reading.global_guards += loose_guards
            reading.channels = reading.channels or loose_channels
            continue
        for program in found:
            program.guards += loose_guards
            program.channels = program.channels or loose_channels
        reading.programs += found
    for ranked_label, rank in wins:
        # "the nudge wins" names a label; "at-risk users should hear about it first" names an audience
        ranked = [prog for prog in reading.programs if same_label(prog.label, ranked_label)]
        if not ranked and _PEOPLE.search(ranked_label):
            ranked = [
                prog for prog in reading.programs if prog.audience and same_label(prog.audience, ranked_label)
            ]
        if not ranked:
            # "at-risk first" after "upsell high-intent users and save at-risk users": the people's word
            ranked = [prog for prog in reading.programs if prog.audience and label_within(ranked_label, prog.audience)]
            ranked = ranked if len(ranked) == 1 else []
        for program in ranked:
            program.rank = rank if rank != TOP else min(program.rank, TOP)
    programs = ranked_by_sentences(prompt, resolve_pairs(reading.programs, pairs))
    guarded = bool(reading.global_guards) or any(p.guards for p in programs)
    if not programs or (len(programs) < 2 and not guarded):
        return None
    if len([p for p in programs if p.audience]) < 2 and not (wins or pairs or annotations or guarded):
        return None
    reading.programs = programs
    return reading


# "For trial users we want to convert them but not annoy them.": the people, then an aim said of them alone
_SCOPE_THEN_AIM = re.compile(
    r"^\s*(?P<scope>(?:for|with|among)\s+[^,.;:]+?)\s*,?\s+(?:we|i)(?:'re|\s+are|'d|\s+would)?\s+"
    r"(?:want|need|like|hope|try|trying|aim|plan)\s+to\s+(?P<aim>[^.;:]*\b(?:them|they|their)\b[^.;:]*)$",
    re.IGNORECASE,
)
_RANK_WORD = re.compile(r"\b(?:first|second|then|before|after|over|above|beats?|wins|priority|prioriti[sz]e)\b", re.IGNORECASE)


def framed_people(sentence: str) -> str | None:
    """Return the people a sentence that only frames the programs names ("for our Android users" in "Here's
    what we want to run for our Android users", "We run these for lapsed users", "For trial users we want to
    convert them without annoying them"), else None."""
    m = _FRAMED_SCOPE.match(sentence.strip(" .:"))
    if m and (m["what"] or m["noun"]) and _PEOPLE.search(m["scope"]):
        return m["scope"]
    aim = _SCOPE_THEN_AIM.match(sentence.strip(" .:"))
    if aim and _PEOPLE.search(aim["scope"]) and not _RANK_WORD.search(aim["aim"]):
        return aim["scope"]
    return None


# "upgrade nudge for trial users (conversion)": the reason a program runs, not who it is for ("conversion" names
# the subscription event, which read as a condition asked for trial users who had already subscribed)
_PURPOSE = re.compile(
    r"\s*\((?:for\s+|goal:\s*|purpose:\s*)?(?:conversion|retention|activation|engagement|monetis(?:ation)?|"
    r"monetiz(?:ation)?|revenue|acquisition|onboarding|upsell|loyalty|re-?activation|re-?engagement|win-?back|"
    r"churn prevention|growth|expansion)\)",
    re.IGNORECASE,
)
_LABEL_MARK = re.compile(r":|\s[-\u2013\u2014]\s")


def _labelled_item(item: str) -> str:
    """Return "save offer for at-risk users" for a listed "Save offer: at-risk users", and the program after a
    heading that names a goal ("Conversion: trial users get the upgrade nudge"), else the item."""
    # "Save offer: at-risk users", "Push permission ask - users without push enabled"
    mark = _LABEL_MARK.search(item)
    label, colon, people = (
        (item[: mark.start()], mark.group(0), item[mark.end() :]) if mark else (item, "", "")
    )
    if colon and _is_bare(label) and label_and_audience(take_guards(people)[0].strip(" ,")):
        return people.strip()
    return (colon and labelled_sentence(label, people)) or item


def programs_of_items(head: str, items: list[str], tail: str) -> ProgramReading | None:
    """Read an enumerated list whose every item names a program and its audience ("(1) save offer for
    at-risk users (2) ...") as programs in the listed order; the head's states ("For trial users:") scope
    them all. None when an item is a bare goal ("upgrade messaging"), which the goal reader handles."""
    items = [_labelled_item(i) for i in items]
    if not items or not all(label_and_audience(take_guards(i)[0].strip(" ,")) for i in items):
        return None
    reading = read_programs(". ".join(i.strip(" .;") for i in items) + (f". {tail}" if tail else ""))
    if reading is None or len(reading.programs) != len(items):
        return None
    # "If a user has X, don't send them any marketing. Prioritize ...": the head's guards apply to all
    reading.scope, said = take_guards(head)
    reading.scope = (
        framed_people(reading.scope) or reading.scope
    )  # "Here's what we want to run for X": X only
    reading.global_guards += said
    return reading
