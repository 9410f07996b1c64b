#!/usr/bin/env bash
# test_sweep.sh CONVEYOR — `conveyor sweep` as a user meets it: bad --vary,
# --repeat, --vs, --size and --theme are exit 2 naming the option; a tiny
# sweep writes a CSV and a report that parse back, with every run in them and
# no two runs overlapping in time, and the plot as PNG (its size, the lines
# drawn in the variants' colours) and SVG (well-formed, a line per variant
# with a point per value, the ideal line, the core mark); Ctrl-C keeps the
# runs done and marks it incomplete.
set -u
conveyor=$1
here=$(dirname "$0")
. "$here/lib.sh"

tiny=(--set run.items=4 --set expect.min_items=4 --set "consumers.work=cpu 2ms")

expect_status 0 "sweep --help" -- "$conveyor" sweep --help
expect_match "$tmp/out" "--vary KEY=V1,V2" "sweep --help explains --vary"
expect_status 2 "a --vary value that is no number" -- "$conveyor" sweep cpu-threads --vary consumers=1,x
expect_match "$tmp/err" "^--vary consumers=1,x: error: .*'x'" "the bad value names the --vary"
expect_status 2 "a --vary key with a typo" -- "$conveyor" sweep cpu-threads --vary run.bufer=1,2
expect_match "$tmp/err" "^--vary run.bufer=1,2: error: .*did you mean 'buffer'" "the typo names the --vary"
expect_status 2 "an empty --vary value" -- "$conveyor" sweep cpu-threads --vary consumers=1,,2
expect_status 2 "--repeat 0" -- "$conveyor" sweep cpu-threads --repeat 0
expect_match "$tmp/err" "--repeat wants a whole number from 1 to 20" "the --repeat range is said"
expect_status 2 "a bad --vs" -- "$conveyor" sweep cpu-threads --vs gil=maybe
expect_match "$tmp/err" "^--vs gil=maybe: error: " "the bad --vs is named"
expect_status 2 "a bad --size" -- "$conveyor" sweep cpu-threads --size 12 --png "$tmp/x.png"
expect_match "$tmp/err" "--size wants WIDTHxHEIGHT" "the bad --size is named"
expect_status 2 "a bad --theme" -- "$conveyor" sweep cpu-threads --theme pink --svg "$tmp/x.svg"
expect_match "$tmp/err" "--theme must be light or dark" "the bad --theme is named"
expect_status 2 "a plot into a missing folder, before any run" -- "$conveyor" sweep cpu-threads --png "$tmp/nope/x.png"
expect_match "$tmp/err" "--png .*does not exist" "the missing folder is named"

expect_status 0 "a tiny sweep" -- "$conveyor" sweep cpu-threads "${tiny[@]}" --vary consumers=1,2 \
  --vs gil=on --repeat 2 --csv "$tmp/s.csv" --report "$tmp/s.json" --png "$tmp/s.png" --svg "$tmp/s.svg"
expect_match "$tmp/out" "^2  .*×" "the table has a row per value"
if python3 - "$tmp/s.csv" "$tmp/s.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 2 * 2 * 2, len(rows)
assert {(r["value"], r["variant"]) for r in rows} == {(v, k) for v in "12" for k in ("as written", "run.gil=on")}
assert all(r["outcome"] == "completed" for r in rows)
spans = sorted((float(r["started_s"]), float(r["ended_s"])) for r in rows)
for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
    assert s2 >= e1, ("runs overlap", (s1, e1), (s2, e2))
d = json.load(open(sys.argv[2]))
assert d["complete"] is True and d["vary_key"] == "consumers.count" and d["repeat"] == 2
assert d["variants"] == ["as written", "run.gil=on"] and d["values"] == ["1", "2"]
for point in d["points"]:
    for v in point["variants"]:
        assert len(v["runs"]) == 2 and v["median_elapsed_s"] > 0
        times = sorted(r["elapsed_s"] for r in v["runs"])
        assert abs(v["median_elapsed_s"] - sum(times) / 2) < 1e-6
assert abs(d["points"][0]["variants"][0]["speedup"] - 1.0) < 1e-9
assert d["points"][1]["ideal_speedup"] == 2.0
# Interleaved: at each value the variants take turns.
first_point = [r["variant"] for r in sorted(rows, key=lambda r: float(r["started_s"])) if r["value"] == "1"]
assert first_point == ["as written", "run.gil=on"] * 2, first_point
PY
then ok "the CSV and the report hold every run, interleaved, never overlapping, with medians"; else fail "sweep files"; fi

# The plot: a PNG of the asked size with both variants' colours on it, and an
# SVG that parses, with a line of two points per variant, the ideal line, and
# the core mark when the core count lies within the values.
check_plot() { # PNG SVG WIDTH HEIGHT THEME
  python3 - "$@" <<'PY'
import re, struct, sys, zlib
png, svg, width, height, theme = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
data = open(png, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h, depth, colour = struct.unpack(">IIBB", data[16:26])
assert (w, h) == (width, height), (w, h)
assert depth == 8 and colour == 2, (depth, colour)
idat, at = b"", 8
while at < len(data):
    length, kind = struct.unpack(">I4s", data[at:at + 8])
    if kind == b"IDAT":
        idat += data[at + 8:at + 8 + length]
    at += 12 + length
raw, stride, rows, prev = zlib.decompress(idat), w * 3, [], bytearray(w * 3)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - 3] if i >= 3 else 0
        b, c = prev[i], prev[i - 3] if i >= 3 else 0
        p = a + b - c
        pred = [0, a, b, (a + b) // 2, a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c][f]
        line[i] = (line[i] + pred) & 255
    rows.append(bytes(line))
    prev = line
pixels = b"".join(rows)
def count(rgb):
    target = bytes(rgb)
    return sum(1 for i in range(0, len(pixels), 3) if pixels[i:i + 3] == target)
first = (0x00, 0x72, 0xB2) if theme == "light" else (0x56, 0xB4, 0xE9)
for name, rgb in (("first variant", first), ("second variant", (0xE6, 0x9F, 0x00))):
    assert count(rgb) > 200, (name, count(rgb))
text = open(svg).read()
m = re.search(r'<svg[^>]* width="(\d+)" height="(\d+)"', text)
assert m and (int(m.group(1)), int(m.group(2))) == (width, height), m and m.groups()
lines = re.findall(r'<polyline fill="none" stroke-linejoin="round" stroke="(#[0-9a-f]{6})" stroke-width="[0-9.]+"( stroke-dasharray="[^"]*")? points="([^"]*)"', text)
solid = [l for l in lines if not l[1] and len(l[2].split()) == 2]
hexes = {"%02x%02x%02x" % first, "e69f00"}
plotted = [l for l in solid if l[0][1:] in hexes]
# two charts and the legend: three two-point lines per variant
assert len(plotted) == 6, len(plotted)
for l in plotted:
    xs = [float(p.split(",")[0]) for p in l[2].split()]
    assert xs == sorted(xs), xs
assert "ideal speed-up" in text and "consumers.count" in text and "cores" in text
PY
}
if command -v xmllint >/dev/null && xmllint --noout "$tmp/s.svg" && check_plot "$tmp/s.png" "$tmp/s.svg" 1600 900 light; then
  ok "the plot: a 1600x900 PNG with both lines, a well-formed SVG with a line per variant"
else fail "sweep plot (light)"; fi
expect_status 0 "a tiny sweep plotted dark at 800x450" -- "$conveyor" sweep cpu-threads "${tiny[@]}" \
  --vary consumers=1,2 --vs processes --repeat 1 --quiet --theme dark --size 800x450 \
  --png "$tmp/d.png" --svg "$tmp/d.svg"
if xmllint --noout "$tmp/d.svg" && check_plot "$tmp/d.png" "$tmp/d.svg" 800 450 dark; then
  ok "the dark plot at 800x450: PNG and SVG"
else fail "sweep plot (dark)"; fi

# Ctrl-C: the runs done are kept, the result says incomplete.
"$conveyor" sweep cpu-threads --set run.items=20 --set expect.min_items=20 --set "consumers.work=cpu 20ms" \
  --vary consumers=1,2 --repeat 3 --report "$tmp/i.json" --csv "$tmp/i.csv" --svg "$tmp/i.svg" >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid
status=$?
if [ "$status" = 130 ]; then ok "an interrupted sweep exits 130"; else fail "an interrupted sweep exits $status, not 130"; fi
if python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert d['complete'] is False
done = sum(len(v['runs']) for p in d['points'] for v in p['variants'])
assert 1 <= done < 6, done" "$tmp/i.json"; then ok "the interrupted sweep keeps its runs and says incomplete"; else fail "interrupted sweep report"; fi
expect_match "$tmp/out" "INCOMPLETE" "the table says incomplete"
if xmllint --noout "$tmp/i.svg" && grep -q "INCOMPLETE: interrupted" "$tmp/i.svg"; then
  ok "the interrupted sweep's plot is written and says incomplete"
else fail "interrupted sweep plot"; fi

left=$(shm_leftovers)
if [ -z "$left" ]; then ok "nothing left in /dev/shm"; else fail "left in /dev/shm: $left"; fi
finish
