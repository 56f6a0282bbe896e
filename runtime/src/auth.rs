//! Tokens from Microsoft's Azure identity crate (feature `azure`): any
//! `azure_core::credentials::TokenCredential` (client secret, managed
//! identity, workload identity, Azure CLI; client certificate with
//! `azure-certificate`) as the client's [`TokenProvider`], asking for the
//! scope of the cloud the client calls (`https://graph.microsoft.com/.default`)
//! at that cloud's sign-in authority. The credentials cache and refresh
//! their tokens themselves.

use crate::client::{TokenFuture, TokenProvider};
use crate::hosts::Cloud;
use azure_core::cloud::CloudConfiguration;
use azure_core::credentials::{Secret, TokenCredential};
use azure_core::http::ClientOptions;
use std::sync::Arc;

pub use azure_identity;

/// A credential and the scopes it is asked for.
#[derive(Debug, Clone)]
pub struct AzureTokens {
    credential: Arc<dyn TokenCredential>,
    scopes: Vec<String>,
}

/// The identity crate's idea of a cloud: where it signs in.
fn cloud_configuration(cloud: Cloud) -> CloudConfiguration {
    match cloud {
        Cloud::Global => CloudConfiguration::AzurePublic,
        Cloud::UsGov | Cloud::UsGovDod => CloudConfiguration::AzureGovernment,
        Cloud::China => CloudConfiguration::AzureChina,
    }
}

/// Client options that sign in at the cloud's authority.
pub fn client_options(cloud: Cloud) -> ClientOptions {
    ClientOptions {
        cloud: Some(Arc::new(cloud_configuration(cloud))),
        ..Default::default()
    }
}

fn credential_error(e: azure_core::Error) -> crate::Error {
    crate::Error::Token(e.to_string())
}

impl AzureTokens {
    /// Any credential, asking for the cloud's `.default` scope (every
    /// permission the app was granted).
    pub fn new(credential: Arc<dyn TokenCredential>, cloud: Cloud) -> AzureTokens {
        AzureTokens {
            credential,
            scopes: vec![cloud.default_scope()],
        }
    }

    /// Other scopes (delegated permissions: `https://graph.microsoft.com/Files.Read`).
    pub fn with_scopes(mut self, scopes: &[&str]) -> AzureTokens {
        self.scopes = scopes.iter().map(|s| s.to_string()).collect();
        self
    }

    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// An app registration's client secret, signing in at the cloud's authority.
    pub fn client_secret(
        cloud: Cloud,
        tenant_id: &str,
        client_id: &str,
        secret: &str,
    ) -> Result<AzureTokens, crate::Error> {
        let options = azure_identity::ClientSecretCredentialOptions {
            client_options: client_options(cloud),
        };
        let credential = azure_identity::ClientSecretCredential::new(
            tenant_id,
            client_id.to_string(),
            Secret::new(secret.to_string()),
            Some(options),
        )
        .map_err(credential_error)?;
        Ok(AzureTokens::new(credential, cloud))
    }

    /// The managed identity of the Azure host the program runs on
    /// (system-assigned, or the user-assigned one named).
    pub fn managed_identity(
        cloud: Cloud,
        user_assigned: Option<azure_identity::UserAssignedId>,
    ) -> Result<AzureTokens, crate::Error> {
        let options = azure_identity::ManagedIdentityCredentialOptions {
            user_assigned_id: user_assigned,
            client_options: client_options(cloud),
        };
        let credential = azure_identity::ManagedIdentityCredential::new(Some(options))
            .map_err(credential_error)?;
        Ok(AzureTokens::new(credential, cloud))
    }

    /// An app registration's certificate (PKCS #12 bytes with its private key).
    #[cfg(feature = "azure-certificate")]
    pub fn client_certificate(
        cloud: Cloud,
        tenant_id: &str,
        client_id: &str,
        pkcs12: Vec<u8>,
        password: Option<&str>,
    ) -> Result<AzureTokens, crate::Error> {
        let options = azure_identity::ClientCertificateCredentialOptions {
            client_options: client_options(cloud),
            password: password.map(|p| Secret::new(p.to_string())),
        };
        let credential = azure_identity::ClientCertificateCredential::new(
            tenant_id.to_string(),
            client_id.to_string(),
            pkcs12.into(),
            Some(options),
        )
        .map_err(credential_error)?;
        Ok(AzureTokens::new(credential, cloud))
    }
}

impl TokenProvider for AzureTokens {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let scopes: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
            let token = self
                .credential
                .get_token(&scopes, None)
                .await
                .map_err(|e| e.to_string())?;
            Ok(token.token.secret().to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use azure_core::credentials::{AccessToken, TokenRequestOptions};
    use std::sync::Mutex;

    /// Records the scopes asked for; answers a fixed token.
    #[derive(Debug, Default)]
    struct Recording(Mutex<Vec<Vec<String>>>);

    #[async_trait::async_trait]
    impl TokenCredential for Recording {
        async fn get_token(
            &self,
            scopes: &[&str],
            _: Option<TokenRequestOptions<'_>>,
        ) -> azure_core::Result<AccessToken> {
            if let Ok(mut asked) = self.0.lock() {
                asked.push(scopes.iter().map(|s| s.to_string()).collect());
            }
            let expires = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
            Ok(AccessToken::new("from-azure", expires))
        }
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .map(|rt| rt.block_on(f))
            .unwrap()
    }

    #[test]
    fn scopes_come_from_the_cloud() {
        let recording = Arc::new(Recording::default());
        let tokens = AzureTokens::new(recording.clone(), Cloud::UsGovDod);
        assert_eq!(block_on(tokens.token()).unwrap(), "from-azure");
        let china = AzureTokens::new(recording.clone(), Cloud::China);
        block_on(china.token()).unwrap();
        let asked = recording.0.lock().unwrap().clone();
        assert_eq!(
            asked,
            [
                vec!["https://dod-graph.microsoft.us/.default".to_string()],
                vec!["https://microsoftgraph.chinacloudapi.cn/.default".to_string()]
            ]
        );
    }

    #[test]
    fn credentials_are_built_for_the_clouds_authority() {
        let tokens =
            AzureTokens::client_secret(Cloud::China, "contoso.onmicrosoft.com", "app", "s3cret")
                .unwrap();
        assert_eq!(
            tokens.scopes(),
            ["https://microsoftgraph.chinacloudapi.cn/.default"]
        );
        assert!(matches!(
            client_options(Cloud::UsGov).cloud.as_deref(),
            Some(CloudConfiguration::AzureGovernment)
        ));
        // An empty secret is refused by the credential itself.
        assert!(matches!(
            AzureTokens::client_secret(Cloud::Global, "t", "app", ""),
            Err(crate::Error::Token(_))
        ));
    }
}
