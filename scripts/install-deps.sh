#!/usr/bin/env bash
# Installs every Debian package and npm package that Sabot's build and tests
# need, skipping what is already there. Non-interactive; run as root on Debian 12
# (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  clang libclang-rt-14-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libfmt-dev libspdlog-dev libcli11-dev libyaml-cpp-dev nlohmann-json3-dev
  flatbuffers-compiler libflatbuffers-dev
  liblz4-dev libzstd-dev libxxhash-dev librocksdb-dev
  nodejs npm
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    # npm may come with a nodejs build that is not Debian's; accept it if present.
    if [ "$package" = npm ] && command -v npm >/dev/null; then continue; fi
    if [ "$package" = nodejs ] && command -v node >/dev/null; then continue; fi
    missing+=("$package")
  fi
done

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing Debian packages: ${missing[*]}"
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present"
fi

# npm packages for the interop tests (apache-arrow, parquet-wasm), pinned by the
# committed lockfile. Re-run only when the lockfile changed.
if [ -f tests/interop/package-lock.json ]; then
  stamp=tests/interop/node_modules/.sabot-lock-stamp
  if [ ! -f "$stamp" ] || ! cmp -s tests/interop/package-lock.json "$stamp"; then
    echo "install-deps: npm ci in tests/interop"
    (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
    cp tests/interop/package-lock.json "$stamp"
  else
    echo "install-deps: npm packages present"
  fi
fi
