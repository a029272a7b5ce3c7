#!/usr/bin/env bash
# One kcat scenario: `KCAT_BOOTSTRAP=HOST:PORT scenarios.sh NAME`. Exit 0 when it passes;
# a failed check prints "FAIL: why" and exits 1; an unknown NAME exits 3. suite.sh runs each
# under a time limit and writes its result line.
set -euo pipefail
B=${KCAT_BOOTSTRAP:?}
name=${1:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
# Logged kcat: every invocation shows in the scenario's log.
kc() { echo "+ kcat $*" >&2; kcat -b "$B" -X socket.timeout.ms=20000 "$@"; }
# A -G consumer that has not finished in 30 s (no group coordinator, say) fails the check
# instead of using up the scenario's whole time limit.
kg() {
  local rc=0
  timeout 30 kcat -b "$B" -X socket.timeout.ms=20000 -G "$@" || rc=$?
  [ "$rc" = 124 ] && fail "kcat -G $1 did not finish in 30 s (log above)"
  return "$rc"
}
fresh() { echo "kcat-$1-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }
# json EXPR < JSON: evaluates a Python expression over the document `d`.
json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
expect_eq() { [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"; }
expect_files() { cmp -s "$1" "$2" || { diff "$1" "$2" | head -n 20; fail "$3"; }; }
lines() { seq -f "line-%06g-$1" 1 "$2"; }
# consume TOPIC PARTITION COUNT FORMAT [extra args]: from the beginning, exits at the end.
consume() {
  local t=$1 p=$2 n=$3 f=$4
  shift 4
  kc -C -t "$t" -p "$p" -o beginning -e -c "$n" -f "$f" "$@"
}
wait_topic() {
  local t=$1 i
  for i in $(seq 1 50); do
    kc -L -J -t "$t" 2>/dev/null | json 'len(d["topics"][0].get("partitions", []))' | grep -qx '[1-9][0-9]*' && return
    sleep 0.2
  done
  fail "topic $t never appeared"
}

produce_consume() {
  local codec=$1 t
  t=$(fresh "$codec")
  lines "$codec" 500 >"$work/in"
  kc -P -t "$t" -p 0 -z "$codec" -X linger.ms=20 <"$work/in"
  consume "$t" 0 500 '%s\n' >"$work/out"
  expect_files "$work/out" "$work/in" "the $codec records read back differ"
  consume "$t" 0 500 '%o\n' >"$work/offsets"
  expect_eq "$(tr '\n' ' ' <"$work/offsets")" "$(seq -s ' ' 0 499) " "offsets"
}

case "$name" in
  metadata)
    t=$(fresh meta)
    echo hello | kc -P -t "$t"
    wait_topic "$t"
    kc -L -J >"$work/md.json"
    cat "$work/md.json"
    host=${B%:*} port=${B##*:}
    expect_eq "$(json 'len(d["brokers"])' <"$work/md.json")" 1 "broker count"
    expect_eq "$(json 'd["brokers"][0]["name"]' <"$work/md.json")" "$host:$port" "the broker's advertised address"
    id=$(json 'd["brokers"][0]["id"]' <"$work/md.json")
    expect_eq "$(json "[len(x['partitions']) for x in d['topics'] if x['topic'] == '$t']" <"$work/md.json")" "[4]" \
      "an auto-created topic's partitions"
    expect_eq "$(json "sorted({p['leader'] for x in d['topics'] if x['topic'] == '$t' for p in x['partitions']})" <"$work/md.json")" \
      "[$id]" "leaders"
    ;;
  metadata-topic)
    t=$(fresh mt)
    echo x | kc -P -t "$t" -p 2
    kc -L -t "$t" | tee "$work/md.txt"
    grep -q "topic \"$t\" with 4 partitions:" "$work/md.txt" || fail "no 'topic with 4 partitions' line"
    for p in 0 1 2 3; do
      grep -Eq "partition $p, leader [0-9]+, replicas: [0-9]+, isrs: [0-9]+" "$work/md.txt" || fail "partition $p line"
    done
    ;;
  produce-consume-none) produce_consume none ;;
  produce-consume-gzip) produce_consume gzip ;;
  produce-consume-snappy) produce_consume snappy ;;
  produce-consume-lz4) produce_consume lz4 ;;
  produce-consume-zstd) produce_consume zstd ;;
  idempotent)
    t=$(fresh idem)
    lines idem 5000 >"$work/in"
    kc -P -t "$t" -p 1 -X enable.idempotence=true -X acks=all -X max.in.flight=5 -X batch.num.messages=100 <"$work/in"
    consume "$t" 1 5000 '%s\n' >"$work/out"
    expect_files "$work/out" "$work/in" "idempotent records lost, duplicated or reordered"
    ;;
  keys-headers)
    t=$(fresh keys)
    for i in $(seq 1 40); do echo "key-$((i % 8)):value-$i"; done >"$work/in"
    kc -P -t "$t" -K: -H trace=abc -H empty= -H trace=again <"$work/in"
    : >"$work/out"
    for p in 0 1 2 3; do
      kc -C -t "$t" -p "$p" -o beginning -e -f "%p|%k|%s|%h\n" >>"$work/out"
    done
    cat "$work/out"
    expect_eq "$(wc -l <"$work/out" | tr -d ' ')" 40 "records read back"
    # Every key on exactly one partition, every value back with its key and headers.
    expect_eq "$(cut -d'|' -f1,2 "$work/out" | sort -u | cut -d'|' -f2 | sort | uniq -d)" "" "a key on two partitions"
    expect_eq "$(cut -d'|' -f2,3 "$work/out" | sort)" "$(tr ':' '|' <"$work/in" | sort)" "keys and values"
    expect_eq "$(cut -d'|' -f4 "$work/out" | sort -u)" "trace=abc,empty=,trace=again" "headers"
    # A null value (tombstone) with -Z.
    printf 'gone:\n' | kc -P -t "$t" -p 0 -K: -Z
    kc -C -t "$t" -p 0 -o -1 -e -Z -f '%k|%s|%S\n' | tee "$work/null"
    expect_eq "$(cat "$work/null")" "gone|NULL|-1" "a null value"
    ;;
  offsets-for-times)
    t=$(fresh times)
    for i in 0 1 2 3 4; do
      echo "m$i" | kc -P -t "$t" -p 0
      sleep 0.05
    done
    consume "$t" 0 5 '%o %T\n' | tee "$work/ts"
    mapfile -t ts < <(cut -d' ' -f2 "$work/ts")
    [ "${#ts[@]}" = 5 ] || fail "5 records expected"
    q() { kc -Q -t "$t:0:$1" -J | json "d['$t']['0']['offset']"; }
    expect_eq "$(q $((ts[0] - 1000)))" 0 "before the first record"
    expect_eq "$(q "${ts[0]}")" 0 "the first timestamp"
    expect_eq "$(q $((ts[2] - 1)))" 2 "just before the third"
    expect_eq "$(q "${ts[4]}")" 4 "the last timestamp"
    expect_eq "$(q $((ts[4] + 60000)))" -1 "after the last timestamp (end)"
    expect_eq "$(q -1)" 5 "latest"
    expect_eq "$(q -2)" 0 "earliest"
    ;;
  consume-from-timestamp)
    t=$(fresh fromts)
    for i in 0 1 2 3; do
      echo "m$i" | kc -P -t "$t" -p 0
      sleep 0.05
    done
    consume "$t" 0 4 '%T\n' >"$work/ts"
    from=$(sed -n 3p "$work/ts")
    expect_eq "$(kc -C -t "$t" -p 0 -o "s@$from" -e -f '%s ')" "m2 m3 " "consuming from a timestamp"
    ;;
  consume-relative-offsets)
    t=$(fresh rel)
    lines rel 20 | kc -P -t "$t" -p 3
    expect_eq "$(kc -C -t "$t" -p 3 -o -3 -e -f '%o ')" "17 18 19 " "-o -3"
    expect_eq "$(kc -C -t "$t" -p 3 -o 15 -c 2 -f '%o ')" "15 16 " "-o 15 -c 2"
    expect_eq "$(kc -C -t "$t" -p 3 -o end -e -f '%o ')" "" "-o end"
    ;;
  group-consume)
    t=$(fresh grp)
    g=$(fresh group)
    lines grp 100 >"$work/in"
    kc -P -t "$t" <"$work/in"
    kg "$g" -o beginning -e -f '%s\n' -X auto.commit.interval.ms=100 "$t" >"$work/out.raw"
    sort "$work/out.raw" >"$work/out"
    expect_files "$work/out" <(sort "$work/in") "a balanced consumer's records"
    ;;
  group-resume)
    # Without -o, a -G consumer starts at the group's committed offsets (kcat's -o would
    # override them), else at auto.offset.reset.
    t=$(fresh res)
    g=$(fresh group)
    lines first 30 | kc -P -t "$t"
    kg "$g" -X auto.offset.reset=earliest -e -f '%s\n' "$t" >"$work/first.raw"
    sort "$work/first.raw" >"$work/first"
    expect_eq "$(wc -l <"$work/first" | tr -d ' ')" 30 "the first consumer's records"
    lines second 7 | kc -P -t "$t"
    kg "$g" -X auto.offset.reset=earliest -e -f '%s\n' "$t" >"$work/second.raw"
    sort "$work/second.raw" >"$work/second"
    expect_files "$work/second" <(lines second 7 | sort) "the second consumer resumes from the commits"
    ;;
  group-two-members)
    # Two members split four partitions (roundrobin: two each); then 100 records a partition.
    t=$(fresh two)
    g=$(fresh group)
    echo x | kc -P -t "$t" -p 0
    : >"$work/a.err"
    : >"$work/b.err"
    for m in a b; do
      kg "$g" -X auto.offset.reset=latest -X partition.assignment.strategy=roundrobin \
        -c 200 -f '%p %s\n' "$t" >"$work/$m" 2>"$work/$m.err" &
      eval "pid_$m=$!"
    done
    for i in $(seq 1 150); do
      split=1
      for m in a b; do
        grep 'rebalanced' "$work/$m.err" | tail -n 1 | grep -q 'assigned: [^,]*\[[0-9]\], [^,]*\[[0-9]\]$' || split=0
      done
      [ "$split" = 1 ] && break
      sleep 0.2
    done
    cat "$work/a.err" "$work/b.err"
    [ "$split" = 1 ] || fail "the members never split the partitions two and two"
    for p in 0 1 2 3; do lines "p$p" 100 | kc -P -t "$t" -p "$p"; done
    wait "$pid_a" || fail "member a"
    wait "$pid_b" || fail "member b"
    expect_eq "$(cat "$work/a" "$work/b" | cut -d' ' -f2 | sort -u | wc -l | tr -d ' ')" 400 "records across two members"
    expect_eq "$(cut -d' ' -f1 "$work/a" "$work/b" | sort -u | wc -l | tr -d ' ')" 4 "partitions consumed"
    expect_eq "$(comm -12 <(cut -d' ' -f1 "$work/a" | sort -u) <(cut -d' ' -f1 "$work/b" | sort -u))" "" \
      "a partition consumed by both members"
    ;;
  large-messages)
    t=$(fresh large)
    for i in 1 2 3 4 5; do head -c 300000 /dev/zero | tr '\0' "$i" >"$work/m$i"; done
    kc -P -t "$t" -p 0 -z zstd -X message.max.bytes=2000000 "$work"/m1 "$work"/m2 "$work"/m3 "$work"/m4 "$work"/m5
    consume "$t" 0 5 '%S\n' >"$work/sizes"
    expect_eq "$(sort -u "$work/sizes")" 300000 "five 300 KB records"
    ;;
  *) echo "no scenario $name" >&2; exit 3 ;;
esac
echo PASS
