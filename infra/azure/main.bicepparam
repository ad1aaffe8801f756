// Sample parameters. Secrets are read from the environment of whoever runs the deployment, never written here:
//   export PROMO_OPERATOR_API_KEY="$(openssl rand -base64 36)"
//   export PROMO_SMTP_USERNAME=... PROMO_SMTP_PASSWORD=...   (optional; see docs/adr/0008-deployment.md)
//   az deployment group create -g <rg> -f infra/azure/main.bicep -p infra/azure/main.bicepparam
using 'main.bicep'

param baseName = 'promo'
param environmentName = 'prod'
param hostingPlan = 'FlexConsumption'
param maximumInstanceCount = 100
param instanceMemoryMB = 4096
param durableAlwaysReadyInstances = 1
param storageSku = 'Standard_ZRS'
param logRetentionInDays = 30
param keyVaultPurgeProtection = true
param communicationDataLocation = 'Europe'
param emailSenderName = 'Brand promotions'
param operatorApiKey = readEnvironmentVariable('PROMO_OPERATOR_API_KEY')
param smtpUserName = readEnvironmentVariable('PROMO_SMTP_USERNAME', '')
param smtpPassword = readEnvironmentVariable('PROMO_SMTP_PASSWORD', '')
param tags = {
  owner: 'platform'
}
