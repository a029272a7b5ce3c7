"""What the suites' own runners (compat-tests/*/run.py) share: the command line of the
suite interface (list / run), running one test's process in a session of its own with a
time limit, and writing each test's result as the JSON line scripts/compat.sh reads.

A run.py builds its parser with parser(), adds its own options, and calls run_tests() with
a function that runs one test and answers (status, message).
"""
import argparse
import json
import os
import signal
import subprocess
import time
from pathlib import Path


def parser(extra=()):
    """(parser, list subparser, run subparser) with the interface's options; extra names
    options (e.g. "--src") that both subcommands require."""
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    ls = sub.add_parser("list")
    ls.add_argument("--quick", dest="mode", action="store_const", const="quick", default="quick")
    ls.add_argument("--full", dest="mode", action="store_const", const="full")
    rn = sub.add_parser("run")
    for name in extra:
        ls.add_argument(name, required=True)
        rn.add_argument(name, required=True)
    rn.add_argument("--bootstrap", required=True)
    rn.add_argument("--out", required=True)
    rn.add_argument("--logs", required=True)
    rn.add_argument("--timeout", type=int, default=120)
    rn.add_argument("tests", nargs="*")
    return ap, ls, rn


def kill_group(p):
    """SIGKILL to the process group a test ran in, then reap its leader."""
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    p.wait()


def run_logged(cmd, log_path, timeout, header, **popen):
    """Runs cmd in a new session with its output in log_path (after the header line), kills
    whatever it left behind; the exit status, or None when it ran past timeout seconds."""
    with open(log_path, "w") as log:
        log.write(header + "\n")
        log.flush()
        p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True, **popen)
        try:
            rc = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            rc = None
        kill_group(p)
    return rc


def run_tests(args, known, run_one, unknown="not one of the suite's tests", after_each=None):
    """Runs args.tests in order: run_one(test, log_path) -> (status, message) for the known
    ones, "error" for the others; appends each result to args.out as it ends."""
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    for test in args.tests:
        start = time.monotonic()
        if test in known:
            status, message = run_one(test, logs / f"{test}.log")
        else:
            status, message = "error", unknown
        if after_each:
            after_each()
        line = {"test": test, "status": status,
                "duration_ms": int((time.monotonic() - start) * 1000), "message": message[:2000]}
        with open(args.out, "a") as out:
            out.write(json.dumps(line) + "\n")
