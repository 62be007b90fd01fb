"""Reading articles from files, standard input and URLs."""

from claimtrack.ingest.document import Document
from claimtrack.ingest.sources import read_source

__all__ = ["Document", "read_source"]
