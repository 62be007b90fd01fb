"""The review app behind ``claimtrack review``: a Textual front end over the services.

:mod:`claimtrack.services.review` records decisions (append-only :class:`~claimtrack.models.Review`
rows) and derives a claim's status from them; :mod:`claimtrack.review.app` is the Textual
app. Textual is imported only by the app module.
"""
