"""Read a file to load as a stream of whole-line blocks, gunzipping it when it is gzip-compressed."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from warehouse.errors import InputError

_KINDS = "JSON lines, a JSON array or /v1/batch bodies, optionally gzip-compressed"
ACCEPTED = f"a file of {_KINDS}"

# A block is read, decoded and split at once: large enough that per-block work is noise next to the
# messages in it, small next to the loader's chunk of messages, which is what bounds a load's memory.
BLOCK_BYTES = 1 << 20

_GZIP_MAGIC = b"\x1f\x8b"
_WHITESPACE = b" \t\n\r\x0b\x0c"  # what bytes.strip() strips: a file of only these is empty
# A corrupt or truncated gzip stream surfaces as any of these, part-way through the load.
_READ_ERRORS = (OSError, EOFError, zlib.error)


@contextmanager
def open_input(file: Path) -> Iterator[io.BufferedIOBase]:
    """Open the file for reading bytes, through gzip when it starts with gzip's magic number."""
    try:
        with file.open("rb") as raw:
            magic = raw.read(2)
            raw.seek(0)
            if magic != _GZIP_MAGIC:
                yield raw
                return
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield unzipped
    except IsADirectoryError as exc:
        raise InputError(f"{file} is a directory", accepted=ACCEPTED) from exc
    except _READ_ERRORS as exc:
        raise InputError(f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}",
                         accepted=f"a readable, complete file of {_KINDS}") from exc


def blocks(file: Path) -> Iterator[bytes]:
    """Yield the file's bytes in blocks of whole lines (the last may lack its newline), about BLOCK_BYTES each.

    A line longer than a block makes its block longer: a line is never cut. A block may also end at a bare
    carriage return (old Mac line ends), so a file without any newline is still read a block at a time.
    """
    step = BLOCK_BYTES
    with open_input(file) as stream:
        pieces: list[bytes] = []  # a line that spans reads, joined once its end is found
        while data := stream.read(step):
            cut = data.rfind(b"\n") + 1 or data.rfind(b"\r", 0, len(data) - 1) + 1
            if not cut:
                pieces.append(data)
                continue
            pieces.append(data[:cut])
            yield b"".join(pieces)
            pieces = [data[cut:]]
        if last := b"".join(pieces):
            yield last


def first_content_byte(file: Path) -> bytes:
    """Return the first byte that is not whitespace, or b"" when the file is empty or blank."""
    for block in blocks(file):
        stripped = block.lstrip(_WHITESPACE)
        if stripped:
            return stripped[:1]
    return b""
