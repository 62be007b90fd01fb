"""Ranking invariants of the matcher over generated posts and collections.

- a stored claim restated with its words reordered, re-cased, one word swapped for a
  synonym and post noise (URLs, hashtags, a signature) still ranks first among
  distractors that share some of its words;
- adding fact-checks unrelated to a text never changes the top match of an exact
  restatement of a stored claim;
- the post's month and year are searched (:func:`search_text`).

Everything here is written for the tests; nothing reads ../shared.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.importers.claimreview import FactCheck
from claimtrack.retrieval import Matcher, clean
from claimtrack.retrieval.matcher import search_text
from claimtrack.retrieval.terms import STOPWORDS, content_words

#: Claims with at least five content words each, and a synonym for one word of each that
#: no stored text contains.
CLAIMS: list[tuple[str, tuple[str, str]]] = [
    ("Drinking hot water with lemon cures the coronavirus infection.", ("cures", "heals")),
    ("A con man sold the Eiffel Tower twice for scrap metal in 1925.", ("sold", "flogged")),
    (
        "Bill Gates said vaccines will reduce the world population by 15 percent.",
        ("said", "stated"),
    ),
    (
        "A shark swam along a flooded highway in Houston after Hurricane Harvey.",
        ("swam", "paddled"),
    ),
    ("Finland gives every citizen a basic income of 800 euros each month.", ("gives", "hands")),
    (
        "Nancy Pelosi diverted Social Security money to pay for the impeachment inquiry.",
        ("diverted", "siphoned"),
    ),
    (
        "Goldfish have a memory span of only three seconds according to scientists.",
        ("memory", "recall"),
    ),
    (
        "The Great Wall of China is visible from space with the naked eye.",
        ("visible", "observable"),
    ),
]
#: Ordinary words no claim above contains: the distractors' filler.
FILLER = [
    "garden",
    "river",
    "window",
    "market",
    "teacher",
    "orange",
    "bicycle",
    "village",
    "summer",
    "painting",
    "kitchen",
    "forest",
    "letter",
    "guitar",
    "harbour",
    "mountain",
    "bakery",
    "festival",
    "library",
    "candle",
    "ladder",
    "pencil",
    "blanket",
    "meadow",
    "lantern",
]
NOISE = [
    "https://t.co/AbC123xyz",
    "pic.twitter.com/Zz9Yy8",
    "#MustShare",
    "#WakeUpPeople",
    "www.example.com/story?id=7",
    "!!!",
    "😱🔥",
]
SIGNATURE = "— Jo Poster (@jo_poster) March 3, 2020"


def fact_check(n: int, claim: str) -> FactCheck:
    return FactCheck(
        claim=claim,
        publisher="Example Checks",
        rating="False",
        label="false",
        url=f"https://checks.example/{n}",
    )


def _recase(word: str, how: int) -> str:
    return (word, word.lower(), word.upper(), word.capitalize())[how % 4]


@st.composite
def restatements(draw: st.DrawFn) -> tuple[int, str, list[str]]:
    """(index of a claim, a reworded noisy post of it, distractor claims)."""
    index = draw(st.integers(0, len(CLAIMS) - 1))
    claim, (word, synonym) = CLAIMS[index]
    words = claim.rstrip(".").split()
    words = [synonym if w == word else w for w in words]
    order = draw(st.permutations(range(len(words))))
    cases = draw(st.lists(st.integers(0, 3), min_size=len(words), max_size=len(words)))
    post = [_recase(words[i], c) for i, c in zip(order, cases, strict=True)]
    noise = draw(st.lists(st.sampled_from(NOISE), max_size=4))
    text = " ".join(post + noise)
    if draw(st.booleans()):
        text += " " + SIGNATURE
    # Distractors: each shares at most a third of the claim's content words, padded with
    # filler to the claim's length.
    content = [w for w in content_words(claim)]
    distractors = []
    for _ in range(draw(st.integers(1, 6))):
        shared = draw(
            st.lists(st.sampled_from(content), max_size=max(1, len(content) // 3), unique=True)
        )
        pad = draw(st.lists(st.sampled_from(FILLER), min_size=len(words) - len(shared)))
        distractors.append(" ".join(shared + pad) + ".")
    return index, text, distractors


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(restatements())
def test_a_reworded_noisy_restatement_ranks_its_claim_first(
    case: tuple[int, str, list[str]],
) -> None:
    index, text, distractors = case
    with Matcher() as m:
        m.add(fact_check(i, claim) for i, (claim, _) in enumerate(CLAIMS))
        m.add(fact_check(100 + i, d) for i, d in enumerate(distractors))
        found = m.search(text)
        assert found, text
        assert found[0].fact_check.url == f"https://checks.example/{index}", text


_nonsense = st.from_regex(
    r"[bcdfgkmpvz][aeiou][bcdfgkmpvz][aeiou][bcdfgkmpvz][aeiou]q", fullmatch=True
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, len(CLAIMS) - 1),
    st.lists(st.lists(_nonsense, min_size=3, max_size=15), min_size=1, max_size=40),
)
def test_unrelated_fact_checks_never_change_the_top_match_of_an_exact_restatement(
    index: int, unrelated: list[list[str]]
) -> None:
    claim = CLAIMS[index][0]
    with Matcher() as m:
        m.add(fact_check(i, c) for i, (c, _) in enumerate(CLAIMS))
        before = m.search(claim)[0]
        m.add(fact_check(1000 + i, " ".join(words) + ".") for i, words in enumerate(unrelated))
        after = m.search(claim)[0]
    assert before.fact_check.url == after.fact_check.url == f"https://checks.example/{index}"
    assert after.previously_checked


def test_the_nonsense_words_are_unrelated() -> None:
    # The generator above relies on this: its words are in no claim and are no stopwords.
    vocabulary = {w for claim, _ in CLAIMS for w in content_words(claim)}
    assert not any(w.endswith("q") for w in vocabulary | STOPWORDS)


def test_search_text_adds_the_post_month_and_year() -> None:
    post = "Wildfires reach the city, share this — Ann Poster (@annp) August 20, 2019"
    assert search_text(clean(post)) == "Wildfires reach the city, share this Ann Poster August 2019"
    # An explicit date wins over the signature's; no date, no date words.
    assert search_text(clean(post), dt.date(2020, 1, 5)).endswith("Ann Poster January 2020")
    assert search_text(clean("Wildfires reach the city")) == "Wildfires reach the city"


def test_a_fact_check_of_the_post_month_outranks_the_same_story_another_year() -> None:
    with Matcher() as m:
        m.add(
            [
                fact_check(1, "Portions of the Amazon rainforest were on fire in August 2019."),
                fact_check(2, "Portions of the Amazon rainforest were on fire in March 2016."),
            ]
        )
        post = "The Amazon is burning and nobody talks about it — Ty (@ty) August 20, 2019"
        assert m.search(post)[0].fact_check.url == "https://checks.example/1"
        post_2016 = "The Amazon is burning and nobody talks about it — Ty (@ty) March 2, 2016"
        assert m.search(post_2016)[0].fact_check.url == "https://checks.example/2"


def test_an_article_date_weighs_date_distance_only() -> None:
    # The factcheck plugin passes the article's publication date: it must not be searched
    # as words (a news sentence does not state its month), or the fact-check of that very
    # sentence falls below the threshold.
    with Matcher() as m:
        m.add([fact_check(1, "NATO was set up in 1955")])
        text = (
            "NATO, set up in 1955, held a meeting of its defence ministers in Brussels on Tuesday."
        )
        undated = m.search(text)[0]
        dated = m.search(text, date=dt.date(2023, 5, 16))[0]
        assert dated.score == undated.score
        assert dated.previously_checked == undated.previously_checked
