#!/usr/bin/env bash
# Installs what intuition needs, only when it is missing, so a second run is quick.
#   bash tools/bootstrap.sh            system libraries + .venv with the project
#   bash tools/bootstrap.sh --test     ... plus the test extras
#   bash tools/bootstrap.sh --studio   ... plus the studio's web server (fastapi, uvicorn)
#   bash tools/bootstrap.sh --voice    ... plus narration: eSpeak NG, pyloudnorm (--test includes it)
# Sourced or run; it never touches anything outside this checkout but apt packages.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

want_test=0
want_studio=0
want_voice=0
extra_apt=()
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    --studio) want_studio=1 ;;
    --voice) want_voice=1 ;;
    --apt=*) extra_apt+=("${arg#--apt=}") ;;
  esac
done

say() { printf '[setup] %s\n' "$*" >&2; }

# --- system packages: pycairo and manimpango build from source on Linux ---
# fonts: DejaVu for the Latin-script languages, Noto CJK for Chinese (intuition/fonts.py)
apt_needed=(libcairo2-dev libpango1.0-dev pkg-config fonts-dejavu-core fonts-noto-cjk "${extra_apt[@]}")
# the tests open the gallery page in a real headless browser
[ "$want_test" -eq 1 ] && apt_needed+=(chromium chromium-driver)
# spoken captions (--voice espeak); the tests measure real speech
[ "$want_test" -eq 1 ] && want_voice=1
[ "$want_voice" -eq 1 ] && apt_needed+=(espeak-ng)
missing=()
for p in "${apt_needed[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  say "installing system packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python environment ---
py="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "$py" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last successful install.
stamp=".venv/.intuition-installed"
wanted=()
[ "$want_test" -eq 1 ] && wanted+=(test)
[ "$want_studio" -eq 1 ] && wanted+=(studio)
[ "$want_voice" -eq 1 ] && wanted+=(voice)
extras="."
[ ${#wanted[@]} -gt 0 ] && extras=".[$(IFS=,; echo "${wanted[*]}")]"
key="$(sha256sum pyproject.toml | cut -d' ' -f1) $extras"
if [ ! -f "$stamp" ] || ! grep -qxF "$key" "$stamp"; then
  say "installing Python packages into .venv (first time takes a few minutes)"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e "$extras"
  echo "$key" >> "$stamp"
fi
