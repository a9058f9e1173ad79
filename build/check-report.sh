#!/usr/bin/env bash
# Renders a report page in headless Debian Chromium and fails if the screenshot is missing or blank.
# Usage: build/check-report.sh <report.html> <out.png>
# Installs Debian's chromium when it is missing (needs root, as on the project's machines).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <report.html> <out.png>" >&2
  exit 2
fi
report="$1"
out="$2"
if [[ ! -f "$report" ]]; then
  echo "check-report: no such report: $report" >&2
  exit 2
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "check-report: installing Debian chromium" >&2
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi

report_abs="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
mkdir -p "$(dirname "$out")"
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$out_abs"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

# The page must load nothing from the network; all background services are off so nothing else does either.
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" \
  --screenshot="$out_abs" --window-size=1280,2400 "file://$report_abs" >/dev/null 2>&1 || true

if [[ ! -s "$out_abs" ]]; then
  echo "check-report: chromium produced no screenshot for $report" >&2
  exit 1
fi

# Blank means one colour everywhere; a rendered report has text, tables and figures, hence many colours.
python3 - "$out_abs" <<'PY'
import struct, sys, zlib

path = sys.argv[1]
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"check-report: {path} is not a PNG")
pos, idat, width, height, colour_type = 8, b"", 0, 0, 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour_type = struct.unpack(">IIBB", body[:10])
        if depth != 8 or colour_type not in (2, 6):
            sys.exit(f"check-report: unexpected PNG format depth={depth} colour type={colour_type}")
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
channels = 3 if colour_type == 2 else 4
raw = zlib.decompress(idat)
stride = width * channels
rows, previous = [], bytearray(stride)
offset = 0
for _ in range(height):
    kind = raw[offset]
    line = bytearray(raw[offset + 1:offset + 1 + stride])
    offset += 1 + stride
    for i in range(stride):
        left = line[i - channels] if i >= channels else 0
        up = previous[i]
        upper_left = previous[i - channels] if i >= channels else 0
        if kind == 1:
            line[i] = (line[i] + left) & 255
        elif kind == 2:
            line[i] = (line[i] + up) & 255
        elif kind == 3:
            line[i] = (line[i] + ((left + up) >> 1)) & 255
        elif kind == 4:
            p = left + up - upper_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
            predictor = left if pa <= pb and pa <= pc else up if pb <= pc else upper_left
            line[i] = (line[i] + predictor) & 255
    rows.append(bytes(line))
    previous = line
colours = set()
non_white_rows = 0
for y in range(0, height, 4):
    row = rows[y]
    inked = False
    for x in range(0, width, 4):
        pixel = row[x * channels:x * channels + 3]
        colours.add(pixel)
        if pixel != b"\xff\xff\xff":
            inked = True
    non_white_rows += inked
print(f"check-report: {path}: {width}x{height}, {len(colours)} distinct colours, {non_white_rows} of {(height + 3) // 4} sampled rows inked")
if len(colours) < 16 or non_white_rows < (height // 4) // 10:
    sys.exit(f"check-report: the screenshot of the report looks blank")
PY
