#!/usr/bin/env bash
# One-time machine set-up, run before `npm ci` (the README's commands begin with it; .ci/run too).
# npm runs a project's own `preinstall` only after its dependencies' install scripts, so keytar's
# native build would fail first with a node-gyp trace; this script runs before npm and either
# installs what the app and the tests need from the system (as root, with apt) or names it in one
# command. Exit 0: ready for `npm ci`. Exit 1: something is missing; the message says what to run.
# Never a stack trace: every failure is one plain sentence.
set -uo pipefail

say() { printf 'setup: %s\n' "$*" >&2; }
fail() {
  say "$*"
  exit 1
}

# Node.js 20+ with npm (the npm scripts then run on the Node 24 that `npm ci` installs).
command -v node >/dev/null 2>&1 || fail "Node.js is missing: install Node.js 20 or newer (https://nodejs.org), then run this again."
command -v npm >/dev/null 2>&1 || fail "npm is missing: install Node.js 20 or newer with npm, then run this again."
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 20 ] 2>/dev/null || fail "Node.js $(node --version 2>/dev/null) is too old: install Node.js 20 or newer."

# macOS and Windows: keytar's prebuilt binary and the OS keychain need nothing more.
[ "$(uname -s)" = "Linux" ] || exit 0

# What the app and the tests need from Debian/Ubuntu:
# - keytar (the OS keychain binding) builds from source where no prebuilt binary can be fetched:
#   libsecret's headers, pkg-config, a C++ compiler, make, python3 (node-gyp);
# - the keychain at run time and in tests: dbus, gnome-keyring, libsecret-tools (secret-tool);
# - end-to-end tests: Debian's Chromium and a CJK font (fonts-noto-cjk) for Chinese text;
# - team tests: PostgreSQL (started per test run on 127.0.0.1, never as a system service);
# - ca-certificates for npm's registry over https.
packages=(libsecret-1-dev pkg-config g++ make python3 dbus gnome-keyring libsecret-tools chromium
  fonts-noto-cjk postgresql ca-certificates)

if ! command -v dpkg-query >/dev/null 2>&1; then
  # Not Debian/Ubuntu: check the one thing npm ci cannot do without, and name the rest.
  if ! pkg-config --exists libsecret-1 2>/dev/null; then
    fail "libsecret's development files are missing (keytar builds against them). Install your distribution's" \
      "libsecret development package plus pkg-config, a C++ compiler, make and python3; for the tests also dbus," \
      "gnome-keyring, secret-tool, Chromium, a CJK font and PostgreSQL."
  fi
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

install_command="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  fail "missing system packages. Run this once, then the same command again:
  sudo apt-get update && sudo $install_command"
fi

say "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq >/dev/null; then
  fail "apt-get update failed (no network, or a broken apt source?). Fix apt, then run this again."
fi
# shellcheck disable=SC2086 # one word per package
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  fail "installing the system packages failed. Run it yourself to see apt's reason: $install_command"
fi
say "system packages installed"
