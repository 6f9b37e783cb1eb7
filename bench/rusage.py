#!/usr/bin/python3
"""Runs commands and reports, for each run, its wall time, its own CPU time and its peak memory.

Node cannot ask the kernel for a child's resource usage; wait4(2) can: user and system CPU in
microseconds and the peak resident set (ru_maxrss) of exactly that process (and of its own
children once reaped, none here). GNU time prints the same numbers rounded to 10 ms, too coarse
for a 50 ms start-up.

Input (stdin, JSON): {"rounds": N, "cases": [{"id", "argv", "env", "stdout"?}]}. The cases run
interleaved, round after round, so a change of machine load hits every case alike. stdout goes to
the file named by "stdout" (to compare outputs) or to /dev/null. Output (stdout, JSON):
{"<id>": [{"wall_ms", "user_ms", "sys_ms", "maxrss_kb", "status", "stderr"}, ...]}.
"""
import json
import os
import sys
import tempfile
import time


def run(case):
    out = case.get("stdout") or os.devnull
    with open(out, "wb") as stdout, tempfile.TemporaryFile() as stderr, open(os.devnull, "rb") as stdin:
        actions = [
            (os.POSIX_SPAWN_DUP2, stdin.fileno(), 0),
            (os.POSIX_SPAWN_DUP2, stdout.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, stderr.fileno(), 2),
        ]
        started = time.perf_counter()
        pid = os.posix_spawnp(case["argv"][0], case["argv"], case["env"], file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - started
        stderr.seek(0)
        return {
            "wall_ms": wall * 1000,
            "user_ms": usage.ru_utime * 1000,
            "sys_ms": usage.ru_stime * 1000,
            "maxrss_kb": usage.ru_maxrss,
            "status": os.waitstatus_to_exitcode(status),
            "stderr": stderr.read().decode("utf-8", "replace")[-2000:],
        }


def main():
    spec = json.load(sys.stdin)
    samples = {case["id"]: [] for case in spec["cases"]}
    for _ in range(spec["rounds"]):
        for case in spec["cases"]:
            samples[case["id"]].append(run(case))
    json.dump(samples, sys.stdout)


main()
