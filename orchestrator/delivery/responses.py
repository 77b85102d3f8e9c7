"""Read a vendor's 2xx answer item by item: which messages of a request it rejected, and whether to try again.

A vendor's batch API answers 2xx when it took the request, and names inside the body the items it did not
take. The shapes read here are the ones the vendors document (each reader cites where it was checked):
an item named as failed is parked with the vendor's reason, or retried when the reason says it is passing
(a rate limit, an internal error); the items not named were delivered. A 2xx body that is not the
documented JSON parks the whole request with a reason naming what was expected, except where the vendor
documents an empty body as success. A failure the vendor reports without naming its item is retried when
the vendor deduplicates the items by the id we send (Customer.io, Iterable), and parked when it does not
(Braze), so a resend never counts twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from orchestrator.delivery.http import HttpResponse, SendFailed
from orchestrator.delivery.models import HttpRequest

Failures = dict[int, SendFailed]  # position of a message in its request -> why it was not delivered
Reader = Callable[[HttpRequest, HttpResponse, int], Failures]  # (request, answer, messages in it)

# Words a vendor uses for an item that may go through on another try; anything else (invalid id, bad
# field, unknown user) would fail the same way again.
PASSING = re.compile(r"rate.?limit|too many|throttl|internal|timed? ?out|temporar|unavailable|try again", re.I)


def item_failure(reason: str, said: str) -> SendFailed:
    """Return the failure of one item, retryable when what the vendor said of it (`said`) names a passing cause."""
    return SendFailed(reason, retryable=bool(PASSING.search(said)))


def each(count: int, reason: str, *, retryable: bool, skip: Failures | None = None) -> Failures:
    """Return the same failure for every item of a request that `skip` does not already name."""
    return {i: SendFailed(reason, retryable=retryable) for i in range(count) if i not in (skip or {})}


def json_object(body: bytes) -> dict[str, Any] | None:
    """Return the body as a JSON object, or None when it is not one."""
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return value if isinstance(value, dict) else None


def undocumented(vendor: str, response: HttpResponse, expected: str, count: int) -> Failures:
    """Park every item of a request whose 2xx body is not what the vendor documents."""
    shown = response.body[:200].decode("utf-8", "replace")
    reason = f"{vendor} answered HTTP {response.status} with {shown!r}, not its documented JSON {expected}"
    return each(count, reason, retryable=False)


def read_nothing(request: HttpRequest, response: HttpResponse, count: int) -> Failures:
    """A webhook: any 2xx delivers every message (its body has no documented shape)."""
    return {}


BRAZE_SUCCESS = '{"message": "success", "errors": [{"type": ..., "input_array": ..., "index": ...}]}'


def read_braze(request: HttpRequest, response: HttpResponse, count: int) -> Failures:
    """Braze: `"message": "success"` with non-fatal `errors`; on /users/track each names its object's index.

    braze.com/docs/api/errors: "If your message is successful but has non-fatal errors ... {"message":
    "success", "errors": [<minor error message>]} ... any messages that were not affected by an error in the
    errors array are still delivered"; a fatal error has another message. /users/track errors are objects
    such as {"type": "'price' is not valid", "input_array": "purchases", "index": 0}; triggers answer
    {"dispatch_id": ..., "message": "success"} and their errors name no recipient.
    """
    body = json_object(response.body)
    if body is None or not isinstance(body.get("errors", []), list):
        return undocumented("Braze", response, BRAZE_SUCCESS, count)
    if body.get("message") != "success":
        message = body.get("message")
        if not isinstance(message, str):
            return undocumented("Braze", response, BRAZE_SUCCESS, count)
        reason = f"Braze answered HTTP {response.status}: {message}"
        return each(count, reason, retryable=bool(PASSING.search(message)))
    failures: Failures = {}
    unnamed: list[object] = []
    for error in body.get("errors", []):
        index = _braze_event_index(request, error, count)
        if index is None:
            unnamed.append(error)
            continue
        said = str(error.get("type"))
        failures[index] = item_failure(f"Braze rejected event {index}: {said}", said)
    if unnamed:  # Braze does not deduplicate events or triggers: a resend could count twice
        reason = f"Braze reported errors without naming the item: {json.dumps(unnamed)[:300]}"
        failures |= each(count, reason, retryable=False, skip=failures)
    return failures


def _braze_event_index(request: HttpRequest, error: object, count: int) -> int | None:
    """Return the position of the event a /users/track error names (we send events only), or None."""
    if not (request.url.endswith("/users/track") and isinstance(error, dict)):
        return None
    index = error.get("index")
    in_events = error.get("input_array", "events") == "events"
    return index if in_events and isinstance(index, int) and 0 <= index < count else None


def read_customerio(request: HttpRequest, response: HttpResponse, count: int) -> Failures:
    """Customer.io v2 batch: 200 (body empty or `{}`) on success, 207 naming each failed `batch_index`.

    Checked against Customer.io's own change to Segment's destination (segmentio/action-destinations#3657,
    #3816, customerio/utils.ts `parseResponse`): "The Track API only returns entries for *failed* items in
    the `errors` array. Items absent from that array are implicitly successful", each entry being
    {"batch_index": i, "reason": ..., "field": ..., "message": ...}; a 200 can carry such errors too, and
    that parser takes a 200 without a body as the whole batch delivered.
    """
    expected = '{"errors": [{"batch_index": ..., "reason": ..., "field": ..., "message": ...}]}'
    if not response.body.strip():
        if response.status == 200:  # success with an empty body
            return {}
        return undocumented("Customer.io", response, expected, count)
    body = json_object(response.body)
    errors = body.get("errors", []) if body is not None else None
    if not isinstance(errors, list):
        return undocumented("Customer.io", response, expected, count)
    failures: Failures = {}
    unnamed = response.status == 207 and not errors  # Multi-Status that names nothing
    for error in errors:
        index = error.get("batch_index") if isinstance(error, dict) else None
        if isinstance(error, dict) and isinstance(index, int) and 0 <= index < count:
            detail = ", ".join(f"{key} {error[key]}" for key in ("reason", "field", "message") if error.get(key))
            failures[index] = item_failure(f"Customer.io rejected batch item {index}: {detail}", detail)
        else:
            unnamed = True
    if unnamed:  # events carry a ULID id Customer.io deduplicates on: resending the others is safe
        named_none = json.dumps(errors)[:300]
        reason = f"Customer.io answered HTTP {response.status} with errors that name no batch_index: {named_none}"
        failures |= each(count, reason, retryable=True, skip=failures)
    return failures


ITERABLE_BULK = '{"successCount": n, "failCount": n, "failedUpdates": {...}, "disallowedEventNames": [...]}'
ITERABLE_TRIGGER = '{"msg": ..., "code": "Success", "params": ...}'


def read_iterable(request: HttpRequest, response: HttpResponse, count: int) -> Failures:
    """Iterable: a workflow trigger answers `"code": "Success"`; trackBulk counts and names its failures.

    Iterable's API Response Codes article (support.iterable.com, 39629320560148): every answer is {"msg",
    "code", "params"} with code "Success" on 2xx. trackBulk answers {"successCount", "failCount", "disallowedEventNames", "filteredOutFields",
    "createdFields", "failedUpdates": {"invalidEmails", "invalidUserIds", "notFoundEmails",
    "notFoundUserIds", "forgottenEmails", "forgottenUserIds", ...}} (block/iterable-go types/events.go
    `BulkEventsResponse`; rudderlabs/rudder-transformer's Iterable response handler reads the same lists).
    """
    body = json_object(response.body)
    if request.url.endswith("/api/workflows/triggerWorkflow"):
        if body is None or not isinstance(body.get("code"), str):
            return undocumented("Iterable", response, ITERABLE_TRIGGER, count)
        if body["code"] == "Success":
            return {}
        code = body["code"]
        return each(count, f"Iterable answered {code}: {body.get('msg')}", retryable=bool(PASSING.search(code)))
    if body is None or not all(isinstance(body.get(k), int) for k in ("successCount", "failCount")):
        return undocumented("Iterable", response, ITERABLE_BULK, count)
    events: list[dict[str, Any]] = request.body["events"]
    failures: Failures = {}
    for where, names in _iterable_named(body):
        field = _iterable_field(where)
        if field is None:  # a list we cannot match to events: its events stay unnamed, so failCount covers them
            continue
        for i, event in enumerate(events):
            if i not in failures and event.get(field) in names:
                failures[i] = item_failure(f"Iterable listed {field} {event[field]!r} in {where}", where)
    if body["failCount"] > len(failures):  # events carry an id Iterable deduplicates on: resending is safe
        reason = f"Iterable counted {body['failCount']} failed events but named {len(failures)}"
        failures |= each(count, reason, retryable=True, skip=failures)
    return failures


def _iterable_named(body: dict[str, Any]) -> list[tuple[str, set[object]]]:
    """Return each list of failed users or event names in a trackBulk answer, with where it was found."""
    found = [("disallowedEventNames", body.get("disallowedEventNames"))]
    found += [(key, body.get(key)) for key in ("invalidEmails", "invalidUserIds")]  # older top-level lists
    updates = body.get("failedUpdates")
    if isinstance(updates, dict):
        found += [(f"failedUpdates.{key}", value) for key, value in updates.items()]
    return [(where, {v for v in value if isinstance(v, str)}) for where, value in found if isinstance(value, list)]


def _iterable_field(where: str) -> str | None:
    """Return the event field a trackBulk list names: the event name, or the user by email or by userId."""
    if where == "disallowedEventNames":
        return "eventName"
    return "email" if where.endswith("Emails") else "userId" if where.endswith("UserIds") else None
