#!/usr/bin/env python3
"""The suite side of scripts/compat.sh: prepares suites, runs them against a broker with a
per-test time limit, and writes the matrix. compat.sh owns the brokers; this owns the
suites' processes (each run in a process group of its own, killed whole when it overruns
or when this process is told to stop).

usage: compat_runner.py prepare --results DIR --mode quick|full [--suite NAME]...
       compat_runner.py run --results DIR --mode quick|full --target NAME --bootstrap H:P
                            [--broker-pid-file F] [--timeout S] [--suite NAME]...
       compat_runner.py report --results DIR --mode quick|full --expected FILE
                            [--target NAME]...

A suite is a directory compat-tests/<dir>/ with an executable suite.sh:
  suite.sh name                          its name (what --suite and expected-pass.txt use)
  suite.sh prepare --quick|--full        fetch and build what it needs (cached)
  suite.sh list --quick|--full           test names, one a line
  suite.sh run --bootstrap H:P --out FILE --logs DIR --timeout S TEST...
      appends one JSON object a line to FILE as each test ends:
      {"test": NAME, "status": "pass"|"fail"|"skip"|"timeout"|"error",
       "duration_ms": N, "message": TEXT}
      and writes each test's log to DIR/NAME.log.
The runner adds its own statuses: "timeout" (no result within the limit: the suite was
killed), "crash" (the suite exited before reporting the test), "error" (the suite could
not be prepared or listed, or the broker was down).

Files under --results DIR:
  suites.json                         prepared suites and their tests (from prepare)
  logs/prepare-<suite>.log            prepare output
  logs/<target>/<suite>/<test>.log    each test's log; runner.log: the suite's own output
  results-<target>.json               per-test outcomes (from run)
  matrix.json, matrix.md              the matrix (from report)
"""
import argparse
import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUITES_DIR = ROOT / "compat-tests"
PREPARE_TIMEOUT = int(os.environ.get("COMPAT_PREPARE_TIMEOUT", "1800"))
# Extra time the runner allows past a suite's own per-test limit before killing it.
GRACE = 30

current_group = None  # the process group of the suite process running now


def stop_current_group(*_):
    kill_group(current_group)
    reap_orphans()


def on_signal(signum, _frame):
    stop_current_group()
    sys.exit(128 + signum)


def kill_group(pgid):
    """SIGTERM, then SIGKILL after 5 s, to a whole process group."""
    if pgid is None:
        return
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(50):
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def become_subreaper():
    """Orphans of the suites' processes (even ones that left the process group with setsid)
    are re-parented to this process instead of init, so reap_orphans can end them."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def reap_orphans():
    """SIGKILLs every remaining child of this process (see become_subreaper), repeatedly,
    since their own children are re-parented here as they die."""
    me = str(os.getpid())
    for _ in range(20):
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me:
                children.append(int(stat.parent.name))
        if not children:
            return
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in children:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        time.sleep(0.05)


def spawn(cmd, log, env=None):
    """Starts cmd in a new session (its own process group), output appended to log."""
    global current_group
    out = open(log, "ab")
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                         start_new_session=True, env=env)
    out.close()
    current_group = p.pid
    return p


def run_bounded(cmd, log, timeout, env=None):
    """Runs cmd to completion or timeout; returns its exit status or None on timeout.
    Whatever it left behind in its process group is killed either way."""
    global current_group
    p = spawn(cmd, log, env)
    try:
        rc = p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        rc = None
    kill_group(p.pid)
    p.wait()
    reap_orphans()
    current_group = None
    return rc


def discover():
    """{name: dir} for every compat-tests/<dir>/suite.sh."""
    suites = {}
    for script in sorted(SUITES_DIR.glob("*/suite.sh")):
        try:
            name = subprocess.run([str(script), "name"], capture_output=True, text=True,
                                  timeout=60, check=True).stdout.strip()
        except (subprocess.SubprocessError, OSError):
            name = script.parent.name
        suites[name or script.parent.name] = script.parent
    return suites


def select(suites, wanted):
    if not wanted:
        return suites
    chosen = {}
    for w in wanted:
        matches = {n: d for n, d in suites.items() if w in (n, d.name)}
        if not matches:
            sys.exit(f"compat: no suite '{w}' (have: {', '.join(sorted(suites))})")
        chosen.update(matches)
    return chosen


def tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def cmd_prepare(args):
    results = Path(args.results)
    (results / "logs").mkdir(parents=True, exist_ok=True)
    suites = select(discover(), args.suite)
    prepared = {}
    for name, d in suites.items():
        log = results / "logs" / f"prepare-{name}.log"
        log.write_bytes(b"")
        started = time.monotonic()
        print(f"compat: preparing suite {name} (log {log.relative_to(ROOT)})", file=sys.stderr)
        rc = run_bounded([str(d / "suite.sh"), "prepare", f"--{args.mode}"], log, PREPARE_TIMEOUT)
        entry = {"dir": str(d.relative_to(ROOT)), "prepare_log": str(log.relative_to(results)),
                 "prepare_seconds": round(time.monotonic() - started, 1)}
        if rc != 0:
            why = "timed out" if rc is None else f"exit status {rc}"
            entry["error"] = f"could not be prepared ({why}): {tail(log, 8)}"
            print(f"compat: suite {name} {entry['error']}", file=sys.stderr)
        else:
            listing = subprocess.run([str(d / "suite.sh"), "list", f"--{args.mode}"],
                                     capture_output=True, text=True, timeout=300)
            if listing.returncode != 0:
                entry["error"] = f"could not list its tests: {listing.stderr.strip()[-800:]}"
            else:
                entry["tests"] = [t for t in listing.stdout.split() if t]
        prepared[name] = entry
    (results / "suites.json").write_text(json.dumps(prepared, indent=1) + "\n")
    return 0


def broker_alive(pid_file):
    if not pid_file:
        return True
    try:
        os.kill(int(Path(pid_file).read_text().strip()), 0)
        return True
    except (OSError, ValueError):
        return False


def read_results(path, seen):
    """New result lines in path: {test: result} for tests not in seen."""
    new = {}
    try:
        for line in Path(path).read_text(errors="replace").splitlines():
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(r, dict) and r.get("test") and r["test"] not in seen:
                new[r["test"]] = r
    except FileNotFoundError:
        pass
    return new


def run_suite(name, d, tests, args, logs):
    """Runs tests in as few suite processes as it can; returns {test: result}."""
    global current_group
    out = logs / "results.jsonl"
    runner_log = logs / "runner.log"
    out.unlink(missing_ok=True)
    results = {}
    remaining = list(tests)
    fruitless = 0  # launches in a row that reported nothing
    while remaining:
        if not broker_alive(args.broker_pid_file):
            for t in remaining:
                results[t] = {"status": "error", "duration_ms": 0,
                              "message": f"the {args.target} broker is not running"}
            break
        cmd = [str(d / "suite.sh"), "run", "--bootstrap", args.bootstrap, "--out", str(out),
               "--logs", str(logs), "--timeout", str(args.timeout)] + remaining
        p = spawn(cmd, runner_log)
        last_progress = time.monotonic()
        reported_this_run = 0
        status = None
        while True:
            new = read_results(out, results)
            if new:
                results.update(new)
                reported_this_run += len(new)
                last_progress = time.monotonic()
            status = p.poll()
            if status is not None:
                results.update(read_results(out, results))
                break
            if time.monotonic() - last_progress > args.timeout + GRACE:
                break
            time.sleep(0.3)
        kill_group(p.pid)
        p.wait()
        reap_orphans()
        current_group = None
        remaining = [t for t in remaining if t not in results]
        if not remaining:
            break
        stuck = remaining[0]
        if status is None:
            results[stuck] = {"status": "timeout", "duration_ms": (args.timeout + GRACE) * 1000,
                              "message": f"no result within {args.timeout + GRACE} s: the suite was killed"}
        else:
            results[stuck] = {"status": "crash", "duration_ms": 0,
                              "message": f"the suite exited ({status}) during this test: {tail(runner_log, 6)}"}
        fruitless = fruitless + 1 if reported_this_run == 0 else 0
        if fruitless >= 3:
            # Three launches died without a result: the suite itself is broken.
            msg = f"not run: the suite exited {fruitless} times in a row without a result: {tail(runner_log, 6)}"
            for t in remaining:
                results.setdefault(t, {"status": "crash", "duration_ms": 0, "message": msg})
        remaining = [t for t in remaining if t not in results]
    for t, r in results.items():
        log = logs / f"{t}.log"
        r["log"] = str(log.relative_to(Path(args.results))) if log.exists() else str(
            runner_log.relative_to(Path(args.results)))
        r.pop("test", None)
    return results


def cmd_run(args):
    results = Path(args.results)
    prepared = json.loads((results / "suites.json").read_text())
    wanted = set(args.suite or prepared)
    outcome = {"target": args.target, "bootstrap": args.bootstrap, "suites": {}}
    for name, entry in prepared.items():
        if name not in wanted and Path(entry["dir"]).name not in wanted:
            continue
        if "error" in entry:
            outcome["suites"][name] = {"error": entry["error"], "tests": {}}
            continue
        logs = results / "logs" / args.target / name
        logs.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        print(f"compat: suite {name} against {args.target} ({len(entry['tests'])} tests)", file=sys.stderr)
        tests = run_suite(name, ROOT / entry["dir"], entry["tests"], args, logs)
        outcome["suites"][name] = {"seconds": round(time.monotonic() - started, 1), "tests": tests}
    (results / f"results-{args.target}.json").write_text(json.dumps(outcome, indent=1) + "\n")
    return 0


def load_expected(path):
    expected = set()
    for line in Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            expected.add(line)
    return expected


def cell(r):
    if r is None:
        return "-"
    s = r["status"]
    return f"{s} ({r['duration_ms'] / 1000:.1f} s)" if s in ("pass", "fail", "timeout") else s


def cmd_report(args):
    results = Path(args.results)
    prepared = json.loads((results / "suites.json").read_text())
    expected = load_expected(args.expected)
    targets = {}
    for t in args.target:
        f = results / f"results-{t}.json"
        targets[t] = json.loads(f.read_text()) if f.exists() else None
    meta = {}
    meta_file = results / "brokers.json"
    if meta_file.exists():
        meta = json.loads(meta_file.read_text())

    matrix = {"generated": datetime.datetime.now().isoformat(timespec="seconds"), "mode": args.mode,
              "brokers": meta, "suites": {}}
    summary = {}
    regressions, newly_passing = [], []
    for name, entry in prepared.items():
        tests = list(entry.get("tests", []))
        suite = {"dir": entry["dir"], "tests": {}}
        if "error" in entry:
            suite["error"] = entry["error"]
        for t in targets:
            run = targets[t]
            if run is None or name not in run["suites"]:
                continue
            for extra in run["suites"][name].get("tests", {}):
                if extra not in tests:
                    tests.append(extra)
        counts = {t: {"pass": 0, "total": 0} for t in targets}
        for test in tests:
            row = {"expected_pass": f"{name}/{test}" in expected}
            for t, run in targets.items():
                r = None
                if run is not None:
                    r = run["suites"].get(name, {}).get("tests", {}).get(test)
                if r is None:
                    broker_error = meta.get(t, {}).get("error")
                    reason = entry.get("error") or (f"the {t} broker {broker_error}" if broker_error
                                                    else f"not run against {t}")
                    if run is not None and name in run["suites"] and "error" in run["suites"][name]:
                        reason = run["suites"][name]["error"]
                    r = {"status": "error", "duration_ms": 0, "message": reason}
                row[t] = r
                counts[t]["total"] += 1
                counts[t]["pass"] += r["status"] == "pass"
            if "samsa" in targets:
                passed = row["samsa"]["status"] == "pass"
                if row["expected_pass"] and not passed:
                    regressions.append(f"{name}/{test}: {row['samsa']['status']}: {row['samsa'].get('message', '')[:300]}")
                if passed and not row["expected_pass"]:
                    newly_passing.append(f"{name}/{test}")
            suite["tests"][test] = row
        matrix["suites"][name] = suite
        summary[name] = counts
    for line in sorted(expected):
        suite_name, _, test = line.partition("/")
        if suite_name in prepared and test not in matrix["suites"][suite_name]["tests"] \
                and args.mode == "full":
            regressions.append(f"{line}: listed in expected-pass.txt but not run by the suite")
    matrix["summary"] = summary
    matrix["expected_pass_failures"] = regressions
    matrix["passing_not_expected"] = newly_passing
    (results / "matrix.json").write_text(json.dumps(matrix, indent=1) + "\n")
    (results / "matrix.md").write_text(markdown(matrix, list(targets)))

    for line in newly_passing:
        print(f"compat: passes on samsa, not yet in compat-tests/expected-pass.txt: {line}", file=sys.stderr)
    for line in regressions:
        print(f"compat: EXPECTED TO PASS on samsa but did not: {line}", file=sys.stderr)
    print(f"compat: matrix in {(results / 'matrix.md').relative_to(ROOT)} and matrix.json", file=sys.stderr)
    parts = []
    for name, counts in summary.items():
        cols = [f"{c['pass']}/{c['total']} on {t}" for t, c in counts.items()]
        parts.append(f"{name} " + ", ".join(cols))
    status = "FAILED" if regressions else "ok"
    print(f"compat {status}: passing tests per suite: " + "; ".join(parts))
    return 1 if regressions else 0


def markdown(m, targets):
    lines = [f"# Compatibility matrix ({m['mode']} run, {m['generated']})", ""]
    for t, b in m.get("brokers", {}).items():
        lines.append(f"- **{t}**: {b.get('what', '')} on {b.get('bootstrap', '')}"
                     f"{' — ' + b['error'] if b.get('error') else ''}")
    lines.append("")
    header = "| suite | " + " | ".join(f"passing on {t}" for t in targets) + " |"
    lines += [header, "|---" * (len(targets) + 1) + "|"]
    for name, counts in m["summary"].items():
        lines.append(f"| {name} | " + " | ".join(f"{counts[t]['pass']}/{counts[t]['total']}" for t in targets) + " |")
    lines.append("")
    if m["expected_pass_failures"]:
        lines += ["## Expected to pass on samsa, but did not", ""]
        lines += [f"- {x}" for x in m["expected_pass_failures"]] + [""]
    for name, suite in m["suites"].items():
        lines += [f"## {name} ({suite['dir']})", ""]
        if suite.get("error"):
            lines += [f"Suite error: {suite['error']}", ""]
        lines.append("| test | expected | " + " | ".join(targets) + " |")
        lines.append("|---|---|" + "---|" * len(targets))
        for test, row in suite["tests"].items():
            lines.append(f"| {test} | {'yes' if row['expected_pass'] else ''} | "
                         + " | ".join(cell(row.get(t)) for t in targets) + " |")
        lines.append("")
        notes = []
        for test, row in suite["tests"].items():
            for t in targets:
                r = row.get(t)
                if r and r["status"] not in ("pass", "skip"):
                    msg = " ".join(r.get("message", "").split())[:400]
                    notes.append(f"- {test} on {t}: **{r['status']}** — {msg} (log: `{r.get('log', '')}`)")
        if notes:
            lines += ["Failures:", ""] + notes + [""]
    return "\n".join(lines) + "\n"


def main():
    become_subreaper()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["prepare", "run", "report"])
    ap.add_argument("--results", required=True)
    ap.add_argument("--mode", choices=["quick", "full"], default="quick")
    ap.add_argument("--suite", action="append")
    ap.add_argument("--target", action="append", default=[])
    ap.add_argument("--bootstrap")
    ap.add_argument("--broker-pid-file")
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--expected")
    args = ap.parse_args()
    if args.command == "prepare":
        return cmd_prepare(args)
    if args.command == "run":
        args.target = args.target[0]
        return cmd_run(args)
    return cmd_report(args)


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        stop_current_group()
