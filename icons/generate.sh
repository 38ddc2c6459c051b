#!/usr/bin/env bash
# Regenerate every bundled icon from icon.svg.
#
# Needs (Debian): librsvg2-bin (rsvg-convert), imagemagick (convert), icnsutils (png2icns)
#   apt-get install -y librsvg2-bin imagemagick icnsutils
#
# Usage: icons/generate.sh        (from anywhere; writes next to this script)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

for tool in rsvg-convert png2icns; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see header of $0)" >&2; exit 1; }
done
# Use the real ImageMagick binary explicitly (some machines shadow `convert`).
CONVERT=/usr/bin/convert
[ -x "$CONVERT" ] || CONVERT="$(command -v convert)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# render SVG SIZE OUT -> 8-bit RGBA PNG (PNG32 forces colour type 6 even if opaque)
render() {
  rsvg-convert -w "$2" -h "$2" "$1" -o "$tmp/raw.png"
  "$CONVERT" "$tmp/raw.png" -strip -define png:color-type=6 "PNG32:$3"
}

# --- app icons (tauri.conf.json "bundle.icon") ---------------------------------
render icon.svg 32  32x32.png
render icon.svg 64  64x64.png
render icon.svg 128 128x128.png
render icon.svg 256 128x128@2x.png
render icon.svg 512 icon.png

# Windows .ico: 16, 24, 32, 48, 64, 256 (256 stored as PNG by ImageMagick)
ico_parts=()
for s in 16 24 32 48 64 256; do
  render icon.svg "$s" "$tmp/ico-$s.png"
  ico_parts+=("$tmp/ico-$s.png")
done
"$CONVERT" "${ico_parts[@]}" icon.ico

# macOS .icns: png2icns picks the icon type from each PNG's size
icns_parts=()
for s in 16 32 48 128 256 512; do
  render icon.svg "$s" "$tmp/icns-$s.png"
  icns_parts+=("$tmp/icns-$s.png")
done
png2icns icon.icns "${icns_parts[@]}" >/dev/null

# --- tray icons ----------------------------------------------------------------
# Idle: the app icon itself (its tile has its own background, so it reads on
# both light and dark panels).
render icon.svg 32 tray.png

# Focusing: same artwork, the sun turned amber, larger, with a white rim.
sed -e 's|<circle id="sun" cx="392" cy="120" r="50" fill="#FFFFFF"/>|<circle id="sun" cx="392" cy="120" r="70" fill="#F59E0B" stroke="#FFFFFF" stroke-width="14"/>|' \
    icon.svg > "$tmp/tray-focus.svg"
grep -q '#F59E0B' "$tmp/tray-focus.svg" || { echo "tray-focus substitution failed" >&2; exit 1; }
render "$tmp/tray-focus.svg" 32 tray-focus.png

echo "icons regenerated in $here"
