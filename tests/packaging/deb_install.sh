#!/usr/bin/env bash
# Installs the package into a fresh Debian 12 root with apt, dependencies
# resolved from Debian alone, and uses it there as an operator would:
# shop --version, the secret and user the maintainer scripts made, shop
# migrate and shop user add against the test PostgreSQL as the shop user
# with the unit's files; then remove keeps the configuration and purge
# deletes it.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/debian_root.sh"

((EUID == 0)) || skip "installing into a chroot needs root"
require_tools debootstrap chroot dpkg-deb
deb=$(built_deb) || { echo "$deb"; exit 1; }

# The packages apt fetched last time, so a warm run downloads nothing; it
# holds one install's worth (replaced after each run).
archive_cache=$ROOT_CACHE_DIR/apt-archives
root=$(mktemp -d "${TMPDIR:-/tmp}/shop-deb-root.XXXXXX")
database=
cleanup() {
  [[ -n $database ]] && drop_database "$database"
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"; }
as_shop() { # the unit's view: user shop, secrets.env in the environment
  in_root setpriv --reuid=shop --regid=shop --init-groups \
    sh -c 'set -a; . /etc/shop/secrets.env; set +a; exec "$@"' sh "$@"
}

make_debian_root "$root" || { fail "no Debian root (see above)"; finish_checks; exit 1; }
pass "fresh Debian 12 root (${SECONDS}s)"
mkdir -p "$archive_cache"
cp "$archive_cache"/*.deb "$root/var/cache/apt/archives/" 2>/dev/null
cp "$deb" "$root/tmp/"
package=$(basename "$deb")
name=$(dpkg-deb -f "$deb" Package)

expect_exit 0 "apt-get update in the root" -- in_root apt-get update -q
echo "apt-get update done at ${SECONDS}s"
expect_exit 0 "apt-get install ./$package" -- \
  in_root sh -c "cd /tmp && apt-get install -y -q --no-install-recommends ./$package"
echo "$last_stdout" | tail -3
echo "apt-get install done at ${SECONDS}s"
rm -rf "$archive_cache" && mkdir -p "$archive_cache" && cp "$root"/var/cache/apt/archives/*.deb "$archive_cache/" 2>/dev/null

expect_exit 0 "shop --version in the root" -- in_root shop --version
contains "$last_stdout" "shop $("$SHOP" --version | awk '{ print $2 }')" "the packaged version"

# What the maintainer scripts made.
contains "$(in_root getent passwd shop)" ":/var/lib/shop:" "system user shop with home /var/lib/shop"
contains "$(in_root stat -c '%U:%G %a' /etc/shop/secrets.env)" "root:shop 640" "secrets.env is root:shop 0640"
secret_line=$(grep '^SHOP_JWT_SECRET=' "$root/etc/shop/secrets.env")
[[ $secret_line =~ ^SHOP_JWT_SECRET=[0-9a-f]{64}$ ]] && pass "a 32-byte JWT secret was generated" \
  || fail "secrets.env holds no generated secret: $secret_line"
[[ -d $root/etc/shop/instances ]] && pass "/etc/shop/instances exists" || fail "no /etc/shop/instances"

# As the unit runs it: the database URL in secrets.env, read by user shop.
database=$(scratch_database) || { fail "no scratch database"; finish_checks; exit 1; }
echo "SHOP_DATABASE_URL=$database" >>"$root/etc/shop/secrets.env"
expect_exit 0 "shop migrate in the root, as user shop" -- as_shop shop migrate --config /etc/shop/shop.conf
schemas=$(psql -X -At "$database" -c "SELECT count(*) FROM information_schema.schemata WHERE schema_name IN ('auth', 'catalog', 'orders', 'pos')")
[[ $schemas == 4 ]] && pass "migrate made the auth, catalog, orders and pos schemas" || fail "schemas after migrate: $schemas of 4"
expect_exit 0 "shop user add, the first manager" -- \
  as_shop sh -c 'printf "first-manager-password\n" | shop user add owner --role manager --config /etc/shop/shop.conf'
users=$(psql -X -At "$database" -c "SELECT count(*) FROM auth.users WHERE username = 'owner'")
[[ $users == 1 ]] && pass "the manager account exists" || fail "manager accounts named owner: $users"

# Reinstalling keeps the secret.
expect_exit 0 "reinstall" -- in_root sh -c "cd /tmp && apt-get install -y -q --reinstall ./$package"
[[ $(grep '^SHOP_JWT_SECRET=' "$root/etc/shop/secrets.env") == "$secret_line" ]] \
  && pass "reinstall keeps the JWT secret" || fail "reinstall changed the JWT secret"

expect_exit 0 "apt-get remove $name" -- in_root apt-get remove -y -q "$name"
[[ ! -e $root/usr/bin/shop ]] && pass "remove deletes /usr/bin/shop" || fail "/usr/bin/shop left after remove"
for kept in /etc/shop/shop.conf /etc/shop/secrets.env /var/lib/shop; do
  [[ -e $root$kept ]] && pass "remove keeps $kept" || fail "remove deleted $kept"
done
expect_exit 0 "apt-get purge $name" -- in_root apt-get purge -y -q "$name"
for gone in /etc/shop /var/lib/shop; do
  [[ ! -e $root$gone ]] && pass "purge deletes $gone" || fail "$gone left after purge: $(ls -la "$root$gone")"
done

finish_checks
