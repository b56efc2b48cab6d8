#!/usr/bin/env bash
# Throughput and memory of the RdKafka wrapper against the same librdkafka calls made directly in
# C, in one run (Benchmarks/, a package of its own: never part of the test command or CI).
#
# Builds and runs the suite in release, exports every sample (the tool's histogramSamples format),
# and prints, per case, raw and wrapper records/s, the ratio wrapper/raw (goal: >= 0.80), wall and
# CPU time, peak RSS and mallocs per record.
#
#   scripts/bench.sh                      # the whole suite (~5 min on 2 cores, after the first build)
#   scripts/bench.sh --filter 'Produce.*' # any further arguments go to `swift package benchmark`
#
# Results go to Benchmarks/.build/bench-results/<UTC time>/ (or $BENCH_RESULTS): samples/, the
# tool's log, the table (table.md) and the machine facts (machine.txt).
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
# --disable-sandbox: the tool writes its export and talks to the benchmark processes.
# histogramSamples: every sample of every metric, one file per case and metric (exact values: the
# suite sets plain units). JMH would drop a case whose iterations exceed 2 s (it needs the
# iterations-per-second metric, which then reads 0).
swift package --disable-sandbox benchmark --format histogramSamples --path "$results/samples" --no-progress "$@" 2>&1 |
    tee "$results/benchmark.log"
status=${PIPESTATUS[0]}
echo "load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)" >> "$results/machine.txt"
echo "elapsed (build and run): $((SECONDS - start)) s" >> "$results/machine.txt"
if ! compgen -G "$results/samples/*.tsv" > /dev/null; then
    echo "bench: no samples in $results/samples (see benchmark.log)" >&2
    exit 1
fi

python3 - "$results/samples" "$results/machine.txt" << 'PY' | tee "$results/table.md"
"""Pairs each raw case with its wrapper case and prints a Markdown table of medians."""
import glob
import os
import re
import statistics
import sys

samples_dir, machine_path = sys.argv[1], sys.argv[2]
cases = {}
for path in glob.glob(os.path.join(samples_dir, "*.histogram.samples.tsv")):
    # <baseline>.KafkaThroughput.<Produce|Consume>_<size>_<raw|wrapper>.<metric>.histogram.samples.tsv
    match = re.search(r"\.(Produce|Consume)_(\w+?)_(raw|wrapper)\.(\w+)\.histogram\.samples\.tsv$", path)
    if not match:
        continue
    kind, size, client, metric = match.groups()
    with open(path) as f:
        values = [float(line) for line in f.read().split("\n")[1:] if line.strip()]
    cases.setdefault((kind, size), {}).setdefault(client, {})[metric] = values

def median(run, metric):
    values = run.get(metric)
    return statistics.median(values) if values else None

def number(value, digits=0):
    return "n/a" if value is None else f"{value:,.{digits}f}"

print("| Case | Records | Raw rec/s | Wrapper rec/s | Wrapper/raw | Goal ≥ 0.80 | Raw wall ms | Wrapper wall ms "
      "| Raw CPU ms | Wrapper CPU ms | Raw peak RSS MB | Wrapper peak RSS MB | Raw mallocs/rec | Wrapper mallocs/rec |")
print("|---|---:|---:|---:|---:|:---:|---:|---:|---:|---:|---:|---:|---:|---:|")
order = {"Produce": 0, "Consume": 1}
for kind, size in sorted(cases, key=lambda key: (order[key[0]], int(re.sub(r"\D", "", key[1]) or 0))):
    row = [f"{kind} {size}"]
    pair = cases[(kind, size)]
    raw, wrapper = pair.get("raw", {}), pair.get("wrapper", {})
    records = median(raw, "recordsMeasured") or median(wrapper, "recordsMeasured")
    raw_rate, wrapper_rate = median(raw, "recordsPerSecond"), median(wrapper, "recordsPerSecond")
    ratio = wrapper_rate / raw_rate if raw_rate and wrapper_rate else None
    verdict = "n/a" if ratio is None else ("yes" if ratio >= 0.80 else "**no**")
    # The tool keeps samples in HDR histograms (3 significant digits): 200,000 reads back as 200,063.
    row += [number(float(f"{records:.3g}") if records else None), number(raw_rate), number(wrapper_rate), number(ratio, 2), verdict]
    for metric, scale in (("wallClock", 1e-3), ("cpuTotal", 1e-3)):  # exported in microseconds
        row += [number(None if median(run, metric) is None else median(run, metric) * scale) for run in (raw, wrapper)]
    row += [number(max(run["peakMemoryResident"]) / 1e6) if run.get("peakMemoryResident") else "n/a" for run in (raw, wrapper)]
    for run in (raw, wrapper):
        mallocs, measured = median(run, "mallocCountTotal"), median(run, "recordsMeasured")
        row.append(number(mallocs / measured if mallocs is not None and measured else None, 2))
    print("| " + " | ".join(row) + " |")
print()
print("Medians over the measured iterations; peak RSS is the largest sample (the whole process, broker included).")
print("A case missing a column failed: see benchmark.log.")
with open(machine_path) as f:
    for line in f:
        print(f"- {line.strip()}")
PY
exit "$status"
