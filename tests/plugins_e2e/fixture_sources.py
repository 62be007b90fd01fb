"""All five plugins' loopback fixture servers at once, and the env that points claimtrack at them.

Run ``python tests/plugins_e2e/fixture_sources.py`` to start them and print the
``export`` lines for a shell; Ctrl-C stops them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

FACTCHECK_KEY = "e2e-factcheck-key-7c1d"
CLAIMBUSTER_KEY = "cb-test-key"


@contextlib.contextmanager
def fixture_sources() -> Iterator[dict[str, str]]:
    """Start every fixture server; yield the environment variables that select them."""
    from claimtrack_claimbuster.fixture_server import ClaimBusterFixtureServer
    from claimtrack_factcheck.fixture_server import FactCheckFixtureServer
    from claimtrack_wikidata.fixture_server import WikidataFixtureServer
    from claimtrack_wikipedia.fixture_server import WikipediaFixtureServer
    from claimtrack_worldbank.fixture_server import WorldBankFixtureServer

    with contextlib.ExitStack() as stack:
        wd = stack.enter_context(WikidataFixtureServer())
        wb = stack.enter_context(WorldBankFixtureServer())
        wp = stack.enter_context(WikipediaFixtureServer())
        fc = stack.enter_context(FactCheckFixtureServer())
        cb = stack.enter_context(ClaimBusterFixtureServer())
        yield {
            "CLAIMTRACK_WIKIDATA_API": f"{wd.url}/w/api.php",
            "CLAIMTRACK_WIKIDATA_SPARQL": f"{wd.url}/sparql",
            "CLAIMTRACK_WORLDBANK_API": f"{wb.url}/v2",
            "CLAIMTRACK_WIKIPEDIA_API": f"{wp.url}/w/api.php",
            "CLAIMTRACK_WIKIPEDIA_REST": f"{wp.url}/api/rest_v1",
            "CLAIMTRACK_FACTCHECK_API": f"{fc.url}/v1alpha1",
            "CLAIMTRACK_FACTCHECK_KEY": FACTCHECK_KEY,
            "CLAIMTRACK_CLAIMBUSTER_API": f"{cb.url}/claimbuster/api/v2",
            "CLAIMTRACK_CLAIMBUSTER_KEY": CLAIMBUSTER_KEY,
        }


#: Base URLs where nothing listens (port 9, "discard", refuses connections): "no network".
OFFLINE_ENV = {
    "CLAIMTRACK_WIKIDATA_API": "http://127.0.0.1:9/w/api.php",
    "CLAIMTRACK_WIKIDATA_SPARQL": "http://127.0.0.1:9/sparql",
    "CLAIMTRACK_WORLDBANK_API": "http://127.0.0.1:9/v2",
    "CLAIMTRACK_WIKIPEDIA_API": "http://127.0.0.1:9/w/api.php",
    "CLAIMTRACK_WIKIPEDIA_REST": "http://127.0.0.1:9/api/rest_v1",
    "CLAIMTRACK_FACTCHECK_API": "http://127.0.0.1:9/v1alpha1",
    "CLAIMTRACK_FACTCHECK_KEY": FACTCHECK_KEY,
    "CLAIMTRACK_CLAIMBUSTER_API": "http://127.0.0.1:9/claimbuster/api/v2",
    "CLAIMTRACK_CLAIMBUSTER_KEY": CLAIMBUSTER_KEY,
}


if __name__ == "__main__":
    import time

    with fixture_sources() as env:
        for k, v in env.items():
            print(f"export {k}={v}")
        print("# serving; Ctrl-C to stop", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
