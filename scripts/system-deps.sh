#!/usr/bin/env bash
# Debian packages the full test suite uses: PostgreSQL (team register), Chromium (browser tests
# and the offline check of exported HTML), poppler (pdftotext / pdffonts read our PDFs),
# libharfbuzz-subset0 (WeasyPrint subsets CJK fonts ~45x faster with it), two CJK fonts.
# Runs only as root on Debian; elsewhere the tests that need these skip with a reason.
set -euo pipefail
need=()
command -v psql >/dev/null && [ -d /usr/lib/postgresql ] || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
command -v pdftotext >/dev/null || need+=(poppler-utils)
ldconfig -p | grep -q libharfbuzz-subset || need+=(libharfbuzz-subset0)
# Two more CJK fonts: the screenshot tests render their pages in several (tests/screenshots).
fc-list 2>/dev/null | grep -q "WenQuanYi Zen Hei" || need+=(fonts-wqy-zenhei)
fc-list 2>/dev/null | grep -q "AR PL UMing" || need+=(fonts-arphic-uming)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "note: not root on Debian; missing ${need[*]} — the tests that need them will skip" >&2
  exit 0
fi
echo "installing ${need[*]} from Debian's packages" >&2
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
