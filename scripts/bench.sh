#!/usr/bin/env bash
# Throughput and memory of the RdKafka wrapper against the same librdkafka calls made directly in
# C, in one run (Benchmarks/, a package of its own: never part of the test command or CI).
#
# Builds and runs the suite in release, exports the results as JMH JSON, and prints, per case,
# raw and wrapper records/s, the ratio wrapper/raw (goal: >= 0.80), peak RSS and mallocs per record.
#
#   scripts/bench.sh                      # the whole suite (~5 min on 2 cores, after the first build)
#   scripts/bench.sh --filter 'Produce.*' # any further arguments go to `swift package benchmark`
#
# Results go to Benchmarks/.build/bench-results/<UTC time>/ (or $BENCH_RESULTS): the JMH file,
# the tool's log, the table (table.md) and the machine facts (machine.txt).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/Benchmarks"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="${BENCH_RESULTS:-$root/Benchmarks/.build/bench-results/$stamp}"
mkdir -p "$results"

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "nproc: $(nproc)"
    echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "librdkafka: $(pkg-config --modversion rdkafka 2> /dev/null || echo unknown)"
    echo "swift: $(swift --version 2> /dev/null | head -n 1)"
    echo "load average before: $(cut -d ' ' -f 1-3 /proc/loadavg)"
} > "$results/machine.txt"

echo "bench: building and running in release; results in $results"
start=$SECONDS
# --disable-sandbox: the benchmark tool writes its export and talks to the benchmark process.
swift package --disable-sandbox benchmark --format jmh --path "$results" --no-progress "$@" 2>&1 |
    tee "$results/benchmark.log"
echo "load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)" >> "$results/machine.txt"
echo "elapsed (build and run): $((SECONDS - start)) s" >> "$results/machine.txt"

jmh="$(find "$results" -name '*.jmh.json' | head -n 1)"
if [[ -z "$jmh" ]]; then
    echo "bench: no JMH export in $results (see benchmark.log)" >&2
    exit 1
fi
python3 - "$jmh" "$results/machine.txt" << 'PY' | tee "$results/table.md"
"""Pairs each raw case with its wrapper case and prints a Markdown table of medians."""
import json
import re
import sys

jmh_path, machine_path = sys.argv[1], sys.argv[2]
with open(jmh_path) as f:
    elements = json.load(f)

cases = {}
for element in elements:
    name = element["benchmark"].rsplit(".", 1)[-1]  # e.g. Produce_1KB_raw
    match = re.fullmatch(r"(Produce|Consume)_(\w+?)_(raw|wrapper)", name)
    if not match:
        continue
    metrics = element.get("secondaryMetrics") or {}

    def percentile(metric, p):
        entry = metrics.get(metric)
        return None if entry is None else entry["scorePercentiles"][p]

    rate = percentile("recordsPerSecond", "50.0")
    records = percentile("recordsMeasured", "50.0")
    mallocs = percentile("Malloc (total)", "50.0")
    cases.setdefault((match[1], match[2]), {})[match[3]] = {
        "rate": rate,
        "records": records,
        "wall_ms": (percentile("Time (wall clock)", "50.0") or 0) / 1000,  # exported in microseconds
        "cpu_ms": (percentile("Time (total CPU)", "50.0") or 0) / 1000,
        "peak_mb": (percentile("Memory (resident peak)", "100.0") or 0) / 1e6,
        "mallocs_per_record": mallocs / records if mallocs is not None and records else None,
        "samples": element["measurementIterations"],
    }

def number(value, digits=0):
    return "n/a" if value is None else f"{value:,.{digits}f}"

print("| Case | Records | Raw rec/s | Wrapper rec/s | Wrapper/raw | Goal ≥ 0.80 | Raw wall ms | Wrapper wall ms "
      "| Raw CPU ms | Wrapper CPU ms | Raw peak RSS MB | Wrapper peak RSS MB | Raw mallocs/rec | Wrapper mallocs/rec |")
print("|---|---:|---:|---:|---:|:---:|---:|---:|---:|---:|---:|---:|---:|---:|")
order = {"Produce": 0, "Consume": 1}
for (kind, size) in sorted(cases, key=lambda key: (order[key[0]], int(re.sub(r"\D", "", key[1]) or 0))):
    pair = cases[(kind, size)]
    raw, wrapper = pair.get("raw", {}), pair.get("wrapper", {})
    ratio = wrapper["rate"] / raw["rate"] if raw.get("rate") and wrapper.get("rate") else None
    verdict = "n/a" if ratio is None else ("yes" if ratio >= 0.80 else "**no**")
    print(f"| {kind} {size} | {number(raw.get('records') or wrapper.get('records'))} "
          f"| {number(raw.get('rate'))} | {number(wrapper.get('rate'))} | {number(ratio, 2)} | {verdict} "
          f"| {number(raw.get('wall_ms'))} | {number(wrapper.get('wall_ms'))} "
          f"| {number(raw.get('cpu_ms'))} | {number(wrapper.get('cpu_ms'))} "
          f"| {number(raw.get('peak_mb'))} | {number(wrapper.get('peak_mb'))} "
          f"| {number(raw.get('mallocs_per_record'), 2)} | {number(wrapper.get('mallocs_per_record'), 2)} |")
print()
print("Medians over the measured iterations (peak RSS: the maximum). Records: measured per iteration.")
with open(machine_path) as f:
    for line in f:
        print(f"- {line.strip()}")
PY
