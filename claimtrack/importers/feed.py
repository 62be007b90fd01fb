"""Streaming fact-check feeds for ``claimtrack import claimreview``.

A feed is read as it arrives, one item at a time, so its size is not limited by memory:

- a JSON array of ClaimReview objects (``[{…}, {…}]``);
- JSON lines (one JSON value a line; ``.jsonl``/``.ndjson`` files, or any input whose
  first line is a whole JSON value followed by more lines);
- a wrapper object whose items are under ``@graph``, ``dataFeedElement`` (a schema.org
  DataFeed, as fact-check aggregators publish it: each element's ``item`` is one
  ClaimReview or a list of them) or ``claims`` (a Fact Check Tools ``claims:search``
  response);
- anything else (one ClaimReview object, an HTML page with JSON-LD blocks, UTF-16 text) is
  read whole and parsed by :func:`~claimtrack.importers.claimreview.parse_fact_checks`.

JSON is parsed by ijson (yajl's C parser). Bad items are skipped and reported with their
line (:class:`BadItem`): an invalid JSON line, a ClaimReview without the claim it reviews.
A syntax error inside a JSON array or object leaves the rest of the document unreadable:
:class:`FeedError` is raised there, naming the line.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

import ijson

from claimtrack.errors import ClaimtrackError
from claimtrack.importers.claimreview import (
    BadItem,
    FactCheck,
    parse_fact_checks,
    walk_fact_checks,
)
from claimtrack.ingest.decode import decode_bytes, looks_binary

#: Bytes read ahead to recognise the format (HTML, JSON lines, which wrapper).
PEEK_BYTES = 1 << 20
#: Top-level keys whose array is streamed item by item.
_STREAMED = ("@graph", "dataFeedElement", "claims")
_JSON_LINES_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


class FeedError(ClaimtrackError):
    """The feed cannot be read on from here (a syntax error, not one bad item)."""


class _LineReader:
    """A binary stream handed to ijson at most one line per ``read``, so that the line
    being parsed (for error messages) is always known; ``pending`` is read first."""

    def __init__(self, raw: BinaryIO, pending: bytes) -> None:
        self._raw = raw
        self._pending = pending
        self._newlines = 0
        #: The line of the bytes returned last (1-based).
        self.line = 1

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""  # ijson probes with read(0) whether the stream gives bytes
        limit = size if size > 0 else -1
        if self._pending:
            end = self._pending.find(b"\n")
            cut = len(self._pending) if end < 0 else end + 1
            if limit > 0:
                cut = min(cut, limit)
            chunk, self._pending = self._pending[:cut], self._pending[cut:]
            if not chunk.endswith(b"\n") and not self._pending:
                chunk += self._raw.readline(limit - len(chunk) if limit > 0 else -1)
        else:
            chunk = self._raw.readline(limit)
        if chunk:
            self.line = self._newlines + 1
            self._newlines += chunk.endswith(b"\n")
        return chunk

    readline = read


class Feed:
    """The fact-checks of one feed, streamed; :attr:`bad` collects the items skipped.

    Iterate it once. ``name`` is the file name (its suffix may say "JSON lines") and
    ``source`` names the feed in messages.
    """

    def __init__(self, raw: BinaryIO, *, source: str, name: str = "") -> None:
        self._raw = raw
        self.source = source
        self.name = name
        #: Items skipped, in feed order (the first :data:`KEEP_BAD` of them).
        self.bad: list[BadItem] = []
        #: How many items were skipped in all.
        self.bad_count = 0
        #: What was seen: Fact Check Tools responses, ClaimReviews, ClaimReviews without claim.
        self.counts = {"fct": 0, "claimreview": 0, "invalid": 0}
        self.format = "json"

    KEEP_BAD = 20

    def _skip(self, line: int, message: str) -> None:
        self.bad_count += 1
        if len(self.bad) < self.KEEP_BAD:
            self.bad.append(BadItem(line, message))

    def _items(self, value: Any, line: int) -> Iterator[FactCheck]:
        invalid = self.counts["invalid"]
        found: list[FactCheck] = []
        walk_fact_checks(value, found, self.counts)
        if self.counts["invalid"] > invalid:
            self._skip(line, "ClaimReview without claimReviewed (the claim it reviews)")
        yield from found

    def __iter__(self) -> Iterator[FactCheck]:
        peek = self._raw.read(PEEK_BYTES)
        peek = peek.removeprefix(codecs.BOM_UTF8)
        if not peek.strip():
            raise ClaimtrackError(f"{self.source}: empty input: nothing to import")
        if looks_binary(peek[:8192]) and not peek.startswith(_BOMS):
            line = peek[: max(peek.find(b"\x00"), 0)].count(b"\n") + 1
            raise ClaimtrackError(
                f"{self.source}: line {line}: binary data, not JSON, JSON lines or HTML"
            )
        first = peek.lstrip()[:1]
        if first == b"<" or peek.startswith(_BOMS):
            yield from self._whole(peek)
            return
        try:
            codecs.getincrementaldecoder("utf-8")().decode(peek, final=False)
        except UnicodeDecodeError as exc:
            line = peek[: exc.start].count(b"\n") + 1
            raise ClaimtrackError(
                f"{self.source}: line {line}: not UTF-8 text (JSON feeds are UTF-8)"
            ) from None
        if self._json_lines(peek):
            self.format = "jsonl"
            yield from self._lines(peek)
        else:
            yield from self._document(peek)

    def _whole(self, peek: bytes) -> Iterator[FactCheck]:
        """An HTML page or UTF-16 text: read whole (pages are small) and parse."""
        self.format = "html"
        text = decode_bytes(peek + self._raw.read(), name=self.source)
        yield from parse_fact_checks(text, source=self.source)  # raises if it finds none

    def _json_lines(self, peek: bytes) -> bool:
        if self.name.lower().endswith(_JSON_LINES_SUFFIXES):
            return True
        body = peek.lstrip()
        end = body.find(b"\n")
        if end < 0 or not body[end:].strip():
            return False  # one line (or not even one whole line) is one document
        try:
            json.loads(body[:end])
        except ValueError:
            return False
        return True

    def _lines(self, peek: bytes) -> Iterator[FactCheck]:
        reader = _LineReader(self._raw, peek)
        number = 0
        while line := reader.readline(-1):
            number += 1
            if not line.strip():
                continue
            try:
                value = json.loads(line.rstrip(b"\r\n"))
            except json.JSONDecodeError as exc:
                self._skip(number, f"invalid JSON: {exc.msg} (column {exc.colno})")
                continue
            except UnicodeDecodeError:
                self._skip(number, "invalid JSON: not UTF-8 text")
                continue
            yield from self._items(value, number)

    def _document(self, peek: bytes) -> Iterator[FactCheck]:
        prefix = _stream_prefix(peek)
        reader = _LineReader(self._raw, peek)
        try:
            for value in ijson.items(reader, prefix, multiple_values=True, use_float=True):
                item = {"claims": [value]} if prefix == "claims.item" else value
                yield from self._items(item, reader.line)
        except ijson.JSONError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "malformed JSON"
            raise FeedError(
                f"{self.source}: line {reader.line}: malformed JSON: {reason}"
            ) from None


def _stream_prefix(peek: bytes) -> str:
    """The ijson prefix of the items to stream: each array element, each element of a
    wrapper's ``@graph``/``dataFeedElement``/``claims`` array, or the whole value."""
    try:
        for prefix, event, _value in ijson.parse(io.BytesIO(peek), multiple_values=True):
            if event == "start_array" and prefix == "":
                return "item"
            if event == "start_array" and prefix in _STREAMED:
                return f"{prefix}.item"
            if prefix == "" and event == "end_map":
                break
    except ijson.JSONError:
        pass  # the peek ends mid-document (or the document is broken: the real parse says where)
    return ""
