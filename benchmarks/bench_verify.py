"""Verification engine throughput against a loopback server with a fixed latency.

1,000 claims x 3 network verifiers (one GET each) against a server (its own process) that
answers every request after 50 ms, at 32 and at 100 requests in flight:

* the bound: requests x latency / in-flight;
* the floor, measured in the same run: a plain asyncio client (asyncio streams, HTTP/1.1
  keep-alive, one connection per slot) sending the same GETs to the same server;
* the engine: targets loaded from a SQLite registry, every verifier called through the
  shared client (limits, retries, cache), every verdict recorded.

Floor and engine runs alternate, ``--repeats`` times each; min and median are printed with
their ratio to the bound. Targets (issue 13): engine <= 1.10 x bound at 32 in flight and
<= 1.25 x at 100. Then the CPU each layer costs per request (the floor, the client stack
without and with the cache, the whole engine), a warm-cache rerun (target: 0 requests), and
one request at a time on a sample. ``--profile`` prints a cProfile top-10 of one engine run.

Run: ``python benchmarks/bench_verify.py [--claims N] [--in-flight 32 100] [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from claimtrack.registry import Registry
from claimtrack.testing import add_claims
from claimtrack.verification.api import ClaimInfo, Evidence, Verdict, Verifier, VerifyContext
from claimtrack.verification.engine import VerifyOptions, load_targets, verify_targets
from claimtrack.verification.http import HttpOptions, make_client

#: in flight -> the largest engine/bound ratio that meets the goal
TARGETS = {32: 1.10, 100: 1.25}
VERIFIERS = ("alpha", "beta", "gamma")


class Lookup(Verifier):
    """One GET per claim, JSON answer."""

    def __init__(self, name: str, base: str) -> None:
        self.name = name  # type: ignore[misc]
        self.base = base

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict:
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
        self.host, port = url.rsplit("//", 1)[1].split(":")
        self.port = int(port)

    def _get(self, path: str) -> dict[str, Any]:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            data: dict[str, Any] = json.load(response)
            return data

    def count(self) -> int:
        return int(self._get("/_stats")["requests"])

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


# -- the floor -----------------------------------------------------------------------------


async def asyncio_floor(server: Server, requests: int, in_flight: int) -> None:
    """The same GETs from plain asyncio streams: HTTP/1.1 keep-alive, one connection per
    slot, the head parsed for Content-Length and the JSON body decoded. No engine, no
    HTTP library: what the interpreter and the loop cost by themselves."""
    todo = list(range(requests))
    host = f"{server.host}:{server.port}".encode()

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(server.host, server.port)
        try:
            while todo:
                i = todo.pop()
                writer.write(
                    b"GET /floor?id=%d HTTP/1.1\r\nHost: %s\r\nAccept: */*\r\n\r\n" % (i, host)
                )
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if not head.startswith(b"HTTP/1.1 200"):
                    raise RuntimeError(head.decode("latin-1"))
                json.loads(await reader.readexactly(length))
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(in_flight)))


# -- the engine ----------------------------------------------------------------------------


def _registry(path: Path, claims: int) -> None:
    registry = Registry.open(f"sqlite:///{path}")
    add_claims(registry, [f"Benchmark claim number {i} says {i} things." for i in range(claims)])
    registry.close()


def _copy_db(template: Path, to: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{template}{suffix}").exists():
            shutil.copyfile(f"{template}{suffix}", f"{to}{suffix}")
    return to


def _options(in_flight: int, cache_dir: Path | None) -> HttpOptions:
    return HttpOptions(
        max_in_flight=in_flight,
        per_host=in_flight,
        cache=cache_dir is not None,
        cache_dir=cache_dir,
    )


async def _engine(
    db: Path, verifiers: list[Verifier], http: HttpOptions, limit: int | None = None
) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, verdicts) of one engine run over ``db``'s claims."""
    registry = Registry.open(f"sqlite:///{db}")
    try:
        targets = load_targets(registry)
        targets = targets[:limit] if limit else targets
        options = VerifyOptions(call_timeout=600, http=http, progress=False, stale_days=0)
        started, cpu = time.perf_counter(), time.process_time()
        result = await verify_targets(registry, verifiers, targets, options)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        registry.close()
    assert result.labels.get("error", 0) == 0, result.labels
    return elapsed, cpu, result.done


async def _client_only(server: Server, requests: int, in_flight: int, cache: Path | None) -> None:
    """The same GETs through the shared client (``ctx.http``), without the engine."""
    todo = list(range(requests))
    async with make_client(_options(in_flight, cache)) as client:

        async def worker() -> None:
            while todo:
                i = todo.pop()
                (await client.get(f"{server.url}/{VERIFIERS[i % 3]}", params={"id": i})).json()

        await asyncio.gather(*(worker() for _ in range(in_flight)))


def _timed(make: Callable[[], Coroutine[Any, Any, Any]]) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    asyncio.run(make())
    return time.perf_counter() - started, time.process_time() - cpu


def _stats(values: list[float]) -> tuple[float, float]:
    return min(values), statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--in-flight", type=int, nargs="+", default=[32, 100])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--serial-claims", type=int, default=20, help="claims in the one-at-a-time sample (0: skip)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile top-10 of one engine run"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, server_process(args.latency) as server:
        root = Path(tmp)
        verifiers: list[Verifier] = [Lookup(n, server.url) for n in VERIFIERS]
        template = root / "template.db"
        _registry(template, args.claims)
        requests = args.claims * len(verifiers)
        runs = 0

        def fresh() -> tuple[Path, Path]:
            nonlocal runs
            runs += 1
            return _copy_db(template, root / f"run{runs}.db"), root / f"cache{runs}"

        print(
            f"{args.claims} claims x {len(verifiers)} verifiers = {requests} GETs, "
            f"{args.latency * 1000:.0f} ms latency; {os.cpu_count()} cores, "
            f"load average {os.getloadavg()[0]:.2f}; {args.repeats} alternating runs each"
        )
        print(
            f"{'in flight':>9}  {'bound':>7}  {'asyncio floor min/median':>26}  "
            f"{'engine min/median':>26}  target  (engine CPU per request, min/median; "
            f"the bound's budget)"
        )
        cpu_engine: dict[int, float] = {}
        for in_flight in args.in_flight:
            bound = requests * args.latency / in_flight
            floor: list[float] = []
            engine: list[float] = []
            cpus: list[float] = []
            for _ in range(args.repeats):
                floor.append(
                    _timed(functools.partial(asyncio_floor, server, requests, in_flight))[0]
                )
                db, cache = fresh()
                server.reset_log()
                elapsed, cpu, done = asyncio.run(_engine(db, verifiers, _options(in_flight, cache)))
                assert done == requests and server.count() == requests, (done, server.count())
                engine.append(elapsed)
                cpus.append(cpu)
            cpu_engine[in_flight] = min(cpus)
            fmin, fmed = _stats(floor)
            emin, emed = _stats(engine)
            target = TARGETS.get(in_flight)
            verdict = "" if target is None else ("met" if emin / bound <= target else "NOT met")
            print(
                f"{in_flight:>9}  {bound:6.2f}s  {fmin:5.2f}/{fmed:5.2f}s ({fmin / bound:.2f}x/"
                f"{fmed / bound:.2f}x)  {emin:5.2f}/{emed:5.2f}s ({emin / bound:.2f}x/"
                f"{emed / bound:.2f}x)  <= {target or '-'}x: {verdict}  ("
                f"{min(cpus) / requests * 1e6:.0f}/{statistics.median(cpus) / requests * 1e6:.0f} us; "
                f"{args.latency / in_flight * 1e6:.0f} us)"
            )

        # CPU per request, layer by layer (process time, which includes the writer thread).
        in_flight = max(args.in_flight)
        print(f"CPU per request at {in_flight} in flight (min of {args.repeats}):")
        layers = {
            "asyncio floor": lambda: asyncio_floor(server, requests, in_flight),
            "client stack, no cache": lambda: _client_only(server, requests, in_flight, None),
            "client stack + cache": lambda: _client_only(server, requests, in_flight, fresh()[1]),
        }
        costs = {
            name: min(_timed(make)[1] for _ in range(args.repeats)) / requests * 1e6
            for name, make in layers.items()
        }
        costs["engine (all of verify)"] = cpu_engine[in_flight] / requests * 1e6
        previous = 0.0
        for name, cost in costs.items():
            print(f"  {name:<24} {cost:7.0f} us  (+{cost - previous:.0f})")
            previous = cost

        db, cache = fresh()
        asyncio.run(_engine(db, verifiers, _options(in_flight, cache)))
        server.reset_log()
        warm, _, warm_done = asyncio.run(_engine(fresh()[0], verifiers, _options(in_flight, cache)))
        print(
            f"warm-cache rerun: {warm:.2f} s, {server.count()} requests sent (target 0), "
            f"{warm_done} verdicts"
        )

        if args.serial_claims:
            server.reset_log()
            serial_elapsed, _, _ = asyncio.run(
                _engine(fresh()[0], verifiers, _options(1, None), limit=args.serial_claims)
            )
            per_request = serial_elapsed / max(server.count(), 1)
            print(
                f"one at a time: {per_request * 1000:.1f} ms per request ({args.serial_claims}-claim "
                f"sample), {per_request * requests:.1f} s projected"
            )

        if args.profile:
            db, cache = fresh()
            profile = cProfile.Profile(time.thread_time)  # the event loop's own CPU
            profile.enable()
            asyncio.run(_engine(db, verifiers, _options(in_flight, cache)))
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(10)
            print(
                f"cProfile top-10 (tottime, event-loop thread CPU) of one engine run at {in_flight} in flight:"
            )
            print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:4000])


if __name__ == "__main__":
    main()
