#!/bin/sh
# What the browser tests need from Debian: its Chromium (Playwright's own browser download
# cannot run here) and CJK fonts (the pages are in Chinese). Fast when both are there; as root
# it installs what is missing, otherwise it stops and names the packages.
set -eu

PACKAGES="chromium fonts-noto-cjk"

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=""
for pkg in $PACKAGES; do
    installed "$pkg" || missing="$missing $pkg"
done
# The package may be there while the binary is not (a broken install): check what tests run.
[ -x /usr/bin/chromium ] || case "$missing" in *chromium*) ;; *) missing="$missing chromium" ;; esac
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "The browser tests need the Debian packages:$missing" >&2
    echo "Install them as root:  apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
echo "installing the browser tests' Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086  # the list is meant to split into words
apt-get install -y -q $missing
