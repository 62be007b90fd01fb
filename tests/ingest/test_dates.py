"""The article's date: from --published, HTML metadata, the URL, or date lines in the text."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.config import load_settings
from claimtrack.errors import ClaimtrackError
from claimtrack.ingest import Document, read_source
from claimtrack.ingest.dates import (
    EARLIEST,
    date_from_text,
    date_from_url,
    parse_published,
)


def _read(path: Path, text: str) -> Document:
    path.write_text(text, encoding="utf-8")
    return read_source(str(path), load_settings())


# -- detection, source by source ------------------------------------------------------------


def test_html_metadata(article_server: Any) -> None:
    doc = read_source(article_server.url("/article.html"), load_settings())
    assert doc.published == datetime(2023, 5, 16, tzinfo=UTC)
    assert doc.published_source == "metadata"


def test_html_metadata_beats_the_url(article_server: Any) -> None:
    doc = read_source(article_server.url("/2020/01/02/dated/article.html"), load_settings())
    assert doc.published is not None and doc.published.date() == date(2023, 5, 16)
    assert doc.published_source == "metadata"


def test_url_path_when_the_page_has_no_date(article_server: Any) -> None:
    doc = read_source(article_server.url("/2022/09/15/undated.html"), load_settings())
    assert doc.published == datetime(2022, 9, 15, tzinfo=UTC)
    assert doc.published_source == "url"
    undated = read_source(article_server.url("/world/undated.html"), load_settings())
    assert undated.published is None and undated.published_source is None


def test_url_path_of_a_plain_text_article(article_server: Any) -> None:
    doc = read_source(article_server.url("/news/2022-09-16/wire.txt"), load_settings())
    assert (doc.published, doc.published_source) == (datetime(2022, 9, 16, tzinfo=UTC), "url")


def test_yearless_dateline_takes_the_year_from_the_url(article_server: Any) -> None:
    """ "SAMARKAND, Sept 15 (Reuters)" with /2022/ in the URL: 15 September 2022, from the text."""
    doc = read_source(article_server.url("/world/2022/wire.txt"), load_settings())
    assert (doc.published, doc.published_source) == (datetime(2022, 9, 15, tzinfo=UTC), "text")


def test_yearless_dateline_alone_gives_no_date(tmp_path: Path) -> None:
    """No year anywhere: the date stays unknown rather than being guessed from today."""
    doc = _read(
        tmp_path / "wire.txt",
        "SAMARKAND, Sept 15 (Reuters) - Xi Jinping and Vladimir Putin met on Thursday.\n",
    )
    assert doc.published is None and doc.published_source is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("Published 15.09.2022", date(2022, 9, 15)),
        ("Published: 2022-09-15", date(2022, 9, 15)),
        ("**Updated: March 3, 2021**", date(2021, 3, 3)),
        ("Thursday, 15 September 2022", date(2022, 9, 15)),
        ("Sept. 15, 2022", date(2022, 9, 15)),
        ("Date: 1 Feb 2019", date(2019, 2, 1)),
    ],
)
def test_date_lines_near_the_top(tmp_path: Path, head: str, expected: date) -> None:
    doc = _read(
        tmp_path / "a.txt",
        f"# Leaders meet in Samarkand\n\n{head}\n\nThe leaders met for three hours, officials said.\n",
    )
    assert doc.published == datetime(expected.year, expected.month, expected.day, tzinfo=UTC)
    assert doc.published_source == "text"
    assert doc.title == "Leaders meet in Samarkand"


@pytest.mark.parametrize(
    "line",
    [
        "SAMARKAND, Uzbekistan, Sept. 15, 2022 (Reuters) - Xi and Putin met for three hours.",
        "SAMARKAND, 15 September 2022 — Xi and Putin met for three hours, officials said.",
    ],
)
def test_datelines_with_a_year(line: str) -> None:
    assert date_from_text(f"Leaders meet\n\n{line}\n") == date(2022, 9, 15)


def test_a_date_line_is_not_the_title(tmp_path: Path) -> None:
    doc = _read(
        tmp_path / "a.txt", "Published 15.09.2022\n\nTalks resume in Sydney\n\nThe talks resumed.\n"
    )
    assert doc.title == "Talks resume in Sydney"
    assert doc.published is not None and doc.published.date() == date(2022, 9, 15)


@pytest.mark.parametrize(
    "text",
    [
        # A date inside a long sentence is a date the article talks about, not its own.
        (
            "Title\n\nThe treaty signed on 15 September 2022 by both governments took effect "
            "after a long and bitter debate in parliament.\n"
        ),
        "Title\n\nPublished 31.02.2022\n\nNo such day.\n",
        "Title\n\nPublished 15.09.2999\n\nIn the future.\n",
        "Title\n\n" + "Paragraph.\n\n" * 12 + "Published 15.09.2022\n",  # too far down
    ],
)
def test_no_date_from_the_text(text: str) -> None:
    assert date_from_text(text) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/2022/09/15/summit", date(2022, 9, 15)),
        ("https://example.org/world/2022-09-15-summit.html", date(2022, 9, 15)),
        ("https://example.org/20220915/summit", date(2022, 9, 15)),
        ("https://example.org/2022/9/5/summit", date(2022, 9, 5)),
        ("https://example.org/a/12345678/summit", None),  # an id, not a date
        ("https://example.org/2022/13/45/summit", None),
        ("https://example.org/summit?date=2022-09-15", None),  # the query is not the path
        ("/home/ana/2022/09/15/notes.txt", None),  # a file path is not a URL
    ],
)
def test_date_from_url(url: str, expected: date | None) -> None:
    assert date_from_url(url) == expected


# -- the strict --published parser -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-09-15", datetime(2022, 9, 15, tzinfo=UTC)),
        (" 2022-09-15 ", datetime(2022, 9, 15, tzinfo=UTC)),
        ("2022-09-15T10:30", datetime(2022, 9, 15, 10, 30, tzinfo=UTC)),
        ("2022-09-15T10:30:00Z", datetime(2022, 9, 15, 10, 30, tzinfo=UTC)),
        ("2022-09-15T10:30+02:00", datetime(2022, 9, 15, 8, 30, tzinfo=UTC)),
    ],
)
def test_parse_published_accepts_iso(text: str, expected: datetime) -> None:
    assert parse_published(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-13-45", "not a valid date"),
        ("2022-02-30", "not a valid date"),
        ("yesterday", "not a date"),
        ("15/09/2022", "not a date"),
        ("Sept 15 2022", "not a date"),
        ("", "empty"),
        ("   ", "empty"),
        ("2999-01-01", "in the future"),
        ("0999-01-01", "before"),
        ("0001-01-01T00:00+01:00", "not a valid date"),  # before year 1 in UTC
    ],
)
def test_parse_published_rejects(text: str, message: str) -> None:
    with pytest.raises(ClaimtrackError, match=message) as info:
        parse_published(text)
    assert "\n" not in str(info.value)


@given(st.dates(min_value=EARLIEST, max_value=datetime.now(UTC).date()))
def test_any_valid_iso_date_round_trips(day: date) -> None:
    parsed = parse_published(day.isoformat())
    assert parsed.date() == day and parsed.tzinfo is not None
    assert parsed.utcoffset() == timedelta(0)


ISO_LIKE = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"


@given(
    st.one_of(
        st.text(alphabet=string.printable + "é–—０１２", max_size=40),
        st.from_regex(ISO_LIKE, fullmatch=True),  # date-shaped, often impossible dates
    )
)
@settings(max_examples=300)
def test_garbage_never_crashes(text: str) -> None:
    """Any string is either an ISO date (or date and time) or a one-line ClaimtrackError."""
    try:
        parsed = parse_published(text)
    except ClaimtrackError as exc:
        assert "\n" not in str(exc).replace(repr(text), "")
    else:
        assert parsed.tzinfo is not None
        assert text.strip()[:10] == parsed.date().isoformat() or "T" in text or " " in text.strip()
