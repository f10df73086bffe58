#!/bin/bash
# runset.sh CLI OUTDIR NAME... : whole-repo check of /work/corpus/NAME (extract.py output) with CLI (bin/djperf.js path) into OUTDIR/NAME.json
cli=$1; out=$2; shift 2; mkdir -p $out
for n in "$@"; do
  /usr/bin/time -f "$n %e s %M KB" node $cli check /work/corpus/$n --format json --no-cache > $out/$n.json 2> $out/$n.err; echo "$n rc=$?"; tail -1 $out/$n.err
done
