#!/usr/bin/env python3
"""Runs a command on a real pseudo-terminal, as a person at a terminal would: stdin and stderr (and
stdout, unless it is sent to a file) are the terminal. Answers prompts: each step waits until the
terminal output matches `expect` (a regular expression), then types `send`. Prints one JSON object:
{"output": <everything the terminal showed>, "code": <exit code>, "timed_out": bool}.

Usage: pty-run.py '<json>' with keys argv, env, cwd, steps [{expect, send}], timeout (s),
columns, stdout_file (optional path: stdout goes there instead of the terminal)."""
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

spec = json.loads(sys.argv[1])
columns = spec.get("columns", 100)
pid, master = pty.fork()
if pid == 0:
    if spec.get("stdout_file"):
        fd = os.open(spec["stdout_file"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 1)
        os.close(fd)
    os.chdir(spec.get("cwd", "."))
    os.execvpe(spec["argv"][0], spec["argv"], spec["env"])

fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
deadline = time.time() + spec.get("timeout", 60)
steps = list(spec.get("steps", []))
output = b""
matched_upto = 0
timed_out = False
while True:
    if steps:
        match = re.search(steps[0]["expect"].encode(), output[matched_upto:])
        if match:
            matched_upto += match.end()
            step = steps.pop(0)
            if "delay" in step:
                time.sleep(step["delay"])
            if "signal" in step:
                os.kill(pid, getattr(signal, step["signal"]))
            if "send" in step:
                os.write(master, step["send"].encode())
            continue
    if time.time() > deadline:
        timed_out = True
        os.kill(pid, signal.SIGKILL)
        break
    ready, _, _ = select.select([master], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
print(json.dumps({"output": output.decode("utf-8", "replace"), "code": code, "timed_out": timed_out}))
