"""Stream a file that is one JSON document over many lines: a JSON array or a `/v1/batch` body.

Such a file is one unit, as if parsed whole, but its messages are read one at a time: a first pass checks
the whole document is valid JSON (else the file is read as JSON lines, as before) and finds the body's
`sentAt`, a second yields its messages. A document that is neither (one pretty-printed message, a batch
that is not a list) is small by nature and is read whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from warehouse.collect.envelopes import Envelope, message_envelope, parse_line
from warehouse.collect.file_input import blocks
from warehouse.collect.server_rules import to_json
from warehouse.errors import InputError

_DECODER = json.JSONDecoder()  # what json.loads uses: the same values, NaN and all
_JSON_WHITESPACE = " \t\n\r"


class _NotOneDocument(Exception):
    """The file is not one valid JSON document."""


class _Text:
    """The file's text from the current position on, read a block of whole lines at a time."""

    def __init__(self, file: Path):
        self._blocks = blocks(file)
        self.buffer, self.pos, self.offset = "", 0, 0  # offset: where the buffer starts in the text
        self.newline: int | None = None  # where the first newline after the watched start is
        self._watching = False

    def _more(self) -> bool:
        block = next(self._blocks, None)
        if block is None:
            return False
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError as exc:  # a file not all UTF-8 was always read as lines
            raise _NotOneDocument from exc
        self.offset += self.pos
        self.buffer, self.pos = self.buffer[self.pos:] + text, 0
        if self._watching:
            self._find_newline(len(self.buffer) - len(text))
        return True

    def _find_newline(self, start: int) -> None:
        found = self.buffer.find("\n", start)
        if found >= 0:
            self.newline, self._watching = self.offset + found, False

    def watch_newline(self) -> None:
        """Start looking for the first newline from the current position on."""
        self._watching = True
        self._find_newline(self.pos)

    def peek(self) -> str:
        """Return the next character that is not JSON whitespace without taking it; "" at the end."""
        while True:
            buffer, pos = self.buffer, self.pos
            while pos < len(buffer) and buffer[pos] in _JSON_WHITESPACE:
                pos += 1
            self.pos = pos
            if pos < len(buffer):
                return buffer[pos]
            if not self._more():
                return ""

    def take(self, expected: str) -> str:
        """Take the next character, which must be one of `expected`."""
        char = self.peek()
        if not char or char not in expected:
            raise _NotOneDocument
        self.pos += 1
        return char

    def value(self) -> Any:
        """Parse the next JSON value.

        Blocks end at line ends and no JSON token spans a line, so a value that parses is whole, and one
        that fails exactly at the end of the buffer may only need the next block.
        """
        self.peek()
        while True:
            try:
                parsed, self.pos = _DECODER.raw_decode(self.buffer, self.pos)
                return parsed
            except json.JSONDecodeError as exc:
                if exc.pos != len(self.buffer) or not self._more():
                    raise _NotOneDocument from exc

    def where(self) -> int:
        """Return the position in the whole text."""
        return self.offset + self.pos


@dataclass(slots=True)
class _Outline:
    """What the first pass learnt: the document's form, the batch's sentAt, and whether it spans lines."""

    form: Literal["array", "batch", "whole"]
    sent_at: Any = None
    multi_line: bool = False


def _array_items(text: _Text) -> Iterator[Any]:
    text.take("[")
    if text.peek() == "]":
        text.take("]")
        return
    while True:
        yield text.value()
        if text.take(",]") == "]":
            return


def _body_items(text: _Text, outline: _Outline) -> Iterator[Any]:
    """Yield the messages of an object's one `batch` list, noting the form and the last `sentAt` in `outline`."""
    text.take("{")
    outline.form = "whole"
    if text.peek() == "}":
        text.take("}")
        return
    seen_batch = False
    while True:
        if text.peek() != '"':
            raise _NotOneDocument
        key = text.value()
        text.take(":")
        if key == "batch" and not seen_batch and text.peek() == "[":
            outline.form = "batch"
            yield from _array_items(text)
        else:
            value = text.value()
            if key == "sentAt":
                outline.sent_at = value  # as in a dict, the last one counts
            elif key == "batch":
                outline.form = "whole"  # not a list, or given twice: read whole, as before
        seen_batch = seen_batch or key == "batch"
        if text.take(",}") == "}":
            return


def _walk(file: Path, outline: _Outline) -> Iterator[Any]:
    """Yield the messages of the document's array or batch, filling `outline` as it goes.

    Raises _NotOneDocument when the file is not one valid JSON document.
    """
    text = _Text(file)
    start = text.peek()
    text.watch_newline()
    if start == "[":
        outline.form = "array"
        yield from _array_items(text)
    else:
        yield from _body_items(text, outline)
    end = text.where()
    if text.peek():
        raise _NotOneDocument  # more after the document: JSON lines
    outline.multi_line = text.newline is not None and text.newline < end  # as `"\n" in text.strip()`


def _whole_text(file: Path) -> str:
    return b"".join(blocks(file)).decode("utf-8").strip()


def _stream(file: Path, outline: _Outline) -> Iterator[Envelope]:
    sent_at = outline.sent_at if outline.form == "batch" else None
    try:
        for item in _walk(file, _Outline(form=outline.form)):
            yield message_envelope(1, to_json(item), item, sent_at)
    except _NotOneDocument as exc:
        raise InputError(f"{file} changed while it was loaded: it is no longer one JSON document",
                         accepted="a file left as it is until its load ends") from exc


def document_envelopes(file: Path) -> Iterator[Envelope] | None:
    """Return the envelopes of a file that is one JSON document over many lines, else None (JSON lines)."""
    outline = _Outline(form="whole")
    try:
        for _ in _walk(file, outline):
            pass  # the first pass only checks the document and fills the outline
    except _NotOneDocument:
        return None
    if not outline.multi_line:
        return None  # one line: read as a JSON line, as before
    if outline.form == "whole":
        return iter(parse_line(1, _whole_text(file)))
    return _stream(file, outline)
