#!/bin/bash
# Interleaved A/B of bench/rpc-transport.bench.mjs over ZeroMQ: two built trees,
# each with its own `novats zmq-proxy` running, run alternately, listener in the
# benchmark's process and in its own; prints one line per run with the proxy's
# CPU (utime+stime from /proc, 10 ms ticks) over that run.
#   BASE_DIR=/path/to/old-build BASE_PORT=19611 BASE_PROXY_PID=...
#   NEW_DIR=. NEW_PORT=19612 NEW_PROXY_PID=... ROUNDS=4 bash bench/rpc-transport-ab.sh
set -euo pipefail
ROUNDS=${ROUNDS:-4}
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
field() { awk -F'|' -v k="$1" '$0 ~ k {gsub(/ /,"",$3); print $3}'; }
for r in $(seq 1 "$ROUNDS"); do
  for mode in same own; do
    for side in base new; do
      if [ "$side" = base ]; then dir=$BASE_DIR port=$BASE_PORT pid=$BASE_PROXY_PID
      else dir=$NEW_DIR port=$NEW_PORT pid=$NEW_PROXY_PID; fi
      extra=(); [ "$mode" = own ] && extra=(--listener-process)
      load=$(cut -d' ' -f1 /proc/loadavg)
      t0=$(ticks "$pid")
      out=$(cd "$dir" && node bench/rpc-transport.bench.mjs --url "zmq://127.0.0.1:$port" --calls 3000 --casts 2000 "${extra[@]}")
      t1=$(ticks "$pid")
      printf '%s\t%s\t%s\tload=%s\tmedian=%s\tp99=%s\tcasts1=%s\tcasts64=%s\tcallerCPUus=%s\tlistenerCPUus=%s\tproxyCPUms=%s\n' \
        "$r" "$mode" "$side" "$load" "$(field median <<<"$out")" "$(field p99 <<<"$out")" \
        "$(field 'one at a time' <<<"$out")" "$(field 'in flight' <<<"$out")" \
        "$(field 'caller process' <<<"$out")" "$(field 'listener process [(]' <<<"$out")" "$(( (t1 - t0) * 10 ))"
    done
  done
done
