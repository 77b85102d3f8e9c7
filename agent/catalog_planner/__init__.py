"""The catalog planner: the default planner when no model is configured. Deterministic, no network.

Everything it knows comes from the catalog at construction (`lexicon.py`): trait and event names with
underscores as spaces, synonyms, enum values and their `value_synonyms` ("paying" → `subscription_status =
active`, "iPhone" → `device_os = ios`, "yoga lovers" → `preferred_workout_type = yoga`), country names of
ISO country codes, short glosses in descriptions (`active (paying)`), with light stemming and order-free
matching ("pricing viewed" = "viewed pricing"). A trait or value synonym added to the catalog is recognised
with no code change; a value synonym wins over the same words listed as a trait synonym.

Grammar it understands
- Conditions (`conditions.py`), joined by commas, "and", "or", "but": "iOS or Android users" → `in`; two
  values of one trait joined by "and" also read as `in` ("iOS and Android users"); "X with A or B" shares X;
  a negation before "or" applies to each alternative ("haven't viewed pricing or compared plans" → both 0).
  - numbers and comparisons: "at least 3", "3 or more", "3+", "≥ 3", "more than/over/above 5" (gt),
    "fewer than/under/below 2" (lt), "no more than/at most/up to 2" (lte), "exactly 1" (eq), "between 2
    and 4" (between; for events two counts), "isn't 1", "other than 1", "not equal to 1" (ne). A bare number means at least: "completed 3 workouts" →
    `workouts_completed gte 3`. Number words ("three", "twice") and ordinals ("second", "5th") work; a
    number with a time unit converts to days ("inactive for more than two weeks" → `gt 14`).
  - negation ("no", "not", "never", "without", "haven't", "didn't", "neither", "excluding", "except"): counts
    become `eq 0` ("no open support tickets", "without any open tickets" → `open_tickets eq 0`), and so do
    "0"/"zero" ("zero workouts this week" → event count `eq 0`) and "not a single"; values `ne` ("not on
    iOS"), booleans flip, comparisons flip; a negated enum with no `none` value is missing ("no preferred
    workout type" → `is_null`); `eq` on a trait drops an implied `ne` ("trial expired without paying" →
    `eq expired`).
  - on/off words: "push turned off" sets a boolean trait named without polarity, and filters an event's one
    boolean property ("turned off push this week" → `push_permission_changed where enabled eq false`);
    with no window the state wins over the event of changing it ("push turned off" → `push_enabled eq
    false`; the state is the one bool trait whose description names the event). A channel word alone ("push") names the permission only beside on/off words or a having verb
    ("has push", "don't have push"); in a label ("a push reminder") or "received a push" it does not.
  - a bare number on a countdown ("2 days left", "ends in 3 days") is at most (`trial_days_left lte 2`).
  - words of the matched entry after it are absorbed ("opted out of marketing" is `marketing_opt_in`, not
    a country "market"); a value shared by traits is settled by the alternatives around it ("medium or high
    intent"); an enum trait named without a value beside a condition is context ("whose device has push
    enabled").
  - time windows: "in the last 14 days", "past month" (30), "this week" (7), "yesterday"/"today" (1),
    "over the last 2 weeks", "since Monday" (7), "in the past 48 hours" (2), "in 7 days". A window turns
    a count into an event condition with `within_days` ("completed 3 workouts in the last week" → event
    `workout_completed` count gte 3 within 7); a trait counted in days reads the window as a bound
    ("haven't worked out in 7 days" → `days_since_last_workout gte 7`, "signed up in the last 7 days" →
    `days_since_signup lte 7`, "trial ends in 3 days" → `trial_days_left lte 3`).
  - relative days (`quantities.py`): "tomorrow", "in the next 3 days", "the coming week" run ahead; on a
    countdown they are at most that many days ("trial ends tomorrow" → `trial_days_left lte 1`; "today"
    too, as the catalog rounds days left up), "next week" is days 8 to 14 (`between`), and "yesterday" on
    a days-since trait is exactly 1 day ago ("signed up yesterday" → `days_since_signup eq 1`).
  - nouns of catalog verbs (`derivations.py`): "cancellations", "workout completions", "signups" name
    what "cancelled", "completed a workout", "signed up" name; a form the catalog states wins.
  - counts: a count trait and the event it counts are linked through the catalog (same name stems or a
    shared synonym); all-time counts use the trait, windows and property filters use the event.
  - property filters: an event property value beside a count ("3 yoga workouts", "open billing tickets")
    → `where workout_type eq yoga`; without a count it is the trait value ("yoga lovers"). A count of
    things open now ("open billing tickets") is approximated (see Known limits).
  - enum values compare in catalog order: "at least medium upgrade intent" → `in [medium, high]`.
  - a synonym missing one of its words still matches when only one entry fits ("3 or fewer days left").
  - a negated measure that cannot be 0 is missing: "no CSAT" → `avg_csat is_null`.
  - states: enum values ("at risk", "committed", "trial users", "iOS users", "in Germany", "UK"),
    glosses ("paying" → `active`), booleans ("opted in", "push disabled" → false); an enum trait named
    without a value means "not none" ("with purchase intent"); an ambiguous value ("high") is resolved by
    the trait named beside it ("high upgrade intent", "high intent").
- Decisions as named programs (`programs.py`, `program_policy.py`): "X should get A, and Y should get B;
  A wins", "A for users who … (top priority), B for … (lowest priority)", "which should win, A for … or B
  for …?", "A for X over/ranked above/before B for Y", "A ranks above B", "it wins over B for Y", "A comes
  first/second/last", "then B for everyone else" (the complement of the programs before). Verb-led
  programs: "re-engage lapsed users with a push", "nudge trial users who viewed pricing toward upgrading",
  "welcome new users with an email series": a lifecycle verb (and its aim after "toward/into/to") is the
  label, its object the audience, "with/by/via X" the channel; an audience can be ranked ("at-risk users
  should hear about it first", "… get priority", "… go first"). Each program
  gets its own rule with the audience said beside it (its label, "upgrade offer", "welcome series", is a
  name: words the catalog lacks there are fine; the label still gives a conversion or milestone goal, its
  stop and channel, and a channel word in it is the channel). Guards: "never while …", "but not if …",
  "unless …", "skip anyone who …", "don't send to anyone who …" → a Suppression applying to the program
  it is said of, or to all when it stands alone; "stop once/when …", "until they …", "once they …" → a stop
  condition ("complete a workout" for an audience waiting on a recency ends that recency:
  `days_since_last_workout lt 14`). "by push for users with push enabled, by email otherwise" → push then
  email when unopened. An enumerated list whose every item has an audience is read the same way under the
  head's scope. An unmapped condition phrase (audience, guard or stop) is refused by name.
- Decisions as goals (`lists.py`, `goals.py`, `policy.py`): "(1) … (2) …", "1. …", "1) …", bullets,
  "first …, then …, finally …", "prioritize A over B [for X]", "between A and B [for X]", "…: A or B". One
  rule per item, in order; the head's states ("for trial users") scope every rule. Items are goals or states:
  conversion (names a metric funnel's last event: "upgrade", "convert") → audience not converted (the
  scope's or `subscription_status ne active`), stop when converted (`subscription_status eq active`, the
  state the event's synonyms gloss); milestone ("complete a second workout", "get users to view
  pricing") → audience one short (`workouts_completed eq 1`: users who did the first and not the second,
  rather than `lt 2`, which would also message users who never started), stop at the goal (`gte 2`);
  support (names a support/ticket entry) → open tickets, stop when they clear; any other state → in it,
  stop when it no longer holds. Channels: push then email 24 h later if unopened (engagement), email
  (conversion), in-app then email (support). Global suppressions: marketing opt-out and open tickets,
  applied to the non-support rules when a support rule exists, else to all. Frequency cap from "N
  messages per week", "cap it at 2 per week", "no more than one message a day", else 3 per 7 days. Edge
  cases as reviewer text (`edge_cases.py`): overlapping audiences, tickets, conversion mid-sequence, the
  scope ending, opt-outs, push disabled, the cap, holdouts, NULL traits (from the catalog's "null when"),
  re-entry after a stop. An item "X for <people>" reads its label as the goal and the people as the audience;
  an item led by people ("users who started checkout but did not subscribe") is all audience; a leading
  channel verb is the channel ("email users who compared plans"); "everyone else" is NOT(the rules before).
  Preventing goals ("reduce churn", `prevention.py`) are the trait value whose synonyms name the event's
  risk (`activation_state = at_risk`, "at risk of churning"), stopping when it clears.
- Programs said in separate sentences ("We want a streak saver for … We also want a momentum booster for
  …", "Also set up a …") are separate programs; inline annotations rank them ("(top)", "(priority 2)",
  "[low priority]", "- lowest priority", "(second)"), as does "X has the highest priority"; a sentence
  saying what holds marketing back ("users with CSAT below 3 should not get marketing", "low CSAT or open
  billing tickets should hold marketing back", "don't market to anyone with …") is a suppression; a channel
  split ("by push to users with push enabled and by email to everyone else", "push to those with push
  enabled, email to everyone else" after a colon) is a push-then-email plan (`program_marks.py`); with no
  other audience ("send the reminder by push to users with push enabled and by email to everyone else") it
  is two programs, push for the named side and email for the rest (`channel_split.py`). "For X, send A",
  "a rule for X (A) and another for Y (B)" and "A: users with …" name programs too (`program_shapes.py`);
  "send it by push to …" drafts a channel, while "send it by email now" is still an apply request.
- A sentence that only ranks one program ("Trial first.", "Win-back first.") moves it and scopes nothing
  (`rank_sentences.py`); "who should we message first: A or B?" frames the alternatives.
- An order asked for and not stated ("Which should win, A or B?", "help me prioritise A vs B", "Decide the
  order: …", "you decide") is chosen by one principle (`priority_principle.py`): support and service, then
  retention (save, win-back, re-engagement), then activation and habit, then upsell and promotion, then
  feedback requests; a program's kind comes from its name, then the item it was said in, then its people;
  ties keep the order said, a catch-all stays last, and the description and an edge case give the reason.
  Any ranking word outside the question ("first", "then", "over", "1)", "the most important") is an order
  stated, which is kept.
- A guard naming a kind of support issue ("never while they have an open billing ticket", "hold it while
  they have an open billing or bug ticket", "Suppress the upgrade offer while …") is a suppression of the
  program it is said of (a rule's own for one program); the catalog keeps no reason on open tickets, so it
  reads open tickets and such a ticket created in the last 30 days, and the suppression and an edge case say
  so, with the built-in open-ticket hold that already covers it (`stated_guards.py`, `value_pairs.py`).
- Journeys (`journeys.py`): a channel sequence said for one program ("onboarding journey for new users:
  push on day one, email after 48 hours if they ignore it, then an in-app message a week later") is one
  rule whose plan is the sequence: day offsets become hours after the previous step ("day 1 … day 3" →
  48), relative times are taken as said ("after 2 days", "a day later", "the next day"), "if they ignore
  it / don't open it" is `previous_not_opened`, "if they don't click" `previous_not_clicked`. The steps
  leave the text the audience, stops and guards are read from; it applies when that text drafts one rule.
- Decisions as ranked clauses (`clauses.py`, routed by `decision.py`): clauses cut at sentence ends,
  semicolons, "then/next/finally/followed by", "before we/…ing/any", "matters more than", "over <people>",
  and a comma or "and" before a lifecycle or goal verb; ranked by cues ("most important", "top priority",
  "first", "priority one is" / "least", "last", "lowest priority"), "in that order", and short cue clauses
  naming an earlier clause ("churn matters most, referrals least"). "A ranks below / comes after / loses to
  B" is read as "B ranks above A". `decision.py` reads a prompt every way (an explicit numbered or bulleted
  list wins outright; else an unnumbered list, named programs, ranked clauses, alternatives) and keeps the
  reading with the most rules (clauses beat others only with sequence words or over a lone rule).
- More decision shapes: lettered and roman lists ("(a) … (b) …", "(i) … (ii) …"); items that rank themselves
  ("priority two is …", "upgrade messaging (3)", "… - priority 1", `rank_marks.py`); "First priority: …
  Second: … Last: …"; a later sentence ranking several programs by short names ("At-risk comes first, then
  trial, then new", "rescue > upgrade > welcome", "Retention is most important, onboarding least",
  `rank_sequence.py`; a verb label is named by its noun: retain/retention, convert/conversion), which also
  orders items listed in prose ("we run A, B and C. C first, then A", `ranked_list.py`); "A (people)" programs
  ("retention (at-risk users)"); "Rank/Put A for X above B for Y"; "Decide (the priority) between …"; "top
  priority is A, second is B, lowest priority is C"; "A and B overlap" (the two compete); a label
  placed among programs ("… and general tips last") is a program for everyone the others miss. The people a
  head names scope every item even when the catalog defines them by a number or an event ("for lapsed
  users:", "Churned users:"), and items named only by what is sent ("feedback survey") are programs over that
  scope; a channel noun ending an item ("onboarding emails") is its channel.
- Decision readings of round 5: a ranking said pair by pair over sentences or semicolons ("A outranks B. B
  outranks C.", "A matters more than B, which matters more than C", `pair_chains.py`); "A before B; both come
  after C"; "start with A; if that doesn't work, B" and "try A first, and if they don't convert, B" as A then B
  (`sequence_verbs.py`); "Rank it above B" after a sentence about a program ranks that program
  (`pronoun_programs.py`); the story told before the ask ("We're a fitness app and churn is up. …") is set aside
  (`decision_background.py`); a reason in brackets ("(they know the product)", "(we need data)") names nothing;
  "no sms.", "Don't use push at all." bar that channel for every program; "then nothing else until the ticket is
  resolved" is the built-in open-ticket hold; "if they X, A first; otherwise B first" is A for those people over
  B; "at least 2 workouts" states no order; "B shouldn't go out until they've completed 3 workouts" is B's people
  (`program_gates.py`). A stage said alone after "for" ("save offer for at-risk"), people in
  brackets ("Win-back (cancelled subscribers)", "Weekly digest (everyone else)") and places said after each
  program behind "Put …" name their people; shared people keep what they say ("high-intent visitors who viewed
  pricing 3+ times", "lapsed runners (no workout in 14 days)"). A message said to be new ("the new yoga class
  announcement", `novelty_words.py`) is no state of its people; "3) view pricing" waits for the act
  (`base_verbs.py`); an "annual upgrade" for people who already pay waits for a subscription with plan = annual;
  a win-back for churned users stops when they are back. Refused by name: programs ranked with no people
  anywhere (asking whom each is for), shared people named by a plan ("For annual subscribers": the plan is kept
  only on subscription_started), and a stop on an act no event records ("stop once they refer a friend":
  utm_source is how a user arrived).
- Decision readings of round 6: a conditional replacement ("If they upgrade, swap A for B", "Replace A with B
  once Z", "once Z, send B instead of A") stops A when Z holds and drafts B right after A for the people Z
  holds for (`replacements.py`); a program's name is its topic, not its people ("workout tips", "streak
  challenge", "yoga class promo", `topic_labels.py`; what a message celebrates, "streak celebration", still
  says who); one name said for two groups is two programs with ids saying whose ("upgrade_nudge_trial"); a
  count said after a cap without its noun ("2 messages a day and 5 a week") counts what that cap counts, and a
  cap the policy cannot hold beside the first is named in the edge cases; a heading per group ranking several
  programs ("For iOS users: A first, B second. For Android users: …", "for trial users the upgrade nudge
  first", "Everyone else gets D", "For X, only A should go out. For everyone else: …"), people before a dash
  or after "A vs B for …", chat with no colon after the people, people defined in brackets heading the
  prompt; "…; hold both for …", "Stop A if they cancel", "…, but A only for those on iOS", "prioritise A;
  fall back to B; C goes last", "A first, then B, and C last", "Holdout 20% on A only"; "when their trial
  ends" is the state no longer holding; "Never send promotions to them" is an edge case, no program. Refused
  by name: a stop on an act no event records ("when they share their workout on social"), an alternative the
  catalog lacks beside one it has ("users from Brazil or Mexico").
- Readings of round 7: "Send A first, but only if they have no open ticket" narrows A (`only_if_guards.py`);
  "What order makes sense?" drafts nothing (`order_questions.py`); "exclude Germany from both", "leave iOS users
  out of all three" hold every program (`excluded_from_all.py`); "A: …. B: …. A beats B" ranks by the letters;
  programs defined after the ranking by a short name ("Nudge: users with …") or several in one sentence ("A is
  for X, B for Y") get their own people (`later_definitions.py`); "A vs B for X — which first? B" ranks as
  answered (`answered_pairs.py`). A stop on a one-off act that enters a state ("stop once they subscribe",
  "exit when they cancel") is that state now, never the act counted all time (`act_stops.py`: every
  cancelled subscriber had subscribed once, and was stopped before a send); an act that enters no state keeps
  its count. Eligibility: a bulleted list of conditions with no heading is one audience
  (`bullet_conditions.py`); an act every day of a span, or yesterday and today, is days in a row, the workout
  streak where the catalog keeps one (`daily_runs.py`); "10 workouts, 5 of them yoga" is two counts
  (`sub_counts.py`); "3+ workouts last week but none this week" counts over both weeks (`period_contrasts.py`);
  a request led by a verb naming a state ("activate new users on iOS") is those people until they reach it,
  and a value's own word leading ("iOS or Android users") is no such verb (`verb_states.py`). Refused by name: a
  person's age ("aged 25-34", `person_age.py`) and an act timed from each person's signup in a rule ("first
  workout within 2 days of signing up", `signup_spans.py`; a data question counts it).
- Every program ends: a win-back for people who left the converted state ("win-back offer for cancelled
  users") stops once they are back (`subscription_status = active`); "again"/"back to" ("get them back to a
  workout") stops at a new occurrence (the recency ending for lapsed people, else one in the last day);
  switching on ("get them to turn on push", "re-enable push") is a goal to reach; a program inside a metric's
  funnel ("users who viewed pricing") stops where the funnel ends; otherwise it stops once its audience no
  longer holds (`audience_left`, dropped when a stop is stated). "Resubscribe", "subscribe again" stop at the
  state the event leads to, not at an all-time count a returning user already has.
- Guards beside a list are never rules: "hold off on all marketing while …", "never send promos to people
  with …", "exit when …", "drop them once …", headings ("Exit criteria: …", "Stop conditions: when …",
  "Suppressions: …"), "if a user's X, stop all promotions"; "stop A when X and B when Y" gives each its stop;
  "suppress anyone with X and anyone who Y" is two suppressions; requests about the answer ("What are the edge
  cases?", "Edge cases: …") are skipped. A guard said of anyone/users reaches every program; a stated hold
  that names what a service rule's audience is made of (open tickets) spares that rule. A window that is
  part of a trait's own name ("messages this week") is that trait (`messages_received_7d`) unless the trait
  is an event's count by name (workouts this week stays the event over the window).
- Settings said in passing (`directives.py`): a holdout ("a 15% holdout", "hold out 10 percent") sets every
  rule's `holdout_share`, "a 5% global control group" the policy's `control_group_share`, a channel order
  ("push first and email as fallback", "email first, then push", "SMS only") every rule's plan; their
  sentences (or, inside a program sentence, their phrases) are cut before the programs are read.
- Guards (`guard_phrases.py`, `stated_guards.py`) are read in every decision shape: besides those above,
  "suppress/skip/hold off on anyone with …", "pause all marketing for users with …", "anyone with X gets
  nothing", "if a user has X, don't send them any marketing", "stop the <program> once …", "stop it once …"
  (the program before). A stop said of no program goes to the rules it is about (their audience waits on
  it, or it names what they use or aim at), else to every rule.
- Eligibility (`eligibility.py`): the program before "who/with/targets/…" names the id and goal ("upgrade
  nudge" → email, conversion, stop when converted; its states like "for trial users" join the audience);
  the audience after it must map fully, or the planner refuses naming the phrase with the closest
  catalog entries. An audience waiting for something ("never viewed pricing", "inactive 14 days") stops
  when it happens. Stated guards, stops and channels are read as for programs ("…; stop once they complete
  a workout", "but not if …", "by push …, by email otherwise", "…, on push and email", "sent via SMS", "Use
  push and email."). The request's own words ("Create eligibility rules for the X for <people>"), background
  sentences before it (`request_context.py`) and chat shorthand ("ppl w", `chat_shorthand.py`) are no
  audience; a value naming what the program is about ("the yoga challenge", a workout type or a trait the
  audience names itself) adds no condition when the prompt says whom it targets. After a targeting verb every
  word is held to the catalog ("targets female users" refuses 'female', naming what people can be chosen by);
  a prompt refused as typed is read once more with one-letter slips mended ("trail users", `eligibility_slips.py`).
  "whose subscription is cancelled" is the status, not the event (`thing_states.py`); "no longer subscribed"
  is `cancelled`; "been subscribed for 90+ days" is the start that long ago (`state_durations.py`); "below
  high" on an ordered enum is strict; "at least 2 but no more than 4 workouts" bounds one count
  (`bound_pairs.py`); "average session > 20 min" is the average-minutes trait (`average_nouns.py`).
  An offer of a state a person can enter ("a trial offer", "a free-trial invite", "a subscription discount":
  a value, or the event's own name, that an event leads to) is for people not yet in it nor past it in its
  funnel (`subscription_status not_in [trial, active]`), stopping once they enter it, said in the rule
  (`offered_states.py`); "a trial extension offer" or "a yoga class invite" names no such state. "Lapsed",
  "inactive", "dormant" with no number are a 14-day lapse (`days_since_last_workout gte 14`, the span after
  which the catalog counts no workout as recent; `conditions.LAPSE_DAYS`), said in the rule. A message after
  the people ("…, send them an upgrade offer", "… should get the upgrade email", "… get a push reminder",
  "Folks who cancelled: email them …", "…, offer them a trial extension") names the rule and lends the people
  nothing, and a guard after it ("…, and skip anyone with an open ticket") is kept. A request naming only its
  program ("for the power-user program") targets the people its name says, and an audience counting what the
  name's state counts ("the power-user program that targets users with 20+ workouts") defines it instead of
  joining the catalog's `committed`. "Became paying customers last month" is the event entering the state then
  (`entered_states.py`); "never opened a ticket" is no ticket created ever, not none open now; a timed start
  "but didn't finish" misses the finish in that window; "a strength workout and a cardio workout this week"
  times both (`shared_windows.py`); "medium intent or higher" ranks medium; "fewer than 10 or more than 50
  workouts" counts workouts on both sides. Conditions under a label joined by semicolons ("Audience: free
  users; viewed pricing; not in India", "… Include: …", "Cap: 1 per day") are one audience and its cap; every
  kind of people an exception lists is excepted when each negates exactly; a word the catalog lacks defined
  in parentheses or between dashes ("VIP users (20+ workouts)", "slacking - like no workouts in 10+ days -")
  is its definition. A pronoun with a count or window after it is the thing the act before was done to
  ("installed the app and opened it 10 times" is app_opened 10+, "started a yoga workout and finished it 3
  times"), or that act again for a verb that does or looks at it ("viewed pricing and opened it 3 times this
  week", "did it twice"); one naming nothing done before ("users who opened it 5 times", "users on iOS who
  opened it …") is refused by name, and "finished 0 of them" after "started 2+ workouts this week" counts those
  things over their window and filters (it was no workout ever; `pronoun_counts.py`). Chat digits before the people addressed are
  prepositions ("a rule 4 users who …", "send a push 2 ppl who …"); after a word taking a number, or before
  what is counted, they stay counts (`chat_shorthand.py`). A topic after "about" that is a value the act
  before it records is that act's ("contacted support about a bug this month" is a bug ticket in 30 days; it
  was cut as the message's topic, window and all: `message_topics.py`). After "for users" the words before the
  clause are the people's, and a number before the first catalog phrase that nothing took is the people's too
  ("for users aged 25-34 who …", "the spring promo for customers over 40 who use iOS" are refused naming it;
  both kept everyone the clause named), while a program's own name still holds numbers ("the 30-day challenge
  for users who …"). A habit said with a bound ("3+ times a week", "2 or fewer times a week") is that bound
  over the period's last days (the period was dropped), and people named by a state and then said to have left
  it in one clause ("the win-back email for subscribers who cancelled") are in the state they entered (read as
  one clause, the head's `active` won). A country of several words the catalog lacks is refused whole ("New
  Zealand" was the `new` stage, `clause_shapes.take_lacked_places`); a window said by reference ("in that time",
  "during the same period") is the window said before it, "more recently than 7 days ago" is the last 7 days,
  "had push turned on in the last 3 days" times the switch, and "did a workout yesterday but not today" is one
  in the last 2 days and none in the last day (`window_refs.py`); "at least one workout in each of the last 3
  weeks" counts starts in the longer span too (it counted completed workouts); "used to <act>" is refused as
  a state held before; "a lapsed streak", "a broken workout streak" just ended (`state_idioms.py`); "love
  cycling", "are into yoga" before a value of the trait the catalog names by liking are liking (`plain_words.py`).
- Debug (`debug.py`): a catalog metric or synonym ("trial-to-paid", "second workout", "stopped paying"),
  dimension values and their synonyms ("iPhone" → ios; one value → every other value, up to eight, and the
  diagnosis compares it with the steadiest of them), and a window (default 7 days). Classified as
  debug: "why" anywhere ("Fewer Android users reach a second workout this week. Why?"), change words, and a
  period comparison ("vs the week before", "compared with last week", "week over week") of a metric.
  Reports (`debug_cues.py`, `debug_metric.py`) are debug too: an outcome stated as a fact ("users in Germany
  stopped paying this week — what happened?"), two movements ("we sent fewer push messages to Android users
  and conversion fell"), one that moved and one that did not ("opens jumped on web but conversion didn't"),
  a cohort doing more or less ("people with billing tickets are cancelling more"). The metric is named, or
  implied by a funnel event ("upgraded"), an event or state sharing the funnel's last step's first word
  ("cancelling", "paying"), or a value sharing its stem ("activating"). A movement in a relative clause
  ("users who stopped paying") describes people; drafting requests and counts keep their paths.
- Questions (`question.py`): how many, what share of … have …, average/median/total/max/min … [of/for …]
  [by …], top/bottom N … by …, which … has the most …, list/show [N] …: one SELECT over `user_traits`
  built with sqlglot; audiences compile through `orchestrator.compile`, windows end at the last event. A
  question is answered exactly or refused: a word foreign to the catalog beside a condition ("users with a
  credit card that expires") refuses naming it rather than being dropped. A share's population may carry its
  own clause ("of users who viewed pricing started checkout": the cut is where both sides read and the
  population's conditions are the whole phrase's); one or two groupings ("by platform and country"); "per
  <state>" is among them; values set against each other ("iOS vs Android") are answered each; "how many
  <non-people noun>" counts the act ("how many tickets were created last week"), and an aggregate over an act
  in a window averages each user's count (`question_events.py`); "… vs the week before" answers the window and
  the one before it (`question_periods.py`), refused when a trait (held as of now only) is read. A question
  with one period bounds every act it names by it ("delivered but not opened last week": both in the week;
  "ever"/"never" or a second period keep each act as said: `question_act_periods.py`); calendar periods
  ("since Monday", "so far this week", "yesterday", "this month", "last month", "in October", "since the
  3rd") are laid on the last event's date in SQL (`question_calendar.py`); every answer over a period says it
  in `period_start`/`period_end`. Acts group by two keys at once ("by channel and by day", "per day by workout
  type", "by reason and platform"); a property the counted act does not record is refused naming the acts
  that do. What is said before the question word is part of it ("Of those who got a push last week, how many
  opened it?", "For iOS users, what share …", "In the last 7 days, how many …": `question_leads.py`).
- Questions of round 7: "the most popular workout type" ranks the kind by the act its noun names (completed
  workouts, `question_breakdowns.most_common`); "share of trials that converted in October vs September" is of
  the users who started one (`act_nouns.py`); "activation rate by signup week" is the share the metric's
  description defines per cohort (`metric_shares.py`); "new users … in their first week" are the signups; a
  count asked after background ("For the board deck - how many …?") is that question (`question_background.py`).
- Validator feedback (`feedback.py`): conditions named by an error path are dropped; errors that cannot be
  fixed by dropping (a whole audience) give a Refusal that quotes them.
- Out of scope: requests to approve, apply, run, execute, send, deliver, activate or publish with a definite
  object ("run the executor now", "send the messages", "publish the policy"; approval and runs are a
  reviewer's acts, in the registry and `mcc run`), while drafting requests keep their verbs ("create a rule
  that sends a push", "send a nudge to trial users who …"); data changes ("drop table"), unrelated asks
  (poems, weather), prompts with no catalog word and no audience shape.

Nothing said is dropped silently (`unread.py`): in a clause about the people (after who/whose/that/which,
or "users on/in/with/from …") a word no catalog entry takes ("who own an Apple Watch"), a negation whose next
word is unknown ("who have not meditated"), a number nobody takes ("opted in for more than 60 days") and
an event property value no event takes ("on the annual plan") refuse with "I could not express: …" naming
them; a negation never reaches back across a relative pronoun to the head ("a 4+ day streak who have not …"
keeps the streak at least 4). Framing, the message's own nouns and verbs ("reminder", "discount", "remind")
and the words before a clause's first catalog phrase (a label: "send the win-back offer to …") are tolerated.
Numbers also read: "longer/shorter than", "over a week" (one unit), "5 or more days", "3 times or more";
"outside A and B" is `not_in`; "runs out in 2 days" is a countdown; people named before the audience mark
("users signed up more than 30 days ago who …", "lapsed subscribers (no workout in 30+ days) who …") are
read in full; "hasn't worked out" with no number is `days_since_last_workout gte 1`, never 0.

Known limits (honest)
- Every word after an eligibility prompt's "who"/"that" or "users on/in/with" is held to the catalog ("users
  who own an Apple Watch", "signed up in March" are refused by name); decision items outside a people clause
  still tolerate a foreign word beside a condition. Vague words ("regularly", "almost over") are refused.
- Spans the catalog cannot count over are read on the closest span and the rule says so ("approximated: …"):
  an act in the first days after signup or since another event ("completed 2 workouts in their first week",
  "haven't viewed pricing since their first workout") is read over all time; acts in order ("cancelled and
  then resubscribed", "started checkout without finishing", "for the first time") are both counted with no
  order; a streak that ended is `current_streak_days = 0` with the last workout at most 3 days ago
  (`span_idioms.py`, `order_idioms.py`, `state_idioms.py`). One count compared with another ("viewed
  pricing more than they have worked out", "started more workouts than they completed", "more pricing views
  than workouts", "fewer workouts this week than last week", "twice as many … as last month", "completed all
  of them") is refused quoting its clause and saying, in its words, each count against a number
  (`count_comparisons.py`); an exception of several conditions ("everyone except trial users on iOS") is
  refused by name.
- The grammar is lexical: word order inside a clause is mostly ignored, so a phrase whose words all
  belong to the catalog but say something else ("users who told us they hate pricing") is mis-read.
- A pronoun or bare verb that needs the previous clause is refused rather than guessed, except a start
  without its finish ("started a workout but didn't finish it", "… but abandoned it") and a counted pronoun
  whose thing the act before names ("… and opened it 10 times"). "Twice more" counts 2, not the total.
- "high"/"low" on numeric scores are mapped only where a catalog description states a bound on them
  (`score_words.py`: support_risk's "mean CSAT at or below 2" makes "low CSAT" `avg_csat lte 2`, and the
  parse says so); elsewhere ("high momentum") the planner asks for a number instead.
- Windows are lengths in days; calendar boundaries ("since Monday", "this month") are approximated.
- Value order comparisons assume the catalog lists an enum's values from low to high.
- Words the catalog gives two meanings ("market" is a country synonym) follow the catalog.
- Questions cover the shapes above only; joins to canonical tables other than events are not planned.
- Program reading is pattern-based: a program needs "X should get A", "A for/to <people>" (the audience
  names people: users, lovers, anyone, …) or a verb from a fixed list of lifecycle verbs followed by people
  ("remind at-risk users"); other verbs are not read as programs. A verb label is matched to its noun by
  dropping -er/-ment/-ation/-ion ("remind" = "the reminder"), not to other derivations.
- Labels are never conditions, so "upgrade offer for trial users" does not add "not yet converted" to the
  audience: the conversion stop ends it for those who convert instead.
- A guard's reach is its sentence or the program it is attached to; "unless" inside a long audience may
  bind to the wrong program when commas are ambiguous. A guard closing a ranking of several programs after a
  comma ("A for X, then B for Y, unless they opted out"; "For X, A beats B, unless …") reaches all of them.
- Asides around a ranking are not programs or conditions (`decision.py`): background before "Ask:"/"Request:",
  a reason after a comma (", since web users convert better") or in brackets ("(conversion)"), "dont" typed
  without its apostrophe (`contractions.py`); "in parallel, with no priority" is refused saying a policy always
  ranks (`unranked.py`). "For X, nothing but A" (no verb) is still ranked as written, not first.
- An age word ("new", "recent", "newcomers") that the catalog defines by a count is replaced by a time
  clause after it ("new users who signed up less than 3 days ago" → `days_since_signup lt 3` alone,
  `definitions.py`); other stage words are kept beside their clause ("activated users who signed up this
  month", "trial users who …": the catalog defines trial by time, so the clause narrows it).
- "open billing tickets", "an open ticket about billing": the catalog keeps no reason on open tickets, so
  the planner reads the closest honest thing, `open_tickets gte 1` and a `support_ticket_created` event
  with that reason in the last 30 days (negated: either fails), and says "approximated: …" in the rule
  description. A user whose open ticket is about something else but who filed a billing ticket last week
  matches; a billing ticket open for more than 30 days does not.
- A negated verb before a bare number keeps "at least" reversed ("haven't completed 3 workouts" → `lt 3`);
  only a negated copula or "other than" beside the number ("isn't 1", "is not exactly 1") reads `ne`.
- "users with push" is refused (the having verb is split off with "with"); say "push enabled" or "has push".
- Decision readings compete by rule count, so a clause the readers split wrongly can still win; a head that
  names a program with catalog words ("Roll out the running challenge by country: …", "our new launch")
  is read as a shared scope (`preferred_workout_type = running`, `activation_state = new`).
- A stop sentence naming a program by a noun the label lacks ("stop the checkout reminder" for "abandoned
  checkout") is placed by what it is about, not by name. "Lapsed" with no number reads
  `days_since_last_workout gte 1`; "inactive users" with no number is refused.
- Debug segments are catalog dimensions (columns of dim_users): a cohort such as "people with billing
  tickets" or a channel is not one, so the diagnosis compares the OS, country or source named beside it (or
  every platform) and the channel shows in the exposure comparison.
- A channel sequence is read for one program only: when the rest of the prompt drafts several rules, the
  steps are left to the other readers. "Next week" is days 8 to 14 (lengths, not calendar weeks).
- A ranking sentence names its program by shared words ("Trial first."); one that names it otherwise ("the
  inactive ones first" for "people who haven't opened the app") is not matched and leaves the order as
  written. Nouns of verbs are derived by suffix ("cancelled" → "cancellation", "completed" →
  "completion"); irregular ones ("converted" → "conversion") need a catalog synonym.
- Questions about averages over an event property ("average cycling workout longer than 40 minutes") are
  not planned.
- A stop on an act that enters no state ("stop once they view pricing") counts it all time: the spec has no
  window "since the rule first reached them", and a short one would let them back in a day later; so people
  who did it before the rule reached them are stopped at once (an audience that waits on it never happening
  is exact). "If both A and B apply, send A" with the people said in a later "Otherwise send A to X and B to
  Y" sentence keeps the written order and merges both people.
- The fallback stop of a program that names no goal is its audience no longer holding; for all-time counts
  outside a metric's funnel ("abandoned checkout") that never happens, so the rule simply keeps them.
- A ranking sentence must name every part by a word of one program's label or audience; "the inactive ones"
  for "people who haven't opened the app" is not matched. Items listed in prose are read only when a later
  sentence ranks them.
- Plan properties ("annual subscribers", "monthly subscribers") are not read: the catalog keeps the plan on
  the subscription event only, and the audience is the subscription state.
"""

from __future__ import annotations

from agent.catalog_planner.planner import CatalogPlanner

__all__ = ["CatalogPlanner"]
