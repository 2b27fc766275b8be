#!/usr/bin/env bash
# Debian's Virtuoso Open-Source as a private, loopback-only triple store for darmstadt-kg.
#
#   scripts/virtuoso.sh install      install virtuoso-opensource with apt-get if it is missing
#   scripts/virtuoso.sh start DIR    write DIR/virtuoso.ini (the ports given now), start the server
#                                    with its database in DIR, wait until it is online, set the dba
#                                    password of a new database (an existing one must have it)
#   scripts/virtuoso.sh stop DIR     stop the server started from DIR (and wait until it is gone)
#
# Environment: VIRTUOSO_PASSWORD (required by start: the new dba password; it is given to isql on
# stdin, never on a command line), VIRTUOSO_HTTP_PORT (default 8890), VIRTUOSO_SQL_PORT (1111).
# Both ports are bound to 127.0.0.1. After start, SPARQL is at http://127.0.0.1:PORT/sparql (digest
# auth, user dba: no endpoint answers anonymous clients, see LOCKDOWN_SQL) and
# the Graph Store Protocol (digest auth, user dba) at http://127.0.0.1:PORT/sparql-graph-crud-auth.
#
# The database folder is made private (chmod 700, files created with umask 077): Virtuoso writes
# the statement that sets the password into its transaction log virtuoso.trx in clear text, so
# start checkpoints right after setting it, which empties the log.
# VIRTUOSO_ANONYMOUS_SPARQL=1 (unsafe, see LOCKDOWN_SQL) keeps /sparql open to anonymous clients.
# Tuning (each optional, written into virtuoso.ini at each start; unset keeps Debian's value):
# VIRTUOSO_NUMBER_OF_BUFFERS, VIRTUOSO_MAX_DIRTY_BUFFERS, VIRTUOSO_RESULT_SET_MAX_ROWS,
# VIRTUOSO_SERVER_THREADS (HTTP threads; also MaxClientConnections and MaxKeepAlives).
set -euo pipefail
umask 077

HTTP_PORT="${VIRTUOSO_HTTP_PORT:-8890}"
SQL_PORT="${VIRTUOSO_SQL_PORT:-1111}"

die() { echo "virtuoso.sh: $*" >&2; exit 1; }

# What a new database gets before anything else (docs/deployment.md, "What virtuoso.sh locks
# down"). Debian's Virtuoso 7.2.5 lets an anonymous client of /sparql run SQL as the account
# SPARQL through bif:exec (its list of functions refused in SPARQL is unsorted and searched by
# bisection, so "EXEC" is never found; fixed upstream in 7.2.6): reset the IRI id sequence
# (every later write of a new IRI fails), write the registry, checkpoint; bif:http_get, /proxy
# and /uriqa fetch any URL for anyone. No grant or virtuoso.ini key withdraws a built-in function
# from SPARQL, so no SPARQL endpoint is left anonymous: /sparql and /sparql-graph-crud ask for
# digest authentication like their -auth twins (HP_AUTH_SPARQL_USER: dba or a SPARQL_SELECT
# member); the open proxies are removed; the WebDAV account dav loses its well-known password.
# VIRTUOSO_ANONYMOUS_SPARQL=1 keeps Debian's anonymous /sparql and /sparql-graph-crud, with
# every hole above that comes through them: only for a throwaway instance no untrusted process
# can reach (the benchmarks compare anonymous endpoints). The rest is locked down all the same.
LOCKDOWN_SQL=(
  "DB.DBA.VHOST_REMOVE (lpath=>'/proxy');"
  "DB.DBA.VHOST_REMOVE (lpath=>'/uriqa');"
  "DB.DBA.VHOST_REMOVE (lpath=>'/URIQA');"
  "DB.DBA.USER_PASSWORD_SET ('dav', uuid ());"
)
ANONYMOUS_SPARQL="${VIRTUOSO_ANONYMOUS_SPARQL:-0}"
[[ "$ANONYMOUS_SPARQL" =~ ^[01]$ ]] || die "VIRTUOSO_ANONYMOUS_SPARQL must be 0 or 1, not '$ANONYMOUS_SPARQL'"
if [ "$ANONYMOUS_SPARQL" = 0 ]; then
  LOCKDOWN_SQL+=(
    "DB.DBA.VHOST_REMOVE (lpath=>'/sparql');"
    "DB.DBA.VHOST_DEFINE (lpath=>'/sparql', ppath=>'/!sparql/', is_dav=>1, vsp_user=>'dba', opts=>vector ('noinherit', 1), auth_fn=>'DB.DBA.HP_AUTH_SPARQL_USER', realm=>'SPARQL', sec=>'digest');"
    "DB.DBA.VHOST_REMOVE (lpath=>'/sparql-graph-crud');"
    "DB.DBA.VHOST_DEFINE (lpath=>'/sparql-graph-crud', ppath=>'/!sparql-graph-crud/', is_dav=>1, vsp_user=>'dba', opts=>vector ('noinherit', 1, 'exec_as_get', 1), auth_fn=>'DB.DBA.HP_AUTH_SPARQL_USER', realm=>'SPARQL', sec=>'digest');"
  )
fi

# True while process $1 runs; a killed server nobody has reaped yet (a zombie) does not count.
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null || true)"
  [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

install() {
  if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "virtuoso.sh: installing Debian's virtuoso-opensource" >&2
  # The package asks for a dba password; answer it (the private instance sets its own).
  printf '%s\n' \
    "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba" \
    "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba" \
    | $sudo debconf-set-selections
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    virtuoso-opensource >/dev/null
  # The package may start its system service; this project never uses it.
  if command -v service >/dev/null 2>&1; then
    $sudo service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
  fi
  command -v virtuoso-t >/dev/null 2>&1 || die "virtuoso-t not found after installing"
}

package_ini() {
  local ini
  ini=/etc/virtuoso-opensource-7/virtuoso.ini
  [ -f "$ini" ] || ini=/usr/share/virtuoso-opensource-7/virtuoso.ini
  [ -f "$ini" ] || die "the package's virtuoso.ini was not found (is virtuoso-opensource installed?)"
  echo "$ini"
}

write_ini() {
  local dir="$1" source
  source="$(package_ini)"
  # Point every file at DIR, bind both ports to loopback, allow DIR for bulk loads.
  sed -E \
    -e "s|^(DatabaseFile[[:space:]]*=).*virtuoso\.db$|\1 $dir/virtuoso.db|" \
    -e "s|^(ErrorLogFile[[:space:]]*=).*|\1 $dir/virtuoso.log|" \
    -e "s|^(LockFile[[:space:]]*=).*virtuoso\.lck$|\1 $dir/virtuoso.lck|" \
    -e "s|^(TransactionFile[[:space:]]*=).*virtuoso\.trx$|\1 $dir/virtuoso.trx|" \
    -e "s|^(xa_persistent_file[[:space:]]*=).*|\1 $dir/virtuoso.pxa|" \
    -e "s|^(DatabaseFile[[:space:]]*=).*virtuoso-temp\.db$|\1 $dir/virtuoso-temp.db|" \
    -e "s|^(TransactionFile[[:space:]]*=).*virtuoso-temp\.trx$|\1 $dir/virtuoso-temp.trx|" \
    -e "s|^(LockFile[[:space:]]*=).*virtuoso-temp\.lck$|\1 $dir/virtuoso-temp.lck|" \
    -e "s|^(DirsAllowed[[:space:]]*=)(.*)|\1\2, $dir|" \
    -e "s|^(ServerPort[[:space:]]*=)[[:space:]]*1111.*|\1 127.0.0.1:$SQL_PORT|" \
    -e "s|^(ServerPort[[:space:]]*=)[[:space:]]*8890.*|\1 127.0.0.1:$HTTP_PORT|" \
    "$source" >"$dir/virtuoso.ini"
  grep -q "127.0.0.1:$SQL_PORT" "$dir/virtuoso.ini" || die "could not set the SQL port in $dir/virtuoso.ini"
  grep -q "127.0.0.1:$HTTP_PORT" "$dir/virtuoso.ini" || die "could not set the HTTP port in $dir/virtuoso.ini"
  tune_ini "$dir/virtuoso.ini"
}

tune_ini() {
  local ini="$1" key value
  for key in NumberOfBuffers:NUMBER_OF_BUFFERS MaxDirtyBuffers:MAX_DIRTY_BUFFERS \
    ResultSetMaxRows:RESULT_SET_MAX_ROWS ServerThreads:SERVER_THREADS \
    MaxClientConnections:SERVER_THREADS MaxKeepAlives:SERVER_THREADS; do
    value="$(printenv "VIRTUOSO_${key#*:}" || true)"
    [ -n "$value" ] || continue
    [[ "$value" =~ ^[0-9]+$ ]] || die "VIRTUOSO_${key#*:} must be a whole number, not '$value'"
    sed -i -E "s|^(${key%%:*}[[:space:]]*=)[[:space:]]*[0-9]+|\1 $value|" "$ini"
  done
}

start() {
  local dir="${1:?usage: virtuoso.sh start DIR}"
  [ -n "${VIRTUOSO_PASSWORD:-}" ] || die "set VIRTUOSO_PASSWORD to the dba password to use"
  command -v virtuoso-t >/dev/null 2>&1 || install
  mkdir -p "$dir"
  chmod 700 "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ -f "$dir/virtuoso.pid" ] && alive "$(cat "$dir/virtuoso.pid")"; then
    die "already running from $dir (pid $(cat "$dir/virtuoso.pid"))"
  fi
  local fresh=0
  [ -f "$dir/virtuoso.db" ] || fresh=1
  write_ini "$dir"  # each start: the ports (and tuning) given now apply to an existing database too
  : >"$dir/virtuoso.log"
  : >"$dir/virtuoso.out"  # else a restart may find the last run's "Server online" there
  (cd "$dir" && exec setsid virtuoso-t +configfile "$dir/virtuoso.ini" +foreground \
    >"$dir/virtuoso.out" 2>&1 </dev/null) &
  echo $! >"$dir/virtuoso.pid"
  local waited=0
  until grep -q "Server online at" "$dir/virtuoso.log" "$dir/virtuoso.out" 2>/dev/null; do
    if ! alive "$(cat "$dir/virtuoso.pid")"; then
      tail -n 5 "$dir/virtuoso.log" "$dir/virtuoso.out" >&2 || true
      die "the server exited during start-up (see $dir/virtuoso.log)"
    fi
    waited=$((waited + 1))
    [ "$waited" -lt 1200 ] || die "the server did not come online within 120 s"
    sleep 0.1
  done
  if [ "$fresh" -eq 1 ]; then
    # A new database has dba/dba; replace it at once. The new password goes in on stdin, as an
    # SQL string (quotes doubled); isql exits 0 even when a statement fails, so read its output.
    local quoted output
    quoted="${VIRTUOSO_PASSWORD//\'/\'\'}"
    output="$( { printf '%s\n' "${LOCKDOWN_SQL[@]}"
      printf "USER_SET_PASSWORD('dba', '%s');\ncheckpoint;\n" "$quoted"; } \
      | isql-vt "127.0.0.1:$SQL_PORT" dba dba 2>&1)" || die "isql failed: could not set the password"
    if printf '%s' "$output" | grep -q 'Error'; then
      local line
      line="$(printf '%s' "$output" | grep Error | head -n1)"
      stop "$dir"
      die "could not lock down the new database or set its dba password: ${line//"$VIRTUOSO_PASSWORD"/***}"
    fi
  else
    check_password "$dir"
    check_locked "$dir"
  fi
  echo "http://127.0.0.1:$HTTP_PORT/sparql"
}

# An existing database keeps the dba password it was given first: the one given now must be it
# (asked with digest auth over HTTP; the password goes to curl on stdin), else stop and refuse.
check_password() {
  local dir="$1" code="000" tries=0 quoted
  quoted="${VIRTUOSO_PASSWORD//\\/\\\\}"
  quoted="${quoted//\"/\\\"}"
  # "Server online" may come before the HTTP listener answers: ask for up to 30 s
  while [ "$code" = "000" ] && [ "$tries" -lt 300 ]; do
    [ "$tries" -eq 0 ] || sleep 0.1
    tries=$((tries + 1))
    code="$(printf 'user = "dba:%s"\n' "$quoted" | curl -K - -s -o /dev/null -w '%{http_code}' \
      --digest "http://127.0.0.1:$HTTP_PORT/sparql-graph-crud-auth?graph-uri=urn:darmstadt-kg:probe")" \
      || code="000"
  done
  if [ "$code" = "000" ]; then
    stop "$dir"
    die "the server in $dir did not answer on 127.0.0.1:$HTTP_PORT within 30 s (see $dir/virtuoso.log)"
  fi
  if [ "$code" = "401" ]; then
    stop "$dir"
    die "the database in $dir has another dba password: set VIRTUOSO_PASSWORD to it, or start with an empty DIR"
  fi
}

# A database from an older virtuoso.sh may still answer anonymous SPARQL: refuse to run it
# (unless VIRTUOSO_ANONYMOUS_SPARQL=1 asks for exactly that).
check_locked() {
  local dir="$1" code
  [ "$ANONYMOUS_SPARQL" = 0 ] || return 0
  code="$(curl -s -o /dev/null -w '%{http_code}' \
    "http://127.0.0.1:$HTTP_PORT/sparql?query=ASK%7B%7D")" || code="000"
  if [ "$code" != "401" ]; then
    stop "$dir"
    die "the database in $dir answers anonymous SPARQL (HTTP $code; made by an older virtuoso.sh): start with an empty DIR and push again"
  fi
}

stop() {
  local dir="${1:?usage: virtuoso.sh stop DIR}"
  [ -f "$dir/virtuoso.pid" ] || die "no server was started from $dir"
  local pid
  pid="$(cat "$dir/virtuoso.pid")"
  if alive "$pid"; then
    kill -TERM "$pid"  # Virtuoso checkpoints and exits on SIGTERM
    local waited=0
    while alive "$pid"; do
      waited=$((waited + 1))
      if [ "$waited" -ge 300 ]; then kill -KILL "$pid" 2>/dev/null || true; break; fi
      sleep 0.1
    done
  fi
  rm -f "$dir/virtuoso.pid"
}

case "${1:-}" in
  install) install ;;
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) die "usage: virtuoso.sh install | start DIR | stop DIR" ;;
esac
