metadata description = 'Assignment reprocessor: a Node.js 22 function app that reprocesses Entra access package assignments, with its identity, host storage, Service Bus queues and monitoring, in any of the four national clouds.'

targetScope = 'resourceGroup'

// The one table of per-cloud endpoints, shared with the TypeScript code.
var clouds = loadJsonContent('../src/clouds/nationalClouds.json')

@description('National cloud of the Microsoft Graph the app calls (GRAPH_CLOUD). Must belong to the Azure cloud the deployment runs in: Global in AzureCloud, USGov and USGovDoD in AzureUSGovernment, China in AzureChinaCloud.')
@allowed([
  'Global'
  'USGov'
  'USGovDoD'
  'China'
])
param cloud string

@description('Short name of this deployment (the azd environment name); resource names derive from it.')
@minLength(1)
@maxLength(20)
param environmentName string

@description('Region of every resource.')
param location string = resourceGroup().location

@description('Hosting plan. Defaults: FlexConsumption in Global; ElasticPremium elsewhere, where Flex Consumption is not confirmed (see infra/README.md).')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string = cloud == 'Global' ? 'FlexConsumption' : 'ElasticPremium'

@description('Peek-lock of the work queue. PT5M (the Service Bus maximum) equals functionTimeout in host.json, so a lock cannot lapse while an invocation may still run; the default worst case of one message (two Graph calls, each up to 4 attempts of 15 s plus 10 s of inline waiting) is about 140 s.')
param workQueueLockDuration string = 'PT5M'

@description('Deliveries of one work-queue message before it is dead-lettered. Transient Graph failures are retried by scheduling a new message, not by redelivery, so this only counts crashes and failed scheduling or parking.')
@minValue(1)
@maxValue(20)
param workQueueMaxDeliveryCount int = 5

@description('Duplicate detection window of the queues: a producer retry with the same message id inside it is dropped.')
param duplicateDetectionWindow string = 'PT1H'

@description('Flex Consumption: most instances the app scales out to.')
param maximumInstanceCount int = 40

@description('Flex Consumption: memory of one instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Heal sweep schedule (NCRONTAB, UTC): daily at 03:00 by default. The platform itself retries a failed delivery for several hours, and a request stays reprocessable for 14 days, so once a day heals without hammering Graph. Empty turns the sweep off.')
param healSchedule string = '0 0 3 * * *'

@description('Access packages whose delivered assignments every heal sweep also reprocesses (drift repair). Empty: none.')
@maxLength(100)
param healAccessPackageIds array = []

@description('How far back, on createdDateTime, the sweep lists failed requests: 3 approval stages of up to 14 days + the 14-day reprocess window + 4 days of margin.')
@minValue(14)
@maxValue(400)
param healLookbackDays int = 60

@description('Milliseconds after each accepted reprocess before the app first reads the item to confirm delivery (REPROCESS_VERIFY_AFTER_MS): the platform delivers in seconds to minutes, so 5 minutes usually costs one read per item. 0 turns verification off.')
@minValue(0)
@maxValue(86400000)
param reprocessVerifyAfterMs int = 300000

@description('Tags added to every resource.')
param tags object = {}

@description('How HTTP callers authenticate (HTTP_AUTH): functionKey (a shared key, as before) or entra (an Entra access token the app validates itself; see docs/security.md).')
@allowed([
  'functionKey'
  'entra'
])
param httpAuth string = 'functionKey'

@description('entra: tenant whose tokens are accepted (HTTP_AUTH_TENANT_ID). Default: the deployment\'s tenant.')
param httpAuthTenantId string = tenant().tenantId

@description('entra: the audience callers request tokens for (HTTP_AUTH_AUDIENCE): the app registration\'s client id or App ID URI. The registration is created outside this template (docs/security.md).')
param httpAuthAudience string = ''

@description('entra: client id of that app registration, for App Service Authentication. Default: the audience (right when the audience is the client id).')
param httpAuthClientId string = httpAuthAudience

@description('entra: the app role a caller must hold (HTTP_AUTH_ROLE).')
param httpAuthRole string = 'Reprocess.Invoke'

@description('entra: client ids of the callers let in by App Service Authentication (their managed identities). The app role is what the app itself checks.')
param httpAuthAllowedCallers array = []

@description('entra: also turn on App Service Authentication (authsettingsV2) in front of the app. Its support on Flex Consumption and in the sovereign clouds is unconfirmed (docs/security.md): set false where it fails; the app still checks every token itself.')
param platformAuthentication bool = true

var cloudSettings = clouds[cloud]

// Microsoft Graph cannot be told from ARM (L4 and L5 share AzureUSGovernment), so the cloud is a
// parameter; it must at least belong to the ARM cloud this deployment runs in. Every resource
// carries this value in a tag, so a mismatch stops the deployment before anything is created.
var verifiedCloud = toLower(environment().name) == toLower(cloudSettings.armEnvironment)
  ? cloud
  : fail('Parameter cloud is \'${cloud}\', whose Azure cloud is ${cloudSettings.armEnvironment}, but this deployment runs in ${environment().name}. Sign in to ${cloudSettings.armEnvironment} (az cloud set --name ${cloudSettings.armEnvironment}; azd config set cloud.name ${cloudSettings.armEnvironment}) or deploy the parameters of a cloud that belongs to ${environment().name}.')

var resourceTags = union(tags, {
  'azd-env-name': environmentName
  'graph-cloud': verifiedCloud
})

// Entra caller authentication: refused at deployment, not discovered as 401s, when incomplete.
var entraAuth = httpAuth == 'entra'
var verifiedHttpAuthAudience = !entraAuth || !empty(httpAuthAudience)
  ? httpAuthAudience
  : fail('httpAuth is entra but httpAuthAudience is empty: set the client id or App ID URI of the app registration callers request tokens for (docs/security.md).')
var verifiedAllowedCallers = !entraAuth || !platformAuthentication || !empty(httpAuthAllowedCallers)
  ? httpAuthAllowedCallers
  : fail('httpAuth is entra with platformAuthentication but httpAuthAllowedCallers is empty: name the client ids of the callers\' managed identities.')
var httpAuthSettings = entraAuth
  ? [
      { name: 'HTTP_AUTH', value: 'entra' }
      { name: 'HTTP_AUTH_TENANT_ID', value: httpAuthTenantId }
      { name: 'HTTP_AUTH_AUDIENCE', value: verifiedHttpAuthAudience }
      { name: 'HTTP_AUTH_ROLE', value: httpAuthRole }
    ]
  : []

var workQueueName = 'reprocess'
var parkedQueueName = 'reprocess-parked'
var token = uniqueString(subscription().id, resourceGroup().id, environmentName)
var functionAppName = 'func-${environmentName}-${token}'
var deploymentContainerName = 'app-package'
var contentShareName = take(toLower(functionAppName), 63)

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${environmentName}-${token}'
    location: location
    tags: resourceTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${environmentName}-${token}'
    appInsightsName: 'appi-${environmentName}-${token}'
    location: location
    tags: resourceTags
    principalId: identity.outputs.principalId
  }
}

module hostStorage 'modules/hostStorage.bicep' = {
  name: 'hostStorage'
  params: {
    name: 'st${token}'
    location: location
    tags: resourceTags
    hostingPlan: hostingPlan
    deploymentContainerName: deploymentContainerName
    contentShareName: contentShareName
    principalId: identity.outputs.principalId
  }
}

module contentShareVault 'modules/contentShareVault.bicep' = if (hostingPlan == 'ElasticPremium') {
  name: 'contentShareVault'
  params: {
    name: 'kv${token}'
    location: location
    tags: resourceTags
    storageAccountName: hostStorage.outputs.name
    principalId: identity.outputs.principalId
  }
}

module serviceBus 'modules/serviceBus.bicep' = {
  name: 'serviceBus'
  params: {
    name: 'sb-${environmentName}-${token}'
    location: location
    tags: resourceTags
    principalId: identity.outputs.principalId
    workQueueName: workQueueName
    parkedQueueName: parkedQueueName
    workQueueLockDuration: workQueueLockDuration
    workQueueMaxDeliveryCount: workQueueMaxDeliveryCount
    duplicateDetectionWindow: duplicateDetectionWindow
  }
}

module functionApp 'modules/functionApp.bicep' = {
  name: 'functionApp'
  params: {
    name: functionAppName
    planName: 'plan-${environmentName}-${token}'
    location: location
    tags: resourceTags
    azdServiceName: 'api'
    hostingPlan: hostingPlan
    cloud: verifiedCloud
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: hostStorage.outputs.name
    deploymentContainerName: deploymentContainerName
    contentShareName: contentShareName
    contentConnectionReference: contentShareVault.?outputs.contentConnectionReference ?? ''
    serviceBusNamespaceName: serviceBus.outputs.name
    workQueueName: workQueueName
    parkedQueueName: parkedQueueName
    appInsightsName: monitoring.outputs.appInsightsName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    healSchedule: healSchedule
    healAccessPackageIds: healAccessPackageIds
    healLookbackDays: healLookbackDays
    reprocessVerifyAfterMs: reprocessVerifyAfterMs
    additionalAppSettings: httpAuthSettings
  }
}

module appAuthentication 'modules/appAuthentication.bicep' = if (entraAuth && platformAuthentication) {
  name: 'appAuthentication'
  params: {
    siteName: functionApp.outputs.name
    openIdIssuer: replace(cloudSettings.tokenIssuerV2, '{tenantId}', httpAuthTenantId)
    clientId: httpAuthClientId
    allowedAudiences: [verifiedHttpAuthAudience]
    allowedApplications: verifiedAllowedCallers
  }
}

// Read by the post-provision hook (azd passes outputs on as environment variables).
output GRAPH_CLOUD string = verifiedCloud
output HOSTING_PLAN string = hostingPlan
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.name
output REPROCESS_QUEUE_NAME string = workQueueName
output REPROCESS_PARKED_QUEUE_NAME string = parkedQueueName
