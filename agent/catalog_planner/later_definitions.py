"""Spell out the programs a sentence after the ranking defines ("Rank the second workout nudge above the onboarding
tips. Nudge: users with one workout. Tips: users who signed up in the past 3 days."; "… Trial reminder is for trial
users with 2 days left, win-back for users inactive 30 days, digest for everyone opted in."):

- a short name (the last word of a program named before: "Nudge", "the tips") is that program's full name, so the
  definition reaches it (the program was refused as naming no people);
- one definition sentence listing several ("A is for X, B for Y, C for Z") is one sentence each (the first took
  every clause after it, and the others were drafted for everyone else).
"""

from __future__ import annotations

import re

_SENTENCES = re.compile(r"(?<=[.!?])\s+")
# "Nudge: users …", "The tips are for users …", "the nudge goes to …"
_DEFINITION = re.compile(
    r"^(?P<lead>\s*(?:the\s+)?)(?P<short>[\w-]+(?:\s+[\w-]+){0,2}?)(?P<rest>\s*(?::|\s(?:is|are)\s+(?:only\s+)?for|\s(?:goes|go)\s+to)\s+\S)",
    re.IGNORECASE,
)
_PEOPLE_START = r"(?:users|people|anyone|everyone|everybody|customers|members|subscribers|those|trial|new|lapsed|at-risk)"


# where a program's name starts: after an article, or after a word that ranks or joins programs
_ARTICLE = re.compile(
    r"^(?:the|our|a|an|outranks?|beats?|wins?|trumps?|over|above|below|before|after|ahead|than|then|and|or|vs|versus|"
    r"rank|put|send|prioriti[sz]e|is|are|goes|comes)$",
    re.IGNORECASE,
)


def _full_name(short: str, before: str) -> str | None:
    """Return the one longer program name said before that ends with the short name, else None: the up to three
    words before it back to an article or the start of a sentence or clause ("the second workout nudge"). A short
    name said alone after an article ("the upsell") is a name itself."""
    found: set[str] = set()
    for m in re.finditer(rf"\b{re.escape(short)}\b", before, re.IGNORECASE):
        words = re.findall(r"[\w-]+|[,;:.!?]", before[: m.start()])
        kept: list[str] = []
        for word in reversed(words[-4:]):
            if _ARTICLE.match(word) or not re.match(r"[\w-]", word):
                break
            kept.insert(0, word)
        else:
            if len(kept) < len(words):
                continue  # no article or clause start within reach: "Retention outranks upsell" names upsell
        if not kept:
            return None
        found.add(" ".join([*kept, m.group(0)]).lower())
    return next(iter(found)) if len(found) == 1 else None


def _split_listed(sentence: str, before: str) -> str:
    """Return "A is for X. B is for Y." for "A is for X, B for Y" when B was named before."""

    def one(m: re.Match[str]) -> str:
        name = m["name"].strip()
        if not re.search(rf"\b{re.escape(name)}\b", before, re.IGNORECASE):
            return m.group(0)
        return f". {name} is for {m['people']}"

    return re.sub(
        rf",\s*(?:and\s+)?(?:the\s+)?(?P<name>[\w-]+(?:\s+[\w-]+){{0,2}}?)\s+(?:for|goes to|to)\s+(?P<people>{_PEOPLE_START}\b)",
        one,
        sentence,
        flags=re.IGNORECASE,
    )


def spell_out_definitions(text: str) -> str:
    """Return the text with each later definition naming its program in full, one program a sentence."""
    sentences = _SENTENCES.split(text.strip())
    if len(sentences) < 2:
        return text
    out = [sentences[0]]
    for sentence in sentences[1:]:
        before = " ".join(out)
        m = _DEFINITION.match(sentence)
        one_word = m is not None and " " not in m["short"]
        if m is not None and one_word and (full := _full_name(m["short"], before)) is not None:
            sentence = f"{m['lead']}{full}{m['rest']}{sentence[m.end() :]}"
        if m is not None:
            sentence = _split_listed(sentence, before)
        out.append(sentence)
    return " ".join(out)
