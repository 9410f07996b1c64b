#!/usr/bin/env bash
# make-pictures.sh — regenerate the pictures in docs/img/ from the shipped
# lessons, with conveyor's own headless PNG export, so the docs always show
# what the current code draws. One picture per lesson in docs/img/lessons/,
# and docs/img/classic.png for the README.
#
# Usage: docs/make-pictures.sh [PATH/TO/conveyor] [LESSON...]
#   (default: build/conveyor, every lesson in scenarios/)
# Needs no display. Each lesson runs for real, so the whole set takes about
# two minutes; the pictures differ a little from run to run, as real runs do.
set -euo pipefail
cd "$(dirname "$0")/.."
conveyor=${1:-build/conveyor}
shift || true
if [[ ! -x $conveyor ]]; then
    echo "make-pictures.sh: no conveyor at '$conveyor' (build first: cmake -S . -B build && cmake --build build)" >&2
    exit 2
fi
export CONVEYOR_SCENARIOS=$PWD/scenarios
out=docs/img/lessons
mkdir -p "$out"

# Extra --set arguments for lessons whose full run would not make a readable
# picture at 1600 pixels.
declare -A extra=(
    # 5000 items in a second or two are only tick marks; 1500 still race.
    [race]="--set run.items=1500"
    # The lesson is the first milliseconds: the spawn bars.
    [spawn-cost]="--range 0:0.25"
)
# Second pictures: NAME=LESSON ARGS (drawn when LESSON is drawn).
declare -A second=(
    [spawn-cost-processes]="spawn-cost --backend processes --range 0:0.25"
    [gil-threads-zoom]="gil-threads --range 1:1.25"
)

if [[ $# -gt 0 ]]; then
    lessons=("$@")
else
    lessons=()
    for file in scenarios/*.ini; do
        lessons+=("$(basename "$file" .ini)")
    done
fi

status=0
for lesson in "${lessons[@]}"; do
    # --test-expect: a deadlock or a race is what those lessons are meant to show.
    # shellcheck disable=SC2086
    if "$conveyor" run "$lesson" --headless --quiet --test-expect --size 1600x900 \
        --png "$out/$lesson.png" ${extra[$lesson]:-}; then
        echo "$out/$lesson.png"
    else
        echo "make-pictures.sh: $lesson did not run as its [expect] says (exit $?)" >&2
        status=1
    fi
    for picture in "${!second[@]}"; do
        read -r -a args <<<"${second[$picture]}"
        [[ ${args[0]} == "$lesson" ]] || continue
        if "$conveyor" run "${args[@]}" --headless --quiet --test-expect --size 1600x900 \
            --png "$out/$picture.png"; then
            echo "$out/$picture.png"
        else
            echo "make-pictures.sh: $picture did not run as its [expect] says" >&2
            status=1
        fi
    done
done
if [[ -f $out/classic.png ]]; then
    cp "$out/classic.png" docs/img/classic.png
    echo docs/img/classic.png
fi
exit $status
