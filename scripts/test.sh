#!/usr/bin/env bash
# `npm test`: every test of the project, ending with the line "N passed, N failed".
#   1. Find Chromium for the browser tests, or provision one (never skip them silently).
#   2. Run Vitest's two projects one after the other (unit: Node; browser: builds the site once
#      and drives Chromium), each with a readable reporter and a JSON report in test-results/.
#      One after the other, not side by side: on a 2-core machine the unit suites' training
#      threads and the browser's live figures starved each other (a figure's ONNX Runtime
#      download kept a page's network busy past 90 s in a full CI run).
#      The type check (astro check + svelte-check) is a unit test: test/unit/site/typecheck.test.ts.
#   3. Count passed/failed from the JSON reports; exit non-zero if anything failed.
# Extra arguments go to a single Vitest run instead, e.g. `npm test -- --project unit`.
set -uo pipefail
cd "$(dirname "$0")/.."

say() { printf '[test] %s\n' "$*"; }

find_chromium() {
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    [[ -x "$CHROMIUM_PATH" ]] && { echo "$CHROMIUM_PATH"; return 0; }
    say "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable" >&2
    return 1
  fi
  local c
  for c in /usr/bin/chromium chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$c" >/dev/null 2>&1; then command -v "$c"; return 0; fi
  done
  # A browser that playwright-core downloaded earlier.
  c=$(node -e "try{const p=require('playwright-core').chromium.executablePath();if(require('fs').existsSync(p))console.log(p)}catch{}" 2>/dev/null)
  [[ -n "$c" ]] && { echo "$c"; return 0; }
  return 1
}

if ! CHROMIUM=$(find_chromium); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 && grep -qiE 'debian|ubuntu' /etc/os-release 2>/dev/null; then
    say "No Chromium found: installing Debian's chromium (with the Vulkan loader and Mesa drivers) through apt-get."
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium libvulkan1 mesa-vulkan-drivers \
      || say "apt-get could not install chromium."
  fi
  if ! CHROMIUM=$(find_chromium); then
    say "No Chromium found: trying playwright-core's own Chromium download."
    node node_modules/playwright-core/cli.js install chromium || say "The Playwright download failed."
  fi
  if ! CHROMIUM=$(find_chromium); then
    echo "No Chromium for the browser tests: install one (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH=/path/to/chromium, then run npm test again." >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
fi
export CHROMIUM_PATH="$CHROMIUM"
say "Chromium: $CHROMIUM_PATH ($("$CHROMIUM_PATH" --version 2>/dev/null | head -1))"

mkdir -p test-results
rm -f test-results/vitest*.json
if (($#)); then
  npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
  node scripts/count-results.mjs test-results/vitest.json:$?
  exit $?
fi
runs=()
for project in unit browser; do
  say "Vitest project: $project"
  npx vitest run --project "$project" --reporter=default --reporter=json --outputFile.json="test-results/vitest-$project.json"
  runs+=("test-results/vitest-$project.json:$?")
done
node scripts/count-results.mjs "${runs[@]}"
