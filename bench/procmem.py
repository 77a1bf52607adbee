"""Memory of a process and its children from /proc (Linux), for the benchmarks."""

from __future__ import annotations

from pathlib import Path


def smaps(pid: int) -> dict[str, int] | None:
    """RSS, PSS, USS (private) and shared memory of a process in bytes, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    kb = {line.split(":")[0]: int(line.split()[1]) for line in text.splitlines()[1:] if line.endswith("kB")}
    private = kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0)
    shared = kb.get("Shared_Clean", 0) + kb.get("Shared_Dirty", 0)
    return {"rss": kb["Rss"] * 1024, "pss": kb["Pss"] * 1024, "uss": private * 1024, "shared": shared * 1024}


def children(pid: int) -> list[int]:
    """The process's direct children (a worker's current work-horse)."""
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        return []


def peak_rss(pid: int) -> int | None:
    """The process's peak resident set size so far (`VmHWM`) in bytes; cheap to read, unlike `smaps`."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    line = next((line for line in text.splitlines() if line.startswith("VmHWM:")), None)
    return int(line.split()[1]) * 1024 if line else None
