"""What else the machine is doing while a benchmark runs, printed beside its figures.

Timings on a shared machine mean little without it: ``load_line()`` gives the load average
and the other processes that used the CPU over a short sample (Linux ``/proc``; elsewhere
the load average alone).
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def _cpu_ticks() -> dict[int, tuple[int, str]]:
    """pid -> (user + system clock ticks, command) for every process."""
    out: dict[int, tuple[int, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: split after the last ")".
        fields = stat[stat.rfind(")") + 2:].split()
        out[int(entry.name)] = (int(fields[11]) + int(fields[12]), cmd or stat[stat.find("(") + 1:stat.rfind(")")])
    return out


def _system_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all cores since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return sum(values) - idle, sum(values)


def busy_processes(sample: float = 0.5, mine: set[int] | None = None) -> tuple[float, list[tuple[float, str]]]:
    """(cores busy over ``sample`` seconds, [(share of one core, command)] of the processes
    that used CPU then, busiest first, leaving out this process and ``mine``). Processes that
    start and end within the sample (a test suite's subprocesses) count in the first figure
    only."""
    if not Path("/proc/self/stat").exists():
        return 0.0, []
    skip = {os.getpid(), *(mine or set())}
    before, sys_before = _cpu_ticks(), _system_ticks()
    time.sleep(sample)
    after, sys_after = _cpu_ticks(), _system_ticks()
    hz = os.sysconf("SC_CLK_TCK")
    cores = (sys_after[0] - sys_before[0]) / max(1, sys_after[1] - sys_before[1]) * (os.cpu_count() or 1)
    busy = []
    for pid, (ticks, cmd) in after.items():
        if pid in skip or pid not in before:
            continue
        used = (ticks - before[pid][0]) / hz / sample
        if used >= 0.05:
            busy.append((used, cmd))
    return cores, sorted(busy, reverse=True)


def load_line(sample: float = 0.5) -> str:
    """"load average 1.90 1.40 1.20; other work kept 1.3 of 2 cores busy: pytest -q (95%), …"."""
    one, five, fifteen = os.getloadavg()
    text = f"load average {one:.2f} {five:.2f} {fifteen:.2f}"
    if not Path("/proc/self/stat").exists():
        return text
    cores, busy = busy_processes(sample)
    text += f"; other work kept {cores:.1f} of {os.cpu_count()} cores busy"
    if busy:
        text += ": " + ", ".join(f"{_short(cmd)} ({share:.0%})" for share, cmd in busy[:4])
    return text


def _short(cmd: str, width: int = 48) -> str:
    parts = cmd.split()
    if parts:
        parts[0] = os.path.basename(parts[0])
    text = " ".join(parts)
    return text if len(text) <= width else text[: width - 1] + "…"


def wait_quiet(max_seconds: float, threshold: float = 0.3, sample: float = 1.0) -> tuple[float, float]:
    """Wait until other work keeps fewer than ``threshold`` cores busy over ``sample`` seconds,
    at most ``max_seconds``: (seconds waited, cores busy in the last sample). On a machine
    shared with other jobs, a round started in a lull is measured against less noise; the
    figure says how quiet it was either way."""
    started = time.monotonic()
    while True:
        if not Path("/proc/self/stat").exists():
            return 0.0, 0.0
        cores, _ = busy_processes(sample)
        waited = time.monotonic() - started
        if cores < threshold or waited >= max_seconds:
            return waited, cores


def busy_seconds() -> float:
    """CPU seconds all cores have been busy since boot (0 where /proc/stat is missing). The
    difference over a run, less the CPU the run's own processes used (wait4), is what other
    work took meanwhile: ``others_cores``."""
    try:
        return _system_ticks()[0] / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def others_cores(busy_before: float, busy_after: float, own_cpu: float, wall: float) -> float:
    """How many cores other work kept busy, on average, while a run took ``wall`` seconds."""
    if busy_after <= 0 or wall <= 0:
        return float("nan")
    return max(0.0, (busy_after - busy_before - own_cpu) / wall)
