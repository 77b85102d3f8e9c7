"""The words of a question about what exists, as the readers read them: chat framing dropped, shorthand and
apostrophe-less contractions spelt out ("hey hw many ppl r held out of the nudge" -> "how many people are held out
of the nudge", "whats the holdout on the nudge" -> "what's the holdout on the nudge").

Only the reading checks of the intake see this text; a planner is given the prompt as typed.
"""

from __future__ import annotations

import re

from agent.catalog_planner.chat_shorthand import spell_out
from agent.catalog_planner.request_framing import strip_chatter

# words typed without their apostrophe or a letter ("whats", "hw"), as the readers' patterns spell them
_TYPED = {"hw": "how", "whats": "what's", "wats": "what's", "wat": "what", "hows": "how's", "whos": "who's",
          "didnt": "didn't", "doesnt": "doesn't", "isnt": "isn't", "wasnt": "wasn't", "arent": "aren't",
          "werent": "weren't", "havent": "haven't", "thats": "that's", "wheres": "where's", "whens": "when's",
          "wht": "what", "hm": "how many"}
_WORD = re.compile(r"(?<![\w'])(?:" + "|".join(sorted(_TYPED, key=len, reverse=True)) + r")(?![\w'])", re.IGNORECASE)


def readable(prompt: str) -> str:
    """Return a question as the reading checks read it: no chat framing, shorthand and contractions spelt out."""
    text = strip_chatter(spell_out(prompt))
    return _WORD.sub(lambda m: _TYPED[m.group(0).lower()], text)
