#!/bin/sh
# The demo's `is_active` for gatewatch's `manager: command`: exit 0 while the demo gateway runs, 1 when it does not,
# 2 on a usage error; one line on stdout as `ctl.js status` prints it. gatewatch runs it on every scheduled check, as
# it would `systemctl is-active`: a shell and its builtins (and one tr) cost a few milliseconds where a node start
# costs fifty. Its rules are gatewayLiveness' (src/demo/liveness.ts): test/demo/is-active.test.ts holds it to them.
home=
while [ $# -gt 0 ]; do
  case $1 in
    --home)
      [ $# -ge 2 ] || break
      home=$2
      shift 2
      ;;
    *) shift ;;
  esac
done
[ -n "$home" ] || home=$HERMES_HOME
if [ -z "$home" ]; then
  echo 'usage: is-active.sh --home DIR'
  exit 2
fi

inactive() {
  echo "inactive ($1)"
  exit 1
}

# gateway.pid is one line of JSON, as Hermes' json.dumps writes it: {"pid": 123, ..., "start_time": 456}.
record=
IFS= read -r record 2>/dev/null <"$home/gateway.pid"
# The number after `"$1":`, if the record has that key; `none` without it.
field() {
  v=${record#*\"$1\":}
  if [ "$v" = "$record" ]; then
    echo none
    return
  fi
  while [ "${v# }" != "$v" ]; do v=${v# }; done
  n=${v%%[!0-9]*}
  case ${v#"$n"} in
    '' | ,* | \}* | ' '*) echo "${n:-bad}" ;;
    *) echo bad ;;
  esac
}
pid=$(field pid)
case $pid in none | bad | 0*) inactive 'no pid file' ;; esac

if [ -r /proc/self/stat ]; then
  # /proc/<pid>/stat: the command name in parentheses may hold spaces; the state is the first field after it, the
  # start time (clock ticks since boot) the twentieth.
  stat=
  IFS= read -r stat 2>/dev/null <"/proc/$pid/stat"
  [ -n "$stat" ] || inactive 'not running'
  set -f
  # shellcheck disable=SC2086
  set -- ${stat##*) }
  set +f
  [ $# -ge 20 ] || inactive 'not running'
  case $1 in Z | X) inactive 'not running' ;; esac
  shift 19
  started=$(field start_time)
  [ "$started" = none ] || [ "$started" = "$1" ] || inactive 'pid reused'
  # Its command line, NUL-separated: the first `gateway` argument must be followed by `run`.
  seen=
  verdict='not a gateway'
  while IFS= read -r arg; do
    if [ -n "$seen" ]; then
      [ "$arg" = run ] && verdict=
      break
    fi
    [ "$arg" = gateway ] && seen=1
  done <<EOF
$(tr '\000' '\n' 2>/dev/null <"/proc/$pid/cmdline")
EOF
  [ -z "$verdict" ] || inactive "$verdict"
else
  kill -0 "$pid" 2>/dev/null || inactive 'not running'
fi
echo "active (running) pid $pid"
