metadata description = 'The storage account of the Functions host (AzureWebJobsStorage), reached with the app identity, and the roles the host needs on it.'

param name string
param location string
param tags object

@description('FlexConsumption keeps shared keys off; ElasticPremium needs them for its Azure Files content share.')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string

@description('Blob container Flex Consumption deploys the app package to.')
param deploymentContainerName string

@description('Azure Files share Elastic Premium keeps the app content in.')
param contentShareName string

@description('Principal id of the function app identity.')
param principalId string

var isElasticPremium = hostingPlan == 'ElasticPremium'

// Built-in role ids are the same in every Azure cloud.
var roles = {
  // Host keys, leases and secrets, the Flex deployment package: the host creates its containers.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // The host writes its diagnostic events to a table.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Elastic Premium mounts its content share with an account key (the only key user, kept in
    // Key Vault); on Flex Consumption every client uses Entra ID, so shared keys are refused.
    allowSharedKeyAccess: isElasticPremium
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource deploymentContainer 'containers' = if (!isElasticPremium) {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource fileService 'fileServices' = if (isElasticPremium) {
    name: 'default'

    resource contentShare 'shares' = if (isElasticPremium) {
      name: contentShareName
    }
  }
}

resource hostRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(roles): {
    name: guid(storage.id, principalId, role.value)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

output name string = storage.name
