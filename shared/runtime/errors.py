"""Errors a handler raises to tell the runtime what to do with its message."""


class Permanent(Exception):
    """Retrying cannot help (bad input, refused content): dead-letter now and fail the job."""

    def __init__(self, reason: str, *, scene: int | None = None) -> None:
        super().__init__(reason)
        self.scene = scene


class Cancelled(Exception):
    """The job was cancelled while the handler ran: drop the message quietly."""


class Unroutable(Exception):
    """A message was published with no queue to receive it."""
