#!/usr/bin/env bash
# tracer_uninstalled_test.sh — a student's program built against conveyor's
# build tree, not installed, exactly as docs/tracer.md says: the page's
# `cc examples/bounded_buffer_threads.c ... $(PKG_CONFIG_PATH=build pkg-config
# ...)` line, run from a folder laid out like conveyor's source folder (build/
# and examples/ there), so pkg-config must find build/conveyor-uninstalled.pc
# (conveyor.pc's relative prefix points outside a build tree). The program
# then runs with LD_LIBRARY_PATH unset (the .pc file's rpath finds the
# library) and writes TRACE, which tracer_check reads back.
#
# Usage: tracer_uninstalled_test.sh SOURCE_DIR BUILD_DIR TRACE
set -euo pipefail
source_dir=${1:?usage: tracer_uninstalled_test.sh SOURCE_DIR BUILD_DIR TRACE}
build_dir=${2:?usage: tracer_uninstalled_test.sh SOURCE_DIR BUILD_DIR TRACE}
trace=${3:?usage: tracer_uninstalled_test.sh SOURCE_DIR BUILD_DIR TRACE}
page=$source_dir/docs/tracer.md

# The one line of the page that compiles the pthreads example from a build
# tree (indented there: a code block inside a list item).
mapfile -t lines < <(grep -E '^ *cc examples/bounded_buffer_threads\.c .*PKG_CONFIG_PATH=build pkg-config' "$page" || true)
if [[ ${#lines[@]} -ne 1 ]]; then
    echo "FAIL: $page: expected one 'cc examples/bounded_buffer_threads.c ... PKG_CONFIG_PATH=build pkg-config' line, found ${#lines[@]}" >&2
    exit 1
fi
command=${lines[0]#"${lines[0]%%[! ]*}"}

work=$(mktemp -d /tmp/conveyor-uninstalled-XXXXXX)
trap 'rm -rf "$work"' EXIT
ln -s "$build_dir" "$work/build"
ln -s "$source_dir/examples" "$work/examples"
cd "$work"
# A student's shell: no pkg-config or loader paths of its own.
unset PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_DISABLE_UNINSTALLED LD_LIBRARY_PATH
echo "$ $command"
if ! bash -c "$command"; then
    echo "FAIL: the documented command did not compile the example; pkg-config said:" >&2
    PKG_CONFIG_PATH=build pkg-config --cflags --libs conveyor >&2 || true
    exit 1
fi
[[ -x buffer ]] || { echo "FAIL: the documented command wrote no ./buffer" >&2; exit 1; }
rm -f "$trace"
./buffer "$trace" || { echo "FAIL: ./buffer exited $? (is the library found without LD_LIBRARY_PATH?)" >&2; exit 1; }
[[ -s $trace ]] || { echo "FAIL: ./buffer wrote no trace $trace" >&2; exit 1; }
echo "compiled from the build tree, ran without LD_LIBRARY_PATH, wrote $trace"
