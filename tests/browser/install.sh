#!/usr/bin/env bash
# Install what tests/browser/ needs; safe to run again (each step is skipped when already done).
#   Debian: chromium + fonts-noto-cjk (Chinese glyphs for screenshots and axe's contrast checks),
#           poppler-utils (pdffonts, pdftotext, pdfinfo: tests/test_pdf.py reads the PDFs with them)
#   .venv:  tests/browser/requirements.txt (Playwright, which never downloads a browser here, and Pagefind)
#   npm:    axe-core, exactly as in tests/browser/package-lock.json
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="$ROOT/.venv/bin/python"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need_apt+=(fonts-noto-cjk)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v pdffonts >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

if [ ! -x "$PY" ]; then
  echo "install.sh: $PY is missing; run \`make test\` (or create .venv) first" >&2
  exit 1
fi
# pip is quick when everything is already installed at the pinned versions
"$PY" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"

want="$(sed -n 's/.*"axe-core": "\([0-9.]*\)".*/\1/p' "$HERE/package.json" | head -n 1)"
have="$(sed -n 's/.*"version": "\([0-9.]*\)".*/\1/p' "$HERE/node_modules/axe-core/package.json" 2>/dev/null | head -n 1 || true)"
if [ "$want" != "$have" ] || [ ! -f "$HERE/node_modules/axe-core/axe.min.js" ]; then
  npm ci --prefix "$HERE" --no-audit --no-fund --loglevel=error
fi
