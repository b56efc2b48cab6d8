#!/usr/bin/env bash
# The issue's acceptance run with independent parts: `sluice broker` and `sluice emulator` as their
# own processes, `sluice serve` pointed at both, raw-mode events (and one bad record) published
# with kcat, and the results, savings and dead letter read back with kcat. Then SIGTERM must drain.
# Last, a real `kill -9` with batches in flight: the restarted instance finishes the job, and the
# emulator's own ledger shows every request billed once (no batch submitted twice).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sluice="${SLUICE_BIN:-$root/.build/debug/sluice}"
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "smoke-serve: $*"; tail -20 "$work/serve.log" || true; exit 1; }

"$sluice" broker --log-level warning > "$work/broker" 2> "$work/broker.log" & pids+=($!)
"$sluice" emulator --port 0 --speedup 1000 --log-level warning > "$work/emulator" 2> "$work/emulator.log" & pids+=($!)
for _ in $(seq 150); do [[ -s "$work/broker" && -s "$work/emulator" ]] && break; sleep 0.1; done
broker="$(head -1 "$work/broker")"; emulator="$(head -1 "$work/emulator")"

# The shortest session the broker allows: a member killed with -9 (or a static member that
# stopped) holds its partitions until it expires.
printf 'kafka:\n  session_timeout: 6s\n' > "$work/sluice.yaml"
start_serve() {
    SLUICE_CONFIG="$work/sluice.yaml" KAFKA_BROKERS="$broker" SLUICE_DATA_DIR="$work/data" SLUICE_ADMIN_ADDR=127.0.0.1:0 SLUICE_BATCH_MAX_WAIT=1 \
    ANTHROPIC_BASE_URL="$emulator" ANTHROPIC_API_KEY=smoke OPENAI_BASE_URL="$emulator/v1" OPENAI_API_KEY=smoke \
    GEMINI_BASE_URL="$emulator" GEMINI_API_KEY=smoke SLUICE_LOG_LEVEL=info \
        "$sluice" serve 2>> "$work/serve.log" & serve=$!; pids+=($serve)
}
requests() {
    local models=(claude-haiku-4-5 gpt-5-mini gemini-2.5-flash)
    for i in $(seq "$1" "$2"); do
        model="${models[$((i % 3))]}"
        echo "t$((i % 2))|{\"id\":\"r$i\",\"tenant\":\"t$((i % 2))\",\"request\":{\"kind\":\"chat\",\"model\":\"$model\",\"messages\":[{\"role\":\"user\",\"content\":\"Classify note $i\"}],\"max_tokens\":40}}"
    done
}
start_serve
requests 1 9 > "$work/requests"
echo "bad|not json" >> "$work/requests"
kcat -b "$broker" -P -t llm.requests -K '|' < "$work/requests"

read_topic() { timeout 60 kcat -b "$broker" -C -t "$1" -c "$2" -q -f "$3" -X fetch.wait.max.ms=10; }
read_topic llm.results 9 '%s\n' > "$work/results" || fail "fewer than 9 results"
read_topic llm.requests.dlq 1 '%h\n' > "$work/dlq" || fail "no dead letter"
read_topic llm.savings 6 '%s\n' > "$work/savings" || fail "fewer than 6 savings events (3 batches x 2 tenants)"
python3 - "$work/results" "$work/savings" <<'PY' || fail "results or savings are wrong"
import json, sys
results = [json.loads(l) for l in open(sys.argv[1])]
assert sorted(r["id"] for r in results) == [f"r{i}" for i in range(1, 10)], results
assert all(r["status"] == "succeeded" and r["mode"] == "batch" for r in results)
savings = [json.loads(l) for l in open(sys.argv[2])]
assert {s["provider"] for s in savings} == {"anthropic", "openai", "gemini"}, savings
assert all(float(s["saved_usd"]) > 0 for s in savings)
PY
grep -q "dlq.error.class=sluice.contract.malformed_json" "$work/dlq" || fail "dead letter lacks its error header"
kill -TERM "$serve"
wait "$serve" || fail "serve did not drain cleanly on SIGTERM"

# kill -9 while batches are in flight, then restart on the same data directory.
submitted_before="$(grep -c 'Batch submitted' "$work/serve.log" || true)"
start_serve
requests 10 18 | kcat -b "$broker" -P -t llm.requests -K '|'
for _ in $(seq 1500); do
    (( $(grep -c 'Batch submitted' "$work/serve.log" || true) > submitted_before )) && break; sleep 0.02
done
kill -KILL "$serve"; wait "$serve" 2>/dev/null || true
start_serve
read_topic llm.results 18 '%h\t%s\n' > "$work/results-all" || fail "fewer than 18 results after kill -9 and restart"
curl -fsS "$emulator/_emulator/ledger" > "$work/ledger" || fail "no emulator ledger"
python3 - "$work/results-all" "$work/ledger" <<'PY' || fail "kill -9 lost a result or billed a request twice"
import json, sys
ids = {}
for line in open(sys.argv[1]):
    headers, value = line.rstrip("\n").split("\t", 1)
    ce_id = next(h.split("=", 1)[1] for h in headers.split(",") if h.startswith("ce_id="))
    ids.setdefault(json.loads(value)["id"], set()).add(ce_id)
assert sorted(ids) == sorted(f"r{i}" for i in range(1, 19)), sorted(ids)
assert all(len(c) == 1 for c in ids.values()), ids  # a redelivery keeps its ce_id
billed = [e["custom_id"] for e in json.load(open(sys.argv[2]))["entries"] if e.get("custom_id")]
assert len(billed) == 18 and len(set(billed)) == 18, billed  # custom ids are derived, one per request
PY
kill -TERM "$serve"
wait "$serve" || fail "serve did not drain cleanly on SIGTERM after the restart"
echo "smoke-serve: sluice serve with an external broker and emulator: 9 results, 6 savings events, 1 dead letter, clean drain; kill -9 in flight and restart: 18 results, each billed once: 1 passed, 0 failed"
