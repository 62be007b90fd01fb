"""Verification engine throughput against a loopback server with a fixed latency.

1,000 claims x 3 network verifiers (one GET each) against a server that answers every
request after 50 ms, with 32 requests in flight:

* wall time against the bound requests x latency / in-flight (target ratio <= 1.25);
* the same work one request at a time (measured on a sample, extrapolated);
* a second run with a warm HTTP cache: requests sent (target 0) and wall time.

The whole engine is measured: targets loaded from a SQLite registry, verdicts written one
transaction each. Run: ``python benchmarks/bench_verify.py [--claims N] [--full-serial]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimtrack.registry import Registry
from claimtrack.testing import add_claims
from claimtrack.verification.api import Evidence, Verdict, Verifier, VerifyContext
from claimtrack.verification.engine import VerifyOptions, load_targets, verify_targets
from claimtrack.verification.http import HttpOptions


class Lookup(Verifier):
    """One GET per claim, JSON answer."""

    def __init__(self, name: str, base: str) -> None:
        self.name = name  # type: ignore[misc]
        self.base = base

    async def verify(self, claim, ctx: VerifyContext):
        data = await ctx.get_json(f"{self.base}/{self.name}", params={"id": claim.id})
        return Verdict.supported(
            f"{self.name}: {data['id']}",
            0.9,
            [Evidence(self.name, url=f"{self.base}/{self.name}?id={claim.id}")],
        )


class Server:
    """The fixture server in its own process (``python -m claimtrack.testing.serve``), so
    that serving does not compete with the engine for the interpreter."""

    def __init__(self, url: str) -> None:
        self.url = url

    def _get(self, path: str) -> dict:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return json.load(response)

    def count(self) -> int:
        return int(self._get("/_stats")["requests"])

    @property
    def max_in_flight(self) -> int:
        return int(self._get("/_stats")["max_in_flight"])

    def reset_log(self) -> None:
        self._get("/_reset")

    def cpu(self) -> float:
        """CPU seconds the server process has used so far."""
        return float(self._get("/_stats")["cpu_s"])


@contextmanager
def server_process(latency: float) -> Iterator[Server]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimtrack.testing.serve", "--latency", str(latency)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield Server(f"http://127.0.0.1:{port}")
    finally:
        proc.kill()
        proc.wait()


def _registry(path: Path, claims: int) -> Registry:
    registry = Registry.open(f"sqlite:///{path}")
    add_claims(registry, [f"Benchmark claim number {i} says {i} things." for i in range(claims)])
    return registry


async def _run(
    registry: Registry, verifiers: list[Verifier], http: HttpOptions, *, limit: int | None = None
) -> tuple[float, int]:
    targets = load_targets(registry)[:limit] if limit else load_targets(registry)
    options = VerifyOptions(call_timeout=600, http=http, progress=False, stale_days=0)
    started = time.perf_counter()
    cpu = time.process_time()
    result = await verify_targets(registry, verifiers, targets, options)
    elapsed = time.perf_counter() - started
    _run.cpu = time.process_time() - cpu  # type: ignore[attr-defined]
    assert result.labels.get("error", 0) == 0, result.labels
    return elapsed, result.done


async def _bare_httpx(url: str, requests: int, in_flight: int) -> float:
    """The floor on this machine: the same GETs from a bare httpx client, no engine."""
    import httpx

    limits = httpx.Limits(max_connections=in_flight, max_keepalive_connections=in_flight)
    async with httpx.AsyncClient(limits=limits) as client:
        todo = list(range(requests))

        async def worker() -> None:
            while todo:
                (await client.get(f"{url}/bare", params={"id": todo.pop()})).json()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(in_flight)))
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--in-flight", type=int, default=32)
    parser.add_argument(
        "--serial-claims", type=int, default=100, help="claims in the one-at-a-time sample"
    )
    parser.add_argument(
        "--full-serial", action="store_true", help="run all claims one at a time (slow)"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, server_process(args.latency) as server:
        root = Path(tmp)
        verifiers: list[Verifier] = [Lookup(n, server.url) for n in ("alpha", "beta", "gamma")]
        cache = root / "cache"
        concurrent = HttpOptions(
            max_in_flight=args.in_flight, per_host=args.in_flight, cache=True, cache_dir=cache
        )

        registry = _registry(root / "bench.db", args.claims)
        server_cpu = server.cpu()
        elapsed, done = asyncio.run(_run(registry, verifiers, concurrent))
        server_cpu = server.cpu() - server_cpu
        client_cpu = _run.cpu  # type: ignore[attr-defined]
        requests = server.count()
        bound = requests * args.latency / args.in_flight
        print(
            f"claims x verifiers: {args.claims} x {len(verifiers)} = {done} verdicts, {requests} requests, "
            f"{args.latency * 1000:.0f} ms latency, {args.in_flight} in flight"
        )
        print(
            f"concurrent run:      {elapsed:7.2f} s   bound {bound:.2f} s   "
            f"ratio {elapsed / bound:.3f}  (target <= 1.25)"
        )
        print(f"                     server saw at most {server.max_in_flight} requests in flight")
        print(
            f"                     CPU: engine {client_cpu:.2f} s, server {server_cpu:.2f} s; "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}"
        )

        bare = asyncio.run(_bare_httpx(server.url, requests, args.in_flight))
        print(
            f"reference:           {bare:7.2f} s   ratio {bare / bound:.3f}  "
            "(bare httpx.AsyncClient, same requests, no engine)"
        )

        server.reset_log()
        warm_elapsed, warm_done = asyncio.run(_run(registry, verifiers, concurrent))
        print(
            f"warm-cache rerun:    {warm_elapsed:7.2f} s   {server.count()} requests sent (target 0), "
            f"{warm_done} verdicts"
        )

        server.reset_log()
        serial = HttpOptions(max_in_flight=1, per_host=1, cache=False)
        sample = args.claims if args.full_serial else min(args.serial_claims, args.claims)
        serial_elapsed, _ = asyncio.run(_run(registry, verifiers, serial, limit=sample))
        per_request = serial_elapsed / max(server.count(), 1)
        projected = per_request * requests
        label = "measured" if sample == args.claims else f"{sample}-claim sample, projected"
        print(
            f"one at a time:       {projected:7.2f} s   ({label}; {per_request * 1000:.1f} ms per request)"
        )
        print(f"speed-up:            {projected / elapsed:7.1f}x")
        registry.close()


if __name__ == "__main__":
    main()
