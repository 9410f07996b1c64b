#!/usr/bin/env bash
# install_test.sh — `cmake --install` into a temporary prefix, move the tree
# somewhere else, and use the program from there as a user would: list the
# lessons, check one, draw one headless into a PNG. This is what the issue
# means by "the installed program finds its assets and catalog wherever it
# was installed".
#
# Usage: install_test.sh CMAKE BUILD_DIR
# Exit 0 passed, 1 failed, 77 skipped: everything worked but the program took
# its lessons from the source tree (compiled in), so the relocation itself
# was not proven (see the message).
set -uo pipefail
cmake_command=${1:?usage: install_test.sh CMAKE BUILD_DIR}
build_dir=${2:?usage: install_test.sh CMAKE BUILD_DIR}

work=$(mktemp -d /tmp/conveyor-prefix-XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

if ! "$cmake_command" --install "$build_dir" --prefix "$work/first" >"$work/install.log" 2>&1; then
    cat "$work/install.log" >&2
    echo "FAIL: cmake --install into $work/first" >&2
    exit 1
fi

# Installed where GNUInstallDirs says (lib, bin and share are the same on every distribution).
for path in bin/conveyor share/conveyor/scenarios/classic.ini share/conveyor/scenarios/race.schedule \
    share/conveyor/assets/DejaVuSans.ttf share/conveyor/assets/DejaVuSans-Bold.ttf \
    share/conveyor/assets/LICENSE-DejaVu.txt share/man/man1/conveyor.1; do
    [[ -e $work/first/$path ]] || fail "not installed: $path"
done
lessons_in_source=$(find "$(dirname "$0")/../scenarios" -maxdepth 1 -name '*.ini' | wc -l)
lessons_installed=$(find "$work/first/share/conveyor/scenarios" -maxdepth 1 -name '*.ini' | wc -l)
[[ $lessons_installed -eq $lessons_in_source ]] ||
    fail "installed $lessons_installed lessons, the source has $lessons_in_source"

# Somewhere the build never heard of: the program must find its data relative to itself.
mv "$work/first" "$work/moved"
prefix=$work/moved
conveyor=$prefix/bin/conveyor
mkdir "$work/cwd"
cd "$work/cwd" || exit 1
unset CONVEYOR_SCENARIOS CONVEYOR_ASSETS
export SDL_VIDEODRIVER=dummy

list=$("$conveyor" list 2>&1) || fail "conveyor list exited $?: $list"
grep -q '^classic ' <<<"$list" || fail "conveyor list does not show classic: $list"
listed=$(grep -c . <<<"$list")
[[ $listed -eq $lessons_in_source ]] || fail "conveyor list shows $listed lessons, expected $lessons_in_source"

check=$("$conveyor" check classic 2>&1) || fail "conveyor check classic exited $?: $check"
grep -q ': ok$' <<<"$check" || fail "conveyor check classic did not say ok: $check"

# A short run: 8 items, so the test takes about half a second.
if ! "$conveyor" run classic --headless --quiet --set run.items=8 --set expect.min_items=8 \
    --png "$work/cwd/classic.png" --size 800x450; then
    fail "headless run with --png failed"
fi
signature=$(head -c 8 "$work/cwd/classic.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')
[[ $signature == 89504e470d0a1a0a ]] || fail "classic.png is not a PNG (first bytes: '$signature')"

# The tracer library, as docs/tracer.md has a program use it: through
# pkg-config (conveyor.pc names its prefix relative to itself, so the moved
# tree works), run against the moved library.
libdir=$(dirname "$(find "$prefix" -name conveyor.pc -path '*pkgconfig*' | head -n 1)")/..
[[ -e $prefix/include/conveyor/tracer.h ]] || fail "not installed: include/conveyor/tracer.h"
if [[ ! -d $libdir ]] || ! ls "$libdir"/libconveyor-tracer.so.0 >/dev/null 2>&1; then
    fail "not installed: conveyor.pc and libconveyor-tracer.so.0 beside it"
elif grep -q '^CONVEYOR_SANITIZE:STRING=.' "$build_dir/CMakeCache.txt" 2>/dev/null; then
    : # a sanitized library links only into sanitized programs: the plain cc below cannot
elif command -v pkg-config >/dev/null && command -v cc >/dev/null; then
    examples=$(dirname "$0")/../examples
    flags=$(PKG_CONFIG_PATH=$libdir/pkgconfig pkg-config --cflags --libs conveyor) ||
        fail "pkg-config does not know the installed conveyor.pc"
    # shellcheck disable=SC2086
    if cc "$examples/bounded_buffer_threads.c" -o "$work/cwd/buffer" $flags; then
        LD_LIBRARY_PATH=$libdir "$work/cwd/buffer" "$work/cwd/buffer.cvtrace" ||
            fail "the tracer example against the installed library failed"
        "$conveyor" render "$work/cwd/buffer.cvtrace" --png "$work/cwd/buffer.png" --size 800x450 \
            >/dev/null || fail "the installed conveyor cannot draw the tracer example's trace"
    else
        fail "the tracer example does not compile against the installed header and library"
    fi
fi

if [[ $failures -gt 0 ]]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi

# Which catalog did it use? An unknown name makes conveyor say where it looked.
where=$("$conveyor" run no-such-lesson-for-install-test 2>&1)
if ! grep -qF "($prefix/" <<<"$where"; then
    echo "SKIP: the installed program works, but took its lessons from elsewhere:" >&2
    echo "  $where" >&2
    echo "  (the source tree compiled in as CONVEYOR_SOURCE_DIR is searched before the" >&2
    echo "  install prefix, so this build cannot prove that a moved install finds its data)" >&2
    exit 77
fi
echo "installed, moved to $prefix, and ran from there: list, check, --png all fine"
exit 0
