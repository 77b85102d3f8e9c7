"""Generate the people of the synthetic workout app: one row per user with every decision drawn up front.

Randomness is `rnd(key, sub, salt)`, a hash of its arguments and the seed scaled to [0, 1), so the same
seed gives the same data and no Python object is made per user. Day indexes count from the start of the
data window (0 .. days-1); the window's last `WINDOW_DAYS` days are the "recent" window scenarios use.
"""

from __future__ import annotations

import duckdb

from warehouse.scenarios import Scenario, hook_sql
from warehouse.sqlutil import scalar

WINDOW_DAYS = 7
WORKOUT_TYPES = ("strength", "cardio", "yoga", "hiit", "running", "cycling")


def install_random(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    """Define the seeded hash-based random macros on this connection."""
    s = int(seed)
    con.execute(f"CREATE OR REPLACE TEMP MACRO rnd(a, b, salt) AS ((hash(a, b, salt, {s}) % 1000003)::DOUBLE / 1000003.0)")
    con.execute(f"CREATE OR REPLACE TEMP MACRO hexid(a, b, salt) AS printf('%016x', hash(a, b, salt, {s} + 1))")
    types = ", ".join(f"'{t}'" for t in WORKOUT_TYPES)
    con.execute(f"CREATE OR REPLACE TEMP MACRO wtype(x) AS ([{types}])[1 + least(5, floor(x * 6)::INT)]")


def users_sql(users: int, days: int, scenarios: list[Scenario]) -> str:
    """Return the SELECT that draws every user's attributes and journey (lateral aliases, one pass)."""
    ws = days - WINDOW_DAYS

    def hook(name: str) -> str:
        return hook_sql(scenarios, name, ws=ws, days=days)

    return f"""
SELECT
  i::INTEGER AS i,
  'u' || lpad(i::VARCHAR, 7, '0') AS user_id,
  rnd(i, 0, 'os') AS r_os,
  CASE WHEN r_os < 0.45 THEN 'ios' WHEN r_os < 0.80 THEN 'android' ELSE 'web' END AS os_a,
  rnd(i, 0, 'country') AS r_c,
  CASE WHEN r_c < 0.30 THEN 'US' WHEN r_c < 0.42 THEN 'GB' WHEN r_c < 0.52 THEN 'DE' WHEN r_c < 0.60 THEN 'FR'
       WHEN r_c < 0.75 THEN 'BR' WHEN r_c < 0.87 THEN 'IN' WHEN r_c < 0.94 THEN 'CA' ELSE 'AU' END AS country,
  rnd(i, 0, 'utm') AS r_u,
  CASE WHEN r_u < 0.35 THEN 'organic' WHEN r_u < 0.55 THEN 'google' WHEN r_u < 0.70 THEN 'facebook'
       WHEN r_u < 0.85 THEN 'tiktok' WHEN r_u < 0.93 THEN 'referral' ELSE 'apple_search' END AS utm_source,
  -- signups grow over time (density rises linearly), so the recent window holds enough users to compare
  least({days} - 1, floor({days} * sqrt(rnd(i, 0, 'signup'))))::INTEGER AS s,
  (7 + rnd(i, 0, 'hour') * 14) AS signup_hour,
  rnd(i, 0, 'eng') AS e,
  hexid(i, 0, 'anon_a') AS anon_a,
  hexid(i, 0, 'anon_b') AS anon_b,
  CASE WHEN rnd(i, 0, 'pre') < 0.7 THEN 1 + floor(rnd(i, 1, 'pre') * 2)::INTEGER ELSE 0 END AS pre_n,
  rnd(i, 0, 'w1') < 0.85 AS w1,
  w1 AND rnd(i, 0, 'w2') < least(1.0, (0.5 + 0.4 * e) * ({hook('second_workout')})) AS w2,
  s + 1 + floor(rnd(i, 1, 'w2') * 2)::INTEGER AS w2_day,
  (3 + floor(45 * e * e))::INTEGER AS life,
  0.1 + 0.4 * e AS rate,
  rnd(i, 0, 'trial') < 0.55 AS trial,
  -- would the user buy if checkout worked, and did it work (scenario hook `conversion`)
  trial AND rnd(i, 0, 'conv') < CASE WHEN w2 THEN 0.6 ELSE 0.06 END AS would_convert,
  would_convert AND rnd(i, 1, 'conv') < ({hook('conversion')}) AS converted,
  NOT trial AND rnd(i, 0, 'direct') < 0.04 AS direct,
  -- buyers subscribe right after their second workout (or the day after signup): a recent cohort's
  -- conversion is visible within days, so a drop in the last week shows in the data
  CASE WHEN converted THEN (CASE WHEN w2 THEN w2_day ELSE s + 1 END)
       WHEN direct THEN s + 3 + floor(rnd(i, 2, 'conv') * 8)::INTEGER END AS sub_day,
  CASE WHEN would_convert AND NOT converted THEN s + 1 + floor(rnd(i, 2, 'conv') * 2)::INTEGER ELSE sub_day END AS checkout_day,
  (CASE WHEN would_convert OR direct THEN 1 ELSE 0 END)
    + CASE WHEN would_convert AND NOT converted THEN round({hook('checkout_retries')})::INTEGER ELSE 0 END AS checkouts,
  CASE WHEN rnd(i, 0, 'plan') < 0.35 THEN 'annual' ELSE 'monthly' END AS plan,
  CASE WHEN sub_day IS NOT NULL AND rnd(i, 0, 'cancel') < 0.2 THEN sub_day + 7 + floor(rnd(i, 1, 'cancel') * 30)::INTEGER END AS cancel_day,
  rnd(i, 0, 'switch') AS r_sw,
  CASE WHEN r_sw < 0.05 AND os_a <> 'web' THEN 'reinstall' WHEN r_sw < 0.11 AND r_sw >= 0.05 THEN 'device_change' END AS switch_kind,
  CASE WHEN switch_kind IS NOT NULL THEN s + 10 + floor(rnd(i, 1, 'switch') * 20)::INTEGER END AS switch_day,
  CASE WHEN switch_kind = 'device_change' THEN (CASE os_a WHEN 'ios' THEN 'android' ELSE 'ios' END) ELSE os_a END AS os_b,
  rnd(i, 0, 'alias') AS r_al,
  CASE WHEN r_al < 0.025 THEN 1 WHEN r_al < 0.032 THEN 2 ELSE 0 END AS alias_kind,
  'x' || lpad(i::VARCHAR, 7, '0') AS legacy1,
  'y' || lpad(i::VARCHAR, 7, '0') AS legacy2,
  CASE alias_kind WHEN 1 THEN legacy1 WHEN 2 THEN legacy2 ELSE user_id END AS first_id,
  -- two accounts, one person: about 1% reuse the previous user's email
  CASE WHEN i > 0 AND rnd(i, 0, 'email') < 0.01 THEN 'user' || (i - 1) || '@example.com'
       ELSE 'user' || i || '@example.com' END AS email,
  rnd(i, 0, 'optin') < 0.72 AS opt_in,
  CASE WHEN opt_in AND rnd(i, 1, 'optin') < 0.12 THEN s + 1 + floor(rnd(i, 2, 'optin') * 40)::INTEGER END AS opt_out_day,
  CASE WHEN os_a = 'ios' THEN rnd(i, 0, 'push') < 0.62 WHEN os_a = 'android' THEN rnd(i, 0, 'push') < 0.9 END AS push_init,
  greatest(s, {ws}) AS revoke_from,
  CASE WHEN push_init AND rnd(i, 1, 'push') < ({hook('push_revoke')})
         THEN revoke_from + floor(rnd(i, 2, 'push') * ({days} - revoke_from))::INTEGER
       WHEN push_init AND rnd(i, 3, 'push') < 0.03 THEN s + 1 + floor(rnd(i, 4, 'push') * 50)::INTEGER END AS revoke_day,
  least(0.95, 0.07 * ({hook('ticket_rate')})) AS p_ticket,
  (rnd(i, 0, 't1') < p_ticket)::INTEGER + (rnd(i, 0, 't2') < p_ticket * 0.5)::INTEGER
    + (rnd(i, 0, 't3') < p_ticket * 0.3)::INTEGER AS n_tickets,
  ({hook('billing_share')}) AS billing_extra,
  ({hook('csat_penalty')}) AS csat_penalty,
  ({hook('resolution_mult')}) AS resolution_mult,
  wtype(rnd(i, 0, 'pref')) AS pref_type
FROM range({int(users)}) t(i)
"""


def generate_users(con: duckdb.DuckDBPyConnection, *, users: int, days: int, scenarios: list[Scenario]) -> int:
    """Materialise `gen_users` (a temp table) and return its row count."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE gen_users AS {users_sql(users, days, scenarios)}")
    return int(scalar(con, "SELECT count(*) FROM gen_users"))
