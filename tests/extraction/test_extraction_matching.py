"""One claim, many mentions: pairs that must match and pairs that must not."""

from __future__ import annotations

import pytest

from claimtrack.extraction.matching import MATCH_THRESHOLD, canonical, fingerprint, same_claim, similarity

MUST_MATCH = [
    ("The G7 is home to a tenth of the world's population.", "A tenth of the world's population lives in the G7."),
    ("Eight people were killed in the attack on Tuesday.", "8 people were killed in Tuesday's attack."),
    ("Unemployment fell to 4.2% in 2023.", "In 2023, unemployment fell to 4.2 percent."),
    ("The deal is worth $1.4 billion, officials said.", "Officials said the deal is worth 1.4 billion dollars."),
    ("German Chancellor Olaf Scholz met Prime Minister Anthony Albanese in Sydney.",
     "In Sydney, Prime Minister Anthony Albanese met German Chancellor Olaf Scholz."),
    ("A third of adults in Britain are obese.", "One third of adults in Britain are obese."),
    ("NATO was founded in 1949.", "NATO was founded in 1949, historians note."),
]  # fmt: skip
MUST_NOT_MATCH = [
    ("Eight people were killed in the attack.", "Nine people were killed in the attack."),
    ("NATO was founded in 1949.", "NATO was founded in 1955."),
    ("Unemployment fell to 4.2% in 2023.", "Unemployment fell to 4.2% in 2022."),
    ("The minister said the economy grew last year.", "The minister said the economy did not grow last year."),
    ("The G7 is home to a tenth of the world's population.", "The G7 is home to a third of the world's population."),
    ("Unemployment fell to 4.2% in 2023.", "Inflation rose to 4.2% in 2023."),
    ("Scholz met Albanese in Sydney on Tuesday.", "Scholz met Macron in Paris on Tuesday."),
    ("The company is profitable.", "The company isn't profitable."),
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


def test_canonical_form() -> None:
    assert canonical("The deal is worth 1.4 billion dollars.") == "1400000000 deal dollars worth"
    assert canonical("A third of the G7") == "0.333333 g7"
