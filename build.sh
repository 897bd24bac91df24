#!/usr/bin/env bash
# CityGrid set-up: installs the missing Debian packages, configures and builds, then either starts the
# desktop on the embedded store (run) or runs the whole test suite (test).
#   ./build.sh run  [citygrid options]   build and start citygrid (a demo city is created on first start)
#   ./build.sh test [ctest options]      build and run every test, printing CTest's summary
#   ./build.sh bench                     build and run the benchmark program (Release)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
mode=${1:-run}
shift || true

install_packages() {
    local wanted missing=()
    wanted=$(grep -vE '^\s*(#|$)' packaging/debian-packages.txt)
    for p in $wanted; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    echo "Installing ${#missing[@]} missing package(s): ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
    local preset=$1
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "${CG_JOBS:-2}"
}

install_packages
case "$mode" in
run)
    build release
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
        echo "citygrid is built (build/release/bin/citygrid) but no display was found: set DISPLAY," >&2
        echo "or run it on a virtual one: xvfb-run -a build/release/bin/citygrid" >&2
        exit 1
    fi
    exec build/release/bin/citygrid "$@"
    ;;
test)
    build ci
    cd build/ci
    exec ctest --output-on-failure -j "${CG_JOBS:-2}" "$@"
    ;;
bench)
    build release
    exec build/release/bin/citygrid-bench "$@"
    ;;
*)
    echo "usage: ./build.sh run|test|bench" >&2
    exit 2
    ;;
esac
