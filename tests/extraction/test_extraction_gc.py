"""The cyclic garbage collector is off while an article is extracted, and back after.

:func:`claimtrack.extraction.extract_claims` switches it off because the extraction makes
no reference cycles (so the collector has nothing to find); these tests hold it to both
halves of that: the collector's state is restored, and an article leaves no cyclic garbage.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import datetime

import pytest

from claimtrack.extraction import extract_claims
from claimtrack.extraction.base import ArticleContext, ExtractedClaim
from claimtrack.testing.articles import dense_article

CONTEXT = ArticleContext(published=datetime(2025, 6, 17))


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_collector_is_off_during_extraction_and_on_after() -> None:
    seen: list[bool] = []

    class Probe:
        name = "probe"
        version = "0"

        def extract(self, text: str, context: ArticleContext) -> list[ExtractedClaim]:
            seen.append(gc.isenabled())
            return []

    extract_claims("The deficit doubled in 2020.", CONTEXT, [Probe()])
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_collector_is_back_on_after_an_extractor_fails() -> None:
    class Failing:
        name = "failing"
        version = "0"

        def extract(self, text: str, context: ArticleContext) -> list[ExtractedClaim]:
            raise RuntimeError("broken plugin")

    with pytest.raises(RuntimeError):
        extract_claims("The deficit doubled in 2020.", CONTEXT, [Failing()])
    assert gc.isenabled()


def test_a_collector_switched_off_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        extract_claims("The deficit doubled in 2020.", CONTEXT)
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_extraction_leaves_no_cyclic_garbage() -> None:
    text = dense_article(60_000, seed=7)
    extract_claims(text[:2_000], CONTEXT)  # the model and patterns loaded first
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        claims = extract_claims(text, CONTEXT)
        del claims
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
