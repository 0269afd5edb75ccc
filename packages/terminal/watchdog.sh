#!/bin/sh
# Paige terminal watchdog: `sh watchdog.sh [GRACE_MS]`, started by @paige/terminal's manager with stdin as a pipe.
#
# The manager writes one line per change: `+SID` when a terminal session starts (its leader's pid, which is also its
# session id) and `-SID` once that session has been cleaned up. When stdin reaches end-of-file (the manager's process
# exited for any reason, SIGKILL included: the kernel closes the pipe's write end) or on SIGTERM, SIGINT or SIGHUP,
# every registered session is hung up: SIGHUP and SIGCONT to each of its processes, SIGKILL to whatever is left after
# GRACE_MS (default 2000), then exit 0. A process cannot otherwise notice that its parent was SIGKILLed, and a
# terminal's processes may ignore the hangup the kernel sends when the PTY closes.
#
# On Linux a session's processes are the ones whose /proc/PID/stat names SID as their session; elsewhere the process
# group SID stands for them. POSIX sh only (about 2 MB resident, against about 45 MB for a Node.js process).
grace_ms=${1:-2000}
case $grace_ms in '' | *[!0-9]*) grace_ms=2000 ;; esac
sids=' '

# Prints the live (not zombie) members of session $1, one pid a line.
members() {
  for d in /proc/[0-9]*; do
    { IFS= read -r st < "$d/stat"; } 2>/dev/null || continue
    st=${st##*) }
    # shellcheck disable=SC2086 # split the fields on purpose: state ppid pgrp session ...
    set -- $st
    case $1 in Z | X | x) continue ;; esac
    [ "$4" = "$sid_arg" ] && echo "${d#/proc/}"
  done
}

has_proc() { [ -r /proc/self/stat ]; }

# signal_session SIGNAL SID
signal_session() {
  if has_proc; then
    sid_arg=$2
    for p in $(members); do kill -s "$1" "$p" 2>/dev/null; done
  else
    kill -s "$1" -- "-$2" 2>/dev/null
  fi
}

# session_alive SID
session_alive() {
  if has_proc; then
    sid_arg=$1
    [ -n "$(members)" ]
  else
    kill -0 -- "-$1" 2>/dev/null
  fi
}

hang_up() {
  trap '' TERM INT HUP
  for s in $sids; do
    signal_session HUP "$s"
    signal_session CONT "$s"
  done
  # the grace period runs on a timer process, so the time spent scanning /proc counts against it
  { sleep "$((grace_ms / 1000)).$(printf '%03d' $((grace_ms % 1000)))" 2>/dev/null || sleep "$(((grace_ms + 999) / 1000))"; } &
  timer=$!
  while kill -0 "$timer" 2>/dev/null; do
    left=
    for s in $sids; do session_alive "$s" && left=1; done
    if [ -z "$left" ]; then
      kill "$timer" 2>/dev/null
      exit 0
    fi
    sleep 0.1 2>/dev/null || sleep 1
  done
  for s in $sids; do signal_session KILL "$s"; done
  exit 0
}

trap hang_up TERM INT HUP

while IFS= read -r line; do
  n=${line#?}
  case $n in '' | *[!0-9]*) continue ;; esac
  case $line in
    +*) sids="$sids$n " ;;
    -*)
      kept=' '
      for s in $sids; do [ "$s" = "$n" ] || kept="$kept$s "; done
      sids=$kept
      ;;
  esac
done
hang_up
