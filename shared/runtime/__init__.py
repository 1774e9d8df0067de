"""The stage runtime: typed handlers in, transport, state, retries and dead letters around."""

from shared.runtime.errors import Cancelled, Permanent
from shared.runtime.stage import Context, Handler, Stage, on

__all__ = ["Cancelled", "Context", "Handler", "Permanent", "Stage", "on"]
