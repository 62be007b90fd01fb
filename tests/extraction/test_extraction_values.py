"""Structured values: numbers in words, quantities, dates against publication, quotes."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack.extraction.dates import find_dates, first_since, inception_year, last_in
from claimtrack.extraction.kinds import analyse
from claimtrack.extraction.numbers import find_quantities, parse_number
from claimtrack.extraction.quotes import find_quote

PUBLISHED = datetime(2024, 6, 13)  # a Thursday


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("eight", 8),
        ("twenty-five", 25),
        ("a third", 1 / 3),
        ("a tenth", 0.1),
        ("1.4 billion", 1.4e9),
        ("1,234", 1234),
        ("3.5 million", 3.5e6),
        ("two hundred thousand", 200_000),
        ("12", 12),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


def test_parse_number_rejects_words() -> None:
    assert parse_number("several") is None


def test_quantities() -> None:
    (q,) = find_quantities("The G7 is home to a tenth of the world's population.")
    assert (q.value, q.unit, q.scope) == (0.1, "fraction", "world population")
    multi, money = find_quantities("It was a multi-million dollar deal worth $3.5 billion.")
    assert multi.as_values()["min"] == 2e6 and multi.unit == "USD" and multi.value is None
    assert (money.value, money.unit) == (3.5e9, "USD")
    pct, jobs = find_quantities("Unemployment fell to 4.2% in 2023, with 250,000 jobs added.")
    assert (pct.value, pct.unit) == (4.2, "percent")
    assert (jobs.value, jobs.unit) == (250_000, "jobs")


def test_years_and_names_are_not_quantities() -> None:
    assert find_quantities("Ministers of the Group of Seven met in 2023.") == []


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("They met on Tuesday.", "2024-06-11"),
        ("They met last Friday.", "2024-06-07"),
        ("They met yesterday.", "2024-06-12"),
        ("They meet next Monday.", "2024-06-17"),
        ("They will meet on Monday.", "2024-06-17"),
        ("They met on Thursday.", "2024-06-13"),
        ("It was signed on Jan. 5, 2023.", "2023-01-05"),
        ("It was signed on 3 March.", "2024-03-03"),
    ],
)
def test_dates_resolved_against_publication(sentence: str, date: str) -> None:
    (found,) = find_dates(sentence, PUBLISHED)
    assert found.as_values()["date"] == date


def test_years_decades_and_patterns() -> None:
    years = [
        d.year
        for d in find_dates("It grew in 2018 and shrank in the 1990s, unlike last year.", PUBLISHED)
    ]
    assert years == [2018, 1990, 2023]
    assert first_since("It is the first time since 1990 that prices fell.")["since"] == 1990  # type: ignore[index]
    assert last_in("The last time this happened was in 2018.")["year"] == 2018  # type: ignore[index]
    assert inception_year("Founded in 1949, NATO has grown.")[0] == 1949  # type: ignore[index]
    assert first_since("Prices fell.") is None


def test_comparison_dated_by_first_stays_a_comparison() -> None:
    from claimtrack.extraction.base import ArticleContext
    from claimtrack.extraction.default import DefaultExtractor

    text = (
        "Japan's exports were higher than Germany's for the first time in a decade, officials said."
    )
    (claim,) = DefaultExtractor().extract(text, ArticleContext())
    assert claim.kind == "comparison"
    assert claim.values["kinds"]["comparison"] == {
        "type": "comparison",
        "word": "higher than",
        "text": "higher than",
    }


def test_first_since_an_event() -> None:
    found = first_since("These were the first talks since the invasion.")
    assert found is not None and found["since"] is None and found["since_event"] == "the invasion"
    assert (
        first_since("It was the largest protest since the election, police said.")["since_event"]
        == "the election"
    )  # type: ignore[index]
    assert first_since("Since the invasion, prices have risen.") is None


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            '"We will not back down on this," German Chancellor Olaf Scholz said on Tuesday.',
            "German Chancellor Olaf Scholz",
        ),
        (
            '"The economy grew by 3 percent last year," said Finance Minister Jane Roe.',
            "Finance Minister Jane Roe",
        ),
        (
            'Prime Minister Anthony Albanese told reporters: "This is the largest deal in our history."',
            "Prime Minister Anthony Albanese",
        ),
        (
            "Inflation rose to 5 percent, according to the Office for National Statistics.",
            "the Office for National Statistics",
        ),
        (
            "A spokesman for the ministry said the figures were wrong.",
            "A spokesman for the ministry",
        ),
        (
            '"Growth will return next year," the central bank said in a statement.',
            "the central bank",
        ),
        ("Prices rose by a third, the statistics agency said.", "the statistics agency"),
        ("John Smith, 45, said the team had trained for 18 months.", "John Smith"),
        ("In a statement, the White House said the visit would go ahead.", "the White House"),
        ('"This is a turning point for the region," Ng said in an interview.', "Ng"),
    ],
)
def test_speakers(sentence: str, speaker: str) -> None:
    q = find_quote(sentence)
    assert q is not None and q.speaker == speaker


def test_pronoun_and_continuation_use_previous_speaker() -> None:
    assert find_quote('"It is a historic day for us," he said.', "Mary Ng").speaker == "Mary Ng"  # type: ignore[union-attr]
    assert find_quote('"Nobody expected this outcome at all."', "Mary Ng").speaker == "Mary Ng"  # type: ignore[union-attr]
    assert find_quote('"It is a historic day for us," he said.').speaker is None  # type: ignore[union-attr]
    assert find_quote("The weather was nice.") is None


def test_told_gives_addressee() -> None:
    q = find_quote("Mr. Biden told CNN that the talks had failed.")
    assert q is not None and (q.speaker, q.addressee) == ("Mr. Biden", "CNN")


def test_office_and_capital_and_inception_values() -> None:
    a = analyse("Mary Ng, Canada's trade minister, met officials in Australia's capital, Sydney.")
    assert a.kinds["office"]["person"] == "Mary Ng" and a.kinds["office"]["country"] == "Canada"
    assert {"relation": "capital", "country": "Australia", "city": "Sydney"}.items() <= next(
        r for r in a.relations if r["relation"] == "capital"
    ).items()
    b = analyse("NATO, set up in 1949, has 32 members.")
    assert {"relation": "inception", "entity": "NATO", "year": 1949} in b.relations
    assert b.kinds["membership"] == {"group": "NATO", "count": 32, "members": [], "partial": True}
    c = analyse("The group, a bloc of five countries including Brazil and India, met.")
    assert c.kinds["membership"] == {
        "group": None,
        "count": 5,
        "members": ["Brazil", "India"],
        "partial": True,
    }
    d = analyse("Japan's population fell to 124.5 million in 2023.")
    assert {
        "relation": "population",
        "country": "Japan",
        "value": 124.5e6,
        "hedge": None,
    } in d.relations


def test_entities() -> None:
    a = analyse("German Chancellor Olaf Scholz met the Group of Seven in Berlin.")
    assert "Group of Seven" in a.entities and "Berlin" in a.entities


def test_reported_speech_yields_to_what_it_reports() -> None:
    a = analyse("Japan's exports were higher than Germany's exports, officials said.")
    assert a.kind == "comparison" and a.speaker == "officials"
    assert a.kinds["quote"]["direct"] is False
    b = analyse("The minister said the plan was working.")
    assert b.kind == "quote" and b.speaker == "The minister"
    c = analyse('"Our plan is working as intended," the minister said.')
    assert c.kind == "quote" and c.kinds["quote"]["direct"] is True


@pytest.mark.parametrize(
    ("sentence", "entity"),
    [
        (
            (
                "It was also the first OECD trade session in Latin America since the organisation "
                "was founded in 1965."
            ),
            "OECD",
        ),
        (
            (
                "Leaders of ASEAN met in Jakarta, the first summit in Indonesia since the bloc was "
                "founded in 1967."
            ),
            "ASEAN",
        ),
        ("NATO, which was founded in 1949, has 32 members.", "NATO"),
        ("The Group of Seven, founded in 1975, met in Italy.", "Group of Seven"),
        # No name for what was founded: say nothing rather than name the wrong thing.
        ("Talks in Paris were the first since the company was founded in 1998.", None),
        ("It was founded in 1965.", None),
    ],
)
def test_founded_subject_is_what_was_founded(sentence: str, entity: str | None) -> None:
    (rel,) = [r for r in analyse(sentence).relations if r["relation"] == "inception"]
    assert rel["entity"] == entity


_PLACES = ("Latin America", "Jakarta", "Lima", "South Africa", "New Delhi", "Brussels", "Peru")
_DESCRIPTIONS = ("organisation", "organization", "bloc", "forum", "alliance", "group")


@given(
    acronym=st.text(alphabet="ABCDEFGHKLMNPRSTVW", min_size=3, max_size=5),
    place=st.sampled_from(_PLACES),
    description=st.sampled_from(_DESCRIPTIONS),
    year=st.integers(1900, 2020),
    with_name=st.booleans(),
)
def test_a_described_founder_is_never_the_place_before_it(
    acronym: str, place: str, description: str, year: int, with_name: bool
) -> None:
    who = f"{acronym} ministers" if with_name else "Ministers"
    sentence = (
        f"{who} met in {place}, the first such meeting in {place} since the {description} "
        f"was founded in {year}."
    )
    (rel,) = [r for r in analyse(sentence).relations if r["relation"] == "inception"]
    assert rel["year"] == year
    assert rel["entity"] == (acronym if with_name else None)


@pytest.mark.parametrize(
    ("sentence", "year"),
    [
        # The founding year and the "since" year are not when the event happened.
        ("Founded in 1949, NATO now has 31 members after Finland joined last month.", 2024),
        ("The group, which was formed in 2001, held its first summit in Yekaterinburg.", None),
        ("Carney hosted the G7 summit in Kananaskis, the first held in Canada since 2018.", None),
        ("It was the fastest increase since Medicare began in 1984.", 1984),
        ("Finland joined NATO in 2023, decades after the alliance was founded in 1949.", 2023),
    ],
)
def test_an_event_is_dated_by_its_own_date(sentence: str, year: int | None) -> None:
    assert analyse(sentence, PUBLISHED).kinds["event"]["year"] == year


@pytest.mark.parametrize(
    ("sentence", "person"),
    [
        ("Brazil's President Luiz Inácio Lula da Silva spoke.", "Luiz Inácio Lula da Silva"),
        ("Finnish President Sauli Niinistö attended.", "Sauli Niinistö"),
        ("Secretary-General António Guterres opened the session.", "António Guterres"),
        ("Recep Tayyip Erdoğan, Turkey's president, said so.", "Recep Tayyip Erdoğan"),
    ],
)
def test_office_holders_with_names_beyond_ascii(sentence: str, person: str) -> None:
    assert analyse(sentence).kinds["office"]["person"] == person


_SMALL = "abcdeéíóöüñçãğłšžø"


@given(
    first=st.tuples(st.sampled_from("ABDÉÍÓŁŠŽ"), st.text(alphabet=_SMALL, min_size=2, max_size=8)),
    last=st.tuples(st.sampled_from("BCGKMÖÜŠŻ"), st.text(alphabet=_SMALL, min_size=2, max_size=10)),
)
def test_an_office_holders_name_is_read_whole(
    first: tuple[str, str], last: tuple[str, str]
) -> None:
    name = f"{''.join(first)} {''.join(last)}"
    office = analyse(f"Prime Minister {name} said the talks went well.").kinds["office"]
    assert office["person"] == name
