metadata description = 'Elastic Premium only: a Key Vault holding the key-based connection string of the Azure Files content share, readable by the app identity alone, so no key appears in app settings or outputs.'

param name string
param location string
param tags object

@description('The host storage account whose content share Elastic Premium mounts.')
param storageAccountName string

@description('Principal id of the function app identity, which resolves the Key Vault reference.')
param principalId string

// Built-in role id, the same in every Azure cloud.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource contentConnection 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'content-share-connection'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

resource contentConnectionReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(contentConnection.id, principalId, keyVaultSecretsUser)
  scope: contentConnection
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('App setting value: a Key Vault reference (a URI, no key) to the content share connection string.')
output contentConnectionReference string = '@Microsoft.KeyVault(SecretUri=${contentConnection.properties.secretUri})'
