"""Stored JSON read by the plain-SQL reads (claimtrack.registry.claim_list.decode_json):
orjson where it reads what ``json.loads`` (SQLAlchemy's JSON type) reads, json elsewhere."""

from __future__ import annotations

import json

import pytest

from claimtrack.registry.claim_list import decode_json


@pytest.mark.parametrize(
    "text",
    [
        '{"n": 1, "parts": [{"id": "office-1", "values": {"year": 1990}}]}',
        "[0.1, -0.0, 1e-7, 1.7976931348623157e308, 5e-324]",
        "[123456789012345678901234567890, -9223372036854775809, 18446744073709551616]",
        '{"a": 0.12345678901234567890123}',
        "[NaN, Infinity, -Infinity]",
        '["\\ud800", "\\u202e", "caf\\u00e9", "\\u0000"]',
        '{"k": 1, "k": 2}',
        "null",
    ],
)
def test_decode_json_reads_what_json_reads(text: str) -> None:
    expected = json.loads(text)
    got = decode_json(text)
    # repr: NaN is not equal to itself, and an int read as a float would compare equal.
    assert repr(got) == repr(expected)
    assert repr(decode_json(text.encode("utf-8", "surrogatepass"))) == repr(expected)


def test_decoded_values_pass_through() -> None:
    value = {"n": 1}
    assert decode_json(value) is value
    assert decode_json(None) is None
