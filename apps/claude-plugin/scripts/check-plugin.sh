#!/usr/bin/env bash
# Checks this plugin with Claude Code itself (not part of CI: @anthropic-ai/claude-code is large).
#  1. `claude plugin validate <plugin dir> --strict` must pass.
#  2. `claude --plugin-dir <plugin dir> mcp list` shows whether the plugin's MCP server (the Paige backend at
#     ${PAIGE_URL:-http://127.0.0.1:3000}/mcp) is Connected. Start the backend first to see "Connected";
#     set PAIGE_CHECK_CONNECTED=1 to fail when it is not (`claude mcp list` itself exits 0 either way).
# Claude Code is installed on demand into a temporary directory. CLAUDE_CODE_VERSION pins a version (default latest).
# Usage: pnpm --filter @paige/claude-plugin check:plugin
set -euo pipefail
plugin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
version="${CLAUDE_CODE_VERSION:-latest}"
echo "Installing @anthropic-ai/claude-code@${version} into ${tmp} ..."
npm install --prefix "$tmp" --no-audit --no-fund --loglevel=error "@anthropic-ai/claude-code@${version}" >/dev/null
claude="$tmp/node_modules/.bin/claude"
"$claude" --version

echo
echo "== claude plugin validate ${plugin_dir} --strict"
"$claude" plugin validate "$plugin_dir" --strict

echo
echo "== claude --plugin-dir ${plugin_dir} mcp list   (PAIGE_URL=${PAIGE_URL:-<unset: http://127.0.0.1:3000>})"
# Run from an empty directory so no project .mcp.json is listed alongside the plugin's server.
listing="$(cd "$tmp" && "$claude" --plugin-dir "$plugin_dir" mcp list 2>&1 || true)"
echo "$listing"
line="$(grep 'plugin:paige:paige' <<<"$listing" || true)"
if grep -q 'Connected' <<<"$line"; then
  echo "Paige backend: Connected"
elif [[ "${PAIGE_CHECK_CONNECTED:-0}" == "1" ]]; then
  echo "Paige backend: NOT connected (is the server running at ${PAIGE_URL:-http://127.0.0.1:3000}?)" >&2
  exit 1
else
  echo "Paige backend: not connected (start the server to check the connection; validation above is what counts)"
fi
