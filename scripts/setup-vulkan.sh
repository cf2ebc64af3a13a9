#!/usr/bin/env bash
# Provision lavapipe (Mesa's CPU Vulkan driver) from Debian bookworm-backports under
# .cache/vulkan/, without touching the system: a private apt sources list and state
# dir, `apt-get download`, `dpkg -x`. Bookworm's own Mesa 22 is refused by Dawn;
# backports' Mesa 25 works and is ~5x faster than SwiftShader on these machines.
#
# Idempotent: once unpacked, a run only checks the libraries and prints the environment.
# stdout: eval-able `export` lines; progress and warnings go to stderr. The same values
# are written to .cache/vulkan/env.json, which src/lib/train/webgpu/device.node.ts reads.
#   eval "$(bash scripts/setup-vulkan.sh)"
#   scripts/with-vulkan.sh <cmd>                 # the same, then runs <cmd>
#   VULKAN_DRIVER=swiftshader scripts/with-vulkan.sh <cmd>   # force SwiftShader
# If backports cannot be reached, falls back to Chromium's SwiftShader ICD and says so.
# Exit 0 when a driver is usable; exit 3 with a one-line error when there is none.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache/vulkan"
ROOTFS="$CACHE/root"
ICD="$CACHE/lvp_icd.json"
ENV_JSON="$CACHE/env.json"
SWIFTSHADER_ICD="${SWIFTSHADER_ICD:-/usr/lib/chromium/vk_swiftshader_icd.json}"
RUNTIME_DIR="${XDG_RUNTIME_DIR:-${TMPDIR:-/tmp}/xdg-runtime-$(id -u)}"
SUITE="bookworm-backports"
# Taken from backports whatever the system has (Mesa 25 wants the newer libdrm).
CORE=(mesa-vulkan-drivers libdrm2 libdrm-amdgpu1)
log() { echo "setup-vulkan: $*" >&2; }

lvp_lib() { find "$ROOTFS" -name 'libvulkan_lvp.so' 2>/dev/null | head -n1; }
lib_dirs() { find "$ROOTFS" \( -name '*.so' -o -name '*.so.*' \) -printf '%h\n' 2>/dev/null | sort -u | paste -sd: -; }
# Does lavapipe link (all symbols, `ldd -r`) with the given LD_LIBRARY_PATH?
links_with() { local out; out="$(LD_LIBRARY_PATH="$1" ldd -r "$(lvp_lib)" 2>&1)" && ! grep -qE 'not found|undefined symbol' <<<"$out"; }

fetch_lavapipe() {
  command -v apt-get >/dev/null && command -v dpkg >/dev/null || { log "no apt-get/dpkg here"; return 1; }
  local state="$CACHE/apt" debs="$CACHE/debs"
  rm -rf "$ROOTFS" && mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/parts" "$debs" "$ROOTFS"
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  cat > "$state/sources.list" <<SRC
deb [signed-by=$keyring] http://deb.debian.org/debian bookworm main
deb [signed-by=$keyring] http://deb.debian.org/debian $SUITE main
SRC
  local opts=(-o "Dir::Etc::SourceList=$state/sources.list" -o "Dir::Etc::SourceParts=$state/parts"
    -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
    -o "Dir::State::Status=/var/lib/dpkg/status" -o "Debug::NoLocking=1"
    -o "Acquire::Retries=2" -o "Acquire::http::Timeout=20" -o "APT::Sandbox::User=root")
  log "updating a private package index ($SUITE)"
  apt-get "${opts[@]}" -qq update >&2 || { log "apt-get update failed"; return 1; }
  # The core packages from backports, plus every package in mesa's dependency closure
  # that the system lacks (a clean machine may miss libLLVM, the xcb libraries, ...).
  local want=("${CORE[@]}") seen=" " queue=(mesa-vulkan-drivers) p d
  while ((${#queue[@]})); do
    p="${queue[0]}"; queue=("${queue[@]:1}")
    for d in $(apt-cache "${opts[@]}" depends --no-recommends --no-suggests --no-conflicts --no-breaks \
        --no-replaces --no-enhances "$p/$SUITE" 2>/dev/null | awk '$1=="Depends:" && $2 !~ /^</ {print $2}' | sort -u); do
      [[ "$seen" == *" $d "* ]] && continue; seen+="$d "
      dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q 'ok installed' && continue
      want+=("$d"); queue+=("$d")
    done
  done
  log "downloading: ${want[*]}"
  ( cd "$debs" && rm -f ./*.deb
    for p in "${want[@]}"; do
      apt-get "${opts[@]}" -qq download "$p/$SUITE" >/dev/null 2>&1 || apt-get "${opts[@]}" -qq download "$p" >&2 ||
        { log "could not download $p"; exit 1; }
    done ) || return 1
  for d in "$debs"/*.deb; do dpkg -x "$d" "$ROOTFS"; done
  local lib; lib="$(lvp_lib)"
  [[ -n "$lib" ]] || { log "libvulkan_lvp.so is not in the downloaded packages"; return 1; }
  printf '{ "file_format_version": "1.0.1", "ICD": { "library_path": "%s", "api_version": "1.4.0" } }\n' "$lib" > "$ICD"
}

emit() { # driver icd ld_library_path
  local ld="$3${3:+${LD_LIBRARY_PATH:+:}}${3:+${LD_LIBRARY_PATH:-}}"
  echo "export VK_ICD_FILENAMES='$2'"
  [[ -z "$3" ]] || echo "export LD_LIBRARY_PATH='$ld'"
  echo "export XDG_RUNTIME_DIR='$RUNTIME_DIR'"
  echo "export GROKKING_VULKAN_DRIVER=$1"
  mkdir -p "$CACHE"
  printf '{ "driver": "%s", "VK_ICD_FILENAMES": "%s", "LD_LIBRARY_PATH": "%s" }\n' "$1" "$2" "$3" > "$ENV_JSON"
}

mkdir -p "$RUNTIME_DIR" && chmod 700 "$RUNTIME_DIR"
ok=""
if [[ "${VULKAN_DRIVER:-}" != "swiftshader" ]]; then
  if [[ -f "$ICD" && -n "$(lvp_lib)" ]] || fetch_lavapipe; then
    # Prefer the system's libraries (then no LD_LIBRARY_PATH is needed, and a process can
    # pick the driver itself); else the unpacked ones, which must be set before start-up.
    if links_with ""; then ok=1; emit lavapipe "$ICD" ""
    elif links_with "$(lib_dirs)"; then ok=1; emit lavapipe "$ICD" "$(lib_dirs)"
    else log "lavapipe does not link here: $(LD_LIBRARY_PATH="$(lib_dirs)" ldd -r "$(lvp_lib)" 2>&1 | grep -E 'not found|undefined' | head -n3 | tr '\n' ' ')"
    fi
  fi
fi
if [[ -z "$ok" ]]; then
  if [[ -f "$SWIFTSHADER_ICD" ]]; then
    [[ "${VULKAN_DRIVER:-}" == "swiftshader" ]] || log "lavapipe unavailable: falling back to SwiftShader ($SWIFTSHADER_ICD, ~5x slower)"
    emit swiftshader "$SWIFTSHADER_ICD" ""
  else
    rm -f "$ENV_JSON"
    echo "setup-vulkan: no Vulkan driver: lavapipe could not be set up from $SUITE and $SWIFTSHADER_ICD is missing (apt-get install chromium libvulkan1)" >&2
    exit 3
  fi
fi
log "driver ready: $(grep -o '"driver": "[a-z]*"' "$ENV_JSON")"
