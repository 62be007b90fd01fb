"""Fault injection: a 500-claim run against a server that fails a share of requests."""

from __future__ import annotations

from claimtrack.registry import Registry
from claimtrack.testing import Fault, FixtureServer, add_claims, fast_http_options
from claimtrack.verification.api import Evidence, Verdict, Verifier, VerifyContext
from claimtrack.verification.engine import VerifyOptions, load_targets, verify_targets

N_CLAIMS = 500


class Lookup(Verifier):
    """A network verifier: GET <base>/<path>?id=<claim id>, JSON answer."""

    def __init__(self, name: str, base: str, path: str) -> None:
        self.name = name  # type: ignore[misc]
        self.base = base
        self.path = path

    async def verify(self, claim, ctx: VerifyContext):
        data = await ctx.get_json(f"{self.base}{self.path}", params={"id": claim.id})
        label = "supported" if data["even"] else "refuted"
        return Verdict(
            label,
            0.9,
            f"id {data['id']}",
            [Evidence(self.name, url=f"{self.base}{self.path}?id={claim.id}")],
        )


def _answer(request):
    claim_id = int(request.query["id"][0])
    return {"id": claim_id, "even": claim_id % 2 == 0}


async def test_every_pair_is_recorded_and_retries_succeed(registry: Registry) -> None:
    add_claims(registry, [f"Claim {i} says {i} things." for i in range(N_CLAIMS)])
    faults = [
        Fault.http(429, retry_after=0),
        Fault.http(503, retry_after="0.1"),
        Fault.http(500),
        Fault.delay(3.0),  # slower than the read timeout below
        Fault.reset(),
        Fault.malformed(),
    ]
    with FixtureServer() as server:
        server.json("/a", _answer)
        server.json("/b", _answer)
        server.inject(faults, share=0.25, seed=4)
        verifiers = [Lookup("lookup-a", server.url, "/a"), Lookup("lookup-b", server.url, "/b")]
        options = VerifyOptions(
            call_timeout=30,
            # A read timeout far above an answer's time on a loaded machine: only the
            # injected delays time out, never three plain answers in a row (host "down").
            http=fast_http_options(attempts=10, read_timeout=1.0, max_in_flight=32, per_host=32),
            progress=False,
        )
        result = await verify_targets(registry, verifiers, load_targets(registry), options)
        injected = sum(1 for r in server.requests if r.fault)
    print(
        f"{result.done} verdicts for {result.pairs} pairs, {injected} injected faults, "
        f"{result.network.retries} retries, "
        f"{result.network.requests} requests, labels {dict(result.labels)}"
    )
    assert result.pairs == result.done == 2 * N_CLAIMS
    assert result.labels.get("error", 0) == 0, "every retried request must end in success"
    assert injected > 150 and result.network.retries >= injected
    ids = [c.id for c in registry.claims()]
    rows = [v for vs in registry.verdicts_for(ids).values() for v in vs]
    assert len(rows) == 2 * N_CLAIMS
    assert len({(v.claim_id, v.verifier) for v in rows}) == 2 * N_CLAIMS
    assert all(v.label == ("supported" if v.claim_id % 2 == 0 else "refuted") for v in rows)


async def test_a_dead_source_gives_error_verdicts_not_a_crash(registry: Registry) -> None:
    add_claims(registry, [f"Claim {i}." for i in range(20)])
    with FixtureServer() as server:
        server.json("/a", _answer)
        server.inject([Fault.http(500)], share=1.0)
        options = VerifyOptions(call_timeout=10, http=fast_http_options(attempts=2), progress=False)
        result = await verify_targets(
            registry, [Lookup("lookup-a", server.url, "/a")], load_targets(registry), options
        )
    assert result.done == 20 and result.labels == {"error": 20}
    row = registry.verdicts_for([registry.claims()[0].id])[registry.claims()[0].id][0]
    assert row.error == "verifier 'lookup-a': 127.0.0.1 answered HTTP 500"
