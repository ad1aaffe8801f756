// The hosting plan and the function app: the .NET 10 isolated worker (functions/) with Durable Functions.
// Flex Consumption is the default; Elastic Premium is the fallback for regions or features Flex lacks.
// Everything the app reaches is reached with the user-assigned identity: host storage, and with it Durable's
// Azure Storage provider (task hub queues, tables and blobs), through AzureWebJobsStorage__* identity settings;
// secrets through Key Vault references resolved with that identity.

@description('Azure region for the plan and the app.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the hosting plan.')
param planName string

@description('Globally unique name of the function app; also its default host name prefix.')
param appName string

@description('FlexConsumption (FC1, runtime dotnet-isolated 10.0) or ElasticPremium (EP1-EP3, Linux, DOTNET-ISOLATED|10.0).')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string

@description('Elastic Premium SKU; used only when hostingPlan is ElasticPremium.')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param elasticPremiumSku string

@description('Flex Consumption: most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Flex Consumption: memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Flex Consumption: instances of the durable group (orchestrators, activities, entities) kept running, so an orchestration resumes without a cold start.')
@minValue(0)
@maxValue(10)
param durableAlwaysReadyInstances int

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Name of the storage account (host storage, tables, queues, deployment container).')
param storageAccountName string

@description('URL of the blob container Flex Consumption deploys the package from.')
param deploymentContainerUrl string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('URI of the Key Vault the app keeps brands\' secrets in.')
param keyVaultUri string

@description('Versionless URI of the operator-api-key secret.')
param operatorApiKeySecretUri string

@description('Whether SMTP credentials were stored in Key Vault.')
param hasSmtpCredentials bool

@description('Versionless URIs of the smtp-username and smtp-password secrets ({ userName, password }), or empty strings.')
param smtpSecretUris object

@description('Sender address of outgoing email (DoNotReply@ the Azure-managed domain).')
param senderAddress string

@description('Display name on outgoing email.')
param senderName string

var isFlex = hostingPlan == 'FlexConsumption'

resource storageAccount 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: isFlex ? 'functionapp' : 'elastic'
  sku: isFlex
    ? {
        name: 'FC1'
        tier: 'FlexConsumption'
      }
    : {
        name: elasticPremiumSku
        tier: 'ElasticPremium'
      }
  properties: {
    reserved: true
    maximumElasticWorkerCount: isFlex ? null : 20
  }
}

// Settings every plan gets. None carries a key: storage and Key Vault are reached with the identity.
var commonSettings = [
  // Host storage (triggers, leases, timers) and Durable's task hub (host.json durableTask.storageProvider.connectionName)
  // through the identity: the account name gives the host its blob, queue and table endpoints.
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccount.name
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  // Telemetry from the host, authenticated with the identity (the component has local auth off).
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identityClientId};Authorization=AAD'
  }
  // DefaultAzureCredential (the Key Vault secret store) picks the user-assigned identity from AZURE_CLIENT_ID.
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
  // The app's own settings (ApplicationServices, StorageOptions, SecretsOptions, OperatorOptions, SmtpOptions).
  {
    name: 'Storage__TableServiceUri'
    value: storageAccount.properties.primaryEndpoints.table
  }
  {
    name: 'Storage__QueueServiceUri'
    value: storageAccount.properties.primaryEndpoints.queue
  }
  {
    name: 'Storage__BlobServiceUri'
    value: storageAccount.properties.primaryEndpoints.blob
  }
  {
    name: 'Storage__ManagedIdentityClientId'
    value: identityClientId
  }
  {
    name: 'ShopifyEventsQueue'
    value: 'shopify-events'
  }
  {
    name: 'Secrets__KeyVaultUri'
    value: keyVaultUri
  }
  {
    name: 'Operator__ApiKey'
    value: '@Microsoft.KeyVault(SecretUri=${operatorApiKeySecretUri})'
  }
  {
    name: 'Email__Smtp__Host'
    value: 'smtp.azurecomm.net'
  }
  {
    name: 'Email__Smtp__Port'
    value: '587'
  }
  {
    name: 'Email__Smtp__SecureSocketOptions'
    value: 'StartTls'
  }
  {
    name: 'Email__Smtp__FromAddress'
    value: senderAddress
  }
  {
    name: 'Email__Smtp__FromName'
    value: senderName
  }
]

// UserName and Password go together or not at all (SmtpOptionsValidator); both come from Key Vault.
var smtpCredentialSettings = hasSmtpCredentials
  ? [
      {
        name: 'Email__Smtp__UserName'
        value: '@Microsoft.KeyVault(SecretUri=${smtpSecretUris.userName})'
      }
      {
        name: 'Email__Smtp__Password'
        value: '@Microsoft.KeyVault(SecretUri=${smtpSecretUris.password})'
      }
    ]
  : []

// Flex Consumption takes the runtime from functionAppConfig and refuses these; Elastic Premium needs them.
// No WEBSITE_CONTENTAZUREFILECONNECTIONSTRING: Azure Files needs an account key, and shared keys are off.
var elasticPremiumSettings = isFlex
  ? []
  : [
      {
        name: 'FUNCTIONS_EXTENSION_VERSION'
        value: '~4'
      }
      {
        name: 'FUNCTIONS_WORKER_RUNTIME'
        value: 'dotnet-isolated'
      }
      {
        name: 'WEBSITE_RUN_FROM_PACKAGE'
        value: '1'
      }
    ]

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
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
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      linuxFxVersion: isFlex ? null : 'DOTNET-ISOLATED|10.0'
      appSettings: concat(commonSettings, smtpCredentialSettings, elasticPremiumSettings)
    }
    functionAppConfig: isFlex
      ? {
          deployment: {
            storage: {
              type: 'blobContainer'
              value: deploymentContainerUrl
              authentication: {
                type: 'UserAssignedIdentity'
                userAssignedIdentityResourceId: identityId
              }
            }
          }
          scaleAndConcurrency: {
            maximumInstanceCount: maximumInstanceCount
            instanceMemoryMB: instanceMemoryMB
            alwaysReady: durableAlwaysReadyInstances > 0
              ? [
                  {
                    name: 'durable'
                    instanceCount: durableAlwaysReadyInstances
                  }
                ]
              : []
          }
          runtime: {
            name: 'dotnet-isolated'
            version: '10.0'
          }
        }
      : null
  }
}

// Deployments authenticate with Entra ID (az CLI, Core Tools); publishing user names and passwords are off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
