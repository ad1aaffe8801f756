// Key Vault in RBAC mode: the operator key and the SMTP credentials the app reads through Key Vault references,
// and the place the app writes brands' Shopify tokens and webhook secrets (brand-{id}-{name}).

@description('Azure region for the vault.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Globally unique vault name (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Turn on purge protection. It cannot be turned off again once on.')
param enablePurgeProtection bool

@description('Days a deleted secret stays recoverable.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('The operator API key (at least 24 characters); stored as the secret operator-api-key.')
@secure()
@minLength(24)
param operatorApiKey string

@description('SMTP user name for Azure Communication Services; empty stores no SMTP secrets.')
@secure()
param smtpUserName string

@description('SMTP password (the Entra application\'s client secret); empty stores no SMTP secrets.')
@secure()
param smtpPassword string

var storeSmtpCredentials = !empty(smtpUserName) && !empty(smtpPassword)

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource operatorApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'operator-api-key'
  properties: {
    value: operatorApiKey
    contentType: 'text/plain'
  }
}

resource smtpUserNameSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (storeSmtpCredentials) {
  parent: vault
  name: 'smtp-username'
  properties: {
    value: smtpUserName
    contentType: 'text/plain'
  }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (storeSmtpCredentials) {
  parent: vault
  name: 'smtp-password'
  properties: {
    value: smtpPassword
    contentType: 'text/plain'
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
output operatorApiKeySecretUri string = operatorApiKeySecret.properties.secretUri
output hasSmtpCredentials bool = storeSmtpCredentials
// Versionless URIs only (no values); empty when no SMTP credentials were given.
output smtpSecretUris object = {
  userName: storeSmtpCredentials ? smtpUserNameSecret!.properties.secretUri : ''
  password: storeSmtpCredentials ? smtpPasswordSecret!.properties.secretUri : ''
}
