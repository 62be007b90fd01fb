"""Reading sources: encodings, boilerplate removal, HTML extraction, URL fetching."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from claimtrack.config import load_settings
from claimtrack.errors import InputError
from claimtrack.ingest import read_source
from claimtrack.ingest.boilerplate import strip_boilerplate
from claimtrack.ingest.decode import decode_bytes, looks_binary

SAMPLES = {
    "cp1252": "Le café coûte 12 euros à Paris en 2023, selon l'INSEE.",
    "utf-16": "Le café coûte 12 euros à Paris en 2023.",
    "koi8_r": "Цены выросли на 12 процентов в 2023 году, сообщило министерство экономики.",
    "shift_jis": "東京の人口は2023年に1400万人を超えたと都が発表した。",
    "utf-8-sig": "Prices rose 3 percent — the most since 1990.",
}


@pytest.mark.parametrize("encoding", SAMPLES)
def test_encodings_are_detected(encoding: str) -> None:
    text = SAMPLES[encoding]
    assert decode_bytes(text.encode(encoding), name="x") == text


def test_binary_detection() -> None:
    assert looks_binary(b"\x7fELF\x02\x01\x01\x00\x00\x00")
    assert looks_binary(bytes(range(32)) * 10)
    assert not looks_binary("plain text, with a tab\tand ümlauts".encode())
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"GIF89a\x00\x01\x02", name="x.gif")


def test_pasted_page_boilerplate_is_removed() -> None:
    page = "\n".join(
        [
            "Home | World | Business | Sport",
            "# Budget passes",
            "The budget of $1.2 billion passed by 61 votes to 40 on Monday.",
            "Tags: budget, parliament",
            "Share this article",
            "Previous post",
            "Markets rally as inflation cools",
            "Next post: Rates held for a third month",
            "",
            "Related articles",
            "Ministers clash over tariffs",
            "What the vote means for you",
            "",
            "Leave a reply",
            "Your email address will not be published. Required fields are marked *",
            "Name *",
            "We use cookies to improve your experience.",
            "© 2024 The Ledger",
        ]
    )
    assert (
        strip_boilerplate(page)
        == "# Budget passes\nThe budget of $1.2 billion passed by 61 votes to 40 on Monday."
    )


def test_article_text_is_kept() -> None:
    text = "Tagging along, the minister said the share of exports rose.\n\nNext, he cited 3 percent growth."
    assert strip_boilerplate(text) == text


def test_html_url_is_reduced_to_the_article(article_server) -> None:
    doc = read_source(article_server.url("/article.html"), load_settings())
    assert doc.title == "Talks resume in Sydney" or doc.title.startswith("Talks resume")
    assert doc.author == "Jane Harlow" and doc.site == "The Ledger"
    assert doc.published is not None and doc.published.year == 2023
    assert "Australia's capital, Sydney" in doc.text and "said Mary Ng" in doc.text
    for junk in ("Home", "Tags:", "Previous post", "Leave a comment", "will not be published"):
        assert junk not in doc.text, junk
    # The server saw our User-Agent.
    assert article_server.requests[-1][1].startswith("claimtrack/")


def test_charset_from_http_header(article_server) -> None:
    doc = read_source(article_server.url("/plain.txt"), load_settings())
    assert doc.text.startswith("Café prices rose by 12 percent")


def test_add_url_through_cli(article_server, tmp_path) -> None:
    db = str(tmp_path / "u.db")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimtrack",
            "--db",
            db,
            "add",
            "--json",
            article_server.url("/article.html"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    (added,) = json.loads(run.stdout)
    assert added["created"] and added["claims"] >= 2
