"""Sentence segmentation: abbreviations, decimals, initials, quotes, headings, exact spans."""

from __future__ import annotations

import json
from pathlib import Path

from claimtrack.extraction.sentences import segments, split_sentences, split_spans

DATA = Path(__file__).parent / "data"


def test_tricky_article_matches_gold() -> None:
    text = (DATA / "tricky-segmentation.txt").read_text(encoding="utf-8")
    gold = json.loads((DATA / "tricky-segmentation.gold.json").read_text(encoding="utf-8"))
    assert split_sentences(text) == gold


def test_spans_are_exact_and_trimmed() -> None:
    text = "  First one here.   Second one, with 3.5 million.\n\nThird line without stop\n"
    spans = split_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "First one here.",
        "Second one, with 3.5 million.",
        "Third line without stop",
    ]
    for s, e in spans:
        assert not text[s].isspace() and not text[e - 1].isspace()


def test_headings_and_lines_are_standalone() -> None:
    text = "Big news today\nBy Jane Doe\nThe council met on Monday. It approved the budget.\nTags: council, budget"
    segs = segments(text)
    assert [(text[s.start : s.end], s.standalone) for s in segs] == [
        ("Big news today", True),
        ("By Jane Doe", True),
        ("The council met on Monday.", False),
        ("It approved the budget.", False),
        ("Tags: council, budget", True),
    ]


def test_hard_wrapped_paragraph_is_joined() -> None:
    text = (
        "The committee said on Thursday that the new rules would apply\n"
        "from next year to all firms. Others disagreed."
    )
    assert split_sentences(text) == [
        "The committee said on Thursday that the new rules would apply\nfrom next year to all firms.",
        "Others disagreed.",
    ]


def test_quote_spanning_sentences_stays_with_its_attribution() -> None:
    text = "\u201cWe are ready. We have always been ready,\u201d the minister said. Talks resume on Monday."
    assert split_sentences(text) == [
        "\u201cWe are ready. We have always been ready,\u201d the minister said.",
        "Talks resume on Monday.",
    ]


def test_acronym_at_sentence_end_splits_before_an_opener_only() -> None:
    assert split_sentences("He moved to the U.S. in 2010.") == ["He moved to the U.S. in 2010."]
    assert split_sentences("He moved to the U.S. He stayed.") == [
        "He moved to the U.S.",
        "He stayed.",
    ]


def test_empty_text() -> None:
    assert split_spans("") == []
    assert split_spans(" \n\n ") == []
