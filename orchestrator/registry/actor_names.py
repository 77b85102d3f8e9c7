"""Actor names as the registry stores and compares them: one visible spelling, one script, look-alikes as one.

NFKC folds full-width and styled letters but not letters of other scripts that look Latin: a Cyrillic "а" in
"mаya" would pass as a second reviewer. A name is therefore refused when its letters mix scripts beyond what
Unicode TR39's "moderately restrictive" level allows (Latin with Han, kana or Hangul, or with one other script
whose letters do not pass for Latin ones), and two names are the same person when their confusable skeletons
match (TR39 section 4: every character mapped to the Latin letter it looks like). The skeleton map below holds the look-alikes of Latin letters
from Unicode's confusables.txt for the scripts a name is likeliest to borrow from (Cyrillic, Greek, Armenian,
Cherokee) and the Latin and digit look-alikes themselves (rn/m, vv/w, 0/o, 1/l/I, dotless i); it is checked only
for self-review, where a false match costs a second reviewer, never an approval.
"""

from __future__ import annotations

import unicodedata

from warehouse.errors import InputError

# Each line: the look-alike characters, then the Latin text they map to (from Unicode confusables.txt).
_LOOK_ALIKES: dict[str, str] = {
    # Cyrillic
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j",
    "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "г": "r", "ь": "b",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "Ѕ": "S", "І": "l", "Ј": "J", "Ӏ": "l", "Ԛ": "Q", "Ԝ": "W", "З": "3",
    # Greek
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "γ": "y", "υ": "u", "ϲ": "c", "ϳ": "j", "κ": "k",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "l", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C", "Ϳ": "J",
    # Armenian
    "օ": "o", "ս": "u", "ց": "g", "հ": "h", "ո": "n", "զ": "q", "Ս": "U", "Օ": "O", "Լ": "L",
    # Cherokee (capitals; casefold maps the small letters onto them)
    "Ꭺ": "A", "Ᏼ": "B", "Ꮯ": "C", "Ꭼ": "E", "Ꮋ": "H", "Ꭻ": "J", "Ꮶ": "K", "Ꮮ": "L", "Ꮇ": "M", "Ꮲ": "P",
    "Ꮪ": "S", "Ꭲ": "T", "Ꮃ": "W", "Ꮓ": "Z",
    # Latin and digits that pass for other Latin letters
    "ɑ": "a", "ɡ": "g", "ı": "i", "ȷ": "j", "0": "o", "1": "l", "I": "l", "|": "l",
}
_SEQUENCES = (("rn", "m"), ("vv", "w"))
# Scripts that may be written beside one another in one name (TR39 "moderately restrictive"): Latin with Han and
# the Japanese kana, with Han and Hangul, with Han and Bopomofo, or with any one other script but those whose
# letters pass for Latin ones ("Somchai สมชาย" is a name; "mаya" with a Cyrillic a is a disguise).
_ALLOWED_MIXES = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
)
_LOOK_LATIN = frozenset({"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"})


def person(actor: str) -> str:
    """Return an actor's name as stored: NFKC form, invisible characters and stray spaces dropped.

    Invisible (format and control) characters and full-width letters would otherwise let an author pass
    for someone else at review (maya with a zero-width space, maya in full-width letters) and hide in the
    audit log. A blank name, or one whose letters mix scripts ("mаya" with a Cyrillic a), is refused.
    """
    visible = "".join(ch for ch in unicodedata.normalize("NFKC", actor) if unicodedata.category(ch) not in ("Cf", "Cc")
                      or ch.isspace())
    name = " ".join(visible.split())
    if not name:
        raise InputError("the actor's name is blank", where="--as", accepted="a person's name, e.g. --as sam")
    _refuse_mixed_scripts(name)
    return name


def same_person(a: str, b: str) -> bool:
    """Return whether two actor names name one person: case, spacing and look-alike letters aside."""
    return bool(_keys(person(a)) & _keys(person(b)))


def skeleton(name: str) -> str:
    """Return the confusable skeleton of a name: each look-alike replaced by the Latin letter it passes for."""
    mapped = "".join(_LOOK_ALIKES.get(ch, ch) for ch in unicodedata.normalize("NFD", name))
    for seq, single in _SEQUENCES:
        mapped = mapped.replace(seq, single)
    return unicodedata.normalize("NFC", mapped)


def _keys(name: str) -> set[str]:
    """Return the spellings two names are compared on: the skeleton before and after case folding."""
    # Both orders: "Ian" and "lan" match only before folding (capital I looks like l), "МАYА" and "maya" after.
    return {skeleton(name.casefold()), skeleton(name).casefold()}


def _script(ch: str) -> str | None:
    """Return the script of a letter from its Unicode name (None for digits, marks, punctuation, modifiers)."""
    if not unicodedata.category(ch).startswith("L"):
        return None
    word = unicodedata.name(ch, "").split(" ")[0]
    if word in ("", "MODIFIER"):
        return None
    return "HAN" if word in ("CJK", "IDEOGRAPHIC") else word


def _refuse_mixed_scripts(name: str) -> None:
    """Refuse a name whose letters come from scripts no one writes together, naming each foreign letter."""
    letters: dict[str, list[str]] = {}
    for ch in name:
        script = _script(ch)
        if script is not None:
            letters.setdefault(script, []).append(ch)
    scripts = set(letters)
    if len(scripts) <= 1 or any(scripts <= mix for mix in _ALLOWED_MIXES):
        return
    if len(scripts) == 2 and "LATIN" in scripts and not scripts & _LOOK_LATIN:
        return
    main = max(letters, key=lambda s: len(letters[s]))
    foreign = "; ".join(
        f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, '?')})"
        for script, chars in letters.items() if script != main for ch in dict.fromkeys(chars)
    )
    # The Latin spelling it passes for, when every other letter has a Latin look-alike: what the person likely meant.
    latin = "".join(ch if _script(ch) in (None, "LATIN") else _LOOK_ALIKES.get(ch, ch) for ch in name)
    example = f", e.g. --as {latin!r}" if {_script(ch) for ch in latin} <= {None, "LATIN"} else ""
    raise InputError(
        f"the actor's name {name!r} mixes scripts ({', '.join(sorted(s.title() for s in scripts))}): {foreign}; "
        "letters of another script that look alike would let one person pass for another at review",
        where="--as",
        accepted=f"a name written in one script{example}",
    )
