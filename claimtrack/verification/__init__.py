"""Verification: the public verifier API (:mod:`.api`), the engine that runs verifiers
(:mod:`.engine`), the shared HTTP client (:mod:`.http`) and verdict aggregation
(:mod:`.aggregate`). Import from the submodules; this package imports nothing heavy."""
