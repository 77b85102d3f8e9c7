"""What a measurement as of a time cannot see: runs after that time, and conversions after the data's end.

An operator who ran `mcc run --as-of` past the data's end and then `mcc measure` gets the lift as of the data's
end, silently without those runs; with `--as-of` at the last run, the people decided after the data's end
count in both arms with no time to convert, so every rate reads low. Both are said, not guessed around.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from warehouse.meta import data_end


def coverage_notes(con: duckdb.DuckDBPyConnection, as_of: datetime) -> list[str]:
    """Return a note for each way the runs and the data leave a measurement as of `as_of` incomplete."""
    notes = []
    later = con.execute(
        "SELECT count(*), max(as_of) FROM mcc.runs WHERE status = 'succeeded' AND NOT dry_run AND as_of > ?", [as_of]
    ).fetchone()
    if later and later[0]:
        notes.append(f"{later[0]} run(s) after {as_of:%Y-%m-%d %H:%M} are not counted (the latest as of "
                     f"{later[1]:%Y-%m-%d %H:%M}): `mcc measure --as-of {later[1]:%Y-%m-%dT%H:%M}` includes them")
    end = data_end(con)
    # a run at the data's end (plain `mcc run`) counts too: its people have had no time at all to convert
    decided_after = con.execute(
        "SELECT count(DISTINCT run_id) FROM mcc.runs WHERE status = 'succeeded' AND NOT dry_run"
        " AND as_of >= ? AND as_of <= ?", [end, as_of]
    ).fetchone()
    if decided_after and decided_after[0]:
        notes.append(f"the data ends at {end:%Y-%m-%d %H:%M}: people first decided by the {decided_after[0]} run(s) "
                     "after it (or at it, as a plain `mcc run` is) have had no time to convert, so their arms' "
                     "rates read low; load newer events (mcc collect load) before reading their lift")
    return notes
