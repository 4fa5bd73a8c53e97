using '../main.bicep'

// Azure China operated by 21Vianet. Deploy while signed in to AzureChinaCloud.
param cloud = 'China'
param environmentName = 'reprocessor'
