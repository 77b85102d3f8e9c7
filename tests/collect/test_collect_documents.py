"""A file that is one JSON document over many lines streams to the envelopes parsing it whole gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from warehouse.collect import file_input
from warehouse.collect.envelopes import Envelope, parse_line
from warehouse.collect.file_document import document_envelopes

MESSAGE = {"type": "track", "event": "app_opened", "messageId": "m1", "userId": "u1",
           "properties": {"big": 2**70, "ratio": 0.1, "text": "caf\u00e9 \u2028 \"quoted\"", "list": [1, [2, {}]]}}
OTHER = {"type": "page", "messageId": "m2", "anonymousId": "a1", "name": "Home", "sentAt": "2024-05-01T10:00:00Z"}

DOCUMENTS = {
    "array": json.dumps([MESSAGE, OTHER, "text", 5, None, [MESSAGE]], indent=2),
    "compact array over lines": "[" + ",\n".join(json.dumps(m) for m in (MESSAGE, OTHER)) + "\n]",
    "empty array": "[\n]",
    "batch": json.dumps({"sentAt": "2024-05-01T09:00:00Z", "batch": [MESSAGE, OTHER, 7]}, indent=1),
    "batch then sentAt twice": '{"batch": [\n' + json.dumps(MESSAGE) + '\n], "sentAt": 1,\n"sentAt": "2024-05-02"}',
    "batch without sentAt": json.dumps({"batch": [OTHER], "writeKey": "k"}, indent=3),
    "batch given twice": '{"batch": [\n' + json.dumps(MESSAGE) + '\n],\n"batch": [' + json.dumps(OTHER) + "]}",
    "batch not a list": json.dumps({"batch": {"type": "track"}, "sentAt": "x"}, indent=2),
    "one message": json.dumps(MESSAGE, indent=2),
    "empty object": "{\n}",
    "NaN inside": '[\n{"type": "track", "event": "x", "messageId": "n", "context": {"s": NaN}}\n]',
}


def whole(text: str) -> list[Envelope]:
    """Return the envelopes of the document parsed whole, as the loader did before it streamed."""
    return parse_line(1, text.strip())


def same(envelope: Envelope) -> tuple[Any, ...]:
    payload = None if envelope.violation else json.dumps(envelope.payload(), sort_keys=True)
    return envelope.line_no, envelope.raw, envelope.id, envelope.violation, payload


@pytest.mark.parametrize("block", [file_input.BLOCK_BYTES, 16])
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_a_document_streams_to_what_parsing_it_whole_gives(tmp_path: Path, name: str, block: int,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_input, "BLOCK_BYTES", block)
    text = "\n \n" + DOCUMENTS[name] + "\n\n"
    path = tmp_path / "doc.json"
    path.write_text(text, encoding="utf-8")
    streamed = document_envelopes(path)
    assert streamed is not None
    assert [same(e) for e in streamed] == [same(e) for e in whole(text)]


@pytest.mark.parametrize("text", [
    '{"type": "track"}\n{"type": "page"}\n',  # JSON lines
    '[1, 2]\n[3]\n',
    '{"type": "track", "event":\n{"type": "page"}\n',  # a broken first line
    '[\n{"a": 1},\n{"a": 2}\n',  # an array never closed
    '[\n{"a": 1}\n{"a": 2}\n]',  # a comma missing
    '[\n{"a": 1},\n]',  # a comma too many
    '{"batch": [\n{"a": 1}\n]}\n{"batch": []}',  # two bodies
    '[{"a": 1}, {"a": 2}]\n',  # one line: a JSON line, not a document over many lines
    '[\n{"a": "caf\xe9"}\n]',  # written as Latin-1 below: not UTF-8
])
def test_what_is_not_one_document_over_many_lines_is_left_to_the_line_reader(tmp_path: Path, text: str) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_bytes(text.encode("latin-1"))
    assert document_envelopes(path) is None
