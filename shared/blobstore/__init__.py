"""Where uploaded files live: one ``BlobStore`` interface, a folder on disk by default and
S3-compatible object storage in production (``s3.py``; boto3 is imported only there).

Keys are opaque names the caller chooses (an attachment's id); a store never interprets the
bytes, and never logs them or their names (they can be personal data).
"""

from shared.blobstore.folder import FolderBlobStore
from shared.blobstore.store import BlobMissing, BlobStore

__all__ = ["BlobMissing", "BlobStore", "FolderBlobStore"]
