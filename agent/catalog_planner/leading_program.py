"""Give a program that names no people and comes before every program that does ("Top priority is the tips
digest") the people the prompt speaks of: everyone the other programs reach.

Without a shared scope there is no one else the prompt is about; the program wins for each of them, as
ranking it first says. (Placed after them it is for everyone they leave: `complement.py`.)
"""

from __future__ import annotations

from agent.catalog_planner.complement import any_of_conditions
from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.logic import all_of
from agent.catalog_planner.program_order import ProgramReading
from orchestrator.spec import Condition
from warehouse.catalog import Catalog


def people_spoken_of(reading: ProgramReading, catalog: Catalog, lexicon: Lexicon) -> list[Condition]:
    """Return the union of the audiences the reading's programs state, as one condition (none when none
    maps fully)."""
    audiences: list[Condition] = []
    for program in reading.programs:
        if not program.audience:
            continue
        parse = parse_conditions(program.audience, catalog, lexicon)
        cond = all_of(parse.conditions)
        if parse.unexpressed or cond is None:
            return []  # the refusal names the phrase when that program is drafted
        if cond not in audiences:
            audiences.append(cond)
    return [any_of_conditions(audiences)] if audiences else []
