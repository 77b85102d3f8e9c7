"""Read what an OpenAI-compatible server's refusal says: a parameter it rejects, tools it cannot take, a model
it does not have; and word a failed call as one line that names the model, the endpoint and the status."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from typing import Any

from warehouse.errors import AgentError

# Parameters mcc sends that a model may reject, by the name a server gives, to the ChatOpenAI field to drop.
DROPPABLE = {"temperature": "temperature", "max_tokens": "max_tokens", "max_completion_tokens": "max_tokens"}
REJECTING = re.compile(r"unsupported|not supported|does not support|unknown|unrecognized|not allowed|"
                       r"not permitted|extra (?:inputs|fields)|invalid", re.I)
TOOLS_WORD = re.compile(r"\btools?\b|tool[_ ]?call|function[_ ]?call|\bfunctions\b|--jinja", re.I)
TOOL_CHOICE_WORD = re.compile(r"tool[_ ]?choice", re.I)
CONTEXT_FULL = re.compile(r"context[_ ](?:length|window)|maximum context|too many tokens", re.I)
MISSING_MODEL = re.compile(r"model.*(?:not found|does not exist|not exist|not a valid|unknown|no such|not available|"
                           r"not loaded|try pulling)|model_not_found|(?:unknown|invalid|no such|not a valid) model", re.I)
RETRIED_STATUSES = {408, 409, 429}
MAX_SERVER_WAIT = 120.0  # the openai client honours a Retry-After up to this many seconds, and retries no longer ones


def status_of(exc: BaseException) -> int | None:
    """Return the HTTP status of a failed call, or None when no answer came."""
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def error_detail(exc: BaseException) -> str:
    """Return the server's own words (the first line of its error message), or the exception's."""
    body = getattr(exc, "body", None)
    message = body.get("message") if isinstance(body, dict) else body if isinstance(body, str) else None
    text = message if isinstance(message, str) and message.strip() else str(exc)
    return (text.strip().splitlines() or [""])[0][:300]


def rejected_parameter(exc: BaseException) -> str | None:
    """Return the ChatOpenAI field to drop when a 400 says the model does not take a parameter mcc sent."""
    if status_of(exc) not in (400, 422):
        return None
    param = getattr(exc, "param", None)
    if isinstance(param, str) and param in DROPPABLE:
        return DROPPABLE[param]
    detail = error_detail(exc)
    if not REJECTING.search(detail):
        return None
    named = [DROPPABLE[word] for word in re.findall(r"[a-z_]+", detail) if word in DROPPABLE]
    return named[0] if named else None


def rejects_tools(exc: BaseException) -> bool:
    """Say whether a refusal is about tool calling (tools, tool_choice), not about the request's content."""
    status = status_of(exc)
    if status is None or not (400 <= status < 500 or status in (500, 501)) or status in (401, 403, 404, 429):
        return False
    param = getattr(exc, "param", None)
    detail = error_detail(exc)
    if CONTEXT_FULL.search(detail):  # a prompt too long for the model counts the tools too, but is not about them
        return False
    return param in ("tools", "tool_choice", "functions") or bool(TOOLS_WORD.search(detail))


def rejects_tool_choice(exc: BaseException) -> bool:
    """Say whether a tools refusal names tool_choice (a server that takes tools but not a forced choice)."""
    return getattr(exc, "param", None) == "tool_choice" or bool(TOOL_CHOICE_WORD.search(error_detail(exc)))


def headers_of(exc: BaseException) -> Any:
    """Return the failed response's headers, or None when no answer came."""
    return getattr(getattr(exc, "response", None), "headers", None)


def server_wait(exc: BaseException) -> float | None:
    """Return the seconds a Retry-After (or retry-after-ms) header asked for, if the server sent one."""
    headers = headers_of(exc)
    if headers is None:
        return None
    for header, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        try:
            return float(headers.get(header)) / divisor
        except (TypeError, ValueError):
            continue
    return None


def after_retries(max_retries: int) -> str:
    """Say how many retries the openai client made before giving up.

    >>> after_retries(1), after_retries(2)
    (', after 1 retry', ', after 2 retries')
    """
    return f", after {max_retries} retr{'y' if max_retries == 1 else 'ies'}" if max_retries else ""


def closest_models(name: str, served: list[str], limit: int = 8) -> str:
    """Name the served models, the closest to `name` first, at most `limit` of them."""
    close = difflib.get_close_matches(name, served, n=limit, cutoff=0.4)
    shown = [*close, *(m for m in sorted(served) if m not in close)][:limit]
    more = len(served) - len(shown)
    return ", ".join(shown) + (f" (and {more} more)" if more > 0 else "")


def missing_model_error(model: str, name: str, endpoint: str, status: int, detail: str,
                        served: list[str] | None) -> AgentError | None:
    """Return the error for a model the server does not serve (or a base URL with no API behind it), else None."""
    if served is not None and name not in served:
        listed = closest_models(name, served) if served else "no models"
        return AgentError(f"the model {name!r} is not served at {endpoint} (HTTP {status}: {detail}); the server lists: {listed}",
                          where="--model", accepted="--model openai:NAME with a NAME the server lists")
    if served is None and status == 404 and not MISSING_MODEL.search(detail):
        return AgentError(f"the call to {model} at {endpoint} failed (HTTP {status}: {detail}); no chat API answers there",
                          where="--model", accepted="an OPENAI_BASE_URL that ends where the server serves its API "
                          "(usually /v1), and a model name the server has")
    return None


def model_call_failed(exc: Exception, model: str, *, endpoint: str, max_retries: int,
                      served: Callable[[], list[str] | None] = lambda: None) -> AgentError | None:
    """Return the AgentError for a failed model call (no answer, refused key, unknown model, rate limit, server
    error), or None when `exc` is not a model-call failure (a bug, which should raise as it is).

    `served` lists the server's models (GET /models); it is called only when the model may be unknown."""
    import openai
    from langchain_core.exceptions import ModelError

    if not isinstance(exc, openai.APIError | ModelError):
        return None
    status = status_of(exc)
    detail = error_detail(exc)
    name = model.partition(":")[2] or model
    if status is None:
        timed_out = isinstance(exc, openai.APITimeoutError)
        what = "no answer in time (MCC_MODEL_TIMEOUT)" if timed_out else "no answer"
        if isinstance(exc, openai.APIConnectionError):  # the client retries a call that got no answer
            what += after_retries(max_retries)
        return AgentError(f"the call to {model} at {endpoint} failed ({what}): {detail}", where="--model",
                          accepted="check OPENAI_BASE_URL (is the server up?), MCC_MODEL_TIMEOUT, or --model offline")
    what = f"HTTP {status}"
    if status in (400, 404):
        missing = missing_model_error(model, name, endpoint, status, detail,
                                      served() if status == 404 or MISSING_MODEL.search(detail) else None)
        if missing is not None:
            return missing
    if status in RETRIED_STATUSES or status >= 500:
        wait = server_wait(exc)
        if wait is not None and (not math.isfinite(wait) or wait > MAX_SERVER_WAIT):
            what += f"; the server asked to wait {wait:g} s, longer than the {MAX_SERVER_WAIT:g} s mcc waits, so it was not retried"
        elif (headers_of(exc) or {}).get("x-should-retry") != "false":  # the server can forbid the retries
            what += after_retries(max_retries)
        return AgentError(f"the call to {model} at {endpoint} failed ({what}): {detail}", where="--model",
                          accepted=f"run again later, allow more retries with MCC_MODEL_MAX_RETRIES (now {max_retries}), "
                          "or --model offline")
    return AgentError(f"the call to {model} at {endpoint} failed ({what}): {detail}", where="--model",
                      accepted="check OPENAI_API_KEY, OPENAI_BASE_URL (is the server up?) and the model name, or --model offline")
