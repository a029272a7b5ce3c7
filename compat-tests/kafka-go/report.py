#!/usr/bin/env python3
"""One kafka-go test's outcome as a JSON line (the suite interface's result), from the exit
status of its run and its `go test -test.v` log.

usage: report.py TEST GO_NAME EXIT_STATUS DURATION_MS LIMIT_S LOG

Statuses: pass (exit 0), skip (exit 0 and the test itself skipped), timeout (timeout(1)
ended it, or go's -test.timeout panicked), error (netfwd could not set up the network,
exit 125), fail (anything else). A failure's message names the subtests that failed and
the test's first own failure lines (file_test.go:N: ...), leaving out the helpers' progress
lines (createTopic, waitForTopic, retrying).
"""
import json
import re
import sys

NOISE = re.compile(r"_test\.go:\d+: (createTopic\(|waitForTopic: |retrying after |skipping |$)")
OWN_LINE = re.compile(r"^\s+(\w+_test\.go:\d+: .*)")
TESTIFY_ERROR = re.compile(r"^\s+Error:\s+(.*)")
TESTIFY_CONTINUATION = re.compile(r"^\s+\t\s*\t?(?!\w+:\s)\S")


def summarize(name, status, log):
    if status == "skip":
        m = re.search(rf"^=== RUN   {re.escape(name)}\n\s+(.*)", log, re.M)
        return m.group(1) if m else ""
    if status == "error":
        lines = [l for l in log.splitlines() if l.startswith("netfwd: ")]
        return lines[-1] if lines else "netfwd failed"
    if status != "fail":
        return ""
    subtests = re.findall(rf"^\s+--- FAIL: {re.escape(name)}/(\S+)", log, re.M)
    lines = []
    log_lines = log.splitlines()
    for i, l in enumerate(log_lines):
        m = OWN_LINE.match(l)
        if m and not NOISE.search(m.group(1)):
            lines.append(m.group(1))
        # testify's assertions: "Error: <what>" and its continuation line.
        m = TESTIFY_ERROR.match(l)
        if m:
            text = m.group(1).strip()
            nxt = log_lines[i + 1] if i + 1 < len(log_lines) else ""
            if TESTIFY_CONTINUATION.match(nxt):
                text += " " + nxt.strip()
            lines.append(text)
    message = "; ".join(lines[:3])
    if not message:
        m = re.search(r"^panic: .*", log, re.M)
        message = m.group(0) if m else ""
    if subtests:
        message = f"failed subtests: {', '.join(subtests)}" + (f" | {message}" if message else "")
    return message or "failed (see the log)"


def main():
    test, name, rc, duration_ms, limit, log_path = sys.argv[1:]
    rc = int(rc)
    with open(log_path, errors="replace") as f:
        log = f.read()
    if rc == 0:
        status = "skip" if re.search(rf"^--- SKIP: {re.escape(name)} ", log, re.M) else "pass"
    elif rc in (124, 137) or re.search(r"^panic: test timed out", log, re.M):
        status = "timeout"
    elif rc == 125:
        status = "error"
    else:
        status = "fail"
    message = summarize(name, status, log)
    if status == "timeout":
        message = f"no result within {limit} s"
    print(json.dumps({"test": test, "status": status, "duration_ms": int(duration_ms),
                      "message": message[:2000]}))


if __name__ == "__main__":
    main()
