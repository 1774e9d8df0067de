"""Child processes that cannot outlive the worker that started them."""

import contextlib
import ctypes
import os
import signal
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> Callable[[], None]:
    """A preexec_fn: the kernel SIGKILLs the child when the parent dies, even by SIGKILL."""

    def arm() -> None:
        # Our own process group, set here rather than by process_group=0: uvloop lacks it.
        os.setpgid(0, 0)
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # not Linux: the process group kill still applies
            return
        # the parent may have died between fork and prctl; then nobody would signal us
        if os.getppid() != parent_pid:
            os._exit(1)

    return arm


def child_options() -> dict[str, object]:
    """Keyword arguments for create_subprocess_exec tying the child to this process.

    Its own process group lets us kill ffmpeg and anything it spawned in one call, and keeps a
    terminal's Ctrl-C (sent to the foreground group) from killing it behind our back.
    """
    return {"preexec_fn": _die_with_parent(os.getpid())}


def kill_group(pid: int) -> None:
    """SIGKILL a child's whole process group; quiet when it is gone already."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
