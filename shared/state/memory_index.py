"""The in-memory store's listing indexes, mirroring Redis's (see redis_index.py): per status
group and per owner, ordered by (created_at, job id), newest first when read; entries older
than the retention are dropped with their records.
"""

import time
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterator

from shared.state.base import GROUPS, LIVE, group_of

Entry = tuple[float, str]  # created_at, job id: the order Redis's ZREVRANGE gives, reversed


class MemoryIndex:
    def __init__(self, retention_s: float) -> None:
        self.retention_s = retention_s
        self._sets: dict[tuple[str, str | None], list[Entry]] = defaultdict(list)
        self._where: dict[str, tuple[Entry, str, str | None]] = {}  # id → entry, group, owner

    def _keys(self, group: str, owner: str | None) -> list[tuple[str, str | None]]:
        return [(group, None), (group, owner)] if owner else [(group, None)]

    def add(self, job_id: str, created_at: float, status: str, owner: str | None) -> None:
        entry = (created_at, job_id)
        for k in self._keys("all", owner) + self._keys(group_of(status), owner):
            insort(self._sets[k], entry)
        self._where[job_id] = (entry, group_of(status), owner)

    def move(self, job_id: str, status: str) -> None:
        if job_id not in self._where:
            return
        entry, group, owner = self._where[job_id]
        for k in self._keys(group, owner):
            _remove(self._sets[k], entry)
        for k in self._keys(group_of(status), owner):
            insort(self._sets[k], entry)
        self._where[job_id] = (entry, group_of(status), owner)

    def expired(self) -> list[str]:
        """Drop every entry past retention; the ids whose records must go with them."""
        every, cutoff = self._sets[("all", None)], time.time() - self.retention_s
        n = bisect_left(every, (cutoff, ""))
        gone = [job_id for _, job_id in every[:n]]
        for job_id in gone:
            entry, group, owner = self._where.pop(job_id)
            for k in self._keys("all", owner) + self._keys(group, owner):
                _remove(self._sets[k], entry)
        return gone

    def newest(self, status: str | None, owner: str | None) -> Iterator[str]:
        """Ids of the jobs in the status's group, newest first."""
        if owner is not None and not owner:
            return iter(())
        entries = self._sets.get((group_of(status), owner), [])
        return (job_id for _, job_id in reversed(entries))

    def page(self, status: str | None, owner: str | None, offset: int, limit: int) -> list[str]:
        if status in LIVE:  # queued and running share a group: the caller filters
            raise ValueError("page() reads whole groups; walk newest() for queued/running")
        if owner is not None and not owner:
            return []
        entries = self._sets.get((group_of(status), owner), [])
        end = max(len(entries) - offset, 0)
        return [job_id for _, job_id in reversed(entries[max(end - limit, 0) : end])]

    def counts(self) -> dict[str, int]:
        return {g: len(self._sets.get((g, None), [])) for g in GROUPS}


def _remove(entries: list[Entry], entry: Entry) -> None:
    i = bisect_left(entries, entry)
    if i < len(entries) and entries[i] == entry:
        del entries[i]
