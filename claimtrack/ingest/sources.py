"""Turning a SOURCE argument (path, URL or ``-``) into a :class:`Document`."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from claimtrack.config import Settings
from claimtrack.errors import InputError
from claimtrack.ingest.decode import decode_bytes
from claimtrack.ingest.document import Document
from claimtrack.ingest.fetch import ACCEPTED_TYPES
from claimtrack.ingest.html import html_to_document, looks_like_html
from claimtrack.ingest.text import text_to_document

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def _read_limited(stream: BinaryIO, *, name: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            f"{name}: input is over the {max_bytes:,}-byte limit (set CLAIMTRACK_MAX_BYTES to raise it)"
        )
    return data


def _to_document(
    data: bytes, *, source: str, is_html: bool, charset: str | None = None, url: str | None = None
) -> Document:
    if not data.strip():
        raise InputError(f"{source}: input is empty")
    text = decode_bytes(data, name=source, declared=charset)
    if not text.strip():
        raise InputError(f"{source}: input is empty")
    if is_html:
        return html_to_document(text, source=source, url=url)
    return text_to_document(text, source=source, url=url)


@dataclass(frozen=True)
class RawSource:
    """The bytes of a source, before decoding, with what is known of their type."""

    name: str
    data: bytes
    content_type: str | None = None
    charset: str | None = None
    url: str | None = None


def read_raw(
    source: str,
    settings: Settings,
    *,
    stdin: BinaryIO | None = None,
    accept: tuple[str, ...] = ACCEPTED_TYPES,
) -> RawSource:
    """Read one SOURCE's bytes: a file, an http(s) URL (with content types ``accept``), or ``-``.

    The size cap, timeouts and error messages are the same for every caller.
    """
    if not source.strip():
        raise InputError("empty SOURCE: give a file, an http(s) URL or - for standard input")
    if source == "-":
        stream = stdin or sys.stdin.buffer
        return RawSource(
            "<stdin>", _read_limited(stream, name="<stdin>", max_bytes=settings.max_bytes)
        )
    if "://" in source:
        from claimtrack.ingest.fetch import fetch

        page = fetch(
            source,
            max_bytes=settings.max_bytes,
            timeout=settings.http_timeout,
            deadline=settings.fetch_deadline,
            user_agent=settings.user_agent,
            accept=accept,
        )
        return RawSource(page.url, page.content, page.content_type or None, page.charset, page.url)
    path = Path(source)
    try:
        if path.is_dir():
            raise InputError(f"{source}: is a directory, not a file")
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise InputError(
                f"{source}: file is {size:,} bytes, over the {settings.max_bytes:,}-byte limit "
                "(set CLAIMTRACK_MAX_BYTES to raise it)"
            )
        with path.open("rb") as handle:
            data = _read_limited(handle, name=source, max_bytes=settings.max_bytes)
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except PermissionError:
        raise InputError(f"{source}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot read: {exc.strerror or exc}") from None
    content_type = "text/html" if path.suffix.lower() in HTML_SUFFIXES else None
    return RawSource(str(path.resolve()), data, content_type)


def read_source(source: str, settings: Settings, *, stdin: BinaryIO | None = None) -> Document:
    """Read one SOURCE as an article: a text/Markdown/HTML file, an http(s) URL, or ``-`` for stdin."""
    raw = read_raw(source, settings, stdin=stdin)
    is_html = raw.content_type in ("text/html", "application/xhtml+xml") or (
        raw.content_type in (None, "") and looks_like_html(raw.data)
    )
    return _to_document(
        raw.data, source=raw.name, is_html=is_html, charset=raw.charset, url=raw.url
    )
