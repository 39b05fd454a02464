#!/bin/bash
# live.sh BIN [loadtest flags...]: starts BIN's dashboard in a fresh tmux 160x48 with
# --capacity 1000000 on 127.0.0.1:18181, then runs the load command (/tmp/loadtest, built by
# `go build -o /tmp/loadtest ./testdata/loadtest`) against it and its reference receiver,
# A B A B. Example: testdata/bench/live.sh /tmp/mw --duration 10s --rounds 4
set -u
BIN=${1:-/tmp/mw}; shift; S=live$$
tmux new-session -d -s $S -x 160 -y 48 "$BIN --capacity 1000000 --listen 127.0.0.1:18181; sleep 30"
sleep 1.5
pid=$(pgrep -n -f "^$BIN --capacity 1000000")
/tmp/loadtest --target http://127.0.0.1:18181/ --pid "$pid" "$@"
tmux kill-session -t $S
