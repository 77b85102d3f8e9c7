"""Turn a file's blocks of whole lines into envelopes, one JSON line at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from warehouse.collect.envelopes import Envelope, has_long_numbers, malformed, parse_line


def _lines(block: bytes) -> list[bytes] | list[str]:
    """Split a block at its line ends (\\n, \\r\\n or \\r): as text when it is UTF-8, else as bytes."""
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        data = block.replace(b"\r\n", b"\n").replace(b"\r", b"\n") if b"\r" in block else block
        byte_lines = data.split(b"\n")
        if data.endswith(b"\n"):
            byte_lines.pop()
        return byte_lines
    # Not str.splitlines(): it also breaks at U+2028, U+0085 and the like, which a JSON string may hold.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines


def line_envelopes(blocks: Iterable[bytes]) -> Iterator[Envelope]:
    """Yield the envelopes of every non-blank line; a line that is not UTF-8 is refused alone."""
    line_no = 0
    for block in blocks:
        short_numbers = not has_long_numbers(block)  # one scan of the block spares one per line
        for unit in _lines(block):
            line_no += 1
            if isinstance(unit, bytes):
                try:
                    line = unit.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield malformed(line_no, unit.decode("utf-8", errors="replace"),
                                    f"line {line_no} is not UTF-8 (byte {exc.start})")
                    continue
            else:
                line = unit
            if line and not line.isspace():  # as `line.strip()`, without copying the line
                yield from parse_line(line_no, line, short_numbers=short_numbers)
