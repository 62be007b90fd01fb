"""Big articles: extraction of a whole generated article equals extraction of its parts.

The segmenter, the merge and the registry work on the whole text at once; these tests
check that doing so on hundreds of kilobytes gives exactly what small pieces give.
Speed is measured by benchmarks/bench_large_article.py, not here.
"""

from __future__ import annotations

import dataclasses
import itertools
import re

from claimtrack.extraction import extract_claims
from claimtrack.extraction.base import ArticleContext, ExtractedClaim
from claimtrack.extraction.default import DefaultExtractor
from claimtrack.extraction.sentences import split_spans
from claimtrack.ingest import Document
from claimtrack.registry import Registry
from claimtrack.services.add import add_document, store_article
from claimtrack.testing.articles import dense_article

CTX = ArticleContext()


def _parts(text: str) -> list[tuple[int, str]]:
    """``text`` cut before every heading (a heading resets the quote speaker): (offset, part)."""
    cuts = [0, *(m.start() for m in re.finditer(r"(?m)^#", text) if m.start() > 0), len(text)]
    return [(a, text[a:b]) for a, b in itertools.pairwise(cuts)]


def _shifted(claim: ExtractedClaim, offset: int) -> ExtractedClaim:
    return dataclasses.replace(claim, start=claim.start + offset, end=claim.end + offset)


def test_whole_article_gives_the_claims_of_its_parts() -> None:
    text = dense_article(300_000, seed=11)
    parts = _parts(text)
    assert len(parts) > 50
    whole = extract_claims(text, CTX)
    pieces = [_shifted(c, offset) for offset, part in parts for c in extract_claims(part, CTX)]
    assert len(whole) > 3000
    assert whole == pieces
    assert all(text[c.start : c.end] == c.text for c in whole)


def test_long_paragraph_with_quotes_is_split_like_short_ones() -> None:
    """One 250 KB paragraph splits like its sentences one by one; an unclosed quote blocks nothing."""
    units = [
        f'Officials said: "Prices rose {i} percent. Wages fell." Rents doubled. "Why?" he asked.'
        if i % 2
        # a stray closing quote
        else f"He said \u201d oops {i}. Prices rose. \u201cWages fell. Rents doubled.\u201d Done."
        for i in range(2500)
    ]
    paragraph = " ".join(units)
    expected, offset = [], 0
    for unit in units:
        expected += [(s + offset, e + offset) for s, e in split_spans(unit)]
        offset += len(unit) + 1
    assert len(expected) == 2500 * 5 // 2  # quoted passages never split
    assert split_spans(paragraph) == expected
    plain = " ".join(f"Prices rose {i} percent. Wages fell." for i in range(4000))
    opened = '"' + plain
    assert split_spans(opened) == [(s if s == 0 else s + 1, e + 1) for s, e in split_spans(plain)]


class Shifted:
    """A second extractor claiming every sentence with its first character left out."""

    name = "shifted"
    version = "1"

    def extract(self, text: str, context: ArticleContext) -> list[ExtractedClaim]:
        out = []
        for claim in DefaultExtractor().extract(text, context):
            if claim.end - claim.start > 4:
                out.append(
                    ExtractedClaim(
                        text[claim.start + 1 : claim.end],
                        claim.start + 1,
                        claim.end,
                        reasons=["shifted"],
                    )
                )
        out.append(ExtractedClaim(text, 0, len(text), reasons=["everything"]))
        return out


def test_merging_many_extractors_on_a_big_article() -> None:
    text = dense_article(150_000, seed=5)
    alone = extract_claims(text, CTX)
    merged = extract_claims(text, CTX, [DefaultExtractor(), Shifted()])
    assert [(c.start, c.end) for c in merged] == [(c.start, c.end) for c in alone]
    assert all("shifted" in c.reasons for c in merged if c.end - c.start > 4)
    assert "everything" in merged[0].reasons  # the whole-text claim joins the first it overlaps
    assert all("everything" not in c.reasons for c in merged[1:])


def test_progress_fractions_rise_to_one() -> None:
    seen: list[float] = []
    text = dense_article(200_000, seed=2)
    extract_claims(
        text,
        dataclasses.replace(CTX, on_progress=seen.append),
        [DefaultExtractor(), DefaultExtractor()],
    )
    assert seen == sorted(seen) and seen[-1] == 1.0 and 0.5 in seen
    assert len(seen) > 8 and all(0.0 <= f <= 1.0 for f in seen)


def test_big_article_shares_claims_with_an_earlier_one(tmp_path) -> None:
    """A 200 KB article, then one repeating its second half: mentions link to the same claims."""
    registry = Registry.open(str(tmp_path / "big.db"))
    text = dense_article(200_000, seed=8)
    half = text.index("\n#", len(text) // 2) + 1
    first = add_document(registry, Document(source="first", text=text))
    second_text = dense_article(50_000, seed=9) + "\n" + text[half:]
    matched: list[tuple[int, int]] = []
    second = store_article(
        registry,
        Document(source="second", text=second_text),
        extract_claims(second_text, CTX),
        on_progress=lambda done, total: matched.append((done, total)),
    )
    assert first.created and second.created and second.new_claims < second.claims
    assert matched[-1] == (second.claims, second.claims)
    by_text = {m.sentence: m.claim_id for m in _mentions(registry, first.article_id)}
    again = [m for m in _mentions(registry, second.article_id) if m.sentence in by_text]
    assert len(again) > 500
    assert all(m.claim_id == by_text[m.sentence] for m in again)
    for article_id, body in ((first.article_id, text), (second.article_id, second_text)):
        assert all(body[m.start : m.end] == m.sentence for m in _mentions(registry, article_id))
    registry.close()


def _mentions(registry: Registry, article_id: int) -> list:
    from sqlmodel import Session, select

    from claimtrack.models import Mention

    with Session(registry.engine) as session:
        return list(session.exec(select(Mention).where(Mention.article_id == article_id)))
