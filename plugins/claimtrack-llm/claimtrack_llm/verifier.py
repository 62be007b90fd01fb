"""The ``llm`` verifier: evidence first, then a model's judgement, then its citations checked."""

from __future__ import annotations

import asyncio
import re
from contextlib import aclosing

from claimtrack.extraction.parts import Part
from claimtrack.verification.api import (
    ClaimInfo,
    Evidence,
    Verdict,
    Verifier,
    VerifierError,
    VerifyContext,
    configured_settings,
)
from claimtrack.verification.sources import (
    SourceError,
    SourceUnreachable,
    source_failure,
)
from claimtrack_llm import __version__, budget
from claimtrack_llm.citations import Citation, check_citations
from claimtrack_llm.config import Config
from claimtrack_llm.evidence import Found, gather
from claimtrack_llm.model import Answer, ask
from claimtrack_llm.prompt import PromptPassage, request_body, user_message

#: A model's say-so is never more confident than this, whatever it reports.
MAX_CONFIDENCE = 0.8
_SLOTS = "llm.slots"
_DOWN = "llm.down"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class LLMVerifier(Verifier):
    """Asks an OpenAI-compatible model to judge each claim part against evidence passages,
    and believes the answer only when its citations check out."""

    name = "llm"
    version = __version__
    kinds = ()
    config = Config
    #: Seconds per claim: several model requests (one per part) may be needed.
    timeout = 600.0

    def applies_to(self, claim: ClaimInfo) -> bool:
        """Only when a model server is configured (inactive otherwise, so an installed but
        unconfigured plugin adds nothing to a run), and only for claims with a part of a
        kind it checks, or with no part at all."""
        try:
            config = Config.load(configured_settings("verifiers", self.name))
        except Exception:  # noqa: BLE001 - a bad setting is reported before the run
            return False
        if not config.base_url:
            return False
        kinds = config.part_kinds
        return not claim.parts or any(p.kind in kinds for p in claim.parts)

    def status(self) -> str | None:
        """One line for ``claimtrack plugins`` and ``doctor``: inactive until ``base_url``
        is set; else the server's models (``GET {base_url}/models``)."""
        from claimtrack_llm.status import describe

        return describe()

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict | list[Verdict] | None:
        config = Config.load(ctx.settings)
        if not config.base_url:
            return None  # inactive: `claimtrack plugins` says so
        problem = config.problem()
        if problem:
            raise VerifierError(f"llm setting: {problem}")
        parts = [p for p in claim.parts if p.kind in config.part_kinds]
        if claim.parts and not parts:
            return None  # only parts that structured verifiers check
        if not claim.parts and await _structured(claim, ctx):
            return None
        found = await gather(claim, ctx, config.max_passages)
        targets: list[Part | None] = list(parts) or [None]
        if not found:
            reason = (
                "no relevant evidence (earlier fact-checks, Wikipedia, source documents, the "
                "article's other sentences); the model was not asked"
            )
            return _on_parts([Verdict.unverifiable(reason) for _ in targets], targets)
        passages = [
            PromptPassage(f"P{i}", f.source, f.title, _clip(f.text, config.max_passage_chars))
            for i, f in enumerate(found, 1)
        ]
        verdicts = [await self.judge(claim, part, passages, found, config, ctx) for part in targets]
        return _on_parts(verdicts, targets)

    async def judge(
        self,
        claim: ClaimInfo,
        part: Part | None,
        passages: list[PromptPassage],
        found: list[Found],
        config: Config,
        ctx: VerifyContext,
    ) -> Verdict:
        """One part's verdict: ask the model (within the budget), then check its citations."""
        published = ctx.published.date().isoformat() if ctx.published else None
        body = request_body(
            model=config.model,
            temperature=config.temperature,
            max_tokens=config.max_tokens,
            json_mode=config.json_mode,
            user=user_message(claim.text, part.text if part else None, published, passages),
        )
        state = ctx.run_state
        down = state.get(_DOWN)
        if down:  # said once already; no budget spent on a server that is down
            return source_failure(f"llm unreachable: {down}")
        slots = state.get(_SLOTS)
        if slots is None:
            slots = state[_SLOTS] = asyncio.Semaphore(config.concurrency)
        try:
            async with slots:
                # The budget is looked at once a slot is free, just before sending: with
                # concurrency 1 a token budget is never passed by more than one answer.
                refused = budget.reserve(ctx, config)
                if refused is not None:
                    return source_failure(refused)
                reply = await ask(ctx, config, body)
        except SourceUnreachable as exc:
            state[_DOWN] = str(exc)
            return source_failure(f"llm unreachable: {exc}")
        except SourceError as exc:
            return source_failure(f"llm: {exc}")
        return verdict_from(reply.answer, passages, found, config.model or "the model")


def verdict_from(
    answer: Answer, passages: list[PromptPassage], found: list[Found], model: str
) -> Verdict:
    """The verdict the answer earns once its citations are checked: a ``supported`` or
    ``refuted`` label stands only with at least one citation and none failing."""
    given = {p.id: p.text for p in passages}
    by_id = {p.id: f for p, f in zip(passages, found, strict=True)}
    checked = check_citations([Citation(c.passage, c.quote) for c in answer.citations], given)
    rationale = _two_sentences(answer.rationale)
    valid = [c.citation for c in checked if c.ok]
    evidence = [
        Evidence(
            source=by_id[c.passage].source,
            url=by_id[c.passage].url or None,
            title=f"[{c.passage}] {by_id[c.passage].title}",
            snippet=" ".join(c.quote.split()),
        )
        for c in valid
    ]
    if answer.label == "unverifiable":
        return Verdict.unverifiable(
            f"{model}: the evidence does not settle it. {rationale}", evidence
        )
    failed = [c for c in checked if not c.ok]
    if failed:
        more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
        return Verdict.unverifiable(
            f"{model} said {answer.label}, but its citation failed: {failed[0].problem}{more}",
            evidence,
        )
    if not valid:
        return Verdict.unverifiable(f"{model} said {answer.label} without citing a passage")
    if answer.label == "supported" and all(by_id[c.passage].source == "article" for c in valid):
        return Verdict.unverifiable(
            f"{model} said supported, citing only the article's own text", evidence
        )
    cites = "; ".join(
        f"{c.passage} ({by_id[c.passage].source}: {by_id[c.passage].title}): "
        f"\u201c{' '.join(c.quote.split())}\u201d"
        for c in valid
    )
    summary = f"{model}: {rationale} Cites {cites}"
    confidence = min(answer.confidence, MAX_CONFIDENCE)
    if answer.label == "supported":
        return Verdict.supported(summary, confidence, evidence)
    return Verdict.refuted(summary, confidence, evidence)


async def _structured(claim: ClaimInfo, ctx: VerifyContext) -> bool:
    """Whether a structured verifier checks this claim (``claim_checked_by``)."""
    if ctx.plugins is None:
        return False
    async with aclosing(ctx.plugins.ask("claim_checked_by", claim=claim)) as answers:
        async for _plugin, verifier in answers:
            if verifier:
                return True
    return False


def _on_parts(verdicts: list[Verdict], targets: list[Part | None]) -> Verdict | list[Verdict]:
    if targets == [None]:
        return verdicts[0]
    return [v.on(p) for v, p in zip(verdicts, targets, strict=True) if p is not None]


def _two_sentences(text: str) -> str:
    kept = " ".join(_SENTENCE_END.split(" ".join(text.split()))[:2])
    return kept if kept.endswith((".", "!", "?")) or not kept else kept + "."


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"
