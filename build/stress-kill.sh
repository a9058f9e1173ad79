#!/usr/bin/env bash
# Kill -9 stress test of the stage cache: runs `toolchain run` on a spec again and again, killing it
# with SIGKILL after a random (seeded) delay, then checks that a clean rerun completes, that every
# complete cache entry verifies against its manifest and that `status` reports every stage cached.
#
#   build/stress-kill.sh [--kills 10] [--spec dataset-specs/ci.yaml] [--until STAGE] [--max-delay 30] [--seed 1] [--cache DIR]
#
# Prints one line per attempt (delay, stage running when killed) and a summary; exit 0 when the
# rerun and every check pass. TOOLCHAIN_DLL overrides the CLI used (default: the Release build).
# The cache defaults to a fresh temporary folder (kept for inspection).
set -euo pipefail
cd "$(dirname "$0")/.."

kills=10 spec=dataset-specs/ci.yaml until="" max_delay=30 seed=1 cache=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kills) kills=$2; shift 2 ;;
    --spec) spec=$2; shift 2 ;;
    --until) until=$2; shift 2 ;;
    --max-delay) max_delay=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --cache) cache=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d -t toolchain-stress-XXXXXX)
cache=${cache:-$work/cache}
dll=${TOOLCHAIN_DLL:-src/Toolchain.Cli/bin/Release/net10.0/toolchain.dll}
[[ -f $dll ]] || dotnet build src/Toolchain.Cli -c Release --nologo -v quiet >/dev/null
run_args=(run --spec "$spec" --cache "$cache")
[[ -n $until ]] && run_args+=(--until "$until")

RANDOM=$seed
declare -A killed_in=()
done_kills=0 attempts=0 completed=0
while (( done_kills < kills )); do
  attempts=$((attempts + 1))
  log=$work/attempt-$attempts.log
  # Delay in tenths of a second, 1.0 s .. max_delay s.
  tenths=$(( 10 + RANDOM % (max_delay * 10 - 9) ))
  delay=$(printf '%d.%d' $((tenths / 10)) $((tenths % 10)))
  dotnet "$dll" "${run_args[@]}" >"$log" 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -0 "$pid" 2>/dev/null; then
    stage=$(grep -aoE '^\[ *[0-9.]+s\] [a-z_]+: running' "$log" | tail -1 | sed -E 's/.*\] ([a-z_]+): running/\1/' || true)
    stage=${stage:-startup}
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    done_kills=$((done_kills + 1))
    killed_in[$stage]=$(( ${killed_in[$stage]:-0} + 1 ))
    printf 'attempt %2d: killed after %5ss while in %s\n' "$attempts" "$delay" "$stage"
  else
    code=0; wait "$pid" || code=$?
    if (( code != 0 )); then echo "attempt $attempts: run failed with exit $code before the kill:"; tail -5 "$log"; exit 1; fi
    completed=$((completed + 1))
    printf 'attempt %2d: run completed within %ss; clearing the cache so later kills hit real work\n' "$attempts" "$delay"
    rm -rf "$cache"
  fi
done

echo "--- clean rerun"
dotnet "$dll" "${run_args[@]}" >"$work/rerun.log" 2>&1 || { echo "rerun FAILED"; tail -20 "$work/rerun.log"; exit 1; }
tail -1 "$work/rerun.log"
grep -aiE 'replacing|resum' "$work/rerun.log" || true

echo "--- verify: rerun with --verify must reuse every stage"
dotnet "$dll" "${run_args[@]}" --verify >"$work/verify.log" 2>&1 || { echo "verify run FAILED"; tail -20 "$work/verify.log"; exit 1; }
ran=$(grep -aoE '[0-9]+ stage\(s\) ran' "$work/verify.log" | grep -oE '^[0-9]+')
[[ $ran == 0 ]] || { echo "verify run re-ran $ran stage(s)"; exit 1; }

entries=0 bad=0
for complete in "$cache"/*/*/COMPLETE; do
  entry=$(dirname "$complete")
  entries=$((entries + 1))
  if ! dotnet "$dll" verify "$entry/outputs" --manifest "$entry/manifest.sha256" >/dev/null; then
    echo "entry $entry does not match its manifest"; bad=$((bad + 1))
  fi
done
unmarked=$(find "$cache" -mindepth 2 -maxdepth 2 -type d ! -name '.tmp-*' ! -name '*.resume' | while read -r d; do [[ -f $d/COMPLETE ]] || echo "$d"; done | wc -l)
temps=$(find "$cache" -mindepth 2 -maxdepth 2 -type d -name '.tmp-*' | wc -l)
dotnet "$dll" status --spec "$spec" --cache "$cache" >"$work/status.log" 2>&1 || true

echo "--- summary"
echo "kills: $done_kills in $attempts attempts ($completed runs completed before their kill)"
for stage in "${!killed_in[@]}"; do echo "  killed in $stage: ${killed_in[$stage]}"; done | sort
echo "complete entries: $entries, failing verification: $bad, unmarked entry folders: $unmarked, leftover temporary folders: $temps (removed by gc)"
echo "logs and cache: $work"
(( bad == 0 && unmarked == 0 ))
