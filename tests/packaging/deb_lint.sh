#!/usr/bin/env bash
# The package as Debian's tools and an operator see it: lintian finds no
# error, systemd accepts every unit, the files are where docs/install.md
# says, and the config file lists every setting, commented, without secrets.
source "$(dirname "$0")/lib.sh"

require_tools lintian systemd-analyze dpkg-deb
deb=$(built_deb) || { echo "$deb"; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf --one-file-system "$scratch"' EXIT

# lintian: errors fail, warnings are shown.
tags=$(lintian --allow-root "$deb" 2>&1)
echo "$tags"
errors=$(grep '^E: ' <<<"$tags")
[[ -z $errors ]] && pass "lintian reports no errors" || fail "lintian errors: $errors"

dpkg-deb -x "$deb" "$scratch/root"
files=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
for path in ./usr/bin/shop ./etc/shop/shop.conf ./usr/share/man/man1/shop.1.gz \
            ./usr/share/applications/shop-manager.desktop ./usr/share/applications/shop-pos.desktop \
            ./usr/share/icons/hicolor/scalable/apps/shop-manager.svg ./usr/share/icons/hicolor/scalable/apps/shop-pos.svg \
            ./usr/share/doc/shop/copyright ./usr/share/doc/shop/changelog.gz; do
  grep -qxF "$path" <<<"$files" && pass "ships $path" || fail "does not ship $path"
done

# systemd-analyze checks a unit's settings and that its programs exist; it
# needs systemd's own units next to ours, so it reads the package's files
# in a root that also holds this machine's.
units=(shop-serve.service shop-daemon.service shop-serve@.service shop-daemon@.service)
cp -a /usr/lib/systemd/system/. "$scratch/root/usr/lib/systemd/system/"
for unit in "${units[@]}"; do
  unit_file=$scratch/root/usr/lib/systemd/system/$unit
  [[ -f $unit_file ]] || { fail "does not ship /usr/lib/systemd/system/$unit"; continue; }
  expect_exit 0 "systemd-analyze verify accepts $unit" -- \
    systemd-analyze verify --man=no --root="$scratch/root" "/usr/lib/systemd/system/$unit"
  [[ -z $last_stderr ]] || fail "systemd-analyze complains about $unit: $last_stderr"
  for line in User=shop NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
              Restart=on-failure EnvironmentFile=/etc/shop/secrets.env; do
    grep -qxF "$line" "$unit_file" && pass "$unit: $line" || fail "$unit lacks $line"
  done
  grep -q '^ExecStart=/usr/bin/shop [a-z]* --config /etc/shop/shop.conf$' "$unit_file" \
    && pass "$unit starts shop with /etc/shop/shop.conf" || fail "$unit: unexpected ExecStart"
done
for unit in shop-serve@.service shop-daemon@.service; do
  grep -qxF 'EnvironmentFile=/etc/shop/instances/%i.env' "$scratch/root/usr/lib/systemd/system/$unit" \
    && pass "$unit reads its instance file" || fail "$unit does not read /etc/shop/instances/%i.env"
done

control=$(dpkg-deb -f "$deb" Depends)
contains "$control" "libqt6core6 (>=" "Depends has the libraries dpkg-shlibdeps found"
contains "$control" "libqt6sql6-psql" "Depends has the PostgreSQL driver plugin"
contains "$(dpkg-deb -I "$deb" conffiles)" "/etc/shop/shop.conf" "shop.conf is a conffile"

# Every setting the services take is in shop.conf, commented out; nothing
# is set there, so no secret either.
conf=$scratch/root/etc/shop/shop.conf
set_lines=$(grep -v -e '^#' -e '^[[:space:]]*$' "$conf")
[[ -z $set_lines ]] && pass "shop.conf sets nothing" || fail "shop.conf sets: $set_lines"
keys=$( { "$SHOP" serve --help; "$SHOP" daemon --help; } | sed -n 's/^ *--\([a-z-]*\) <value>.*/\1/p' | sort -u)
[[ -n $keys ]] || fail "no settings found in shop serve --help"
for key in $keys; do
  grep -qE "^# $key =( |$)" "$conf" || fail "shop.conf lacks the commented setting '$key'"
done
pass "shop.conf has $(wc -w <<<"$keys") settings checked"
grep -qE '^# jwt-secret =$' "$conf" && pass "no JWT secret in shop.conf" || fail "shop.conf shows a JWT secret value"

finish_checks
