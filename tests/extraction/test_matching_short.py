"""Short claims made of words only: one content word more or less is another claim.

Debate sentences such as "I have fought against spending." / "I have fought against it."
share their verb and differ in what it is about; the wording measure ranks a text whose
words are a subset of the other's as alike, so without the short-claim rule of
:func:`claimtrack.extraction.matching.differences` they merged into one claim. Hypothesis
builds such sentences from content words (none a stopword, a number, a name or a word
another gate compares) and checks both sides: a content word added or replaced is another
claim; the same content words with other function words stay the same claim.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimtrack.extraction.matching import (
    _GATED,
    MEASURES,
    SHORT_CONTENT,
    STOPWORDS,
    differences,
    fingerprint,
    same_claim,
)

VERBS = ["fought", "argued", "campaigned", "worked", "spoken", "written", "protested", "lobbied"]
OBJECTS = [
    "spending",
    "taxes",
    "tariffs",
    "subsidies",
    "pensions",
    "farmers",
    "schools",
    "housing",
    "abortion",
    "welfare",
    "regulation",
    "immigration",
]
ROLES = ["senator", "governor", "mayor", "candidate", "teacher", "lawyer"]
SUBJECTS = ["I", "We", "They"]


def test_the_vocabulary_is_content() -> None:
    for word in VERBS + OBJECTS + ROLES:
        assert word not in STOPWORDS and word not in _GATED, word
    assert "spending" in MEASURES  # a measure is content too


def _sentence(subject: str, verb: str, objects: list[str], role: str | None = None) -> str:
    what = " and ".join(objects) if objects else "it"
    return f"{subject} have {verb} against {what}" + (f" as a {role}." if role else ".")


short = st.lists(st.sampled_from(OBJECTS), min_size=0, max_size=SHORT_CONTENT - 2, unique=True)


@given(st.sampled_from(SUBJECTS), st.sampled_from(VERBS), short, st.sampled_from(OBJECTS + ROLES))
def test_a_content_word_more_is_another_claim(
    subject: str, verb: str, objects: list[str], extra: str
) -> None:
    base = _sentence(subject, verb, objects)
    more = (
        _sentence(subject, verb, objects, role=extra)
        if extra in ROLES
        else _sentence(subject, verb, [*objects, extra])
    )
    if extra in objects:
        return
    assert not same_claim(base, more), differences(base, more)
    assert not same_claim(more, base)
    assert fingerprint(base) != fingerprint(more)


@given(
    st.sampled_from(SUBJECTS),
    st.sampled_from(VERBS),
    st.sampled_from(OBJECTS),
    st.sampled_from(OBJECTS),
)
def test_a_content_word_replaced_is_another_claim(
    subject: str, verb: str, one: str, other: str
) -> None:
    if one == other:
        return
    a, b = _sentence(subject, verb, [one]), _sentence(subject, verb, [other])
    assert not same_claim(a, b), differences(a, b)


@given(st.sampled_from(SUBJECTS), st.sampled_from(VERBS), short)
def test_the_same_content_words_are_the_same_claim(
    subject: str, verb: str, objects: list[str]
) -> None:
    a = _sentence(subject, verb, objects)
    what = " and ".join(objects) if objects else "it"
    b = f"{subject} {verb} against {what}."  # "have" dropped: a function word
    assert same_claim(a, b), differences(a, b)
    assert same_claim(b, a)


def test_a_short_claim_with_a_number_or_a_name_may_gain_an_attribution() -> None:
    # the number and the name are compared by their own gates; extra words are elaboration
    assert same_claim("NATO was founded in 1949.", "NATO was founded in 1949, historians note.")


def test_the_debate_sentences_of_bench_ingest_are_three_claims() -> None:
    texts = [
        "I have fought against spending.",
        "I have fought against it.",
        "I have fought against that as a senator.",
    ]
    for a in texts:
        for b in texts:
            assert same_claim(a, b) == (a == b), (a, b)


def test_a_speaker_is_no_anchor() -> None:
    # the speaker's name does not say what the claim is about: the words still must agree
    a = '"There is a huge difference of opinion," George W. Bush said.'
    b = '"It\'s a difference of opinion," George W. Bush said.'
    assert not same_claim(a, b), differences(a, b)
    assert same_claim(a, '"There is a huge difference of opinion," Bush said.')


def test_possessives_and_pronouns_are_not_content() -> None:
    a, b = "My opponent voted against it.", "My opponent voted against the ban."
    assert not same_claim(a, b)
    assert same_claim(a, "Our opponent voted against it.")
