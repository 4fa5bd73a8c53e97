#!/usr/bin/env bash
# Lets the function app's managed identity reprocess access package assignments on the Microsoft
# Graph of its national cloud. Run it once after provisioning (azd runs it as the postprovision
# hook); running it again changes nothing. A Bicep template cannot do this offline: the Graph
# Bicep extension is fetched from a registry at build time.
#
# Default: the Microsoft Graph application permission EntitlementManagement.ReadWrite.All (tenant
# wide). With --catalog-id: instead, the entitlement-management role "Access Package Assignment
# Manager" scoped to that one catalog (least privilege; assignments in other catalogs are refused).
#
# Usage: grant-graph-permission.sh [--cloud Global|USGov|USGovDoD|China] [--principal-id OBJECT_ID]
#                                  [--catalog-id CATALOG_ID]
# Defaults come from the environment, where azd puts the deployment outputs: GRAPH_CLOUD,
# MANAGED_IDENTITY_PRINCIPAL_ID, and GRAPH_GRANT_CATALOG_ID (set it with azd env set).
#
# Needs az, signed in to the cloud's Azure environment (az cloud set --name ...; az login) as an
# administrator who may grant it: Privileged Role Administrator for the app role, Identity
# Governance Administrator (or the catalog's owner) for the catalog role. Needs jq.
set -euo pipefail
shopt -s inherit_errexit

readonly GRAPH_APP_ID="00000003-0000-0000-c000-000000000000"
readonly APP_ROLE_VALUE="EntitlementManagement.ReadWrite.All"
readonly CATALOG_ROLE_NAME="Access Package Assignment Manager"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cloud_table="$here/../../src/clouds/nationalClouds.json"

fail() {
  printf 'grant-graph-permission: %s\n' "$*" >&2
  exit 1
}
say() { printf 'grant-graph-permission: %s\n' "$*"; }

cloud="${GRAPH_CLOUD:-}"
principal_id="${MANAGED_IDENTITY_PRINCIPAL_ID:-}"
catalog_id="${GRAPH_GRANT_CATALOG_ID:-}"
while (($# > 0)); do
  case "$1" in
    --cloud) cloud="${2:?--cloud needs a value}"; shift 2 ;;
    --principal-id) principal_id="${2:?--principal-id needs a value}"; shift 2 ;;
    --catalog-id) catalog_id="${2:?--catalog-id needs a value}"; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument '$1' (see --help)" ;;
  esac
done

command -v jq >/dev/null 2>&1 || fail "jq is required"
command -v az >/dev/null 2>&1 || fail "the Azure CLI (az) is required"
[[ -n "$cloud" ]] || fail "no cloud: pass --cloud or set GRAPH_CLOUD"
[[ -n "$principal_id" ]] || fail "no principal: pass --principal-id or set MANAGED_IDENTITY_PRINCIPAL_ID"
[[ -r "$cloud_table" ]] || fail "cannot read the cloud table $cloud_table"

# Every endpoint comes from the cloud table: nothing cloud-specific is written here.
read -r graph arm_environment < <(jq -r --arg c "$cloud" '.[$c] // empty | "\(.graphEndpoint) \(.armEnvironment)"' "$cloud_table") ||
  fail "unknown cloud '$cloud'; known: $(jq -r 'keys_unsorted | join(", ")' "$cloud_table")"

current_environment="$(az cloud show --query name --output tsv)"
if [[ "$current_environment" != "$arm_environment" ]]; then
  fail "cloud $cloud belongs to $arm_environment but az is set to $current_environment: run 'az cloud set --name $arm_environment' and 'az login' first"
fi

# graph METHOD PATH [BODY]: one Microsoft Graph v1.0 call with a token for this cloud's Graph.
graph() {
  local method="$1" path="$2" body="${3:-}"
  local args=(rest --method "$method" --url "$graph/v1.0$path" --resource "$graph" --output json)
  if [[ -n "$body" ]]; then
    args+=(--headers "Content-Type=application/json" --body "$body")
  fi
  az "${args[@]}"
}

# graph_list PATH: the pages of a collection, one JSON document a line, following @odata.nextLink.
graph_list() {
  local url="$graph/v1.0$1" page
  while [[ -n "$url" ]]; do
    { IFS= read -r page && IFS= read -r url; } < <(
      az rest --method get --url "$url" --resource "$graph" --output json | jq -cr '., (."@odata.nextLink" // "")'
    )
    printf '%s\n' "$page"
  done
}

grant_app_role() {
  local graph_sp_id app_role_id assigned
  read -r graph_sp_id app_role_id < <(
    graph get "/servicePrincipals(appId='$GRAPH_APP_ID')?\$select=id,appRoles" |
      jq -r --arg v "$APP_ROLE_VALUE" \
        '"\(.id) \(first(.appRoles[] | select(.value == $v and (.allowedMemberTypes | index("Application")))) | .id)"'
  ) || fail "Microsoft Graph in $cloud has no service principal with the application role $APP_ROLE_VALUE"

  assigned="$(graph_list "/servicePrincipals/$principal_id/appRoleAssignments" |
    jq -s --arg r "$graph_sp_id" --arg a "$app_role_id" 'any(.[].value[]; .resourceId == $r and .appRoleId == $a)')"
  if [[ "$assigned" == "true" ]]; then
    say "$principal_id already has $APP_ROLE_VALUE on Microsoft Graph ($cloud); nothing to do"
    return
  fi

  graph post "/servicePrincipals/$graph_sp_id/appRoleAssignedTo" \
    "{\"principalId\":\"$principal_id\",\"resourceId\":\"$graph_sp_id\",\"appRoleId\":\"$app_role_id\"}" >/dev/null
  say "granted $APP_ROLE_VALUE on Microsoft Graph ($cloud) to $principal_id"
}

grant_catalog_role() {
  local catalog_name role_id scope assigned
  catalog_name="$(graph get "/identityGovernance/entitlementManagement/catalogs/$catalog_id?\$select=id,displayName" |
    jq -r '.displayName')"
  role_id="$(graph_list "/roleManagement/entitlementManagement/roleDefinitions" |
    jq -sr --arg n "$CATALOG_ROLE_NAME" 'first(.[].value[] | select(.displayName == $n)) | .id')"
  [[ -n "$role_id" ]] || fail "no entitlement-management role named '$CATALOG_ROLE_NAME' in $cloud"
  scope="/AccessPackageCatalog/$catalog_id"

  assigned="$(graph_list "/roleManagement/entitlementManagement/roleAssignments?\$filter=principalId%20eq%20'$principal_id'" |
    jq -s --arg d "$role_id" --arg s "$scope" 'any(.[].value[]; .roleDefinitionId == $d and .appScopeId == $s)')"
  if [[ "$assigned" == "true" ]]; then
    say "$principal_id is already $CATALOG_ROLE_NAME of catalog '$catalog_name' ($cloud); nothing to do"
    return
  fi

  graph post "/roleManagement/entitlementManagement/roleAssignments" \
    "{\"principalId\":\"$principal_id\",\"roleDefinitionId\":\"$role_id\",\"appScopeId\":\"$scope\"}" >/dev/null
  say "made $principal_id $CATALOG_ROLE_NAME of catalog '$catalog_name' ($cloud)"
}

if [[ -n "$catalog_id" ]]; then
  grant_catalog_role
else
  grant_app_role
fi
