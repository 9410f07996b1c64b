#!/usr/bin/env bash
# try_lines.sh — every "Try:" a shipped lesson writes in its comments works
# headless: each command-line option a Try paragraph names (--set KEY=VALUE,
# --cores N) is run on its own against that lesson and must exit 0. A lesson
# that suggests a change must not then call the result a failure.
#
# Window-only suggestions (press T, +) have no command line and are skipped.
# A Try on a lesson whose full run is slow gets a shorter run appended
# (SHORTER below); [expect] then scales min_items with it, which is part of
# what this checks.
#
# usage: try_lines.sh CONVEYOR SCENARIOS_DIR
set -u
conveyor=$1
scenarios=$2
# Lessons whose Try runs take many seconds as shipped; all others run as written.
declare -A SHORTER=([deadlock]="--set run.items=12" [fast-producer]="--set run.items=12")

# The Try paragraph of a file: from "; Try:" up to the first line that is not a comment.
try_paragraph() {
    awk '/^;[[:space:]]*Try:/ {on = 1} on && !/^;/ {exit} on {sub(/^;[[:space:]]*/, ""); print}' "$1"
}

failures=0
runs=0
for file in "$scenarios"/*.ini; do
    lesson=$(basename "$file" .ini)
    paragraph=$(try_paragraph "$file" | tr '\n' ' ')
    [ -n "$paragraph" ] || continue
    # "--set run.sync=semaphores", "--cores 2": an option and its value.
    mapfile -t commands < <(grep -oE -- '--(set|cores)[ =][^ ,;:)]+' <<<"$paragraph")
    for option in "${commands[@]}"; do
        read -r -a words <<<"${option/=/ }"
        [ "${words[0]}" = "--set" ] && words=(--set "${option#--set }")
        # shellcheck disable=SC2086 # SHORTER holds several words on purpose
        args=(run "$lesson" --headless --quiet "${words[@]}" ${SHORTER[$lesson]:-})
        runs=$((runs + 1))
        if output=$(CONVEYOR_SCENARIOS="$scenarios" "$conveyor" "${args[@]}" 2>&1); then
            echo "ok: conveyor ${args[*]}"
        else
            status=$?
            echo "FAIL (exit $status): conveyor ${args[*]}"
            echo "$output" | sed 's/^/    /'
            failures=$((failures + 1))
        fi
    done
done
if [ "$runs" -eq 0 ]; then
    echo "FAIL: found no Try command in $scenarios/*.ini"
    exit 1
fi
echo "$runs Try command(s), $failures failed"
[ "$failures" -eq 0 ]
