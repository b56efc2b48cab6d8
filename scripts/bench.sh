#!/usr/bin/env bash
# Throughput and memory, in one run (Benchmarks/, a package of its own: never part of the test
# command or CI):
# - the RdKafka wrapper against the same librdkafka calls made directly in C (Produce, Consume);
# - Sluice's intake (`sluice serve`, release build) against a Python peer (Benchmarks/Peers) and raw
#   librdkafka on the same backlog of request events (Intake).
#
# Builds and runs the suite in release, exports every sample (the tool's histogramSamples format),
# and prints two tables: per Kafka case, raw and wrapper records/s, the ratio wrapper/raw (goal:
# >= 0.80), wall and CPU time, peak RSS and mallocs per record; per intake client, records/s over
# the whole backlog, its first and last thirds, and peak RSS, with the ratios sluice/python (goal:
# >= 1.5) and last third/first third (goal: >= 0.8).
#
#   scripts/bench.sh                      # the whole suite (~15 min on 2 cores, after the first build)
#   scripts/bench.sh --filter 'Intake.*'  # any further arguments go to `swift package benchmark`
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
# The intake cases run `sluice serve` (release) and the Python peer as processes of their own.
# SLUICE_BENCH_SLUICE may name a release `sluice` built elsewhere (another --scratch-path).
if [[ -z "${SLUICE_BENCH_SLUICE:-}" ]]; then
    (cd "$root" && swift build -c release --product sluice)
    export SLUICE_BENCH_SLUICE="$root/.build/release/sluice"
fi
venv="$root/Benchmarks/.venv-peers"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import confluent_kafka' 2> /dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$root/Benchmarks/Peers/requirements.txt"
fi
export SLUICE_BENCH_PYTHON="$venv/bin/python"
export SLUICE_BENCH_PEER="$root/Benchmarks/Peers/intake_peer.py"
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
intake = {}
for path in glob.glob(os.path.join(samples_dir, "*.histogram.samples.tsv")):
    # <baseline>.KafkaThroughput.<Produce|Consume|Intake>_<size>_<client>.<metric>.histogram.samples.tsv
    match = re.search(r"\.(Produce|Consume|Intake)_(\w+?)_(raw|wrapper|python|sluice)\.(\w+)\.histogram\.samples\.tsv$", path)
    if not match:
        continue
    kind, size, client, metric = match.groups()
    with open(path) as f:
        values = [float(line) for line in f.read().split("\n")[1:] if line.strip()]
    target = intake if kind == "Intake" else cases
    target.setdefault((kind, size), {}).setdefault(client, {})[metric] = values

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
if intake:
    print()
    print("| Intake | Client | Records | Rec/s | First third rec/s | Last third rec/s | Last/first | Peak RSS MB | vs python | vs raw |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (kind, size), clients in sorted(intake.items()):
        python_rate = median(clients.get("python", {}), "recordsPerSecond")
        raw_rate = median(clients.get("raw", {}), "recordsPerSecond")
        for client in ("raw", "python", "sluice"):
            run = clients.get(client, {})
            rate = median(run, "recordsPerSecond")
            first, last = median(run, "firstThirdPerSecond"), median(run, "lastThirdPerSecond")
            records = median(run, "recordsMeasured")
            peak = max(run["processPeakResident"]) / 1e6 if run.get("processPeakResident") and client != "raw" else None
            row = [f"{size}", client, number(float(f"{records:.3g}") if records else None), number(rate), number(first),
                   number(last), number(last / first if first and last else None, 2), number(peak),
                   number(rate / python_rate if rate and python_rate else None, 2),
                   number(rate / raw_rate if rate and raw_rate else None, 3)]
            print("| " + " | ".join(row) + " |")
    print()
    print("Intake: sluice and python are processes of their own, timed from their first journaled row to the last;")
    print("their peak RSS is the kernel's (VmHWM, read once the backlog is journaled). Goals: sluice/python >= 1.5, last/first >= 0.8. Raw consumes in")
    print("the benchmark's process (no peak RSS of its own).")
print("A case missing a column failed: see benchmark.log.")
with open(machine_path) as f:
    for line in f:
        print(f"- {line.strip()}")
PY
exit "$status"
