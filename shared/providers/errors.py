"""One error vocabulary for every hosted provider (writers, voices, images, moderation, webhooks,
TikTok), so the runtime and the stages read a provider's trouble the same way whoever raised it.

- ``ProviderRefused`` is a ``Permanent``: retrying cannot change it (bad key, unknown voice,
  content the provider refuses), so the runtime dead-letters the message and fails the job.
- ``ProviderUnavailable`` is transient: every attempt inside one handler call failed (rate
  limits, 5xx, timeouts, unusable answers); the runtime retries the message with its delays.
- ``Malformed`` is raised by an adapter when a 2xx answer cannot be used; the call policy
  treats it as worth another attempt.
"""

from dataclasses import dataclass

from shared.runtime.errors import Permanent


class ProviderRefused(Permanent):
    """A refusal retrying cannot change."""


class ProviderUnavailable(Exception):
    """Still failing after every attempt the call policy allows; the runtime retries later."""


class Malformed(Exception):
    """The provider answered 2xx with a body we cannot use; worth another attempt."""


@dataclass(frozen=True)
class Failure:
    """How one provider error is to be treated; made by each adapter's classifier."""

    retry: bool
    reason: str
    after_s: float | None = None  # what the server asked for in Retry-After
