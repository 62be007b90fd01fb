"""Every label a claim can carry, defined once: verdicts, review decisions and claim statuses.

The enums are :class:`enum.StrEnum`, so a member *is* its string (``VerdictLabel.REFUTED ==
"refuted"``) and what is stored in the database does not change. The tuples below are the
plain-string views the rest of the code (and click choices) use; every other module takes
its labels from here.

:func:`label_for_rating` is the one map from a published fact-check's textual rating
("Pants on Fire!", "Half True", "No evidence") to a label, used by ``claimtrack import
claimreview`` and by the ``factcheck`` verifier plugin.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal


class VerdictLabel(StrEnum):
    """What a verifier can conclude about a claim."""

    SUPPORTED = "supported"
    REFUTED = "refuted"
    MIXED = "mixed"
    UNVERIFIABLE = "unverifiable"
    #: The check itself failed (the source was down, the plugin crashed, …).
    ERROR = "error"


class ReviewLabel(StrEnum):
    """What a human review (one :class:`~claimtrack.models.Review` row) can say."""

    SUPPORTED = "supported"
    REFUTED = "refuted"
    MIXED = "mixed"
    UNVERIFIABLE = "unverifiable"
    #: Set the claim aside: no verdict, no rating.
    NOT_CHECKWORTHY = "not_checkworthy"
    #: A comment that decides nothing.
    NOTE = "note"


class ClaimStatus(StrEnum):
    """A claim's workflow status (``claim.status``), derived from its reviews."""

    OPEN = "open"
    REVIEWED = "reviewed"
    DISPUTED = "disputed"
    NOT_CHECKWORTHY = "not_checkworthy"


#: The verdict label as a type, for verifier authors (must equal :data:`VERDICT_LABELS`;
#: a test checks it, as a ``Literal`` cannot be built from the enum).
Label = Literal["supported", "refuted", "mixed", "unverifiable", "error"]

#: A claim set aside by its latest decision: its outcome's label.
SET_ASIDE: str = ReviewLabel.NOT_CHECKWORTHY.value
#: The outcome of a claim with no verdict and no decision yet.
UNCHECKED = "unchecked"

#: Verdict labels, in the order reports list them.
VERDICT_LABELS: tuple[str, ...] = tuple(m.value for m in VerdictLabel)
#: Verdict labels that take a side (the others say "could not tell").
DECISIVE_LABELS: tuple[str, ...] = (
    VerdictLabel.SUPPORTED.value,
    VerdictLabel.REFUTED.value,
    VerdictLabel.MIXED.value,
)
#: Every label a Review row may carry.
REVIEW_LABELS: tuple[str, ...] = tuple(m.value for m in ReviewLabel)
#: Review labels that decide a claim (everything but ``note``).
DECISION_LABELS: tuple[str, ...] = tuple(m.value for m in ReviewLabel if m is not ReviewLabel.NOTE)
#: Final verdicts a reviewer can give: the decisions that are verdicts (no set-aside, no ``error``).
REVIEW_VERDICTS: tuple[str, ...] = tuple(v for v in DECISION_LABELS if v in VERDICT_LABELS)
#: Every label a claim's outcome can have: a verdict, set aside, or not checked yet.
OUTCOME_LABELS: tuple[str, ...] = (*VERDICT_LABELS, SET_ASIDE, UNCHECKED)
#: Claim statuses: ``open`` until a human decides.
CLAIM_STATUSES: tuple[str, ...] = tuple(m.value for m in ClaimStatus)
#: Every label any output shows, once: outcomes, review labels and claim statuses. The
#: console's colours (:data:`claimtrack.console.LABEL_STYLES`) are built from this list.
ALL_LABELS: tuple[str, ...] = tuple(
    dict.fromkeys((*OUTCOME_LABELS, *REVIEW_LABELS, *CLAIM_STATUSES))
)

#: The review app's "verdict" sort: what most needs a fact-checker's eye comes first.
OUTCOME_SORT_ORDER: tuple[str, ...] = (
    VerdictLabel.REFUTED.value,
    VerdictLabel.MIXED.value,
    VerdictLabel.SUPPORTED.value,
    VerdictLabel.UNVERIFIABLE.value,
    VerdictLabel.ERROR.value,
    SET_ASIDE,
    UNCHECKED,
)
#: The review app's "status" sort: disagreements first, set-aside claims last.
STATUS_SORT_ORDER: tuple[str, ...] = (
    ClaimStatus.DISPUTED.value,
    ClaimStatus.OPEN.value,
    ClaimStatus.REVIEWED.value,
    ClaimStatus.NOT_CHECKWORTHY.value,
)


# -- published fact-check rating → label ----------------------------------------------------

#: Phrases of published ratings for each label. A phrase matches at the start of a word
#: ("exaggerat" matches "exaggerated", "correct" does not match inside "incorrect"), and the
#: longest matching phrase wins ("mostly true" over "true", "not true" over "true").
#:
#: "No evidence" (and "unproven", "unsupported") is ``unverifiable``: the fact-checker found
#: nothing for or against the claim, which is not the same as finding it false. Fact-checkers
#: who mean "false" say so ("False", "Baseless", "Fabricated"), and those map to ``refuted``.
RATING_PHRASES: dict[VerdictLabel, tuple[str, ...]] = {
    VerdictLabel.REFUTED: (
        "pants on fire",
        "mostly false",
        "totally false",
        "false",
        "fake",
        "incorrect",
        "inaccurate",
        "wrong",
        "falso",
        "faux",
        "falsch",
        "unwahr",
        "hoax",
        "baseless",
        "fabricated",
        "debunked",
        "not true",
        "untrue",
        "four pinocchios",
    ),
    VerdictLabel.MIXED: (
        "half true",
        "half-true",
        "mixture",
        "mixed",
        "partly",
        "partially",
        "misleading",
        "missing context",
        "exaggerat",
        "needs context",
        "out of context",
        "distort",
        "cherry",
        "two pinocchios",
        "three pinocchios",
    ),
    VerdictLabel.SUPPORTED: (
        "mostly true",
        "true",
        "correct",
        "accurate",
        "verdadero",
        "vrai",
        "wahr",
        "confirmed",
        "legit",
        "correct attribution",
        "geppetto checkmark",
    ),
    VerdictLabel.UNVERIFIABLE: (
        "unproven",
        "unverified",
        "unverifiable",
        "no evidence",
        "unsupported",
        "research in progress",
        "not rated",
        "satire",
        "outdated",
    ),
}

_PHRASES: tuple[tuple[str, VerdictLabel, re.Pattern[str]], ...] = tuple(
    (phrase, label, re.compile(r"(?<!\w)" + re.escape(phrase)))
    for label, phrases in RATING_PHRASES.items()
    for phrase in phrases
)


def normalise_rating(text: str | None) -> str:
    """A rating as matched: case-folded, punctuation (but ``-``) dropped, whitespace collapsed."""
    return " ".join(re.sub(r"[^\w\s-]", " ", (text or "").casefold()).split())


def label_for_rating(text: str | None) -> VerdictLabel | None:
    """The label for a published fact-check's textual rating, or None when it names none.

    ``"Pants on Fire!"`` → refuted, ``"Half True"`` → mixed, ``"Mostly true"`` → supported,
    ``"No evidence"`` → unverifiable, ``"Spicy"`` → None.
    """
    rating = normalise_rating(text)
    hits = [(len(phrase), label) for phrase, label, pattern in _PHRASES if pattern.search(rating)]
    return max(hits, key=lambda hit: hit[0])[1] if hits else None
