using '../main.bicep'

// US Government L4 (GCC High). Deploy while signed in to AzureUSGovernment.
param cloud = 'USGov'
param environmentName = 'reprocessor'
