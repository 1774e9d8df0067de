"""Job state (status, progress, timeline, join) in Redis or in memory, one interface."""

from shared.state.base import TERMINAL, JobRecord, JoinBusy, StateStore

__all__ = ["TERMINAL", "JobRecord", "JoinBusy", "StateStore"]
