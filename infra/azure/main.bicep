// PromoServerless: everything one environment needs, deployed into an existing resource group.
//   az deployment group create --resource-group <rg> --template-file infra/azure/main.bicep --parameters infra/azure/main.bicepparam
// Then deploy the code with infra/azure/package.sh and `az functionapp deployment source config-zip` (see docs/adr/0008-deployment.md).

targetScope = 'resourceGroup'

@description('Short lower-case name (letters and digits, 2-10) that starts every resource name.')
@minLength(2)
@maxLength(10)
param baseName string = 'promo'

@description('Environment label (dev, test, prod, ...): part of the names and the environment tag.')
@minLength(2)
@maxLength(8)
param environmentName string = 'prod'

@description('Azure region of the regional resources; must offer Flex Consumption when hostingPlan is FlexConsumption (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('FlexConsumption (default; runtime dotnet-isolated 10.0) or ElasticPremium (Linux, for what Flex cannot do, e.g. a region without Flex).')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string = 'FlexConsumption'

@description('Elastic Premium SKU; ignored on Flex Consumption.')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param elasticPremiumSku string = 'EP1'

@description('Flex Consumption: most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Flex Consumption: memory per instance in MB (4096 gives 2 vCPUs, what host.json\'s Durable concurrency is sized for).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 4096

@description('Flex Consumption: always-ready instances of the durable group (orchestrations resume without a cold start); 0 turns it off.')
@minValue(0)
@maxValue(10)
param durableAlwaysReadyInstances int = 1

@description('Replication of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Turn on Key Vault purge protection (recommended for prod; it cannot be turned off again).')
param keyVaultPurgeProtection bool = true

@description('Where Communication Services and the Email service store data at rest.')
@allowed([
  'Africa'
  'Asia Pacific'
  'Australia'
  'Brazil'
  'Canada'
  'Europe'
  'France'
  'Germany'
  'India'
  'Japan'
  'Korea'
  'Norway'
  'Switzerland'
  'UAE'
  'UK'
  'United States'
])
param communicationDataLocation string = 'United States'

@description('Display name on the emails members receive.')
param emailSenderName string = 'PromoServerless'

@description('Operator API key (at least 24 characters): the key that creates brands. Stored in Key Vault; the app reads it through a Key Vault reference.')
@secure()
@minLength(24)
param operatorApiKey string

@description('SMTP user name for ACS: an SMTP Username resource name or <acs-name>.<entra-app-id>.<tenant-id>. Empty leaves SMTP unauthenticated until set.')
@secure()
param smtpUserName string = ''

@description('SMTP password for ACS: the client secret of the Entra application that has access to the Communication Services resource.')
@secure()
param smtpPassword string = ''

@description('Tags added to every resource.')
param tags object = {}

var resourceToken = toLower(uniqueString(resourceGroup().id, baseName, environmentName))
var allTags = union(tags, {
  application: 'PromoServerless'
  environment: environmentName
})
var names = {
  identity: 'id-${baseName}-${environmentName}'
  storage: take('st${baseName}${resourceToken}', 24)
  deploymentContainer: 'app-package'
  keyVault: take('kv-${baseName}-${resourceToken}', 24)
  workspace: 'log-${baseName}-${environmentName}-${resourceToken}'
  appInsights: 'appi-${baseName}-${environmentName}-${resourceToken}'
  plan: 'plan-${baseName}-${environmentName}-${resourceToken}'
  app: 'func-${baseName}-${environmentName}-${resourceToken}'
  communication: 'acs-${baseName}-${environmentName}-${resourceToken}'
  emailService: 'ecs-${baseName}-${environmentName}-${resourceToken}'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: allTags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: allTags
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    retentionInDays: logRetentionInDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: allTags
    accountName: names.storage
    deploymentContainerName: names.deploymentContainer
    skuName: storageSku
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    tags: allTags
    vaultName: names.keyVault
    enablePurgeProtection: keyVaultPurgeProtection
    softDeleteRetentionInDays: 90
    operatorApiKey: operatorApiKey
    smtpUserName: smtpUserName
    smtpPassword: smtpPassword
  }
}

module email 'modules/email.bicep' = {
  name: 'email'
  params: {
    tags: allTags
    communicationServiceName: names.communication
    emailServiceName: names.emailService
    dataLocation: communicationDataLocation
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: identity.properties.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionApp'
  params: {
    location: location
    tags: allTags
    planName: names.plan
    appName: names.app
    hostingPlan: hostingPlan
    elasticPremiumSku: elasticPremiumSku
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    durableAlwaysReadyInstances: durableAlwaysReadyInstances
    identityId: identity.id
    identityClientId: identity.properties.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsName: monitoring.outputs.appInsightsName
    keyVaultUri: keyVault.outputs.uri
    operatorApiKeySecretUri: keyVault.outputs.operatorApiKeySecretUri
    hasSmtpCredentials: keyVault.outputs.hasSmtpCredentials
    smtpSecretUris: keyVault.outputs.smtpSecretUris
    senderAddress: 'DoNotReply@${email.outputs.senderDomain}'
    senderName: emailSenderName
  }
  // The host starts as soon as the app exists; it needs its storage and Key Vault roles by then.
  dependsOn: [
    roles
  ]
}

@description('Name of the function app (for az functionapp deployment source config-zip --name).')
output functionAppName string = functionApp.outputs.name

@description('Default host name; the API is under https://<host>/api/v1.')
output functionAppHostName string = functionApp.outputs.defaultHostName

@description('Client id of the app\'s user-assigned managed identity.')
output identityClientId string = identity.properties.clientId

@description('Principal id of the identity, for granting it more access elsewhere.')
output identityPrincipalId string = identity.properties.principalId

@description('Storage account holding tables, queues and the deployment container.')
output storageAccountName string = storage.outputs.name

@description('Key Vault holding the operator key, SMTP credentials and brands\' Shopify secrets.')
output keyVaultName string = keyVault.outputs.name

@description('Communication Services resource the SMTP credentials must be authorised on.')
output communicationServiceName string = email.outputs.communicationServiceName

@description('Sender address of outgoing email.')
output emailSenderAddress string = 'DoNotReply@${email.outputs.senderDomain}'
