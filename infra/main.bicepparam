using 'main.bicep'

// For azd: `azd provision` builds this file with the azd environment's variables. Choose the
// national cloud with `azd env set GRAPH_CLOUD <Global|USGov|USGovDoD|China>` (default Global).
param cloud = readEnvironmentVariable('GRAPH_CLOUD', 'Global')
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'reprocessor')
param location = readEnvironmentVariable('AZURE_LOCATION')
