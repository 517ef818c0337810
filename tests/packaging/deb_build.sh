#!/usr/bin/env bash
# Builds the .deb the other package tests check, with packaging/deb/build
# from this build tree (nothing is compiled again).
source "$(dirname "$0")/lib.sh"

require_tools dpkg-deb dpkg-shlibdeps cpack
rm -f "$DEB_DIR"/*.deb
expect_exit 0 "packaging/deb/build makes the package" -- \
  "$REPO/packaging/deb/build" --build-dir "${SHOP_DEB_BUILD_DIR:?}" "$DEB_DIR"
deb=${last_stdout##*$'\n'}
version=$("$SHOP" --version | awk '{ print $2 }')
[[ $deb == "$DEB_DIR/shop_${version}_amd64.deb" && -f $deb ]] \
  && pass "named shop_${version}_amd64.deb" || fail "wrote '$deb', wanted $DEB_DIR/shop_${version}_amd64.deb; stderr: $last_stderr"
finish_checks
