# lib.sh — a tiny assertion library for the command-line tests. Each check
# prints "ok - ..." or "FAIL - ..." with what differed; finish() prints the
# closing "N passed, N failed" line and sets the exit status.
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }

# expect_status WANT DESCRIPTION -- COMMAND...: runs COMMAND, keeps its
# stdout/stderr in $tmp/out and $tmp/err, checks its exit status.
expect_status() {
  local want=$1 what=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then ok "$what (exit $got)"; else
    fail "$what: exit $got, wanted $want"; sed 's/^/    stderr: /' "$tmp/err" | head -5; fi
}

# expect_match FILE REGEX DESCRIPTION
expect_match() {
  if grep -Eq -- "$2" "$1"; then ok "$3"; else
    fail "$3: /$2/ not found in $(basename "$1")"; sed 's/^/    | /' "$1" | head -5; fi
}

shm_entries() { ls /dev/shm 2>/dev/null | grep '^conveyor' || true; }

# Entries of ours in /dev/shm that stay there: other tests running in
# parallel create (and at once unlink) their own, so an entry counts as left
# behind only if it is still there a second later.
shm_leftovers() {
  local first
  first=$(shm_entries)
  [ -z "$first" ] && return 0
  sleep 1
  comm -12 <(echo "$first" | sort) <(shm_entries | sort)
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
