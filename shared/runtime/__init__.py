"""The stage runtime: typed handlers in, transport, state, retries and dead letters around."""

from shared.runtime.errors import Permanent
from shared.runtime.stage import Context, Handler, Stage

__all__ = ["Context", "Handler", "Permanent", "Stage"]
