"""`mcc chat`: a REPL over the graph with a SQLite checkpointer, so a thread can be resumed by name.

It streams what the agent does node by node (stream_mode="updates"), shows drafts, previews and
diagnostics as tables, asks before proposing, and offers `/approve` to a reviewer: the person typing,
never the agent, and never the proposal's author (the registry refuses self-approval as well).
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text, TextType

from agent.api import to_ask_result
from agent.context import Context
from agent.nodes.drafting import YES
from agent.nodes.intake import last_valid_draft
from agent.render import issues_view, labelled, preview_view, render_outcome, render_result, spec_view
from agent.revision_cues import reads_as_proposal
from orchestrator.spec import parse_spec
from warehouse.errors import DatabaseError, MccError

NO = {"", "n", "no", "keep", "cancel"}
HELP = (
    "Type a request (a rule, a priority policy, a 'why did X drop' question, a data question, or 'is the\n"
    "upgrade nudge working?' for a rule that ran, then 'and on iOS?' or 'rank them by lift'; 'like the upgrade\n"
    "nudge, but for Android users' copies one). Ask about what exists too: 'what does momentum_score mean?',\n"
    "'who is in the upgrade nudge audience?', 'why did u0000011 get the upgrade nudge?'.\n"
    "After an answer, 'and on Android?' or 'what about last month?' asks it again with that part changed.\n"
    "After a draft, say how to change it ('make it email only', 'hold out 20%', 'make it 3 pricing views'), ask\n"
    "'why so few?' (each condition in turn), or 'propose it'.\n"
    "/approve RULE_ID  approve a proposal as yourself (only someone other than its author)\n"
    "/withdraw [RULE_ID]  take back your own proposal before anyone reviews it (default: this thread's draft)\n"
    "/thread           show this thread's name      /quit   leave (the thread is saved)"
)


QUIT = ("/quit", "/exit")
# "looks good", "perfect, thanks": a nod to the draft, not a request to read; "scrap it", "start over": dropping it
_NOD = re.compile(r"^\s*(?:(?:looks|sounds|seems) (?:good|great|fine|right)|lgtm|perfect|great|nice|cool|that works|all good|"
                  r"love it|good)(?:\s*[,.!]?\s*(?:thanks|thank you|to me))?\s*[.!]*\s*$", re.IGNORECASE)
_DISCARD = re.compile(r"^\s*(?:(?:never ?mind|nah|ok|okay|actually)\s*[,.!]?\s*)*(?:(?:please )?(?:scrap|discard|drop|forget|"
                      r"delete|bin|trash|withdraw|retract|unpropose|take back|pull)(?: back)? "
                      r"(?:it|this|that|the (?:draft|rule|policy|proposal|whole thing)|my proposal)(?: back)?(?: all)?"
                      r"(?: (?:proposal|draft|rule|policy))?|take (?:it|this|that|my proposal) back|start (?:over|again|from scratch))\s*[.!]*\s*$", re.IGNORECASE)


class LeaveChat(Exception):
    """The person left at a confirmation (/quit); the thread keeps the question for the next resume."""


def checkpoint_path(db: str | Path) -> Path:
    """Return the chat checkpoint file beside the warehouse (`<db>.chat.sqlite`)."""
    return Path(f"{db}.chat.sqlite")


@contextmanager
def chat_graph(db: str | Path) -> Iterator[Any]:
    """Yield the graph compiled with a SqliteSaver on the warehouse's chat file."""
    from langgraph.checkpoint.sqlite import SqliteSaver

    from agent.graph import build_graph

    con = sqlite3.connect(str(checkpoint_path(db)), check_same_thread=False)
    try:
        yield build_graph(checkpointer=SqliteSaver(con))
    finally:
        con.close()


def describe_update(node: str, update: dict[str, Any]) -> str:
    """Say in one line what a node just did."""
    if node == "classify":
        if update.get("undoing"):
            changed = update.get("last_draft") or update["draft"]  # the draft as it was before the undo (a rename too)
            return f"understood the request as: take back the last change to {changed.get('id')}"
        if update.get("draft"):
            return f"understood the request as: propose the draft {update['draft'].get('id')} as it is"
        if update.get("revising"):
            return f"understood the request as: a change to the draft {update['revising'].get('id')}"
        if update.get("followed"):
            return f"understood the request as: {update.get('intent')}, asked again as {update.get('prompt')!r}"
        if update.get("following"):
            return f"understood the request as: performance, following up on {update['following'].get('question')!r}"
        return f"understood the request as: {update.get('intent')}"
    if update.get("error"):
        return f"{node}: stopped: {update['error']}"
    if node == "confirm":
        return "you said: propose it" if update.get("confirmed") else "you said: keep it as a draft"
    tools = update.get("tools") or []
    if tools:
        return "; ".join(f"{t['tool']}: {t['summary']}" + ("" if t["ok"] else " (refused)") for t in tools)
    if node == "draft":
        return "drafted a spec" if update.get("draft") else "the planner could not draft this"
    return {"plan_debug": "chose the segments, metric and window to compare",
            "diagnose": "ranked the likely causes", "summarize": "wrote the summary",
            "plan_question": "wrote a query", "answer_about_draft": "read this thread's versions of the draft",
            "out_of_scope": "declined: not something the agent does"}.get(node, node)


class ChatSession:
    """One thread of conversation as one person."""

    def __init__(self, graph: Any, context: Context, thread: str, console: Console,
                 read: Callable[[TextType], str]) -> None:
        self.graph = graph
        self.context = context
        self.thread = thread
        self.console = console
        self.read = read
        self.config: dict[str, Any] = {"configurable": {"thread_id": thread}, "recursion_limit": context.recursion_limit}
        self.proposed: set[str] = set()
        self._mark: tuple[int, int, dict[str, int]] = (0, 0, {})

    def resume_pending(self) -> None:
        """Show where a saved thread stopped, and ask again if it was waiting for a confirmation."""
        state = self.graph.get_state(self.config)
        if not state.values:
            self.console.print(Text.assemble("New thread ", (self.thread, "bold"),
                                             f" (resume it later with --thread {self.thread})."))
            return
        draft = last_valid_draft(state.values)
        table = f"; the draft on the table is {draft.get('id')} (ask for a change, e.g. 'make it email only')" if draft else ""
        self.console.print(Text.assemble("Resuming thread ", (self.thread, "bold"),
                                         f"{table}; last request: {state.values.get('prompt')!r}"))
        if state.interrupts:
            self._confirm_and_continue(state.interrupts[0].value)

    def farewell(self) -> Text:
        """Say how to come back to this thread, and what it is waiting for."""
        state = self.graph.get_state(self.config)
        if state.interrupts:
            rule_id = (state.interrupts[0].value.get("draft") or {}).get("id")
            return Text(f"Left thread {self.thread} with {rule_id} waiting for your answer (nothing was proposed); "
                        f"mcc chat --thread {self.thread} asks again.")
        return Text(f"Thread {self.thread} saved; resume it with mcc chat --thread {self.thread}.")

    def handle(self, line: str) -> bool:
        """Handle one line; return False to leave."""
        text = line.strip()
        if not text:
            return True
        if text in QUIT:
            return False
        if text == "/help":
            self.console.print(HELP)
        elif text == "/thread":
            self.console.print(Text(f"thread {self.thread}, as {self.context.actor}"))
        elif text.startswith("/approve"):
            self.approve(text.removeprefix("/approve").strip())
        elif text.startswith("/withdraw"):
            self.withdraw(text.removeprefix("/withdraw").strip())
        elif text.startswith("/"):
            self.console.print(Text(f"unknown command {text.split()[0]}; {HELP}"))
        elif text.lower().rstrip(".!") in YES | NO:  # a yes or no with no question pending is not a request
            self.console.print(Text("Nothing is waiting for a yes or no. To propose the thread's draft, say 'propose it'; "
                                    "to change it, say how (e.g. 'make it email only')."))
        elif _NOD.match(text) or _DISCARD.match(text):
            self.console.print(Text(self._about_the_draft(discarding=_DISCARD.match(text) is not None)))
        else:
            self.ask(text)
        return True

    def _about_the_draft(self, discarding: bool) -> str:
        """Say what a nod or a "scrap it" means for the thread's draft, and what to type next."""
        draft = last_valid_draft(self.graph.get_state(self.config).values)
        if draft is None:
            return "There is no draft in this thread yet: describe a rule or a priority order to draft one."
        if discarding and draft.get("id") in self.proposed:
            # taking back a proposal is the person's act in the registry, typed as a command, as approving is
            return (f"{draft.get('id')} is proposed and waits for a reviewer. To take it back before anyone reviews it, "
                    f"type /withdraw {draft.get('id')} (or `mcc rules withdraw {draft.get('id')}`); proposing the same "
                    "draft again later puts it back up. Describe the next rule to start afresh.")
        if discarding:
            return (f"Nothing was proposed, so there is nothing to withdraw: {draft.get('id')} stays only in this thread. "
                    "Describe the next rule to start afresh.")
        return f"Say 'propose it' to file {draft.get('id')} for review, or keep changing it ('hold out 20%', 'undo that')."

    def ask(self, prompt: str) -> None:
        """Run one request, streaming node updates, pausing for confirmation before a proposal."""
        self._mark = self._trace_mark()
        self._stream({"prompt": prompt, "propose": True})

    def _trace_mark(self) -> tuple[int, int, dict[str, int]]:
        """Remember how long the thread's trace is, so a run's result shows only its own tools and usage."""
        values = self.graph.get_state(self.config).values
        return len(values.get("tools") or []), len(values.get("steps") or []), dict(values.get("usage") or {})

    def _this_run(self, values: dict[str, Any]) -> dict[str, Any]:
        tools, steps, usage = self._mark
        now = values.get("usage") or {}
        return {**values, "tools": (values.get("tools") or [])[tools:], "steps": (values.get("steps") or [])[steps:],
                "usage": {k: v - usage.get(k, 0) for k, v in now.items()}}

    def _stream(self, payload: Any, *, draft_shown: bool = False) -> None:
        """Run the graph to its end or to a confirmation; `draft_shown`: the person has just seen the draft,
        its validation and preview (at the confirmation), so only the outcome is printed, not all of it again."""
        from langgraph.errors import GraphRecursionError

        pending: dict[str, Any] | None = None
        try:
            # Consume the whole stream (durability "sync"): the checkpoint at the interrupt must be saved
            # before the person answers, or the resume would start from an earlier step.
            for chunk in self.graph.stream(payload, self.config, context=self.context, stream_mode="updates",
                                           durability="sync"):
                for node, update in chunk.items():
                    if node == "__interrupt__":
                        pending = update[0].value
                    elif node != "finish":  # the result printed next says how the run finished
                        # tool summaries and errors quote prompts, data and models: shown as typed
                        self.console.print(Text(f"• {describe_update(node, update or {})}", style="dim"))
        except GraphRecursionError:
            self.console.print(f"[red]Stopped:[/] the agent used its {self.context.recursion_limit} steps without finishing.")
            return
        if pending is not None:
            self._confirm_and_continue(pending)
            return
        values = self._this_run(dict(self.graph.get_state(self.config).values))
        result = to_ask_result(values.get("prompt", ""), self.context.planner().name, values)
        if draft_shown:
            render_outcome(result, self.console, kept_draft=True)
        else:
            render_result(result, self.console)
        if result.proposal_id:
            self.proposed.add(result.proposal_id)
            self.console.print(Text(f"A reviewer other than {self.context.actor} can approve it: "
                                    f"`mcc chat --as REVIEWER` then /approve {result.proposal_id}, or `mcc rules approve`."))

    def _confirm_and_continue(self, payload: dict[str, Any]) -> None:
        from langgraph.types import Command

        draft = parse_spec(payload["draft"], source="draft")
        self.console.print(spec_view(draft))
        if payload.get("changes"):
            self.console.print(Text(f"Changed in {draft.id}:\n" + "\n".join(f"  • {c}" for c in payload["changes"])))
        elif payload.get("revised"):
            self.console.print(Text(f"Nothing changed in {draft.id}: it already does what you asked (the draft above)."))
        issues = issues_view(payload.get("validation") or {})
        if issues is not None:
            self.console.print(issues)
        if payload.get("preview"):
            self.console.print(preview_view(payload["preview"]))
        answer, message = self._yes_or_no(f"Propose this draft for review as {self.context.actor}? [y/N] ")
        self._stream(Command(resume=answer), draft_shown=True)
        if message is not None:
            self.console.print(Text(f"Kept {draft.id} as a draft; now: {message}", style="dim"))
            self.handle(message)  # as if typed at the prompt: "looks good" is a nod there too, not a request

    def _yes_or_no(self, question: str) -> tuple[str, str | None]:
        """Ask until the answer is a yes or a no (empty is no); return it and any message typed instead of it.

        A change or a question typed at the confirmation ("only iOS users") is a no, keeping the draft, and then
        read as the next message: making the person type it again would lose nothing but their patience. A
        command typed here ("/help") is not an answer, and is asked again."""
        while True:
            typed = self.read(Text(question)).strip()
            answer = typed.lower()
            if answer in YES or answer in NO:
                return answer, None
            if reads_as_proposal(typed):  # "propose it" at the question that asks exactly that
                return "y", None
            if answer in QUIT:
                raise LeaveChat  # the confirmation stays pending in the thread
            if not answer.startswith("/"):
                return "n", typed
            self.console.print(Text("Answer y to propose it, n (or nothing) to keep it as a draft, /quit to leave "
                                    "and answer later."))

    def withdraw(self, rule_id: str) -> None:
        """Take back the person's own proposal (default: the one this thread proposed last) through the registry."""
        draft = last_valid_draft(self.graph.get_state(self.config).values)
        rule_id = rule_id or (str(draft.get("id")) if draft is not None and draft.get("id") else "")
        if not rule_id:  # the registry says whether the thread's draft was proposed, in this session or an earlier one
            self.console.print("usage: /withdraw RULE_ID (this thread has no draft to take back)")
            return
        from orchestrator.registry import Registry
        from warehouse.connection import connect

        self.context.close()  # the sandbox connection must go before a writer opens the file
        try:
            con = connect(self.context.db)
        except MccError as exc:
            self.console.print(labelled("Not withdrawn:", "red", str(exc)))
            return
        try:
            result = Registry(con).withdraw(rule_id, actor=self.context.actor, comment="withdrawn in mcc chat")
        except MccError as exc:
            self.console.print(labelled("Not withdrawn:", "red", str(exc)))
            return
        finally:
            con.close()
        self.proposed.discard(rule_id)
        self.console.print(labelled("Withdrawn", "yellow", f"{result.rule_id} v{result.version}: nobody can approve it "
                                                            "now; say 'propose it' to put the draft back up."))

    def approve(self, rule_id: str) -> None:
        """Approve a proposal as the person typing, through the registry (never the agent)."""
        if not rule_id:
            self.console.print("usage: /approve RULE_ID")
            return
        from orchestrator.registry import Registry
        from warehouse.connection import connect

        self.context.close()  # the sandbox connection must go before a writer opens the file
        try:
            con = connect(self.context.db)  # another writer (a run) may hold the file: say so, keep chatting
        except MccError as exc:
            self.console.print(labelled("Not approved:", "red", str(exc)))
            return
        try:
            registry = Registry(con)
            authors = {v.author for v in registry.versions(rule_id) if v.status == "proposed"}
            if rule_id in self.proposed or self.context.actor in authors:
                self.console.print(Text(f"You ({self.context.actor}) proposed {rule_id}; another person must approve "
                                        "it (`mcc chat --as REVIEWER`)."))
                return
            proposal = registry.approve(rule_id, actor=self.context.actor, comment="approved in mcc chat")
        except MccError as exc:
            self.console.print(labelled("Not approved:", "red", str(exc)))
            return
        finally:
            con.close()
        self.console.print(labelled("Approved", "green", f"{proposal.rule_id} v{proposal.version} as {self.context.actor}: "
                                                         "active, the next `mcc run` applies it."))
        for old in proposal.unreviewed:  # set aside unread by this approval: it will never run
            self.console.print(Text(f"  v{old.version}, proposed by {old.author}, was waiting too and is now superseded "
                                    f"unreviewed (mcc rules diff {rule_id} {old.version} {proposal.version} shows it)."))


def run_chat(db: str | Path, *, model: str, actor: str, thread: str | None, console: Console,
             read: Callable[[TextType], str]) -> None:
    """Run the REPL until /quit or end of input."""
    if not Path(db).is_file():  # before the first prompt, and before a thread file is left beside nothing
        raise DatabaseError(f"no warehouse at {db}", where="--db",
                            accepted="run `mcc warehouse build` first, or pass --db PATH to an existing file")
    context = Context(db=str(db), model=model, actor=actor)
    context.planner()  # an unknown model or a missing key fails here, before the first prompt
    name = thread or f"chat-{uuid.uuid4().hex[:8]}"
    with chat_graph(db) as graph:
        session = ChatSession(graph, context, name, console, read)
        console.print(Text.assemble("Command Center chat as ", (actor, "bold"), f" with planner {model}. /help for commands."))
        try:
            session.resume_pending()
            while session.handle(read("you> ")):
                pass
        except EOFError:  # input ended (Ctrl-D), at the prompt or at a confirmation: the thread keeps where it was
            console.print()
        except LeaveChat:
            pass
        finally:
            context.close()
        console.print(session.farewell())
