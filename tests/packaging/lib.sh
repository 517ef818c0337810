# Helpers for the package tests: the e2e assertions, the tools they need and
# where the .deb is. CTest counts exit code 77 as skipped.
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"

DEB_DIR=${SHOP_DEB_OUTDIR:?SHOP_DEB_OUTDIR must name the folder the .deb is built into}

skip() { echo "SKIPPED: $*"; exit 77; }

# require_tools TOOL... : installs what is missing through packaging/local/deps
# (Debian packages debootstrap, lintian, systemd); skips only when that is impossible.
require_tools() {
  local tool missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  ((${#missing[@]} == 0)) && return 0
  "$REPO/packaging/local/deps" >&2 || skip "missing ${missing[*]} and cannot install them (packaging/local/deps failed)"
  for tool in "${missing[@]}"; do
    command -v "$tool" >/dev/null || skip "$tool is missing and packaging/local/deps did not install it"
  done
}

# The one package packaging_deb_build made.
built_deb() {
  local debs=("$DEB_DIR"/shop_*_amd64.deb)
  [[ ${#debs[@]} == 1 && -f ${debs[0]} ]] || { echo "FAIL: no single shop_*_amd64.deb in $DEB_DIR (packaging_deb_build makes it)"; exit 1; }
  echo "${debs[0]}"
}
