"""Properties of claim matching: one swapped fact never merges, rewordings always do.

A swap changes exactly one fact of a real news-style sentence (a place, person or
organisation, a number, a year, a unit, the polarity or a comparison direction, see
``matching_swaps``): the two sentences are different claims, so ``same_claim`` must be
false both ways and the fingerprints must differ (``claimtrack add`` merges equal
fingerprints without asking ``same_claim``). Rewordings (attribution moved or inverted,
a time phrase moved, numbers spelled another way) keep the claim: ``same_claim`` must
hold both ways, with equal fingerprints.

``DEV`` is the set the rules were tuned on; ``data/matching-heldout.txt`` was written
before the tuning and is only checked, as a test of how the rules generalise. Run with
``-s`` to see how many pairs each property tried.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching_swaps import (
    KINDS,
    REWORDINGS,
    Site,
    Swap,
    all_swaps,
    apply_swap,
    load_sentences,
    swap_sites,
)

from claimtrack.extraction.matching import differences, fingerprint, same_claim, similarity

DEV = [
    "Unemployment in France fell to 7.1 percent in 2022, the statistics office said.",
    "Inflation in Spain rose to 3.5% in March, the national statistics institute said.",
    "Joe Biden won the 2020 election with 306 electoral votes.",
    "The IMF raised its forecast for global growth to 3.2 percent in 2024.",
    "Germany's economy shrank 0.3 percent in the first quarter, the federal statistics office said.",
    "Eight people were killed in the attack on a market in Nairobi on Tuesday, police said.",
    "The deal is worth $1.4 billion, officials said.",
    "Japan's population fell to 124.5 million in 2023.",
    "The WHO said more than 500 cases of cholera were reported in Kenya last month.",
    "Emmanuel Macron did not attend the summit in Berlin in 2019.",
    "The Federal Reserve raised interest rates by 25 basis points in July.",
    "Oil production in Nigeria is higher than in any other country in Africa, according to OPEC.",
    "The bridge between Lisbon and the south bank is 17 kilometres long.",
    "Average temperatures in Australia were 1.5 degrees Celsius above the long-term average in 2019.",
    "NATO was founded in 1949 by 12 countries.",
    "Toyota sold 10.5 million vehicles worldwide in 2022, more than any other carmaker.",
    "The European Commission fined Amazon 746 million euros in 2021.",
    "Exports from China increased 7 percent in 2023, the customs office said.",
    "Rishi Sunak said the UK economy would grow by 2 percent next year.",
    "Twenty-five miners were rescued from a collapsed mine in Chile after 17 days.",
    "Olaf Scholz met Justin Trudeau in Toronto in August 2022.",
    "The World Bank said a third of people in Mexico live in poverty.",
    "India overtook China as the most populous country in 2023, the UN said.",
    "House prices in London fell for the first time in 11 years, a survey found.",
    "The Bank of England kept its key rate at 5.25 percent in September.",
    "Brazil lost 11,568 square kilometres of rainforest in 2022, the space agency reported.",
    "Consumer prices in Italy were 2 percent higher than a year earlier, up from 1.6 percent in May.",
    "Fewer than 1,000 migrants crossed the Channel in January, the Home Office said.",
    "Poverty in Kenya is lower now than before the pandemic, the World Bank said.",
    "No one was injured when the plane landed in Lagos after an engine failure, the airline said.",
    "Sweden's central bank will not cut interest rates before September, its governor said.",
    "Wheat prices went down by 4 percent after Russia quit the grain deal in July.",
    "Donald Trump said the wall on the border with Mexico was more than 400 miles long.",
    "Vietnam's exports grew faster than its imports in 2022, keeping the trade balance above zero.",
]
HELDOUT = load_sentences(Path(__file__).parent / "data" / "matching-heldout.txt")
SWAP_EXAMPLES = 600
REWORD_EXAMPLES = 500


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def _numbers_like(old: str) -> st.SearchStrategy[str]:
    """Any other number written like ``old`` (same decimals, commas if it has them)."""
    if "." in old:
        decimals = len(old.split(".")[1])
        values = st.integers(1, 10**6).map(lambda n: f"{n / 10**decimals:.{decimals}f}")
    else:
        values = st.integers(0, 10**7).map(lambda n: f"{n:,}" if "," in old else str(n))
    return values.filter(lambda new: _value(new) != _value(old))


def _option(sentence: str, site: Site) -> st.SearchStrategy[Swap]:
    old = sentence[site.start : site.end]
    options: st.SearchStrategy[str] = st.sampled_from(site.options)
    if site.kind == "year":
        options = st.one_of(options, st.integers(1900, 2099).map(str).filter(lambda y: y != old))
    elif site.kind == "number" and old[0].isdigit():
        options = st.one_of(options, _numbers_like(old))
    return options.map(lambda new: apply_swap(sentence, site, new))


def swaps(sentences: list[str]) -> st.SearchStrategy[Swap]:
    """A one-fact swap of one of ``sentences``: the kind first, so every kind is tried often."""
    sites: dict[str, list[tuple[str, Site]]] = {kind: [] for kind in KINDS}
    for sentence in sentences:
        for site in swap_sites(sentence):
            sites[site.kind].append((sentence, site))
    kinds = [kind for kind in KINDS if sites[kind]]
    return (
        st.sampled_from(kinds)
        .flatmap(lambda k: st.sampled_from(sites[k]))
        .flatmap(lambda p: _option(*p))
    )


@st.composite
def reworded(draw: st.DrawFn, sentences: list[str]) -> tuple[str, str, list[str]]:
    """A sentence and the same claim reworded: one rewording first (so each is tried often), then up to two more."""
    first = draw(st.sampled_from(sorted(REWORDINGS)))
    sentence = draw(
        st.sampled_from([s for s in sentences if REWORDINGS[first](s) not in (None, s)])
    )
    text, applied = REWORDINGS[first](sentence) or sentence, [first]
    for name in draw(st.lists(st.sampled_from(sorted(REWORDINGS)), max_size=2, unique=True)):
        new = REWORDINGS[name](text)
        if new is not None and new != text:
            text, applied = new, [*applied, name]
    return sentence, text, applied


def _check_swaps(sentences: list[str], label: str) -> Counter[str]:
    tried: Counter[str] = Counter()

    @settings(
        max_examples=SWAP_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(swap=swaps(sentences))
    def check(swap: Swap) -> None:
        tried[swap.kind] += 1
        assert swap.variant != swap.original
        message = (
            f"{swap.kind} {swap.old!r} -> {swap.new!r} merged: {swap.original!r} / {swap.variant!r}"
        )
        assert not same_claim(swap.original, swap.variant), (
            f"{message} (similarity {similarity(swap.original, swap.variant):.3f})"
        )
        assert not same_claim(swap.variant, swap.original), message
        assert fingerprint(swap.original) != fingerprint(swap.variant), (
            f"fingerprint collision: {message}"
        )

    check()
    print(
        f"\n{label} swaps: {sum(tried.values())} generated pairs tried, 0 merged; by kind {dict(sorted(tried.items()))}"
    )
    return tried


def _check_rewordings(sentences: list[str], label: str) -> Counter[str]:
    tried: Counter[str] = Counter()

    @settings(
        max_examples=REWORD_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(case=reworded(sentences))
    def check(case: tuple[str, str, list[str]]) -> None:
        sentence, text, applied = case
        tried.update(applied)
        tried["pairs"] += 1
        message = f"{applied} not matched: {sentence!r} / {text!r}: {differences(sentence, text)}"
        assert same_claim(sentence, text), (
            f"{message} (similarity {similarity(sentence, text):.3f})"
        )
        assert same_claim(text, sentence), message
        assert fingerprint(sentence) == fingerprint(text), f"fingerprints differ: {message}"

    check()
    print(
        f"\n{label} rewordings: {tried['pairs']} generated pairs tried, all matched; {dict(sorted(tried.items()))}"
    )
    return tried


def test_generator_covers_every_kind_on_both_sets() -> None:
    for sentences in (DEV, HELDOUT):
        kinds = {site.kind for s in sentences for site in swap_sites(s)}
        assert kinds == set(KINDS)
        assert {
            name for s in sentences for name, f in REWORDINGS.items() if f(s) not in (None, s)
        } == set(REWORDINGS)


def test_held_out_sentences_are_not_the_dev_sentences() -> None:
    assert len(HELDOUT) >= 20 and len(DEV) >= 20
    assert not set(HELDOUT) & set(DEV)


@pytest.mark.parametrize(("sentences", "label"), [(DEV, "dev"), (HELDOUT, "held-out")])
def test_one_swapped_fact_is_another_claim(sentences: list[str], label: str) -> None:
    tried = _check_swaps(sentences, label)
    assert sum(tried.values()) >= 500
    assert set(tried) == set(KINDS)


@pytest.mark.parametrize(("sentences", "label"), [(DEV, "dev"), (HELDOUT, "held-out")])
def test_rewordings_are_the_same_claim(sentences: list[str], label: str) -> None:
    tried = _check_rewordings(sentences, label)
    assert tried["pairs"] >= 400
    assert set(REWORDINGS) <= set(tried)


@pytest.mark.parametrize(("sentences", "label"), [(DEV, "dev"), (HELDOUT, "held-out")])
def test_every_listed_swap_is_another_claim(sentences: list[str], label: str) -> None:
    """Exhaustively: every site of every sentence with every listed replacement."""
    pairs = all_swaps(sentences)
    merged = [
        p
        for p in pairs
        if same_claim(p.original, p.variant) or fingerprint(p.original) == fingerprint(p.variant)
    ]
    print(
        f"\n{label} exhaustive swaps: {len(pairs)} pairs, {len(merged)} merged; {dict(Counter(p.kind for p in pairs))}"
    )
    assert len(pairs) > 1000
    assert merged == []
