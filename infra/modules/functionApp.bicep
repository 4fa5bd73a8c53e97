metadata description = 'The hosting plan and the Node.js 22 function app, with every connection (host storage, Service Bus, Application Insights, Graph) made as the user-assigned identity.'

param name string
param planName string
param location string
param tags object

@description('azd finds the app to deploy to by this tag; only the site carries it.')
param azdServiceName string

@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string

@description('National cloud name from src/clouds/nationalClouds.json; the app reads it as GRAPH_CLOUD.')
param cloud string

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

param storageAccountName string
param deploymentContainerName string
param contentShareName string

@description('Elastic Premium only: the Key Vault reference to the content share connection string.')
param contentConnectionReference string

param serviceBusNamespaceName string
param workQueueName string
param parkedQueueName string
param appInsightsName string

@description('Flex Consumption: most instances the app scales out to.')
param maximumInstanceCount int

@description('Flex Consumption: memory of one instance, in MB.')
param instanceMemoryMB int

@description('Further app settings (name/value pairs), e.g. the HTTP_AUTH settings of Entra caller authentication.')
param additionalAppSettings array = []

@description('Heal sweep NCRONTAB (HEAL_SCHEDULE); empty leaves the setting out and the sweep off.')
param healSchedule string

@description('Access packages whose delivered assignments every heal sweep reprocesses (HEAL_ACCESS_PACKAGE_IDS).')
param healAccessPackageIds array

@description('How far back, on createdDateTime, a heal sweep lists failed requests (HEAL_LOOKBACK_DAYS).')
param healLookbackDays int

@description('Milliseconds after each accepted reprocess before its verify first reads the state (REPROCESS_VERIFY_AFTER_MS); 0 turns verification off.')
param reprocessVerifyAfterMs int

var isFlexConsumption = hostingPlan == 'FlexConsumption'
var nodeVersion = '22'
var storageSuffix = environment().suffixes.storage

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

// serviceBusEndpoint is https://<namespace>.<cloud's Service Bus suffix>:443/; clients want the host.
var serviceBusHost = split(split(split(serviceBus.properties.serviceBusEndpoint, '://')[1], '/')[0], ':')[0]

var commonSettings = [
  // Host storage through the identity. In sovereign clouds the service URIs are required:
  // __accountName would assume the global storage suffix.
  { name: 'AzureWebJobsStorage__blobServiceUri', value: 'https://${storageAccountName}.blob.${storageSuffix}' }
  { name: 'AzureWebJobsStorage__queueServiceUri', value: 'https://${storageAccountName}.queue.${storageSuffix}' }
  { name: 'AzureWebJobsStorage__tableServiceUri', value: 'https://${storageAccountName}.table.${storageSuffix}' }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
  { name: 'ServiceBusConnection__fullyQualifiedNamespace', value: serviceBusHost }
  { name: 'ServiceBusConnection__credential', value: 'managedidentity' }
  { name: 'ServiceBusConnection__clientId', value: identityClientId }
  { name: 'REPROCESS_QUEUE_NAME', value: workQueueName }
  { name: 'REPROCESS_PARKED_QUEUE_NAME', value: parkedQueueName }
  { name: 'REPROCESS_VERIFY_AFTER_MS', value: string(reprocessVerifyAfterMs) }
  { name: 'GRAPH_CLOUD', value: cloud }
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
]

// The app registers the sweep only when HEAL_SCHEDULE is set, so "off" is the setting's absence.
var healSettings = concat(
  empty(healSchedule) ? [] : [{ name: 'HEAL_SCHEDULE', value: healSchedule }],
  empty(healAccessPackageIds) ? [] : [{ name: 'HEAL_ACCESS_PACKAGE_IDS', value: join(healAccessPackageIds, ',') }],
  [{ name: 'HEAL_LOOKBACK_DAYS', value: string(healLookbackDays) }]
)

// Flex Consumption takes the runtime from functionAppConfig and refuses these settings.
var elasticPremiumSettings = [
  { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
  { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'node' }
  { name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING', value: contentConnectionReference }
  { name: 'WEBSITE_CONTENTSHARE', value: contentShareName }
  // The platform cannot resolve a Key Vault reference while validating the share; the share
  // is created by the template, so its check is not needed.
  { name: 'WEBSITE_SKIP_CONTENTSHARE_VALIDATION', value: '1' }
  // The deployed zip (azd deploy, az functionapp deployment source config-zip) is mounted from
  // /home/data/SitePackages only while this is 1. appSettings below is written as a whole list, so
  // a setting a deploy adds is dropped by the next provision: the template owns it instead.
  { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
  // The zip is built locally with the node_modules it needs. config-zip writes this itself when it
  // is not already false, and a re-provision would then drop it; owned here, it is never rewritten.
  { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: isFlexConsumption ? 'functionapp' : 'elastic'
  sku: isFlexConsumption
    ? {
        name: 'FC1'
        tier: 'FlexConsumption'
      }
    : {
        name: 'EP1'
        tier: 'ElasticPremium'
        family: 'EP'
      }
  properties: {
    reserved: true
    maximumElasticWorkerCount: isFlexConsumption ? null : 20
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: isFlexConsumption
      ? {
          // Where Flex Consumption keeps the deployed package. Declared on every provision, so a
          // re-provision points the app at the same container and the package already in it.
          deployment: {
            storage: {
              type: 'blobContainer'
              value: 'https://${storageAccountName}.blob.${storageSuffix}/${deploymentContainerName}'
              authentication: {
                type: 'UserAssignedIdentity'
                userAssignedIdentityResourceId: identityId
              }
            }
          }
          scaleAndConcurrency: {
            maximumInstanceCount: maximumInstanceCount
            instanceMemoryMB: instanceMemoryMB
          }
          runtime: {
            name: 'node'
            version: nodeVersion
          }
        }
      : null
    siteConfig: {
      linuxFxVersion: isFlexConsumption ? null : 'Node|${nodeVersion}'
      // Lets the scale controller of Elastic Premium read the queue through the app's own
      // identity-based connection.
      functionsRuntimeScaleMonitoringEnabled: isFlexConsumption ? null : true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(commonSettings, healSettings, isFlexConsumption ? [] : elasticPremiumSettings, additionalAppSettings)
    }
  }

  // Deployments authenticate with Entra ID; no basic-auth publishing credentials.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
