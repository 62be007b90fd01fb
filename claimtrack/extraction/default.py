"""claimtrack's default extractor: every sentence, scored, typed and located."""

from __future__ import annotations

from claimtrack.extraction.base import ArticleContext, ExtractedClaim
from claimtrack.extraction.checkworthiness import load_model, score_sentence
from claimtrack.extraction.rules import bullet_end, dateline_end, non_claim
from claimtrack.extraction.sentences import segments

#: The score given to boilerplate (headings, bylines, credits …): never check-worthy.
NON_CLAIM_SCORE = 0.01
#: Characters between two calls of ``context.on_progress``.
PROGRESS_STEP = 32_768


class DefaultExtractor:
    """Segment the article, drop boilerplate, score and type every sentence.

    Returns every segment as an :class:`ExtractedClaim` (``checkworthy`` set at
    :data:`~claimtrack.extraction.checkworthiness.CHECKWORTHY_THRESHOLD`). A leading
    dateline ("SYDNEY (Reuters) -") or list marker ("- ") is left out of the claim span; quotes without their
    own attribution take the speaker of the sentence before.
    """

    name = "claimtrack-default"
    version = "1.0.0"

    def __init__(self) -> None:
        load_model()  # fail early if the shipped weights are missing

    def extract(self, text: str, context: ArticleContext) -> list[ExtractedClaim]:
        """Every sentence of ``text`` as a claim, boilerplate included but not check-worthy."""
        claims: list[ExtractedClaim] = []
        previous_speaker: str | None = None
        report = context.on_progress
        reported = 0
        for seg in segments(text):
            start, end = seg.start, seg.end
            if report is not None and start - reported >= PROGRESS_STEP:
                report(start / len(text))
                reported = start
            sentence = text[start:end]
            reason = non_claim(sentence, seg.standalone)
            if reason is not None:
                previous_speaker = None
                claims.append(
                    ExtractedClaim(
                        sentence,
                        start,
                        end,
                        score=NON_CLAIM_SCORE,
                        reasons=[f"not a claim: {reason}"],
                    )
                )
                continue
            cut = dateline_end(sentence) or bullet_end(sentence)
            if cut:
                start += cut
                sentence = text[start:end]
            scored = score_sentence(sentence, context.published, previous_speaker)
            reasons = scored.reasons + (
                ["dateline or list marker left out of the span"] if cut else []
            )
            claims.append(
                ExtractedClaim(
                    text=sentence,
                    start=start,
                    end=end,
                    kind=scored.kind,
                    score=scored.score,
                    checkworthy=scored.checkworthy,
                    reasons=reasons,
                    values=scored.values,
                    speaker=scored.speaker,
                    entities=scored.entities,
                )
            )
            previous_speaker = scored.speaker or previous_speaker
        return claims
