"""Turning raw bytes into text: binary detection and encoding detection."""

from __future__ import annotations

from claimtrack.errors import InputError

_TEXT_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
_WESTERN = ("cp1252", "iso8859_15", "latin_1")


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or many control characters (images, archives, executables)."""
    sample = data[:8192]
    if b"\x00" in sample:
        # UTF-16 text has NULs too; it carries a BOM, which we honour.
        return not sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return bool(sample) and controls / len(sample) > 0.05


def decode_bytes(data: bytes, *, name: str, declared: str | None = None) -> str:
    """Decode ``data`` as text: the declared charset, UTF-8, or the detected encoding.

    Raises :class:`InputError` for binary data or text whose encoding cannot be found.
    """
    if looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text or HTML")
    for encoding in filter(None, (declared, "utf-8-sig")):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise InputError(f"{name}: cannot detect the text encoding")
    # On short texts several single-byte code pages decode equally cleanly; language
    # coherence then picks exotic ones (cp775 for French). Windows-1252 is by far the most
    # common legacy encoding of news text (WHATWG maps latin-1 to it), so it wins ties.
    least = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= least]
    for preferred in _WESTERN:
        for match in tied:
            if match.encoding == preferred:
                return str(match)
    return str(matches[0])
