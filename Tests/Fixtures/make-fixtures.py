#!/usr/bin/env python3
"""Record the two example runs under Tests/Fixtures with the real opop-top binary.

small-run trains spirals with the brain and, through the run's control socket, freezes
and unfreezes the brain, resets one group, resets all groups and takes a snapshot.
small-run-no-brain trains the same seed with the bare optimizer, for overlay tests.

Usage, from the repository root after `swift build`:
    python3 Tests/Fixtures/make-fixtures.py [.build/debug/opop-top]

The steps at which the commands land depend on timing, so a new recording differs
from the committed one. Regenerate the export golden files afterwards, as
Tests/OpOpExportTests/Support/GoldenFiles.swift describes.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

STEPS = 480
SEED = 1
FIXTURES = os.path.dirname(os.path.abspath(__file__))


def send(sock_path, request):
    """Send one request line and return the decoded reply."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(10)
        client.connect(sock_path)
        client.sendall((json.dumps(request) + "\n").encode())
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = client.recv(4096)
            if not chunk:
                break
            reply += chunk
    return json.loads(reply)


def record(binary, work, name, extra, commands):
    run_dir = os.path.join(work, name)
    trainer = subprocess.Popen(
        [binary, "run", "spirals", "--plain", "--steps", str(STEPS), "--seed", str(SEED),
         "--run-dir", name] + extra,
        cwd=work, stdout=subprocess.DEVNULL)
    sock_path = os.path.join(run_dir, "control.sock")
    deadline = time.time() + 10
    while commands and not os.path.exists(sock_path):
        if time.time() > deadline:
            sys.exit("control.sock did not appear in " + run_dir)
        time.sleep(0.002)

    for pause, request in commands:
        time.sleep(pause)
        reply = send(sock_path, request)
        if not reply.get("ok"):
            sys.exit("command %r failed: %r" % (request, reply))
        print(name, request["command"], "at step", reply.get("step"))

    if trainer.wait() != 0:
        sys.exit("opop-top exited with status %d" % trainer.returncode)
    target = os.path.join(FIXTURES, name)
    os.makedirs(target, exist_ok=True)
    shutil.copyfile(os.path.join(run_dir, "trace.jsonl"), os.path.join(target, "trace.jsonl"))


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/opop-top")
    work = tempfile.mkdtemp(prefix="opop-fixtures-")
    try:
        record(binary, work, "small-run", [], [
            (0.10, {"command": "freeze"}),
            (0.15, {"command": "unfreeze"}),
            (0.10, {"command": "reset", "group": "fc2.weight"}),
            (0.10, {"command": "snapshot"}),
            (0.10, {"command": "reset_all"}),
        ])
        record(binary, work, "small-run-no-brain", ["--no-brain"], [])
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
