#!/usr/bin/env bash
# `sluice broker` with a real, independent client: kcat produces keyed records into the embedded
# broker and a kcat consumer group reads them back. Exits non-zero on any mismatch.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sluice="${SLUICE_BIN:-$root/.build/debug/sluice}"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

"$sluice" broker --brokers 3 --log-level warning > "$work/address" 2> "$work/broker.log" &
pid=$!
for _ in $(seq 100); do [[ -s "$work/address" ]] && break; sleep 0.1; done
bootstrap="$(head -1 "$work/address")"
[[ "$bootstrap" =~ ^127\.0\.0\.1:[0-9]+(,127\.0\.0\.1:[0-9]+)*$ ]] || { echo "smoke: bad address '$bootstrap'"; cat "$work/broker.log"; exit 1; }

topics="$(kcat -b "$bootstrap" -L -J | python3 -c 'import json,sys; print(" ".join(sorted(t["topic"] for t in json.load(sys.stdin)["topics"])))')"
[[ "$topics" == "llm.alerts llm.requests llm.requests.dlq llm.results llm.savings" ]] || { echo "smoke: topics are '$topics'"; exit 1; }

for i in $(seq 1 200); do echo "tenant-$((i % 7))/doc-$i|{\"id\":\"$i\"}"; done > "$work/sent"
kcat -b "$bootstrap" -P -t llm.requests -K '|' -X enable.idempotence=true < "$work/sent"
timeout 60 kcat -b "$bootstrap" -C -G smoke-group -c 200 -f '%k|%s\n' -q \
    -X fetch.wait.max.ms=10 -X session.timeout.ms=6000 -X auto.offset.reset=earliest llm.requests > "$work/received"
if ! diff <(sort "$work/sent") <(sort "$work/received") > "$work/diff"; then
    echo "smoke: kcat read back something else"; head "$work/diff"; exit 1
fi
kill -INT "$pid"
wait "$pid"
echo "smoke: sluice broker served kcat -P and kcat -C -G (200 records, 5 topics): 1 passed, 0 failed"
