#!/usr/bin/env bash
# Prints the path of a Bicep CLI that this machine can run, without downloading anything but a
# NuGet package: CI and developers reach NuGet, never the Bicep GitHub releases that
# `az bicep install` fetches.
#
#   1. a `bicep` on PATH, if it is at least BICEP_MIN_VERSION;
#   2. else the Azure.Bicep.CommandLine.<rid> NuGet package, restored with `dotnet` into .cache/bicep
#      (git-ignored) through a throwaway project that only downloads it (PackageDownload).
#
# The binary is a .NET single-file app: run it with DOTNET_BUNDLE_EXTRACT_BASE_DIR pointing at a
# writable folder (this script uses .cache/bicep/extract and tells callers so on stderr).
# Only the path goes to stdout, so callers can do: bicep="$(scripts/ensure-bicep.sh)".
set -euo pipefail

BICEP_VERSION="${BICEP_VERSION:-0.49.2}"
BICEP_MIN_VERSION="${BICEP_MIN_VERSION:-$BICEP_VERSION}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.cache/bicep"
extract_dir="$cache/extract"
mkdir -p "$cache" "$extract_dir"
export DOTNET_BUNDLE_EXTRACT_BASE_DIR="${DOTNET_BUNDLE_EXTRACT_BASE_DIR:-$extract_dir}"

log() { printf 'ensure-bicep: %s\n' "$*" >&2; }

version_of() {
  # "Bicep CLI version 0.49.2 (b34271ac51)" -> 0.49.2
  "$1" --version 2>/dev/null | sed -n 's/^Bicep CLI version \([0-9][0-9.]*\).*/\1/p' | head -n 1
}

at_least() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" == "$2" ]]
}

if on_path="$(command -v bicep 2>/dev/null)"; then
  found="$(version_of "$on_path" || true)"
  if [[ -n "$found" ]] && at_least "$found" "$BICEP_MIN_VERSION"; then
    printf '%s\n' "$on_path"
    exit 0
  fi
  log "ignoring $on_path (version '${found:-unknown}', need >= $BICEP_MIN_VERSION)"
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;;
  Linux-aarch64 | Linux-arm64) rid=linux-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;;
  Darwin-arm64) rid=osx-arm64 ;;
  *) log "no Bicep CLI package for $(uname -s)-$(uname -m)"; exit 1 ;;
esac

package="Azure.Bicep.CommandLine.$rid"
packages_dir="$cache/packages"
binary="$packages_dir/$(printf '%s' "$package" | tr '[:upper:]' '[:lower:]')/$BICEP_VERSION/tools/bicep"

if [[ ! -x "$binary" ]]; then
  if ! command -v dotnet >/dev/null 2>&1; then
    log "neither bicep (>= $BICEP_MIN_VERSION) nor dotnet is on PATH: install one of them"
    exit 1
  fi
  # Several test workers may call this at once: one restores, the others wait for it.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache/.lock"
    flock 9
  fi
  if [[ ! -x "$binary" ]]; then
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
    sdk_major="$(dotnet --version | cut -d. -f1)"
    project_dir="$cache/restore"
    mkdir -p "$project_dir"
    # Keep any Directory.Build.* further up the tree out of this throwaway project.
    printf '<Project />\n' >"$project_dir/Directory.Build.props"
    printf '<Project />\n' >"$project_dir/Directory.Build.targets"
    cat >"$project_dir/bicep-cli.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net$sdk_major.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="$package" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
XML
    log "restoring $package $BICEP_VERSION from NuGet into $packages_dir"
    started=$SECONDS
    dotnet restore "$project_dir/bicep-cli.csproj" --packages "$packages_dir" >&2
    chmod +x "$binary"
    log "restored in $((SECONDS - started)) s"
  fi
fi

if [[ -z "$(version_of "$binary")" ]]; then
  log "$binary does not run (DOTNET_BUNDLE_EXTRACT_BASE_DIR=$DOTNET_BUNDLE_EXTRACT_BASE_DIR)"
  exit 1
fi
printf '%s\n' "$binary"
