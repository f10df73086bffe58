#!/bin/sh
# Findings identical before and after a change: runs `djperf check --format json --no-cache` of two
# builds (BEFORE: a checkout of the old commit, built with `npm run build`; this checkout is AFTER; no
# facts cache shared between them) on each project and compares the JSON without its timing field (stats.ms). Prints one line per project
# and exits 1 when any differs; the two outputs stay in OUT (default /tmp/djperf-same) to diff.
#   sh bench/same-findings.sh BEFORE_DIR PROJECT_DIR...
set -u
before=$1; shift
after=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-/tmp/djperf-same}
mkdir -p "$out"
status=0
for project in "$@"; do
  name=$(basename "$project")
  node "$before/bin/djperf.js" check "$project" --format json --no-cache > "$out/$name.before.json" 2>/dev/null
  node "$after/bin/djperf.js" check "$project" --format json --no-cache > "$out/$name.after.json" 2>/dev/null
  if cmp -s "$out/$name.before.json" "$out/$name.after.json" || \
     [ "$(jq -S 'del(.stats.ms)' "$out/$name.before.json" | sha256sum)" = "$(jq -S 'del(.stats.ms)' "$out/$name.after.json" | sha256sum)" ]; then
    echo "same      $name: $(jq '.findings | length' "$out/$name.after.json") findings, $(jq '.diagnostics | length' "$out/$name.after.json") diagnostics"
  else
    echo "DIFFERENT $name: diff $out/$name.before.json $out/$name.after.json"
    status=1
  fi
done
exit $status
