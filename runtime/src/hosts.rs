//! Where a bearer token may go (sans-IO). A token is attached only to the
//! hosts on an allowed list: by default the service root's own origin, and
//! any national cloud's Graph host the caller adds. A link the service
//! hands back (`@odata.nextLink`, `@odata.deltaLink`) that names another
//! host is sent without the token, or refused, by configuration; a link
//! from an `https` root to plain `http` is always refused; a redirect to
//! another origin is followed without the token. Upload URLs are
//! pre-authenticated and never get one (the client sends them through a
//! path that does not ask this policy).
//!
//! The identity of a host is its origin: scheme, lower-case host name and
//! port (the scheme's default when the URL names none), so two servers on
//! 127.0.0.1 with different ports are different hosts.

use crate::response::Error;

/// The Microsoft Graph national clouds: their Graph host, sign-in
/// authority and token scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cloud {
    /// The global service.
    Global,
    /// Microsoft Cloud for US Government (L4, GCC High).
    UsGov,
    /// Microsoft Cloud for US Government, Department of Defense (L5).
    UsGovDod,
    /// Microsoft Azure and Microsoft 365 operated by 21Vianet in China.
    China,
}

impl Cloud {
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::UsGov, Cloud::UsGovDod, Cloud::China];

    /// The Graph host name (`graph.microsoft.com`).
    pub fn graph_host(self) -> &'static str {
        match self {
            Cloud::Global => "graph.microsoft.com",
            Cloud::UsGov => "graph.microsoft.us",
            Cloud::UsGovDod => "dod-graph.microsoft.us",
            Cloud::China => "microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The Microsoft Entra ID authority tokens come from.
    pub fn login_authority(self) -> &'static str {
        match self {
            Cloud::Global => "https://login.microsoftonline.com",
            Cloud::UsGov | Cloud::UsGovDod => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }

    /// The service root of an API version (`https://graph.microsoft.com/v1.0`).
    pub fn service_root(self, version: &str) -> String {
        format!(
            "https://{}/{}",
            self.graph_host(),
            version.trim_matches('/')
        )
    }

    /// The scope an app asks for all its granted permissions with
    /// (`https://graph.microsoft.com/.default`).
    pub fn default_scope(self) -> String {
        format!("https://{}/.default", self.graph_host())
    }

    /// The cloud whose Graph host a URL names, if any.
    pub fn of_url(url: &str) -> Option<Cloud> {
        let origin = Origin::parse(url).ok()?;
        Cloud::ALL
            .into_iter()
            .find(|c| origin.scheme == "https" && origin.host == c.graph_host())
    }
}

/// Scheme, host and port: what decides whether two URLs are the same host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    pub scheme: String,
    pub host: String,
    pub port: u16,
}

impl Origin {
    /// The origin of a parsed URI; `None` for a relative one or an
    /// unknown scheme without a port.
    pub fn of(uri: &http::Uri) -> Option<Origin> {
        let (scheme, host, port) = parts(uri)?;
        Some(Origin {
            scheme: scheme.to_ascii_lowercase(),
            host: host.to_ascii_lowercase(),
            port,
        })
    }

    /// Whether a URI has this origin, without building one (every request
    /// asks, so nothing is allocated).
    fn matches(&self, (scheme, host, port): (&str, &str, u16)) -> bool {
        port == self.port
            && scheme.eq_ignore_ascii_case(&self.scheme)
            && host.eq_ignore_ascii_case(&self.host)
    }

    pub fn parse(url: &str) -> Result<Origin, Error> {
        let uri: http::Uri = url
            .parse()
            .map_err(|e| Error::InvalidRequest(format!("`{url}` is not a URL: {e}")))?;
        Origin::of(&uri).ok_or_else(|| Error::InvalidRequest(format!("`{url}` names no host")))
    }

    fn is_https(&self) -> bool {
        self.scheme == "https"
    }
}

/// Scheme, host and port of a URI (the scheme's default port when it
/// names none).
fn parts(uri: &http::Uri) -> Option<(&str, &str, u16)> {
    let scheme = uri.scheme_str()?;
    let port = match uri.port_u16() {
        Some(p) => p,
        None if scheme.eq_ignore_ascii_case("https") => 443,
        None if scheme.eq_ignore_ascii_case("http") => 80,
        None => return None,
    };
    Some((scheme, uri.host()?, port))
}

/// What happens to a link whose host is not on the allowed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ForeignHosts {
    /// Follow it without the token (the default: a link the service hands
    /// back is usually meant to be followed, and without a token it can
    /// leak nothing).
    #[default]
    SendWithoutToken,
    /// Do not follow it: the call fails with [`Error::LinkRefused`].
    Refuse,
}

/// Whether a request gets the bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenUse {
    Attach,
    Omit,
}

/// The allowed list and what to do with anything else.
#[derive(Debug, Clone)]
pub struct HostPolicy {
    /// `None` for a policy that allows nothing.
    root: Option<Origin>,
    allowed: Vec<Origin>,
    foreign: ForeignHosts,
}

impl HostPolicy {
    /// Allows the service root's origin alone.
    pub fn for_root(service_root: &str) -> Result<HostPolicy, Error> {
        let root = Origin::parse(service_root)?;
        Ok(HostPolicy {
            allowed: vec![root.clone()],
            root: Some(root),
            foreign: ForeignHosts::default(),
        })
    }

    /// Allows no host and refuses every link (a client whose root is not
    /// a URL).
    pub fn deny_all() -> HostPolicy {
        HostPolicy {
            root: None,
            allowed: Vec::new(),
            foreign: ForeignHosts::Refuse,
        }
    }

    /// Also allows an origin (`https://graph.microsoft.us`).
    pub fn allow(mut self, url: &str) -> Result<HostPolicy, Error> {
        let origin = Origin::parse(url)?;
        if !self.allowed.contains(&origin) {
            self.allowed.push(origin);
        }
        Ok(self)
    }

    /// Also allows a national cloud's Graph host over https.
    pub fn allow_cloud(mut self, cloud: Cloud) -> HostPolicy {
        let origin = Origin {
            scheme: "https".into(),
            host: cloud.graph_host().into(),
            port: 443,
        };
        if !self.allowed.contains(&origin) {
            self.allowed.push(origin);
        }
        self
    }

    pub fn with_foreign_hosts(mut self, foreign: ForeignHosts) -> HostPolicy {
        self.foreign = foreign;
        self
    }

    pub fn is_allowed(&self, uri: &http::Uri) -> bool {
        parts(uri).is_some_and(|p| self.allowed.iter().any(|o| o.matches(p)))
    }

    /// For a request to `uri` (the call's own URL, or a link the service
    /// gave): attach the token, omit it, or refuse the request.
    pub fn decide(&self, uri: &http::Uri) -> Result<TokenUse, Error> {
        let refused = |reason: &str| Error::LinkRefused {
            url: uri.to_string(),
            reason: reason.to_string(),
        };
        let Some(target) = parts(uri) else {
            return Err(refused("the URL names no host"));
        };
        let https = target.0.eq_ignore_ascii_case("https");
        if self.root.as_ref().is_some_and(Origin::is_https) && !https {
            return Err(refused("the service root is https and this URL is not"));
        }
        if self.allowed.iter().any(|o| o.matches(target)) {
            return Ok(TokenUse::Attach);
        }
        match self.foreign {
            ForeignHosts::SendWithoutToken => Ok(TokenUse::Omit),
            ForeignHosts::Refuse => Err(refused("the host is not on the allowed list")),
        }
    }

    /// For a redirect from `from` to `to`: the token goes along only to
    /// the same, allowed origin; another host gets none, and `https` to
    /// `http` is refused.
    pub fn decide_redirect(&self, from: &http::Uri, to: &http::Uri) -> Result<TokenUse, Error> {
        let (Some(a), Some(b)) = (Origin::of(from), Origin::of(to)) else {
            return Err(Error::LinkRefused {
                url: to.to_string(),
                reason: "the redirect names no host".into(),
            });
        };
        if a.is_https() && !b.is_https() {
            return Err(Error::LinkRefused {
                url: to.to_string(),
                reason: "a redirect from https to http".into(),
            });
        }
        Ok(if a == b && self.allowed.contains(&b) {
            TokenUse::Attach
        } else {
            TokenUse::Omit
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> http::Uri {
        s.parse().unwrap()
    }

    #[test]
    fn the_root_is_allowed_and_other_hosts_are_not() {
        let policy = HostPolicy::for_root("https://graph.microsoft.com/v1.0").unwrap();
        let d = |u: &str| policy.decide(&uri(u));
        assert_eq!(
            d("https://graph.microsoft.com/v1.0/me").unwrap(),
            TokenUse::Attach
        );
        assert_eq!(
            d("https://GRAPH.microsoft.com:443/beta/x").unwrap(),
            TokenUse::Attach
        );
        assert_eq!(d("https://evil.example/v1.0/me").unwrap(), TokenUse::Omit);
        assert_eq!(
            d("https://graph.microsoft.com:8443/x").unwrap(),
            TokenUse::Omit
        );
        assert!(matches!(
            d("http://graph.microsoft.com/v1.0/me"),
            Err(Error::LinkRefused { .. })
        ));
        let strict = policy.clone().with_foreign_hosts(ForeignHosts::Refuse);
        assert!(strict.decide(&uri("https://evil.example/x")).is_err());
        let us = policy.allow_cloud(Cloud::UsGov);
        assert_eq!(
            us.decide(&uri("https://graph.microsoft.us/v1.0/me"))
                .unwrap(),
            TokenUse::Attach
        );
    }

    #[test]
    fn ports_tell_local_hosts_apart() {
        let policy = HostPolicy::for_root("http://127.0.0.1:4000").unwrap();
        assert!(policy.is_allowed(&uri("http://127.0.0.1:4000/users")));
        assert!(!policy.is_allowed(&uri("http://127.0.0.1:4001/users")));
        assert!(!policy.is_allowed(&uri("http://localhost:4000/users")));
    }

    #[test]
    fn redirects_keep_the_token_only_on_the_same_origin() {
        let policy = HostPolicy::for_root("https://graph.microsoft.com/v1.0").unwrap();
        let from = uri("https://graph.microsoft.com/v1.0/me/drive/items/1/content");
        let same = uri("https://graph.microsoft.com/v1.0/elsewhere");
        let cdn = uri("https://cdn.example/file?sig=x");
        assert_eq!(
            policy.decide_redirect(&from, &same).unwrap(),
            TokenUse::Attach
        );
        assert_eq!(policy.decide_redirect(&from, &cdn).unwrap(), TokenUse::Omit);
        assert!(policy
            .decide_redirect(&from, &uri("http://cdn.example/f"))
            .is_err());
    }

    #[test]
    fn clouds_name_their_endpoints() {
        assert_eq!(
            Cloud::Global.default_scope(),
            "https://graph.microsoft.com/.default"
        );
        assert_eq!(
            Cloud::China.service_root("v1.0"),
            "https://microsoftgraph.chinacloudapi.cn/v1.0"
        );
        assert_eq!(
            Cloud::UsGovDod.login_authority(),
            "https://login.microsoftonline.us"
        );
        assert_eq!(
            Cloud::of_url("https://dod-graph.microsoft.us/beta"),
            Some(Cloud::UsGovDod)
        );
        assert_eq!(Cloud::of_url("http://127.0.0.1:80"), None);
    }
}
