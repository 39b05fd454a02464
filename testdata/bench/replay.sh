#!/bin/bash
# replay.sh BIN [FILE]: the real binary's TUI replay of FILE (default /tmp/1m.ndjson, written by
# `go run ./testdata/loadtest --write-record /tmp/1m.ndjson`) in a fresh tmux 160x48 at
# --speed 0 --capacity 1000000, polled every 0.1 s until the tab bar reads "All 1.0M" and no
# "loading" is shown. Prints the wall time, the process's CPU (utime+stime), minor faults and
# peak RSS (VmHWM) at that moment.
set -u
BIN=${1:-/tmp/mw}; FILE=${2:-/tmp/1m.ndjson}; S=replay$$
tmux new-session -d -s $S -x 160 -y 48 "$BIN replay --speed 0 --capacity 1000000 $FILE; sleep 30"
start=$(date +%s.%N)
pid=""
for _ in $(seq 1 1200); do
	sleep 0.1
	[ -z "$pid" ] && pid=$(pgrep -n -f "^$BIN replay --speed 0")
	screen=$(tmux capture-pane -p -t $S 2>/dev/null)
	if grep -q "All 1.0M" <<<"$screen" && ! grep -qi "loading" <<<"$screen"; then break; fi
done
end=$(date +%s.%N)
ticks=$(getconf CLK_TCK)
read -r utime stime minflt < <(awk '{print $14, $15, $10}' /proc/$pid/stat)
hwm=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
printf "%s wall %.2f s cpu %.2f s (user %.2f sys %.2f) minflt %d peak %d MB\n" "$BIN" \
	"$(echo "$end-$start" | bc)" "$(echo "($utime+$stime)/$ticks" | bc -l)" \
	"$(echo "$utime/$ticks" | bc -l)" "$(echo "$stime/$ticks" | bc -l)" "$minflt" "$((hwm / 1024))"
tmux kill-session -t $S
