"""Verification: the public verifier API (:mod:`.api`), the engine that runs verifiers
(:mod:`.engine`), the shared HTTP client (:mod:`.http`), calling an HTTP source from a
verifier (:mod:`.sources`) and verdict aggregation (:mod:`.aggregate`). Import from the
submodules; this package imports nothing heavy."""
