#!/usr/bin/env bash
# Load test of `graphperm serve` on loopback, with nginx serving the same bytes as the
# baseline in the same run. Prints a Markdown report (BENCHMARKS.md, "Web under load").
#
#   bash bench/load.sh                 # full run: 10 s per page comparison, 60 s mix
#   MIX_SECONDS=20 PAGE_SECONDS=5 bash bench/load.sh
#
# Needs: wrk, nginx (Debian: apt-get install wrk nginx-light), python3, curl, gzip.
# Only 127.0.0.1 is ever a target; every loop is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${DATA:-../shared/graph-data}
PAGE_SECONDS=${PAGE_SECONDS:-10}
MIX_SECONDS=${MIX_SECONDS:-60}
PORT=${PORT:-18091}
NGINX_PORT=${NGINX_PORT:-18092}
PAGE=/permission/APIConnectors.ReadWrite.All
WORK=$(mktemp -d)
SERVER_PID=""
NGINX_STARTED=""
IDLE_PID=""

cleanup() {
  [ -n "$IDLE_PID" ] && kill "$IDLE_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$NGINX_STARTED" ] && nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s stop 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk nginx python3 curl gzip; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing (apt-get install wrk nginx-light)" >&2; exit 1; }
done

nice cargo build --release -p graphperm >&2
target/release/graphperm --data "$DATA" serve --addr "127.0.0.1:$PORT" 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
rss() { echo "$(( $(ps -o rss= -p "$SERVER_PID") / 1024 )) MiB"; }
RSS_START=$(rss)

# The same bytes for nginx: the page and the export, plus gzip -9 files for gzip_static.
mkdir -p "$WORK/www/permission" "$WORK/nginx/logs"
curl -sf "http://127.0.0.1:$PORT$PAGE" -o "$WORK/www$PAGE.html"
curl -sf "http://127.0.0.1:$PORT/permissions.json" -o "$WORK/www/permissions.json"
gzip -9 -k "$WORK/www$PAGE.html" "$WORK/www/permissions.json"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  gzip_static on;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    location /permission/ { try_files \$uri.html =404; }
  }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
NGINX_STARTED=1
sleep 0.5

# One wrk run: prints "requests/s p50 p99 errors".
run_wrk() {
  local connections=$1 seconds=$2; shift 2
  local output
  output=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency --timeout 10s "$@")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$output")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$output")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$output")
  errors=$(awk '/Socket errors/ {gsub(",", ""); s = $4 + $6 + $8 + $10} /Non-2xx/ {n = $5} END {print s + n + 0}' <<<"$output")
  echo "$rps $p50 $p99 $errors"
}

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }

echo "## Web: pages against nginx ($(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "wrk -t2 -c32 -d${PAGE_SECONDS}s on 127.0.0.1, the client on the same 2 cores; nginx 'worker_processes 2', gzip_static."
echo
echo "| what | graphperm req/s | p50 | p99 | nginx req/s | p50 | p99 | ratio |"
echo "|---|---|---|---|---|---|---|---|"
compare() {
  local label=$1 path=$2 nginx_path=$3; shift 3
  # Warm the cache and the compressed variant once.
  curl -sf "$@" "http://127.0.0.1:$PORT$path" -o /dev/null || true
  read -r g_rps g_p50 g_p99 _ <<<"$(run_wrk 32 "$PAGE_SECONDS" "$@" "http://127.0.0.1:$PORT$path")"
  read -r n_rps n_p50 n_p99 _ <<<"$(run_wrk 32 "$PAGE_SECONDS" "$@" "http://127.0.0.1:$NGINX_PORT$nginx_path")"
  echo "| $label | $g_rps | $g_p50 | $g_p99 | $n_rps | $n_p50 | $n_p99 | $(ratio "$g_rps" "$n_rps")× |"
}
compare "permission page, identity" "$PAGE" "$PAGE"
compare "permission page, gzip" "$PAGE" "$PAGE" -H "Accept-Encoding: gzip"
echo
read -r e_rps e_p50 e_p99 e_errors <<<"$(run_wrk 64 "$PAGE_SECONDS" -H "Accept-Encoding: gzip" "http://127.0.0.1:$PORT/permissions.json")"
echo "Export \`/permissions.json\` with gzip at 64 connections: $e_rps req/s, p50 $e_p50, p99 $e_p99, errors and time-outs: $e_errors."
echo

# The mix: pages, search as you type, exports, the calculator with 200 calls.
python3 - "$WORK/mix.lua" <<'PY'
import json, sys
pages = ["/", "/permissions", "/permission/User.Read", "/permission/Mail.Send", "/permission/APIConnectors.ReadWrite.All",
         "/permission/Sites.FullControl.All", "/resource/v1.0/user", "/endpoint?method=GET&path=/users/{id}",
         "/cmdlet/Get-MgUser", "/permissions.csv", "/api/v1/permission/User.Read"]
words = ["user.read", "mail.send", "get-mguser", "/groups/{id}/members", "sites.fullcontrol", "calendars.readwrite"]
search = ["/api/v1/search?limit=30&q=" + w[:end].replace("/", "%2F").replace("{", "%7B").replace("}", "%7D")
          for w in words for end in range(1, len(w) + 1)]
shapes = ["GET /users/{}/messages", "GET /me/drive/items/{}/children", "PATCH /groups/{}", "GET /sites/{}/lists/{}/items",
          "POST /teams/{}/channels/{}/messages"]
calls = "\n".join(shapes[i % len(shapes)].replace("{}", f"id{i}") for i in range(200))
least = json.dumps({"text": calls})
def table(items):
    return "{" + ", ".join(json.dumps(item) for item in items) + "}"
lua = f"""
local pages = {table(pages)}
local search = {table(search)}
local least = {json.dumps(least)}
local n = 0
wrk.headers["Accept-Encoding"] = "gzip, br"
request = function()
  n = n + 1
  local pick = n % 20
  if pick == 0 then
    return wrk.format("POST", "/api/v1/least", {{["Content-Type"] = "application/json"}}, least)
  elseif pick < 9 then
    return wrk.format("GET", search[(n % #search) + 1])
  else
    return wrk.format("GET", pages[(n % #pages) + 1])
  end
end
"""
open(sys.argv[1], "w").write(lua)
PY

# 200 idle or slow clients beside the mix, reconnecting when the server closes them.
start_idle() {
python3 - "$PORT" "$MIX_SECONDS" <<'PY' &
import socket, sys, time, random
port, seconds = int(sys.argv[1]), float(sys.argv[2])
end = time.time() + seconds
sockets = []
def connect():
    s = socket.create_connection(("127.0.0.1", port))
    s.setblocking(False)
    return s
for i in range(200):
    try:
        sockets.append(connect())
    except OSError:
        pass
slow = b"POST /api/v1/least HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
for i, s in enumerate(sockets):
    if i % 2 == 0:
        try: s.send(slow)
        except OSError: pass
while time.time() < end:
    time.sleep(2)
    for i, s in enumerate(sockets):
        try:
            s.send(b"x" if i % 2 == 0 else b"G")
        except OSError:
            try: sockets[i] = connect()
            except OSError: pass
PY

IDLE_PID=$!
}

# The mix, MIX_ROUNDS times (default 2): the first round fills the page and search
# caches, so memory is flat when the later rounds end where the first one ended.
MIX_ROUNDS=${MIX_ROUNDS:-2}
echo "## Web: mixed load (${MIX_SECONDS} s per round, 64 connections + 200 idle/slow)"
echo
echo "Mix per 20 requests: 8 search-as-you-type, 11 pages and exports (gzip/br), 1 POST /api/v1/least of 200 calls."
echo
echo "| round | req/s | p50 | p99 | errors | RSS start | before | during | after |"
echo "|---|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$MIX_ROUNDS"); do
  start_idle
  sleep 1
  RSS_BEFORE=$(rss)
  ( sleep $((MIX_SECONDS / 2)); rss > "$WORK/rss_during" ) &
  read -r m_rps m_p50 m_p99 m_errors <<<"$(run_wrk 64 "$MIX_SECONDS" -s "$WORK/mix.lua" "http://127.0.0.1:$PORT")"
  kill "$IDLE_PID" 2>/dev/null || true
  IDLE_PID=""
  sleep 2
  echo "| $round | $m_rps | $m_p50 | $m_p99 | $m_errors | $RSS_START | $RSS_BEFORE | $(cat "$WORK/rss_during" 2>/dev/null) | $(rss) |"
done
