"""Every label a claim can carry, defined once: verdicts, review decisions and claim statuses.

The enums are :class:`enum.StrEnum`, so a member *is* its string (``VerdictLabel.REFUTED ==
"refuted"``) and what is stored in the database does not change. The tuples below are the
plain-string views the rest of the code (and click choices) use; every other module takes
its labels from here.

:func:`label_for_rating` is the one map from a published fact-check's textual rating
("Pants on Fire!", "Half True", "No evidence", "Engañoso") to a label, read from the rating
table shipped with the package (``ratings.tsv``, shown in ``docs/ratings.md``). It is used by
``claimtrack import claimreview``, the ``factcheck`` verifier plugin, and so by every report
and export that shows an imported or matched fact-check.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any, Literal


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


#: A reviewer's confirmation that a claim was checked by a published fact-check is a
#: :attr:`ReviewLabel.NOTE` review whose note is this prefix and the fact-check's URL. A note
#: decides nothing (:func:`claimtrack.outcome.outcome`): it records *which* fact-check checked
#: the claim, and the claim then shows that fact-check as previously checked.
CONFIRMED_NOTE = "previously checked: "


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

#: The rating table's file (tab-separated: rating, label, language, note), shipped with the
#: package. It is the only list of ratings; ``docs/ratings.md`` shows it.
RATING_TABLE_FILE = "ratings.tsv"
#: Languages the table covers, in the order the docs list them.
RATING_LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
}


@dataclass(frozen=True)
class RatingRow:
    """One published rating of the table and the label it gives a claim."""

    #: The rating as the table writes it ("pants on fire", "engañoso").
    rating: str
    label: VerdictLabel
    #: ``en``, ``es``, ``fr`` or ``de``.
    language: str
    #: Why this label, when it is not obvious.
    note: str = ""

    @property
    def phrase(self) -> str:
        """The rating as matched (:func:`normalise_rating`)."""
        return normalise_rating(self.rating)


def normalise_rating(text: str | None) -> str:
    """A rating as matched: case-folded, accents dropped, punctuation and hyphens made
    spaces, whitespace collapsed (``"Pants-on-Fire!"`` → ``"pants on fire"``,
    ``"Engañoso"`` → ``"enganoso"``)."""
    folded = unicodedata.normalize("NFKD", (text or "").casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]|_", " ", plain).split())


def load_rating_table(text: str | None = None) -> tuple[RatingRow, ...]:
    """The rating table: the packaged :data:`RATING_TABLE_FILE`, or ``text`` in its format.

    Raises :class:`ValueError` on a row without a known label or language, or on a rating
    listed twice (after normalising).
    """
    if text is None:
        from importlib import resources

        text = (resources.files("claimtrack") / RATING_TABLE_FILE).read_text(encoding="utf-8")
    rows: list[RatingRow] = []
    seen: dict[str, int] = {}
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    for number, line in lines:
        if line.startswith("#") or line.startswith("rating\t"):
            continue
        rating, label, language, *rest = [*line.split("\t"), "", ""][:4]
        if label not in VERDICT_LABELS or label == VerdictLabel.ERROR:
            raise ValueError(f"{RATING_TABLE_FILE} line {number}: unknown label {label!r}")
        if language not in RATING_LANGUAGES:
            raise ValueError(f"{RATING_TABLE_FILE} line {number}: unknown language {language!r}")
        row = RatingRow(rating.strip(), VerdictLabel(label), language, rest[0].strip())
        if not row.phrase:
            raise ValueError(f"{RATING_TABLE_FILE} line {number}: empty rating")
        if row.phrase in seen:
            raise ValueError(
                f"{RATING_TABLE_FILE} line {number}: {rating!r} is already on line {seen[row.phrase]}"
            )
        seen[row.phrase] = number
        rows.append(row)
    return tuple(rows)


# The table is read and its pattern compiled on first use (the module attributes
# RATING_TABLE and RATING_LABELS below): every command imports this module for its labels,
# and only imports, matching and reports with fact-checks look ratings up.


@cache
def _rating_table() -> tuple[RatingRow, ...]:
    return load_rating_table()


@cache
def _rating_labels() -> dict[str, VerdictLabel]:
    return {row.phrase: row.label for row in _rating_table()}


@cache
def _rating_pattern() -> re.Pattern[str]:
    # Longest first: the first phrase found in a rating is the longest one it contains.
    return re.compile(
        r"(?<!\w)(?:"
        + "|".join(re.escape(p) for p in sorted(_rating_labels(), key=lambda p: (-len(p), p)))
        + r")(?!\w)"
    )


#: Module attributes computed on first use: ``RATING_TABLE`` (every rating of the table,
#: in its order) and ``RATING_LABELS`` (each normalised rating phrase and its label).
_LAZY = {"RATING_TABLE": _rating_table, "RATING_LABELS": _rating_labels}

if TYPE_CHECKING:
    RATING_TABLE: tuple[RatingRow, ...]
    RATING_LABELS: dict[str, VerdictLabel]


def __getattr__(name: str) -> Any:
    make = _LAZY.get(name)
    if make is None:
        raise AttributeError(f"module 'claimtrack.labels' has no attribute {name!r}")
    return make()


def label_for_rating(text: str | None) -> VerdictLabel | None:
    """The label the rating table gives a published fact-check's textual rating, or None
    when it names none of the table's ratings.

    The rating is normalised (:func:`normalise_rating`) and the table's ratings are looked
    for in it as whole phrases; the longest one found decides. ``"Pants on Fire!"`` →
    refuted, ``"Half True"`` → mixed, ``"Mostly true"`` → supported, ``"There is no
    evidence"`` → unverifiable, ``"Engañoso"`` → mixed, ``"Spicy"`` → None.
    """
    rating = normalise_rating(text)
    found = [m.group() for m in _rating_pattern().finditer(rating)]
    return _rating_labels()[max(found, key=len)] if found else None


def rating_verdict(text: str | None) -> VerdictLabel:
    """The label a published rating gives a claim: the table's, else ``unverifiable``
    (the caller keeps the rating text itself)."""
    return label_for_rating(text) or VerdictLabel.UNVERIFIABLE


def rating_table_markdown() -> str:
    """The rating table as the Markdown ``docs/ratings.md`` shows, one table per language."""
    out: list[str] = []
    for language, name in RATING_LANGUAGES.items():
        rows = [row for row in _rating_table() if row.language == language]
        out += [
            f"### {name} ({len(rows)} ratings)",
            "",
            "| Rating | Label | Why |",
            "|---|---|---|",
        ]
        out += [f"| {row.rating} | `{row.label.value}` | {row.note} |" for row in rows]
        out.append("")
    return "\n".join(out)
