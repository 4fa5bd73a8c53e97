metadata description = 'App Service Authentication (authsettingsV2) in front of the function app: only Entra tokens of one tenant, for one audience, from the allowed callers, reach it. The app checks every token itself as well (HTTP_AUTH=entra), so this is a second wall, not the only one.'

@description('Name of the function app.')
param siteName string

@description('The tenant\'s v2.0 issuer in the deployment\'s cloud, from src/clouds/nationalClouds.json (tokenIssuerV2).')
param openIdIssuer string

@description('Client id of the app registration that defines the audience and the app role.')
param clientId string

@description('The audiences accepted: what callers request tokens for (HTTP_AUTH_AUDIENCE).')
param allowedAudiences array

@description('Client ids of the callers let in (their managed identities\' client ids). Without this default authorization policy an allowed-audience list alone has been seen to refuse every caller.')
@minLength(1)
param allowedApplications array

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: siteName
}

resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      // An API answers 401; a redirect to a sign-in page means nothing to a Logic App.
      unauthenticatedClientAction: 'Return401'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          openIdIssuer: openIdIssuer
          clientId: clientId
        }
        validation: {
          allowedAudiences: allowedAudiences
          defaultAuthorizationPolicy: {
            allowedApplications: allowedApplications
          }
        }
      }
    }
    login: {
      // Callers are services with their own tokens: nothing to store.
      tokenStore: {
        enabled: false
      }
    }
  }
}
