"""What claimtrack does, once for every front end: the CLI and the review app call these.

- :mod:`~claimtrack.services.add`: read sources, extract claims, store articles;
- :mod:`~claimtrack.services.match`: which stored claim a sentence or fact-check restates,
  and the published fact-checks of a claim;
- :mod:`~claimtrack.services.review`: review labels, reviewers, recording a decision and
  the claim status it leads to;
- :mod:`~claimtrack.services.verify` and :mod:`~claimtrack.services.rerun`: run the
  verifiers on stored claims;
- :mod:`~claimtrack.services.importing`: store published fact-checks (ClaimReview);
- :mod:`~claimtrack.services.export`: collect claims for an exporter.

Services hold the policy; :mod:`claimtrack.registry` only reads and writes rows. Modules
here are imported by the commands that use them, never by ``claimtrack --help``.
"""
