#!/usr/bin/env python3
"""Lists and runs franz-go's own pkg/kgo integration tests (the kgo.test binary suite.sh
prepare compiled) one test at a time; standard library only.

usage: run.py list --src DIR --quick|--full
       run.py run --src DIR --bootstrap H:P --out FILE --logs DIR --timeout S TEST...

A test name is Go's (`TestGroupETL`); each runs as
`KGO_SEEDS=<bootstrap> KGO_TEST_RF=1 KGO_TEST_RECORDS=<n> kgo.test -test.run '^NAME$'
-test.count=1 -test.v -test.timeout <S>s` in <src>/pkg/kgo. The status comes from Go's
`--- PASS/FAIL/SKIP: NAME` line for the top-level test (a test that passes with some
subtests skipped, e.g. TestGroupETL's KIP-848 variants on a broker without
ConsumerGroupHeartbeat, passes); the message is the first failure line of the test's own
output (`file_test.go:N: ...`) or Go's panic.
"""
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts" / "lib"))
from compat_suite import parser, run_logged, run_tests  # noqa: E402

# The tests of pkg/kgo that talk to a broker: those that reach newTestClient, adm,
# testClientOpts or getSeedBrokers (helpers_test.go), found by walking the test files'
# syntax trees at v1.22.2. The other ~120 tests of the package are unit tests (encoders,
# balancers, in-process fakes): they never dial KGO_SEEDS, judge no broker and are not run.
# TestSCRAMAuth and TestSCRAMAuthBadCredentials dial KGO_TEST_SCRAM_SEEDS only (a SASL
# listener): not run either.
INTEGRATION = """
Test848RegexBrokerResolves TestAddRemovePartitions TestClient_Produce
TestClient_ProduceLargeMessages TestConsumeMaxDecompressBatchBytes TestConsumeRegex
TestConsumeRegexShareSkipsInternal TestConsumeTopicRetrieval TestConsumeTopicRetrieval_Many
TestDirectPartitionPurge TestGroupETL TestGroupSimple TestHookPollStart TestIssue1034
TestIssue325 TestIssue337 TestIssue434 TestIssue523 TestIssue648 TestIssue769 TestIssue810
TestIssue831 TestIssue865 TestIssueFetchLargerThanBrokerMaxReadBytes
TestIssueProduceBrokerTooOldFailsRecords TestIssueProduceSyncManualPartitionNegativeDoesNotPanic
TestPauseIssue489 TestPauseIssueOct2023 TestPing TestPooling TestShareGroup
TestShareGroupAckOnClose TestShareGroupETL TestShareGroupOffsetsAdmin TestTxnEtl
TestUnknownGroupOffsetFetchPinned
""".split()

# --quick: all but the longest tests that cannot pass on samsa (TestTxnEtl needs
# transactions and waits out its timeout there; the share-group ETL tests skip on samsa and
# take 35 s on Kafka). The others take 0-25 s each: about 70 s on samsa, 2 min on Kafka.
NOT_QUICK = {"TestTxnEtl", "TestShareGroupETL", "TestShareGroupAckOnClose"}
QUICK = [t for t in INTEGRATION if t not in NOT_QUICK]

# Records the ETL tests (TestGroupETL, TestTxnEtl, TestShareGroupETL) produce and consume
# (upstream's default is 500000). One count for --quick and --full, so a test name means one
# thing in every run; FRANZ_GO_TEST_RECORDS overrides it for a manual run.
RECORDS = int(os.environ.get("FRANZ_GO_TEST_RECORDS") or 10000)

# Lines of the tests' own output that are not failures.
NOT_FAILURES = re.compile(r"deleting (topic|group)|completed in|FAILED TESTING|"
                          r"writes (succeeded|failed)|got expected error|stale commit encountered")
FAILURE_LINE = re.compile(r"^\s+\w+_test\.go:\d+: ")


def cmd_list(args):
    for name in (INTEGRATION if args.mode == "full" else QUICK):
        print(name)


def outcome(name, text, rc):
    """(status, message) from `go test -v` output."""
    lines = text.splitlines()
    timed_out = next((l for l in lines if l.startswith("panic: test timed out")), None)
    if timed_out:
        return "timeout", timed_out
    final = re.compile(r"^--- (PASS|FAIL|SKIP): " + re.escape(name) + r" \(")
    states = [m.group(1) for l in lines if (m := final.match(l))]
    if not states:
        if rc == 0 and any(l.startswith("testing: warning: no tests to run") for l in lines):
            return "error", "no such test in kgo.test"
        panic = next((l for l in lines if l.startswith("panic: ")), None)
        return "fail", panic or f"kgo.test exited {rc} without a result for {name}"
    state = states[-1]
    if state == "PASS" and rc == 0:
        return "pass", ""
    if state == "SKIP":
        end = next(i for i, l in enumerate(lines) if final.match(l))
        reasons = [l.strip() for l in lines[:end]
                   if FAILURE_LINE.match(l) and not NOT_FAILURES.search(l)]
        return "skip", reasons[-1] if reasons else "skipped by the test itself"
    failures = [l.strip() for l in lines if FAILURE_LINE.match(l) and not NOT_FAILURES.search(l)]
    failed = [l.strip()[4:] for l in lines if l.lstrip().startswith("--- FAIL: ")]
    message = "; ".join(failures[:3]) or (failed[0] if failed else f"kgo.test exited {rc}")
    if len(failed) > 1:
        message = "failed: " + ", ".join(f.split(" (")[0] for f in failed[:-1]) + ": " + message
    return "fail", message


def run_one(args, name, log_path):
    records = RECORDS
    env = dict(os.environ, KGO_SEEDS=args.bootstrap, KGO_TEST_RF="1",
               KGO_TEST_RECORDS=str(records))
    for k in ("KGO_TEST_TLS", "KGO_TEST_SCRAM", "KGO_TEST_SCRAM_SEEDS", "KGO_TEST_UNSAFE",
              "KGO_TEST_CHAOS", "KGO_TEST_MAX_TOPIC_PARTS"):
        env.pop(k, None)
    # Go's own deadline first (it prints the stuck goroutines), ours 20 s later.
    cmd = [str(Path(args.src) / "kgo.test"), "-test.run", f"^{name}$", "-test.count=1",
           "-test.v", f"-test.timeout={args.timeout}s"]
    workdir = Path(args.src) / "pkg" / "kgo"
    rc = run_logged(cmd, log_path, args.timeout + 20,
                    f"$ cd {workdir} && KGO_SEEDS={args.bootstrap} KGO_TEST_RF=1 "
                    f"KGO_TEST_RECORDS={records} {' '.join(cmd)}", cwd=workdir, env=env)
    if rc is None:
        return "timeout", f"no result within {args.timeout} s"
    return outcome(name, Path(log_path).read_text(errors="replace"), rc)


def cmd_run(args):
    run_tests(args, set(INTEGRATION), lambda test, log: run_one(args, test, log))


def main():
    ap, _, _ = parser(extra=["--src"])
    args = ap.parse_args()
    {"list": cmd_list, "run": cmd_run}[args.cmd](args)


if __name__ == "__main__":
    main()
