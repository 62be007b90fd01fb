"""One definition of every label set (:mod:`claimtrack.labels`), and one rating map."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import click
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack import labels, models
from claimtrack.cli.claims import claims as claims_command
from claimtrack.cli.review import review as review_command
from claimtrack.console import LABEL_STYLES
from claimtrack.importers.claimreview import label_for_rating as importer_label
from claimtrack.models import Review
from claimtrack.outcome import DECISIVE_REVIEW_LABELS, NO_VERDICT, SET_ASIDE, outcome
from claimtrack.report import build
from claimtrack.review.claimlist import STATUS_MARKS
from claimtrack.services import review as decisions
from claimtrack.services.review import status_from_reviews
from claimtrack.verification import aggregate, api
from claimtrack_factcheck.verifier import rating_label as factcheck_rating_label


def _choices(command: click.Command, option: str) -> tuple[str, ...]:
    [param] = [p for p in command.params if p.name == option]
    assert isinstance(param.type, click.Choice)
    return tuple(param.type.choices)


def test_the_label_sets() -> None:
    assert labels.VERDICT_LABELS == ("supported", "refuted", "mixed", "unverifiable", "error")
    assert labels.REVIEW_LABELS == (
        "supported",
        "refuted",
        "mixed",
        "unverifiable",
        "not_checkworthy",
        "note",
    )
    assert labels.CLAIM_STATUSES == ("open", "reviewed", "disputed", "not_checkworthy")
    assert (*labels.VERDICT_LABELS, "not_checkworthy", "unchecked") == labels.OUTCOME_LABELS
    # StrEnum members are their stored strings.
    assert (
        labels.VerdictLabel.REFUTED == "refuted"
        and f"{labels.ClaimStatus.NOT_CHECKWORTHY}" == "not_checkworthy"
    )


def test_every_place_lists_the_same_labels() -> None:
    assert api.LABELS == labels.VERDICT_LABELS
    assert typing.get_args(api.Label) == labels.VERDICT_LABELS
    assert set(api.CLAIMREVIEW_RATINGS) == set(labels.VERDICT_LABELS)
    assert aggregate.DECISIVE == labels.DECISIVE_LABELS
    assert aggregate.FINAL_LABELS == build.LABEL_ORDER == labels.OUTCOME_LABELS
    assert (
        decisions.FINAL_LABELS
        == labels.REVIEW_VERDICTS
        == ("supported", "refuted", "mixed", "unverifiable")
    )
    assert decisions.DECISION_LABELS == DECISIVE_REVIEW_LABELS == labels.DECISION_LABELS
    assert decisions.REVIEW_LABELS == labels.REVIEW_LABELS
    assert (SET_ASIDE, NO_VERDICT) == ("not_checkworthy", "unchecked")
    assert _choices(review_command, "status") == labels.CLAIM_STATUSES
    assert _choices(claims_command, "status") == labels.CLAIM_STATUSES
    assert set(STATUS_MARKS) == set(labels.CLAIM_STATUSES)
    assert set(labels.OUTCOME_LABELS) | set(labels.REVIEW_LABELS) <= set(LABEL_STYLES)


def test_every_label_has_a_style_and_a_sort_position() -> None:
    """The console's colours and the review app's sort orders come from the one label list."""
    assert set(labels.ALL_LABELS) == (
        set(labels.OUTCOME_LABELS) | set(labels.REVIEW_LABELS) | set(labels.CLAIM_STATUSES)
    )
    assert tuple(LABEL_STYLES) == labels.ALL_LABELS
    assert all(LABEL_STYLES[label].strip() for label in labels.ALL_LABELS)
    assert sorted(labels.OUTCOME_SORT_ORDER) == sorted(labels.OUTCOME_LABELS)
    assert sorted(labels.STATUS_SORT_ORDER) == sorted(labels.CLAIM_STATUSES)


def test_verdict_means_only_the_api_verdict() -> None:
    assert (
        not hasattr(models, "Verdict")
        and not hasattr(models, "VERDICT_LABELS")
        and not hasattr(models, "CLAIM_STATUSES")
    )
    assert models.VerdictRow.__tablename__ == "verdict"
    assert api.Verdict("refuted").label == "refuted"


@given(
    st.lists(st.sampled_from(labels.REVIEW_LABELS), max_size=8),
    st.lists(st.sampled_from(("ann", "bob")), min_size=8, max_size=8),
)
def test_status_and_outcome_agree(review_labels: list[str], reviewers: list[str]) -> None:
    """A claim's status is one of the statuses, and not_checkworthy exactly when its outcome is set aside."""
    reviews = [
        Review(id=i + 1, claim_id=1, reviewer=who, label=label)
        for i, (label, who) in enumerate(zip(review_labels, reviewers, strict=False))
    ]
    status = status_from_reviews(reviews)
    result = outcome({"values": {}}, [], reviews)
    assert status in labels.CLAIM_STATUSES
    assert result.label in labels.OUTCOME_LABELS
    assert (status == labels.ClaimStatus.NOT_CHECKWORTHY) == result.set_aside
    assert (status == labels.ClaimStatus.OPEN) == (result.decided_by is None)


# -- one rating map -------------------------------------------------------------------------

KNOWN = {
    "Pants on Fire!": "refuted",
    "False": "refuted",
    "Mostly False": "refuted",
    "Four Pinocchios": "refuted",
    "Incorrect": "refuted",
    "Not true": "refuted",
    "Half True": "mixed",
    "Half-True": "mixed",
    "Partly false": "mixed",
    "Missing context": "mixed",
    "Exaggerated": "mixed",
    "Mostly True": "supported",
    "True": "supported",
    "Correct attribution": "supported",
    "No evidence": "unverifiable",
    "Unproven": "unverifiable",
    "Satire": "unverifiable",
    "Misattributed": "refuted",
    "Scam": "refuted",
    "Altered": "refuted",
    "Outdated": "unverifiable",
    "Falso": "refuted",
    "Verdadero": "supported",
    "Engañoso": "mixed",
    "Faux": "refuted",
    "Vrai": "supported",
    "Trompeur": "mixed",
    "Falsch": "refuted",
    "Richtig": "supported",
    "Irreführend": "mixed",
}


@st.composite
def variants(draw: st.DrawFn) -> tuple[str, str]:
    """A known rating with its case changed letter by letter and its spaces replaced by any whitespace."""
    rating = draw(st.sampled_from(sorted(KNOWN)))
    upper = draw(st.lists(st.booleans(), min_size=len(rating), max_size=len(rating)))
    cased = "".join(c.upper() if up else c.lower() for c, up in zip(rating, upper, strict=True))
    space = st.text(alphabet=" \t\n\u00a0", min_size=1, max_size=3)
    words = cased.split(" ")
    text = (
        draw(st.text(" \t\n", max_size=2))
        + "".join(w + draw(space) for w in words[:-1])
        + words[-1]
        + draw(st.text(" \t\n", max_size=2))
    )
    return text, KNOWN[rating]


@given(variants())
def test_importer_and_factcheck_use_one_rating_map(case: tuple[str, str]) -> None:
    text, expected = case
    assert labels.label_for_rating(text) == expected
    assert importer_label(text) == expected
    assert factcheck_rating_label(text) == expected


@pytest.mark.parametrize("rating", ["No evidence", "NO EVIDENCE.", "There is no evidence"])
def test_no_evidence_is_unverifiable_everywhere(rating: str) -> None:
    assert importer_label(rating) == "unverifiable"
    assert (
        factcheck_rating_label(rating) == "unverifiable"
    )  # not "refuted", as the plugin once said


@pytest.mark.parametrize(
    ("rating", "label"),
    [
        ("untrue", "refuted"),
        ("incorrect", "refuted"),
        ("inaccurate", "refuted"),
        ("unwahr", "refuted"),
        ("wahr", "supported"),
    ],
)
def test_a_phrase_matches_only_at_a_word_start(rating: str, label: str) -> None:
    assert labels.label_for_rating(rating) == label


def test_unknown_rating() -> None:
    assert labels.label_for_rating("Spicy") is None and labels.label_for_rating(None) is None
    assert importer_label("Spicy") == "unverifiable"
    assert factcheck_rating_label("Spicy") == "unverifiable"
    assert labels.rating_verdict("Spicy") == labels.VerdictLabel.UNVERIFIABLE


# -- the rating table and its page in the docs ----------------------------------------------

DOCS = Path(__file__).parents[2] / "docs" / "ratings.md"


def test_the_rating_table_covers_the_languages() -> None:
    by_language: dict[str, list[labels.RatingRow]] = {}
    for row in labels.RATING_TABLE:
        by_language.setdefault(row.language, []).append(row)
    assert len(by_language["en"]) >= 40
    for language, required in {
        "en": (
            "True",
            "Mostly True",
            "Half True",
            "Mostly False",
            "False",
            "Pants on Fire",
            "Misleading",
            "Misattributed",
            "Missing context",
            "Unproven",
            "No evidence",
            "Satire",
            "Scam",
            "Fake",
            "Altered",
            "Correct attribution",
            "Outdated",
            "Exaggerated",
        ),
        "es": ("Falso", "Verdadero", "Engañoso"),
        "fr": ("Faux", "Vrai", "Trompeur"),
        "de": ("Falsch", "Richtig", "Irreführend"),
    }.items():
        listed = {row.phrase for row in by_language[language]}
        assert {labels.normalise_rating(r) for r in required} <= listed, language
    # every label but "error" is given by some rating
    assert {row.label for row in labels.RATING_TABLE} == set(labels.REVIEW_VERDICTS)


@pytest.mark.parametrize("row", labels.RATING_TABLE, ids=lambda row: row.rating)
def test_every_rating_of_the_table_reads_as_its_label(row: labels.RatingRow) -> None:
    """No rating is shadowed by another one (the longest phrase found decides)."""
    assert labels.label_for_rating(row.rating) == row.label
    assert labels.label_for_rating(f"  {row.rating.upper()}!  ") == row.label
    assert importer_label(row.rating) == factcheck_rating_label(row.rating) == row.label


def test_the_docs_show_the_rating_table() -> None:
    """docs/ratings.md carries the table generated from the packaged file, unchanged."""
    text = DOCS.read_text(encoding="utf-8")
    generated = text.split("<!-- rating table: start -->\n")[1].split("<!-- rating table: end -->")[
        0
    ]
    assert generated == labels.rating_table_markdown(), (
        "docs/ratings.md is out of date: paste rating_table_markdown() between its markers"
    )
    counts = {
        lang: sum(r.language == lang for r in labels.RATING_TABLE)
        for lang in labels.RATING_LANGUAGES
    }
    assert (
        f"{len(labels.RATING_TABLE)} ratings: {counts['en']} English, {counts['es']} Spanish, "
        f"{counts['fr']} French, {counts['de']} German." in text
    )


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("false\trefuted\ten\nFALSE!\trefuted\ten\n", "line 2: 'FALSE!' is already on line 1"),
        ("nope\twrong\ten\n", "line 1: unknown label 'wrong'"),
        ("faux\trefuted\tfr\nnope\terror\ten\n", "line 2: unknown label 'error'"),
        ("vals\trefuted\tnl\n", "line 1: unknown language 'nl'"),
        ("!!\trefuted\ten\n", "line 1: empty rating"),
    ],
)
def test_a_bad_rating_table_is_refused(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=re.escape(error)):
        labels.load_rating_table(text)
