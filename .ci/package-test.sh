#!/usr/bin/env bash
# package-test.sh — build the Debian package with CPack from a release build,
# install it with apt-get as a user would, and use what it installed: the
# program (its lessons and fonts), the man page, and the tracer library
# through pkg-config, compiling and running the programs of docs/tracer.md
# exactly as the page shows them (taken from the page itself). The package
# is removed at the end, whatever happened. Needs root (or sudo) and apt.
#
#   .ci/package-test.sh [BUILD_DIR]      default build-deb
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${1:-build-deb}
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo

echo "== package: release build and cpack -G DEB ($build)"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DBUILD_TESTING=OFF -DCONVEYOR_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
rm -f "$build"/conveyor_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/conveyor_*.deb)
echo "$(basename "$deb"): $(du -k "$deb" | cut -f1) KB"
dpkg-deb --field "$deb" Depends

work=$(mktemp -d /tmp/conveyor-package-XXXXXX)
cleanup() {
  $sudo apt-get purge -y -q conveyor >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
$sudo apt-get install -y -q "$root/$deb" >/dev/null

echo "== package: the installed files"
for path in /usr/bin/conveyor /usr/share/conveyor/scenarios/classic.ini \
  /usr/share/conveyor/assets/DejaVuSans.ttf /usr/share/man/man1/conveyor.1 \
  /usr/include/conveyor/tracer.h /usr/include/conveyor/status.h; do
  [ -e "$path" ] || { echo "CI: the package did not install $path"; exit 1; }
done
dpkg -L conveyor | grep -q 'libconveyor-tracer\.so\.0$' || { echo "CI: no libconveyor-tracer.so.0"; exit 1; }
pkg-config --exists conveyor || { echo "CI: pkg-config does not know conveyor"; exit 1; }

echo "== package: the docs' programs against the installed library"
# Each program is the fenced block after its <!-- example: FILE --> line.
python3 - "$root/docs/tracer.md" "$work" <<'PY'
import re, sys
page, out = sys.argv[1], sys.argv[2]
blocks = re.findall(r"<!-- example: (\S+) -->\n```[a-z]*\n(.*?)```\n", open(page).read(), re.S)
assert len(blocks) == 3, f"expected 3 programs in {page}, found {len(blocks)}"
for name, code in blocks:
    open(f"{out}/{name}", "w").write(code)
PY
cd "$work"
# The compile lines as docs/tracer.md gives them.
cc bounded_buffer_threads.c -o buffer $(pkg-config --cflags --libs conveyor)
cc bounded_buffer_fork.c -o fork_buffer $(pkg-config --cflags --libs conveyor)
./buffer buffer.cvtrace
./fork_buffer fork.cvtrace
./fork_buffer crash.cvtrace --crash
python3 traced_queue.py queue.cvtrace
export SDL_VIDEODRIVER=dummy
conveyor render buffer.cvtrace --png buffer.png --trace buffer.json
conveyor render fork.cvtrace crash.cvtrace --png fork.png
conveyor render queue.cvtrace --png queue.png
for f in buffer.png fork.png queue.png buffer.json; do
  [ -s "$f" ] || { echo "CI: conveyor render wrote no $f"; exit 1; }
done
# Without the library: the header alone, every call compiled out.
cc -DCONVEYOR_TRACER_OFF bounded_buffer_threads.c -o untraced -pthread
./untraced untraced.cvtrace
[ ! -e untraced.cvtrace ] || { echo "CI: the untraced build wrote a trace"; exit 1; }
echo "package: installed, used and removed"
