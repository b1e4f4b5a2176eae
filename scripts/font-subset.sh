#!/usr/bin/env bash
# Makes assets/fonts/NotoSansSC-gatewatch.otf, the one font /uptime's picture is drawn with (never the host's fonts):
# Noto Sans CJK SC Regular cut down to ASCII, Latin-1, punctuation, arrows, blocks and every character of GB2312
# (1.9 MB where the whole collection is 20 MB, and npm's Noto packages are 57-73 MB of every weight or WOFF2 slices
# the renderer cannot read). Run it only to change the characters; the result is committed.
# Needs Debian's fonts-noto-cjk and fonttools (apt-get install -y fonts-noto-cjk fonttools).
set -euo pipefail
cd "$(dirname "$0")/.."
ttc=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
chars=$(mktemp)
trap 'rm -f "$chars"' EXIT
/usr/bin/python3 - "$chars" <<'PY'
import sys
chars = {chr(c) for c in [*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2010, 0x2070), *range(0x2190, 0x2200),
                          *range(0x2500, 0x25A0), *range(0x3000, 0x3040), *range(0xFF00, 0xFFF0)]}
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
open(sys.argv[1], 'w', encoding='utf-8').write(''.join(sorted(chars)))
PY
# Font number 2 of the collection is Noto Sans CJK SC.
pyftsubset "$ttc" --font-number=2 --text-file="$chars" --layout-features=kern --name-IDs='*' \
  --output-file=assets/fonts/NotoSansSC-gatewatch.otf
ls -l assets/fonts/NotoSansSC-gatewatch.otf
