#!/usr/bin/env python3
"""Lists and runs librdkafka's own tests (tests/test-runner, built by suite.sh prepare) one
test number at a time; standard library only.

usage: run.py list --src DIR --quick|--full
       run.py run --src DIR --bootstrap H:P --out FILE --logs DIR --timeout S TEST...

A test name is librdkafka's (`0017_compression`). The runner selects by number
(TESTS=0017), so a name runs every broker variant that shares its number (0045 has three).
The broker set is tests.c's table less the local-only, manual, socket-emulation (sockem)
and known-issue tests, and less EXCLUDED (they need what one plaintext broker cannot give);
--quick runs QUICK.

The tests in QUICK always run in librdkafka's quick mode (test-runner -Q: fewer messages,
non-quick sub-tests left out), the others always in its normal mode, so one test name means
one thing in every run.

Tests that run Kafka's kafka-topics.sh (0045, 0052, 0077) find it under KAFKA_PATH:
a bin/kafka-topics.sh that runs Kafka's tool through scripts/kafka-ref.sh (BROKERS names
the broker).
"""
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts" / "lib"))
from compat_suite import parser, run_logged, run_tests  # noqa: E402

# Curated: a few minutes in all; produce, fetch, codecs, offsets, timestamps, headers,
# admin, idempotence, metadata and (failing on samsa until it has them) groups.
QUICK = """0001 0002 0003 0005 0007 0008 0011 0012 0013 0015 0017 0021 0022 0029 0030 0031
0034 0035 0036 0041 0044 0048 0053 0054 0057 0059 0063 0067 0070 0073 0085 0090 0099 0110
0130""".split()

# Not runnable against one plaintext broker (see README.md).
EXCLUDED = {
    "0097": "needs an SSL listener",
    "0098": "creates its topics with replication factor 3: needs 3 brokers",
    "0101": "fetch from follower: needs 3 brokers with racks",
    "0103": "creates its topics with replication factor 3: needs 3 brokers",
    "0129": "creates its topics with replication factor 3: needs 3 brokers",
    "0109": "denies a topic with kafka-acls.sh: needs ACLs enforced by an authorizer",
    "0115": "needs ACLs (an authorizer) and KAFKA_PATH",
    "0119": "needs ACLs (an authorizer) and KAFKA_PATH",
    "0126": "needs an OIDC token endpoint and a SASL/OAUTHBEARER listener",
    "0135": "needs a SASL listener",
}

# Gives more time to each test's own timeouts (2 cores shared with the brokers).
TIMEOUT_MULTIPLIER = 2
# What the test framework is told the broker is (it skips tests for older brokers).
KAFKA_VERSION = "4.4.0"

ROOT = Path(__file__).resolve().parents[2]
KAFKA_REF_SH = os.environ.get("KAFKA_REF_SH", str(ROOT / "scripts" / "kafka-ref.sh"))

ANSI = re.compile(r"\x1b\[[0-9;]*m|\x1b\(B")
SUMMARY = re.compile(r"^\|\s*(\d{4}\w*)\s*\|\s*([A-Z]+)\s*\|")


def broker_tests(src):
    """Names of the broker tests in test.c's table, first name per number, in order."""
    text = (Path(src) / "tests" / "test.c").read_text(errors="replace")
    start = text.index("struct test tests[]")
    table = text[start:text.index("};", start)]
    seen = {}
    for name, flags in re.findall(r"_TEST\(\s*(\w+)\s*,\s*([^,)]*)", table):
        if re.search(r"TEST_F_(LOCAL|MANUAL|SOCKEM|KNOWN_ISSUE)\b", flags):
            continue
        seen.setdefault(name[:4], name)
    return [n for num, n in seen.items() if num not in EXCLUDED]


def cmd_list(args):
    for name in broker_tests(args.src):
        if args.mode == "full" or name[:4] in QUICK:
            print(name)


def outcome(log_text, rc):
    """(status, message) from test-runner's summary table and failure lines."""
    text = ANSI.sub("", log_text)
    states = [m.group(2) for line in text.splitlines()
              if (m := SUMMARY.match(line)) and m.group(1) != "MAIN"]
    lines = text.splitlines()
    # "### Test "NAME" failed at FILE:LINE:FUNC() at TIME: ###" then the reason's line.
    failures = [re.sub(r" at \w{3} \w{3} .*###$", "", lines[i].strip()) + ": " + lines[i + 1].strip()
                for i in range(len(lines) - 1) if lines[i].startswith("### Test ")]
    skips = re.findall(r"SKIPPING TEST: (.*)|Skipping test \S+ \((.*)\)", text)
    if "FAILED" in states or (rc != 0 and not states):
        return "fail", " ".join(failures[:2])[:1500] or f"test-runner exited {rc}"
    if states and all(s == "SKIPPED" for s in states):
        reason = next((a or b for a, b in skips), "skipped by the test itself")
        return "skip", reason.strip()
    if states and all(s in ("PASSED", "SKIPPED") for s in states) and rc == 0:
        return "pass", ""
    return "fail", f"test-runner exited {rc}; states {states}"


def run_one(args, name, log_path, scratch):
    env = dict(os.environ, TESTS=name[:4], TEST_KAFKA_VERSION=KAFKA_VERSION,
               RDKAFKA_TEST_CONF=str(Path(scratch) / "test.conf"),
               KAFKA_PATH=str(Path(scratch) / "kafka"), BROKERS=args.bootstrap)
    env.pop("TESTS_SKIP", None)
    quick = ["-Q"] if name[:4] in QUICK else []
    cmd = [str(Path(args.src) / "tests" / "test-runner"), "-L", *quick, "-E"]
    rc = run_logged(cmd, log_path, args.timeout,
                    f"$ TESTS={name[:4]} TEST_KAFKA_VERSION={KAFKA_VERSION} {' '.join(cmd)}",
                    cwd=scratch, env=env)
    if rc is None:
        return "timeout", f"no result within {args.timeout} s"
    return outcome(Path(log_path).read_text(errors="replace"), rc)


def cmd_run(args):
    known = set(broker_tests(args.src))
    with tempfile.TemporaryDirectory(prefix="rdkafka-tests-") as top:
        # The tests run in <top>/tests: some read ../src/ (0053: statistics_schema.json).
        scratch = Path(top) / "tests"
        scratch.mkdir()
        (Path(top) / "src").symlink_to(Path(args.src).resolve() / "src")
        (Path(scratch) / "test.conf").write_text(
            f"bootstrap.servers={args.bootstrap}\n"
            f"test.timeout.multiplier={TIMEOUT_MULTIPLIER}\n")
        tool = Path(scratch) / "kafka" / "bin" / "kafka-topics.sh"
        tool.parent.mkdir(parents=True)
        tool.write_text(f'#!/bin/sh\nexec "{KAFKA_REF_SH}" tool kafka-topics "$@"\n')
        tool.chmod(0o755)

        def drop_stats():
            for stats in Path(scratch).glob("stats_*.json"):
                stats.unlink()

        run_tests(args, known, lambda test, log: run_one(args, test, log, scratch),
                  unknown="no such broker test", after_each=drop_stats)


def main():
    ap, _, _ = parser(extra=["--src"])
    args = ap.parse_args()
    {"list": cmd_list, "run": cmd_run}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
