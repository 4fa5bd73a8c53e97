metadata description = 'The Service Bus namespace (Entra ID only, TLS 1.2), the work queue, the parked queue, and the app identity\'s rights on those two queues only.'

param name string
param location string
param tags object

@description('Principal id of the function app identity.')
param principalId string

param workQueueName string
param parkedQueueName string

@description('Peek-lock duration of the work queue (ISO 8601, at most PT5M).')
param workQueueLockDuration string

@description('Deliveries of one work-queue message before Service Bus dead-letters it.')
@minValue(1)
param workQueueMaxDeliveryCount int

@description('How long Service Bus remembers a message id to drop duplicates (ISO 8601).')
param duplicateDetectionWindow string

// Built-in role ids are the same in every Azure cloud.
var serviceBusDataReceiver = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
var serviceBusDataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  // Duplicate detection needs Standard or Premium.
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource workQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: workQueueName
  properties: {
    lockDuration: workQueueLockDuration
    maxDeliveryCount: workQueueMaxDeliveryCount
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: 'P7D'
    requiresSession: false
    enablePartitioning: false
  }
}

resource parkedQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: parkedQueueName
  // Parked messages wait for an operator: no time-to-live is set, so they never expire.
  properties: {
    lockDuration: 'PT1M'
    maxDeliveryCount: 10
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    deadLetteringOnMessageExpiration: false
    requiresSession: false
    enablePartitioning: false
  }
}

// The trigger receives from the work queue; the app also sends to it (fan-out pages, scheduled
// retries) and sends to the parked queue. Nothing in the app reads the parked queue.
resource workQueueReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workQueue.id, principalId, serviceBusDataReceiver)
  scope: workQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataReceiver)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource workQueueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workQueue.id, principalId, serviceBusDataSender)
  scope: workQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource parkedQueueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(parkedQueue.id, principalId, serviceBusDataSender)
  scope: parkedQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = namespace.name
