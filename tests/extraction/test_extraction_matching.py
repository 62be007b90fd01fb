"""One claim, many mentions: pairs that must match and pairs that must not."""

from __future__ import annotations

import pytest

from claimtrack.extraction.matching import (
    MATCH_THRESHOLD,
    canonical,
    differences,
    fingerprint,
    same_claim,
    similarity,
)

MUST_MATCH = [
    (
        "The G7 is home to a tenth of the world's population.",
        "A tenth of the world's population lives in the G7.",
    ),
    (
        "Eight people were killed in the attack on Tuesday.",
        "8 people were killed in Tuesday's attack.",
    ),
    ("Unemployment fell to 4.2% in 2023.", "In 2023, unemployment fell to 4.2 percent."),
    (
        "The deal is worth $1.4 billion, officials said.",
        "Officials said the deal is worth 1.4 billion dollars.",
    ),
    (
        "German Chancellor Olaf Scholz met Prime Minister Anthony Albanese in Sydney.",
        "In Sydney, Prime Minister Anthony Albanese met German Chancellor Olaf Scholz.",
    ),
    ("A third of adults in Britain are obese.", "One third of adults in Britain are obese."),
    ("NATO was founded in 1949.", "NATO was founded in 1949, historians note."),
    (
        "Olaf Scholz met Emmanuel Macron in Paris on Tuesday.",
        "Scholz met Macron in Paris on Tuesday.",
    ),
    (
        "French unemployment fell to 7.1 percent in 2022.",
        "Unemployment in France fell to 7.1% in 2022.",
    ),
    (
        "The US economy grew 2.5 percent in 2023.",
        "The economy of the United States grew 2.5% in 2023.",
    ),
    ("More than 3,000 people were evacuated.", "Over 3,000 people were evacuated."),
    ("The company isn't profitable.", "The company is not profitable."),
    (
        "Global growth will slow to 2.9 percent in 2024, the IMF said.",
        "Global growth will slow to 2.9% in 2024.",
    ),
    (
        "Italy's unemployment rate fell to 3.5% in 2023.",
        "Unemployment in Italy fell to 3.5 percent in 2023, the finance ministry said on Monday.",
    ),
]
MUST_NOT_MATCH = [
    ("Eight people were killed in the attack.", "Nine people were killed in the attack."),
    ("NATO was founded in 1949.", "NATO was founded in 1955."),
    ("Unemployment fell to 4.2% in 2023.", "Unemployment fell to 4.2% in 2022."),
    (
        "The minister said the economy grew last year.",
        "The minister said the economy did not grow last year.",
    ),
    (
        "The G7 is home to a tenth of the world's population.",
        "The G7 is home to a third of the world's population.",
    ),
    ("Unemployment fell to 4.2% in 2023.", "Inflation rose to 4.2% in 2023."),
    ("Scholz met Albanese in Sydney on Tuesday.", "Scholz met Macron in Paris on Tuesday."),
    ("The company is profitable.", "The company isn't profitable."),
    (
        "Unemployment in France fell to 7.1 percent in 2022, the statistics office said.",
        "Unemployment in Spain fell to 7.1 percent in 2022, the statistics office said.",
    ),
    (
        "Unemployment in France fell to 7.1 percent in 2022.",
        "Unemployment fell to 7.1 percent in 2022.",
    ),
    ("South Korea's exports rose 5 percent.", "North Korea's exports rose 5 percent."),
    (
        "The Bank of England raised rates to 5 percent.",
        "The Bank of Japan raised rates to 5 percent.",
    ),
    ("Scholz met Albanese in Sydney.", "Macron met Albanese in Sydney."),
    (
        "The IMF cut its growth forecast to 2.9 percent.",
        "The WTO cut its growth forecast to 2.9 percent.",
    ),
    (
        "Growth will slow to 2.9 percent, the IMF said.",
        "Growth will slow to 2.9 percent, the World Bank said.",
    ),
    ("The deal is worth $1.4 billion.", "The deal is worth €1.4 billion."),
    ("The deal is worth 1.4 billion dollars.", "The deal is worth 1.4 million dollars."),
    ("Rates rose 2 percent.", "Rates rose 2 percentage points."),
    ("The road is 20 kilometres long.", "The road is 20 miles long."),
    ("Exports rose 3 percent in May.", "Exports fell 3 percent in May."),
    ("More than 500 people were evacuated.", "Fewer than 500 people were evacuated."),
    ("Prices were 2 percent above the target.", "Prices were 2 percent below the target."),
    ("Exports rose 3% on Monday.", "Exports rose 3% on Tuesday."),
    ("Exports rose 3% this month.", "Exports rose 3% last month."),
    ("In France, unemployment fell to 7.1%.", "In France, inflation fell to 7.1%."),
    ("It is true that NATO was founded in 1949.", "It is false that NATO was founded in 1949."),
]


@pytest.mark.parametrize(("a", "b"), MUST_MATCH)
def test_must_match(a: str, b: str) -> None:
    assert same_claim(a, b), f"similarity {similarity(a, b):.3f} < {MATCH_THRESHOLD / 100}"
    assert same_claim(b, a)


@pytest.mark.parametrize(("a", "b"), MUST_NOT_MATCH)
def test_must_not_match(a: str, b: str) -> None:
    assert not same_claim(a, b), f"similarity {similarity(a, b):.3f}"


def test_fingerprint_ignores_order_case_punctuation_and_number_spelling() -> None:
    assert fingerprint("Eight people died in Paris.") == fingerprint("In Paris, 8 people DIED")
    assert fingerprint("Eight people died in Paris.") != fingerprint("Nine people died in Paris.")
    assert len(fingerprint("x")) <= 64


@pytest.mark.parametrize(("a", "b"), MUST_NOT_MATCH)
def test_different_claims_have_different_fingerprints(a: str, b: str) -> None:
    assert fingerprint(a) != fingerprint(b)


def test_differences_name_the_fact() -> None:
    assert differences("Unemployment in France fell.", "Unemployment in Spain fell.") == [
        "name: france only in one",
        "name: spain only in one",
    ]
    assert (
        differences("The deal is worth $5 billion.", "The deal is worth 5 billion dollars.") == []
    )


def test_canonical_form() -> None:
    assert canonical("The deal is worth 1.4 billion dollars.") == "1400000000 deal dollars worth"
    assert canonical("A third of the G7") == "0.333333 g7"
    assert canonical("The deal is worth $1.4 billion.") == "1400000000 deal dollars worth"
    assert canonical("Rates rose 4.2% and then rose again") == "4.2 again percent rates rose rose"
