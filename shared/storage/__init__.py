"""Where bytes live: a local folder or any S3-compatible bucket."""

from shared.storage.base import Storage

__all__ = ["Storage"]
