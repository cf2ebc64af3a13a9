#!/usr/bin/env bash
# Run a command with a Vulkan driver for Dawn (WebGPU in Node): lavapipe under
# .cache/vulkan/ when it can be set up, else SwiftShader. See scripts/setup-vulkan.sh.
#   scripts/with-vulkan.sh npx tsx scripts/bench/matmul.ts
set -euo pipefail
env_lines="$(bash "$(dirname "${BASH_SOURCE[0]}")/setup-vulkan.sh")"
eval "$env_lines"
exec "$@"
