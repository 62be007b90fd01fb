"""Input cleaning: hand-picked real-world shapes and properties over arbitrary text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.retrieval.clean import MONTHS, clean, split_tag


def test_signature_is_taken_out_with_name_handle_and_date() -> None:
    post = (
        "Iran could threaten Trump hotels *worldwide* pic.twitter.com/AbC123 "
        "— Ilhan Omar (@IlhanMN) January 6, 2020"
    )
    cleaned = clean(post)
    assert cleaned.text == "Iran could threaten Trump hotels *worldwide*"
    assert (cleaned.author, cleaned.handle, cleaned.date) == (
        "Ilhan Omar",
        "IlhanMN",
        dt.date(2020, 1, 6),
    )


def test_url_glued_to_a_hashtag_and_a_quoted_signature() -> None:
    post = (
        '"CBC deletes Trump from Home Alone 2" #DefundTheCBChttps://t.co/CsHG8R9cHp '
        '— Brad Trost 🇨🇦 (@BradTrostCPC) December 26, 2019"'
    )
    cleaned = clean(post)
    assert cleaned.text == '"CBC deletes Trump from Home Alone 2" Defund The CBC'
    assert cleaned.author == "Brad Trost"
    assert cleaned.date == dt.date(2019, 12, 26)


def test_text_without_a_signature_keeps_its_dashes_and_has_no_author() -> None:
    cleaned = clean("Unemployment fell - the lowest since 1969 - in May.")
    assert cleaned.text == "Unemployment fell - the lowest since 1969 - in May."
    assert cleaned.author is None and cleaned.date is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("#AustralianFires are spreading", "Australian Fires are spreading"),
        ("@realDonaldTrump said so", "real Donald Trump said so"),
        ("#covid_19 cases", "covid 19 cases"),
        ("#MAGA rally", "MAGA rally"),
        ("see www.example.com/a?b=1 now", "see now"),
        ("read bit.ly/3xYz and weep", "read and weep"),
        ("Fish &amp; chips &lt;3", "Fish & chips <3"),
        ("“Quoted” ‘words’ — dash…", "\"Quoted\" 'words' - dash..."),
        ("Ｆｕｌｌｗｉｄｔｈ text", "Fullwidth text"),
        ("Wow 😱🔥 amazing", "Wow amazing"),
    ],
)
def test_hand_picked_cleaning(raw: str, expected: str) -> None:
    assert clean(raw).text == expected


def test_shouted_text_is_lower_cased_but_acronyms_stay() -> None:
    assert (
        clean("THE FBI FOUND BONES UNDER THE ISLAND").text == "the FBI found bones under the island"
    )
    # Mixed case is left alone.
    assert clean("The FBI found BONES").text == "The FBI found BONES"


def test_split_tag() -> None:
    assert split_tag("PizzaGate") == "Pizza Gate"
    assert split_tag("USAToday") == "USA Today"
    assert split_tag("Covid19") == "Covid 19"


_WORD = re.compile(r"^[A-Za-z]{2,12}$")
_noise = st.sampled_from(
    [
        " ",
        "  ",
        "\n",
        " https://t.co/x1 ",
        " #TagHere ",
        " @some_one ",
        " — ",
        " (@h) ",
        " January 5, 2020 ",
        "“",
        "”",
        " &amp; ",
        " 😀 ",
        "...",
    ]
)
_words = st.from_regex(r"[a-z]{3,10}", fullmatch=True)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_cleaning_never_crashes_and_is_idempotent(text: str) -> None:
    once = clean(text).text
    assert clean(once).text == once


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_words, _noise), max_size=40))
def test_cleaning_is_idempotent_on_post_like_text(parts: list[str]) -> None:
    once = clean(" ".join(parts)).text
    assert clean(once).text == once


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_words, min_size=1, max_size=20), st.lists(_noise, max_size=10))
def test_cleaning_keeps_every_plain_word(words: list[str], noise: list[str]) -> None:
    # Plain lower-case words followed by noise: every word survives (case-insensitively),
    # whatever URLs, tags, mentions or signature fragments come after them.
    text = " ".join(words) + " " + "".join(noise)
    cleaned = clean(text).text.lower().split()
    for word in words:
        assert word in cleaned


_names = st.lists(st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True), min_size=1, max_size=3)
_handles = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,14}", fullmatch=True)
_dash = st.sampled_from(["—", "–", "-", "--"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_words, min_size=1, max_size=20),
    st.lists(_noise.filter(lambda n: "(@" not in n and "—" not in n), max_size=5),
    _names,
    _handles,
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    _dash,
)
def test_any_embedded_post_signature_is_taken_out_and_read(
    words: list[str],
    noise: list[str],
    name: list[str],
    handle: str,
    date: dt.date,
    dash: str,
) -> None:
    month = MONTHS[date.month - 1]  # English whatever the locale
    post = (
        " ".join(words)
        + " "
        + " ".join(noise)
        + f" {dash} {' '.join(name)} (@{handle}) {month} {date.day}, {date.year}"
    )
    cleaned = clean(post)
    assert (cleaned.author, cleaned.handle, cleaned.date) == (" ".join(name), handle, date)
    # The rest is cleaned exactly as it would be without the signature.
    assert cleaned.text == clean(" ".join(words) + " " + " ".join(noise)).text
    for word in words:
        assert word in cleaned.text.lower().split()
