#!/usr/bin/python3
"""Runs commands and reports, for each run, its wall time, its own CPU time and its peak memory.

Node cannot ask the kernel for a child's resource usage; wait4(2) can: user and system CPU in
microseconds and the peak resident set (ru_maxrss) of exactly that process (and of its own
children once reaped, none here). GNU time prints the same numbers rounded to 10 ms, too coarse
for a 50 ms start-up.

Input (stdin, JSON): {"rounds": N, "cases": [{"id", "argv", "env", "stdout"?}], "watch"?: [pid]}.
The cases run interleaved, round after round, so a change of machine load hits every case alike.
stdout goes to the file named by "stdout" (to compare outputs) or to /dev/null. Output (stdout,
JSON): {"<id>": [{"wall_ms", "user_ms", "sys_ms", "maxrss_kb", "status", "stderr",
"watched_cpu_ms"?}, ...]}.

"watch" names other processes (the stack's servers) whose CPU time during each run is wanted: the
time on CPU of all their threads, from each thread's /proc/PID/task/TID/schedstat (nanoseconds;
/proc/PID/stat counts in 10 ms clock ticks), read just before the command starts and just after
it ends, thread by thread. A thread that starts within the run counts from zero; one that ends
within it counts for nothing (its last figure cannot be read), so the sum is never too high.
"""
import json
import os
import sys
import tempfile
import time


def on_cpu_ns(pids):
    """Each thread's time on CPU so far, in nanoseconds: {(pid, tid): ns}."""
    times = {}
    for pid in pids:
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                    times[(pid, tid)] = int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass
    return times


def on_cpu_since(before, pids):
    """Nanoseconds on CPU of the threads alive now since the `before` reading (from 0 for new ones)."""
    return sum(ns - before.get(thread, 0) for thread, ns in on_cpu_ns(pids).items())


def run(case, watch):
    out = case.get("stdout") or os.devnull
    with open(out, "wb") as stdout, tempfile.TemporaryFile() as stderr, open(os.devnull, "rb") as stdin:
        actions = [
            (os.POSIX_SPAWN_DUP2, stdin.fileno(), 0),
            (os.POSIX_SPAWN_DUP2, stdout.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, stderr.fileno(), 2),
        ]
        watched = on_cpu_ns(watch) if watch else {}
        started = time.perf_counter()
        pid = os.posix_spawnp(case["argv"][0], case["argv"], case["env"], file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - started
        watched_ns = on_cpu_since(watched, watch) if watch else 0
        stderr.seek(0)
        result = {
            "wall_ms": wall * 1000,
            "user_ms": usage.ru_utime * 1000,
            "sys_ms": usage.ru_stime * 1000,
            "maxrss_kb": usage.ru_maxrss,
            "status": os.waitstatus_to_exitcode(status),
            "stderr": stderr.read().decode("utf-8", "replace")[-2000:],
        }
        if watch:
            result["watched_cpu_ms"] = watched_ns / 1e6
        return result


def main():
    spec = json.load(sys.stdin)
    samples = {case["id"]: [] for case in spec["cases"]}
    watch = spec.get("watch") or []
    for _ in range(spec["rounds"]):
        for case in spec["cases"]:
            samples[case["id"]].append(run(case, watch))
    json.dump(samples, sys.stdout)


main()
