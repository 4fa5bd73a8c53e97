#!/usr/bin/env bash
# The one Microsoft Graph grant after provisioning: azd runs it as the postprovision hook; after
# `az deployment group create`, run it yourself. It is a thin caller of the project's own
# `entra-reprocess grant-permission` (src/cli/grantPermission, tested against the Graph emulator),
# run from the sources with the tsx that `npm ci` installs, so a fresh clone needs no build. The
# grant is idempotent: a second run reports "already granted" and changes nothing.
#
# Default: the application permission EntitlementManagement.ReadWrite.All on Microsoft Graph.
# With a catalog id: the entitlement management role "Access package assignment manager" scoped
# to that one catalog instead (found by its template id; assignments of other catalogs are refused).
#
# Usage: grant-graph-permission.sh [--cloud Global|USGov|USGovDoD|China] [--principal-id OBJECT_ID]
#                                  [--catalog-id CATALOG_ID] [--skip]
# Defaults come from the environment, where azd puts the deployment outputs and `azd env set`
# values: GRAPH_CLOUD, MANAGED_IDENTITY_PRINCIPAL_ID, GRAPH_GRANT_CATALOG_ID, and GRANT_PERMISSION
# (false, or --skip: grant nothing and print the command an administrator must run instead).
#
# The grant is made as whoever `az` is signed in as (az cloud set --name <cloud>; az login). That
# account needs Privileged Role Administrator for the app permission; for the catalog role, the
# catalog's owner or Identity Governance Administrator.
# Plain bash 3.2 (macOS's own) is enough: no ${x,,}, no inherit_errexit.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cloud_table="$root/src/clouds/nationalClouds.json"
tsx="$root/node_modules/.bin/tsx"

fail() {
  printf 'grant-graph-permission: %s\n' "$*" >&2
  exit 2
}
say() { printf 'grant-graph-permission: %s\n' "$*"; }

cloud="${GRAPH_CLOUD:-}"
principal_id="${MANAGED_IDENTITY_PRINCIPAL_ID:-}"
catalog_id="${GRAPH_GRANT_CATALOG_ID:-}"
grant="${GRANT_PERMISSION:-true}"
while (($# > 0)); do
  case "$1" in
    --cloud) cloud="${2:?--cloud needs a value}"; shift 2 ;;
    --principal-id) principal_id="${2:?--principal-id needs a value}"; shift 2 ;;
    --catalog-id) catalog_id="${2:?--catalog-id needs a value}"; shift 2 ;;
    --skip) grant=false; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument '$1' (see --help)" ;;
  esac
done

case "$(printf '%s' "$grant" | tr '[:upper:]' '[:lower:]')" in
  true | 1 | yes | "") grant=true ;;
  false | 0 | no) grant=false ;;
  *) fail "GRANT_PERMISSION must be true or false, not '$grant'" ;;
esac
[[ -n "$cloud" ]] || fail "no cloud: pass --cloud or set GRAPH_CLOUD (azd env set GRAPH_CLOUD <Global|USGov|USGovDoD|China>)"
[[ -n "$principal_id" ]] || fail "no principal: pass --principal-id or set MANAGED_IDENTITY_PRINCIPAL_ID (an output of infra/main.bicep)"
command -v node >/dev/null 2>&1 || fail "Node.js is required (the grant is the project's own TypeScript command)"

# The Azure cloud az must be set to, from the one cloud table (nothing cloud-specific is written here).
arm_environment="$(node -e '
  const [table, cloud] = process.argv.slice(1);
  const entry = require(table)[cloud];
  if (entry === undefined) { console.error(Object.keys(require(table)).join(", ")); process.exit(1); }
  console.log(entry.armEnvironment);
' "$cloud_table" "$cloud" 2>&1)" || fail "unknown cloud '$cloud'; known: $arm_environment"

grant_args=(grant-permission --cloud "$cloud" --principal-id "$principal_id")
if [[ -n "$catalog_id" ]]; then
  grant_args+=(--catalog "$catalog_id")
  what="the entitlement management role Access package assignment manager on catalog $catalog_id"
  who="an owner of catalog $catalog_id, or Identity Governance Administrator"
else
  what="the Microsoft Graph application permission EntitlementManagement.ReadWrite.All"
  # Cloud Application Administrator may grant other APIs' app roles, but not Microsoft Graph's.
  who="Privileged Role Administrator (or Global Administrator)"
fi

# What an administrator runs, in a clone of this repository after `npm ci`.
print_admin_command() {
  cat <<EOF
An administrator must grant $what
to the app's managed identity $principal_id ($cloud).
Role needed: $who.
In a clone of this repository, after npm ci:

  az cloud set --name $arm_environment && az login
  npx tsx src/cli/main.ts ${grant_args[*]} --dry-run   # optional: shows what it would grant
  npx tsx src/cli/main.ts ${grant_args[*]}

EOF
}

if [[ "$grant" == false ]]; then
  say "GRANT_PERMISSION is false: granting nothing."
  print_admin_command
  exit 0
fi

[[ -x "$tsx" ]] || fail "$tsx is missing: run 'npm ci' in $root first"
command -v az >/dev/null 2>&1 || fail "the Azure CLI (az) is required: the grant signs in with its login (az login)"
current_environment="$(az cloud show --query name --output tsv)"
if [[ "$current_environment" != "$arm_environment" ]]; then
  fail "cloud $cloud belongs to $arm_environment but az is set to $current_environment: run 'az cloud set --name $arm_environment' and 'az login' first"
fi

say "granting $what to $principal_id ($cloud)"
status=0
(cd "$root" && "$tsx" src/cli/main.ts "${grant_args[@]}") || status=$?
if ((status != 0)); then
  print_admin_command >&2
  cat >&2 <<EOF
To finish azd up without the grant and leave it to an administrator:
  azd env set GRANT_PERMISSION false && azd up

EOF
  exit "$status"
fi
