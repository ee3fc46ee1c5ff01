#!/usr/bin/env bash
# Private ZooKeeper servers on 127.0.0.1 from Debian's `zookeeper` package, for the tests.
#
#   scripts/zk.sh install                       install the package when missing
#   scripts/zk.sh start NAME PORT [ID PEERS]    start server NAME on PORT (and wait until it answers);
#                                               for an ensemble member also its ID (1..n) and PEERS as
#                                               "1=PORT1,2=PORT2,3=PORT3" (client ports; quorum ports derive)
#   scripts/zk.sh stop NAME                     stop server NAME and wait until it is gone
#   scripts/zk.sh wait PORT [SECONDS]           wait until the server on PORT serves clients
#
# Everything lives under $TRACKER_ZK_HOME (default /tmp/tracker-zk): NAME/zoo.cfg, NAME/data, NAME/pid, NAME/log.
set -euo pipefail

home=${TRACKER_ZK_HOME:-/tmp/tracker-zk}
jar=/usr/share/java/zookeeper.jar

four_letters() { # PORT WORD -> prints the server's answer, nothing when it is down
  { exec 3<>"/dev/tcp/127.0.0.1/$1" && printf '%s' "$2" >&3 && timeout 2 cat <&3; exec 3<&- 3>&-; } 2>/dev/null || true
}

wait_for() { # PORT SECONDS
  local deadline=$((SECONDS + ${2:-30}))
  # `ruok` answers before an ensemble has a quorum; `srvr` names a mode only once the server serves.
  until four_letters "$1" srvr | grep -q '^Mode: '; do
    if [ $SECONDS -ge $deadline ]; then echo "zk.sh: no server answered on port $1" >&2; return 1; fi
    sleep 0.2
  done
}

case "${1:-}" in
  install)
    if [ ! -f "$jar" ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=120 zookeeper >/dev/null
    fi
    ;;
  start)
    name=$2 port=$3 id=${4:-} peers=${5:-}
    dir=$home/$name
    mkdir -p "$dir/data" "$dir/conf"
    cat > "$dir/conf/zoo.cfg" <<CFG
tickTime=500
initLimit=20
syncLimit=10
dataDir=$dir/data
clientPort=$port
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=ruok,stat,srvr,mntr,cons
maxSessionTimeout=60000
CFG
    if [ -n "$id" ]; then
      echo "$id" > "$dir/data/myid"
      IFS=, read -ra members <<< "$peers"
      for member in "${members[@]}"; do
        mid=${member%%=*} mport=${member#*=}
        echo "server.$mid=127.0.0.1:$((mport + 1000)):$((mport + 2000))" >> "$dir/conf/zoo.cfg"
      done
    fi
    cat > "$dir/conf/log4j.properties" <<'LOG'
log4j.rootLogger=WARN, FILE
log4j.appender.FILE=org.apache.log4j.FileAppender
log4j.appender.FILE.File=${zookeeper.log.file}
log4j.appender.FILE.layout=org.apache.log4j.PatternLayout
log4j.appender.FILE.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{1}: %m%n
LOG
    if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      echo "zk.sh: $name is already running" >&2
    else
      setsid java -Xmx256m -Dzookeeper.log.file="$dir/log" -Dlog4j.configuration="file:$dir/conf/log4j.properties" \
        -cp "$dir/conf:$jar" org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/conf/zoo.cfg" \
        > "$dir/stdout" 2>&1 < /dev/null &
      echo $! > "$dir/pid"
    fi
    # An ensemble member answers only once a quorum has formed, so its caller waits with `wait`.
    [ -n "$id" ] || wait_for "$port" 30
    ;;
  stop)
    dir=$home/$2
    if [ -f "$dir/pid" ]; then
      pid=$(cat "$dir/pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$dir/pid"
    fi
    ;;
  wait)
    wait_for "$2" "${3:-30}"
    ;;
  *)
    sed -n '2,12p' "$0" >&2
    exit 2
    ;;
esac
