"""The built-in offline verifiers: real verdicts with no network."""

from __future__ import annotations

from datetime import datetime

import pytest

from claimtrack.testing import extracted_claim, make_article, make_claim, run_verifier
from claimtrack.verification.consistency import (
    DateConsistencyVerifier,
    MembershipCountVerifier,
    SumOfPartsVerifier,
)
from claimtrack.verification.quotecheck import QuoteSourceVerifier

G7 = (
    "The G7, a group of seven countries consisting of Canada, France, Germany, Italy, Japan, the United Kingdom "
    "and the United States, is home to a tenth of the world's population."
)
PUBLISHED = make_article(published=datetime(2023, 5, 16))  # a Tuesday


async def check(verifier, text, kind="other", values=None, article=PUBLISHED, **kw):
    claim = make_claim(text, kind, values, **kw)
    if not verifier.applies_to(claim):
        return None
    return await run_verifier(
        verifier,
        claim,
        article=article,
        **({"sources": kw.pop("sources")} if "sources" in kw else {}),
    )


# -- membership ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {},
        {
            "group": "G7",
            "count": 7,
            "members": [
                "Canada",
                "France",
                "Germany",
                "Italy",
                "Japan",
                "the United Kingdom",
                "the United States",
            ],
        },
    ],
)
async def test_membership_count_matches(values) -> None:
    verdict = await check(MembershipCountVerifier(), G7, "membership", values)
    assert verdict.label == "supported"
    assert "7 stated, 7 listed" in verdict.summary


async def test_membership_count_short_list_is_refuted() -> None:
    text = "The BRICS bloc, a group of five countries consisting of Brazil, Russia, India and China, met in August."
    verdict = await check(
        MembershipCountVerifier(), text, "other"
    )  # no values: parsed from the sentence
    assert verdict.label == "refuted" and "5 stated, but only 4 listed" in verdict.summary
    six = G7.replace(", Japan", "")
    assert (await check(MembershipCountVerifier(), six, "membership")).label == "refuted"


async def test_membership_partial_list_and_no_list() -> None:
    text = "The bloc, a group of ten countries including Brazil and India, met."
    assert (await check(MembershipCountVerifier(), text)).label == "unverifiable"
    nato = await check(
        MembershipCountVerifier(),
        "NATO now has 31 members.",
        "membership",
        {"group": "NATO", "count": 31, "members": []},
    )
    assert nato.label == "unverifiable" and "none listed" in nato.summary


# -- parts and totals ----------------------------------------------------------------------


async def test_parts_short_of_total_is_mixed_with_the_arithmetic() -> None:
    verdict = await check(
        SumOfPartsVerifier(),
        "Of the 120 delegates at the meeting, 70 came from Europe and 40 from Asia, organisers said.",
    )
    assert verdict.label == "mixed"
    assert verdict.summary == "70 + 40 = 110, not 120: 10 delegates unaccounted for"


async def test_parts_over_total_or_exhaustive_are_refuted() -> None:
    over = await check(
        SumOfPartsVerifier(), "Of the 100 delegates, 60 came from Europe and 50 from Asia."
    )
    assert over.label == "refuted" and "60 + 50 = 110" in over.summary
    split = await check(
        SumOfPartsVerifier(),
        "Of the 100 seats, 40 went to Labour, 30 to the Greens and the rest, 20, to others.",
    )
    assert split.label == "refuted"
    exact = await check(
        SumOfPartsVerifier(),
        "The company has 500 employees, of whom 300 work in Europe and 200 in Asia.",
    )
    assert exact.label == "supported"


async def test_sum_of_parts_does_not_apply_without_a_total() -> None:
    assert (
        await check(SumOfPartsVerifier(), "Trade grew by 4.2 percent in 2022, to $5.6 trillion.")
        is None
    )


# -- dates ---------------------------------------------------------------------------------


async def test_weekday_against_the_calendar() -> None:
    wrong = await check(
        DateConsistencyVerifier(), "The talks opened on Wednesday, May 16, 2023, in Sydney."
    )
    assert (
        wrong.label == "refuted" and "16 May 2023 was a Tuesday, not a Wednesday" in wrong.summary
    )
    right = await check(
        DateConsistencyVerifier(), "The talks opened on Tuesday, May 16, 2023, in Sydney."
    )
    assert right.label == "supported"


async def test_relative_day_against_publication() -> None:
    wrong = await check(DateConsistencyVerifier(), "Yesterday (Sunday) the ministers arrived.")
    assert wrong.label == "refuted" and "Monday" in wrong.summary


async def test_past_event_after_publication_is_refuted() -> None:
    verdict = await check(
        DateConsistencyVerifier(), "The ministers met on June 3, 2023 in Sydney.", "temporal"
    )
    assert verdict.label == "refuted" and "after the article was published" in verdict.summary
    since = await check(
        DateConsistencyVerifier(), "It is the largest meeting since 2025.", "temporal"
    )
    assert since.label == "refuted"


@pytest.mark.parametrize(
    "sentence",
    [
        "Six countries were invited to become members from January 2024.",
        "The new rules take effect starting in 2025.",
        "The bloc aims to cut emissions by half by 2030.",
    ],
)
async def test_a_later_date_that_points_ahead_is_not_refuted(sentence: str) -> None:
    """A plan, a target or a start date after publication is no past event dated wrongly."""
    verdict = await check(DateConsistencyVerifier(), sentence, "temporal")
    assert verdict is None or verdict.label != "refuted", verdict.summary


@pytest.mark.parametrize(
    "sentence",
    [
        "Trade between the seven economies grew by 4.2 percent in 2022.",
        "Trade ministers from the Group of Seven met on Tuesday for talks.",
    ],
)
async def test_by_and_from_do_not_make_a_sentence_about_the_future(sentence: str) -> None:
    """'by' and 'from' only keep a later date from being refuted; a past event stays past."""
    verdict = await check(DateConsistencyVerifier(), sentence, "temporal")
    assert verdict is None or "future" not in verdict.summary, verdict.summary


async def test_plausible_dates_are_unverifiable_with_the_resolution() -> None:
    verdict = await check(
        DateConsistencyVerifier(), "Trade ministers met on Tuesday for talks.", "temporal"
    )
    assert verdict.label == "unverifiable" and "Tuesday 16 May 2023" in verdict.summary
    future = await check(
        DateConsistencyVerifier(), "A package would be announced on Friday.", "temporal"
    )
    assert future.label == "unverifiable" and "future" in future.summary
    nodate = await check(
        DateConsistencyVerifier(), "They met on Tuesday.", "temporal", article=make_article()
    )
    assert nodate.label == "unverifiable"


# -- quotes --------------------------------------------------------------------------------

TRANSCRIPT = """MARY NG: Thank you all for coming. We cannot allow supply chains to be held hostage by a single
country, and we will say so together.

OLAF SCHOLZ: This is the most important economic summit of the year for Europe.
"""
NG = '"We cannot allow supply chains to be held hostage by a single country," said Mary Ng.'


async def quote(text, speaker=None, sources=None):
    claim = make_claim(text, "quote", {"speaker": speaker} if speaker else {}, speaker=speaker)
    return await run_verifier(
        QuoteSourceVerifier(),
        claim,
        article=PUBLISHED,
        sources=sources if sources is not None else {"transcript.txt": TRANSCRIPT},
    )


async def test_quote_exact() -> None:
    verdict = await quote(NG, "Mary Ng")
    assert verdict.label == "supported" and "verbatim in transcript.txt" in verdict.summary
    assert "held hostage by a single" in verdict.evidence[0].snippet


async def test_quote_close_lists_the_differences() -> None:
    verdict = await quote(NG.replace("held hostage", "taken hostage"), "Mary Ng")
    assert verdict.label == "mixed"
    assert '"taken" where the source has "held"' in verdict.summary


async def test_quote_absent_gives_the_closest_passage() -> None:
    verdict = await quote(
        '"We will raise tariffs on every import next year," said Mary Ng.', "Mary Ng"
    )
    assert verdict.label == "refuted" and "not found in transcript.txt" in verdict.summary
    assert verdict.evidence and verdict.evidence[0].snippet


async def test_quote_given_to_someone_else() -> None:
    verdict = await quote(
        '"This is the most important economic summit of the year for Europe," said Mary Ng.',
        "Mary Ng",
    )
    assert verdict.label == "mixed" and "OLAF SCHOLZ" in verdict.summary


async def test_quote_without_source_does_not_apply() -> None:
    assert await quote(NG, "Mary Ng", sources={}) is None


async def test_quote_source_from_settings(tmp_path) -> None:
    path = tmp_path / "t.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    claim = make_claim(NG, "quote")
    verdict = await run_verifier(QuoteSourceVerifier(), claim, settings={"source": str(path)})
    assert verdict.label == "supported"


async def test_membership_completeness_from_the_extracted_values() -> None:
    """The extractor's ``partial`` decides whether the list claims to be complete: the
    sentence parser knows no "which includes" and took this partial list for a whole one."""
    text = (
        "The BRICS bloc, a group of five countries which includes Brazil, Russia, India and China, "
        "met in August."
    )
    claim = extracted_claim(text)
    assert claim.values["kinds"]["membership"]["partial"] is True
    verdict = await run_verifier(MembershipCountVerifier(), claim, article=PUBLISHED)
    assert verdict.label == "unverifiable" and "partial list" in verdict.summary
    whole = extracted_claim(text.replace("which includes", "consisting of"))
    verdict = await run_verifier(MembershipCountVerifier(), whole, article=PUBLISHED)
    assert verdict.label == "refuted" and "5 stated, but only 4 listed" in verdict.summary


async def test_membership_count_in_compound_words() -> None:
    """Counts are read with claimtrack.text: "twenty-one" is 21 (the old table stopped at
    "twenty" and missed the claim)."""
    text = "The forum, a group of twenty-one economies consisting of Chile, Peru and Mexico, met."
    verdict = await check(MembershipCountVerifier(), text)  # no values: parsed from the sentence
    assert verdict is not None
    assert verdict.label == "refuted" and "21 stated, but only 3 listed" in verdict.summary


async def test_quote_check_gives_its_verdict_on_the_quote_part_only() -> None:
    """A quoted head of state: the quote check rates the quote part, never the office part."""
    from claimtrack.testing import run_verifier_all

    claim = extracted_claim(
        'Trade Minister Mary Ng said: "We cannot allow supply chains to be held hostage by a '
        'single country."',
        published="2023-05-16",
    )
    assert [p.kind for p in claim.parts][:2] == ["office", "quote"]
    verdicts = await run_verifier_all(
        QuoteSourceVerifier(), claim, article=PUBLISHED, sources={"transcript.txt": TRANSCRIPT}
    )
    assert [(v.part, v.label) for v in verdicts] == [("quote-1", "supported")]
    assert "verbatim in transcript.txt" in verdicts[0].summary
    absent = extracted_claim(
        'Trade Minister Mary Ng said: "We will raise tariffs on every import next year."',
        published="2023-05-16",
    )
    (verdict,) = await run_verifier_all(
        QuoteSourceVerifier(), absent, sources={"transcript.txt": TRANSCRIPT}
    )
    assert (verdict.part, verdict.label) == ("quote-1", "refuted")


async def test_quote_check_leaves_claims_whose_parts_hold_no_quote() -> None:
    claim = extracted_claim("Canberra is the capital of Australia.")
    assert claim.parts and not claim.parts_of("quote")
    assert not QuoteSourceVerifier().applies_to(claim)
    assert (
        await run_verifier(QuoteSourceVerifier(), claim, sources={"transcript.txt": TRANSCRIPT})
        is None
    )
