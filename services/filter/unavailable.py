"""PolicyUnavailable: a moderation policy that cannot run on this machine.

A provider's factory raises it for what an install lacks (the offline judge's model package);
the stage then starts without that policy and logs the reason and the fix, since the rule lists
still guard what must not be published. A bad setting is a ConfigError instead: it stops the
stage, because the operator asked for something that cannot be done.
"""


class PolicyUnavailable(Exception):
    def __init__(self, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.reason, self.fix = reason, fix
