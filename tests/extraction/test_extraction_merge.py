"""extract_claims: the default extractor, the Extractor protocol and merging per sentence."""

from __future__ import annotations

from claimtrack.extraction import extract_claims, merge_claims
from claimtrack.extraction.base import ArticleContext, ExtractedClaim, Extractor
from claimtrack.extraction.default import DefaultExtractor

TEXT = "SYDNEY (Reuters) - Ministers met on Tuesday for the first time since 2019. I love this city.\nTags: a, b"


class Shouter:
    """A toy third-party extractor flagging sentences with 'met' as events."""

    name = "shouter"
    version = "0.1"

    def extract(self, text: str, context: ArticleContext) -> list[ExtractedClaim]:
        start = text.index("Ministers")
        end = text.index("2019.") + len("2019.")
        return [
            ExtractedClaim(
                text[start:end],
                start,
                end,
                kind="event",
                score=0.99,
                checkworthy=True,
                reasons=["shouted"],
                values={"kinds": {"event": {"action": "met"}}, "extra": [1]},
            ),
            ExtractedClaim(
                text[0:end],
                0,
                end,
                kind="mystery",
                score=0.2,
                reasons=["whole line"],
                values={"extra": [2]},
            ),
        ]


def test_default_extractor_follows_the_protocol() -> None:
    extractor = DefaultExtractor()
    assert isinstance(extractor, Extractor)
    assert extractor.name == "claimtrack-default" and extractor.version


def test_default_returns_every_sentence() -> None:
    claims = extract_claims(TEXT, ArticleContext())
    assert [c.text for c in claims] == [
        "Ministers met on Tuesday for the first time since 2019.",
        "I love this city.",
        "Tags: a, b",
    ]
    assert [c.checkworthy for c in claims] == [True, False, False]


def test_merge_unions_and_keeps_most_specific_kind() -> None:
    default_only = extract_claims(TEXT, ArticleContext())[0]
    merged = extract_claims(TEXT, ArticleContext(), [DefaultExtractor(), Shouter()])
    assert len(merged) == 3
    first = merged[0]
    assert (first.start, first.end) == (default_only.start, default_only.end)
    assert first.score == 0.99
    assert "shouted" in first.reasons and "whole line" in first.reasons
    assert first.reasons[: len(default_only.reasons)] == default_only.reasons
    assert first.kind == "temporal"  # more specific than "event" and unknown "mystery"
    assert first.values["extra"] == [1, 2]
    assert first.values["kinds"]["event"]["action"] == "met"
    assert "temporal" in first.values["kinds"]


def test_merge_of_nothing() -> None:
    assert merge_claims([]) == []
    assert extract_claims("", ArticleContext()) == []


def test_list_items_are_sentences_and_markdown_headings_are_not() -> None:
    text = "## Key facts.\n\n- Unemployment fell to 4.2 percent in 2023\n- The G7 has seven members\nMore coverage"
    claims = extract_claims(text, ArticleContext())
    assert [(c.text, c.checkworthy) for c in claims] == [
        ("## Key facts.", False),
        ("Unemployment fell to 4.2 percent in 2023", True),
        ("The G7 has seven members", True),
        ("More coverage", False),
    ]
    assert claims[0].reasons == ["not a claim: heading"]
    assert all(text[c.start : c.end] == c.text for c in claims)


def test_numbered_and_quoted_list_items() -> None:
    text = "1. The G7 has seven members.\n> Unemployment fell to 4.2 percent in 2023"
    claims = extract_claims(text, ArticleContext())
    assert [c.text for c in claims] == [
        "The G7 has seven members.",
        "Unemployment fell to 4.2 percent in 2023",
    ]
