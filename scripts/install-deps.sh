#!/usr/bin/env bash
# Installs the Debian packages inferbench needs to build and test, skipping those already present.
# Used by `make demo` and `make test`; safe to run again. Needs root or sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libfmt-dev nlohmann-json3-dev libcli11-dev libssl-dev libstb-dev
  libgtest-dev libgmock-dev libboost-math-dev
  libtorch-dev gnuplot-nox
  libyaml-cpp-dev pybind11-dev python3-dev libopenmpi-dev openmpi-bin libcpp-httplib-dev
  chromium libjs-chart.js
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
