using '../main.bicep'

// Microsoft Entra global service (commercial Azure, and Microsoft 365 GCC). Deploy while signed in to AzureCloud.
param cloud = 'Global'
param environmentName = 'reprocessor'
