#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so keychain
# (keytar / Secret Service) code is exercised against a real keychain without touching the
# user's own. HOME points at a throw-away folder so the keyring files live there too.
# Usage: scripts/with-keyring.sh <command> [args...]
set -euo pipefail
if [ "$(uname -s)" != "Linux" ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-keyring: '$tool' is missing; install: apt-get install -y dbus gnome-keyring" >&2; exit 127; }
done
keyring_home=$(mktemp -d -t hoiio-keyring.XXXXXX)
trap 'rm -rf "$keyring_home"' EXIT
export HOIIO_TEST_KEYRING=1
export KEYRING_HOME="$keyring_home"
# The inner shell unlocks the default keyring (the piped password must be non-empty), then runs the command.
HOME="$keyring_home" dbus-run-session -- bash -c '
  printf %s hoiio-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' keyring "$@"
