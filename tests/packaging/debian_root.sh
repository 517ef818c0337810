# A minimal Debian 12 root to install the package into, made with
# debootstrap from the mirror this machine's apt uses and cached as a
# tarball under .local/debootstrap/ (one file, replaced when the cache key
# changes), so only the first run waits for debootstrap.
# Usage (sourced): make_debian_root DIR   fills DIR (empty) with a fresh copy.

ROOT_CACHE_DIR=$REPO/.local/debootstrap
ROOT_TARBALL=$ROOT_CACHE_DIR/bookworm-minbase-v1.tar.gz

# The first Debian archive apt here is configured with (deb822 or one-line
# sources), else deb.debian.org.
debian_mirror() {
  local uri
  uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' \
          /etc/apt/sources.list.d/*.sources 2>/dev/null)
  [[ -n $uri ]] || uri=$(awk '$1 == "deb" && $0 ~ / bookworm / && $2 ~ /\/debian\/?$/ { print $2; exit }' \
                           /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null)
  echo "${uri:-http://deb.debian.org/debian}"
}

build_root_tarball() {
  local mirror scratch
  mirror=$(debian_mirror)
  scratch=$(mktemp -d "$ROOT_CACHE_DIR/root.XXXXXX")
  echo "debootstrap: bookworm minbase from $mirror (cached afterwards in $ROOT_TARBALL)" >&2
  if ! debootstrap --variant=minbase bookworm "$scratch" "$mirror" >"$ROOT_CACHE_DIR/debootstrap.log" 2>&1; then
    echo "debootstrap failed; the end of $ROOT_CACHE_DIR/debootstrap.log:" >&2
    tail -20 "$ROOT_CACHE_DIR/debootstrap.log" >&2
    rm -rf --one-file-system "$scratch"
    return 1
  fi
  # Updates and security fixes too, as on a real machine (the build host
  # links against them).
  cat >"$scratch/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian*}/debian-security bookworm-security main
SOURCES
  chmod 0755 "$scratch"
  rm -rf "$scratch"/var/cache/apt/archives/*.deb "$scratch"/var/lib/apt/lists/*_*
  tar -C "$scratch" --numeric-owner -czf "$ROOT_TARBALL.tmp" . && mv "$ROOT_TARBALL.tmp" "$ROOT_TARBALL"
  local status=$?
  rm -rf --one-file-system "$scratch"
  return $status
}

make_debian_root() {
  local root=$1
  mkdir -p "$ROOT_CACHE_DIR"
  if [[ ! -f $ROOT_TARBALL ]]; then
    rm -f "$ROOT_CACHE_DIR"/bookworm-*.tar.gz # an older cache key
    build_root_tarball || return 1
  fi
  tar -C "$root" --numeric-owner -xzf "$ROOT_TARBALL" || return 1
  chmod 0755 "$root" # it is /, which users other than root must get through
  cp /etc/resolv.conf "$root/etc/resolv.conf"
}
