using '../main.bicep'

// US Government L5 (DoD). Deploy while signed in to AzureUSGovernment.
param cloud = 'USGovDoD'
param environmentName = 'reprocessor'
