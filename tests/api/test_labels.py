"""One definition of every label set (:mod:`claimtrack.labels`), and one rating map."""

from __future__ import annotations

import typing

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
    # The verifier turns only ratings that take a side into verdicts; the rest stay evidence.
    assert factcheck_rating_label(text) == (
        expected if expected in labels.DECISIVE_LABELS else None
    )


@pytest.mark.parametrize("rating", ["No evidence", "NO EVIDENCE.", "There is no evidence"])
def test_no_evidence_is_unverifiable_everywhere(rating: str) -> None:
    assert importer_label(rating) == "unverifiable"
    assert factcheck_rating_label(rating) is None  # not "refuted", as the plugin once said


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
    assert importer_label("Spicy") == "unverifiable" and factcheck_rating_label("Spicy") is None
