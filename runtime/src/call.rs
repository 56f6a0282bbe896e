//! Sans-IO calls: a generated request builder gives a [`Call`], a value
//! that becomes an `http::Request<Vec<u8>>` for any HTTP client and that
//! parses the `http::Response` into its typed result. Nothing here does I/O.

use crate::response::{Error, ResponseKind};
use crate::CollectionPage;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::marker::PhantomData;

/// What a path segment value may hold unescaped: RFC 3986's unreserved
/// characters. Everything else (`/`, `'`, `#`, `?`, non-ASCII) is escaped,
/// so a value always stays one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What a query value may hold unescaped: OData's expression characters.
const QUERY: &AsciiSet = &SEGMENT
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b',')
    .remove(b':')
    .remove(b'/')
    .remove(b'@')
    .remove(b'*');

/// An `$orderby` key in descending order: `desc(MessageField::ReceivedDateTime)`
/// is `receivedDateTime desc` (a field selector, or a name as a string).
pub fn desc(key: impl AsRef<str>) -> String {
    format!("{} desc", key.as_ref())
}

/// A query option's list, comma-separated.
fn joined<I>(items: I) -> String
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(item.as_ref());
    }
    out
}

fn escape(text: &str, set: &'static AsciiSet) -> String {
    utf8_percent_encode(text, set).to_string()
}

/// A request path being built by the generated request builders, already
/// percent-encoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathBuilder(String);

impl PathBuilder {
    pub fn root() -> Self {
        PathBuilder(String::new())
    }

    /// A segment the service names (`users`, `microsoft.graph.group`,
    /// `$value`): written as it is.
    pub fn segment(&self, name: &str) -> Self {
        PathBuilder(format!("{}/{name}", self.0))
    }

    /// A key (`{id}`): any text, escaped to stay one segment.
    pub fn key(&self, value: &str) -> Self {
        PathBuilder(format!("{}/{}", self.0, escape(value, SEGMENT)))
    }

    /// Drive-item path addressing (`root:/{item-path}:`): the parts of
    /// the item path escaped, its slashes kept.
    pub fn address(&self, item_path: &str) -> Self {
        let parts: Vec<String> = item_path
            .trim_matches('/')
            .split('/')
            .map(|p| escape(p, SEGMENT))
            .collect();
        PathBuilder(format!("{}:/{}:", self.0, parts.join("/")))
    }

    /// A function call segment: `name(a=literal,b=literal)`, each literal
    /// as [`ODataLiteral`] writes it, escaped.
    pub fn call(&self, name: &str, args: &[(&str, String)]) -> Self {
        let args: Vec<String> = args
            .iter()
            .map(|(n, v)| format!("{n}={}", escape(v, QUERY)))
            .collect();
        PathBuilder(format!("{}/{name}({})", self.0, args.join(",")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How a value is written as an OData literal in a URL: strings quoted with
/// their quotes doubled, numbers, booleans, GUIDs and dates bare.
pub trait ODataLiteral {
    fn odata_literal(&self) -> String;
}

/// Quotes a string literal, doubling the quotes inside it.
pub fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

impl ODataLiteral for str {
    fn odata_literal(&self) -> String {
        quoted(self)
    }
}

impl ODataLiteral for String {
    fn odata_literal(&self) -> String {
        quoted(self)
    }
}

impl<T: ODataLiteral + ?Sized> ODataLiteral for &T {
    fn odata_literal(&self) -> String {
        (**self).odata_literal()
    }
}

macro_rules! bare_literal {
    ($($t:ty),*) => {$(
        impl ODataLiteral for $t {
            fn odata_literal(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

bare_literal!(
    bool,
    i8,
    u8,
    i16,
    i32,
    i64,
    f32,
    f64,
    uuid::Uuid,
    crate::DateTimeOffset,
    crate::Date,
    crate::TimeOfDay,
    crate::Decimal
);

impl ODataLiteral for crate::Int64 {
    fn odata_literal(&self) -> String {
        self.0.to_string()
    }
}

impl ODataLiteral for crate::Double {
    fn odata_literal(&self) -> String {
        self.0.to_string()
    }
}

impl ODataLiteral for crate::Duration {
    fn odata_literal(&self) -> String {
        format!("duration{}", quoted(&self.to_string()))
    }
}

/// A literal already written in OData's form (`'A1:B2'`, `5`), for a
/// parameter whose type the pages do not give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLiteral(pub String);

impl ODataLiteral for RawLiteral {
    fn odata_literal(&self) -> String {
        self.0.clone()
    }
}

/// A generated enum's member, quoted.
pub fn enum_literal<E: crate::WireEnum>(member: &E) -> String {
    quoted(member.wire_name())
}

/// One call: method, path, query, headers and body, and the kind of result
/// its response holds (`R`: [`crate::Json`], [`crate::Page`], ...).
#[derive(Debug)]
pub struct Call<R> {
    method: http::Method,
    path: String,
    /// A full URL to call instead (`@odata.nextLink`).
    absolute: Option<String>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Result<Vec<u8>, String>>,
    /// The page says `$search` and `$count` need `ConsistencyLevel: eventual`.
    eventual_consistency: bool,
    kind: PhantomData<fn() -> R>,
}

impl<R> Clone for Call<R> {
    fn clone(&self) -> Self {
        Call {
            method: self.method.clone(),
            path: self.path.clone(),
            absolute: self.absolute.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            eventual_consistency: self.eventual_consistency,
            kind: PhantomData,
        }
    }
}

impl<R> Call<R> {
    pub fn new(method: http::Method, path: &PathBuilder) -> Self {
        Call {
            method,
            path: path.as_str().to_string(),
            absolute: None,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            eventual_consistency: false,
            kind: PhantomData,
        }
    }

    /// A JSON body (a resource, or an action's parameters).
    pub fn with_json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|e| e.to_string()));
        self.headers
            .push(("Content-Type".into(), "application/json".into()));
        self
    }

    /// Binary content (an upload).
    pub fn with_bytes(mut self, bytes: Vec<u8>, content_type: &str) -> Self {
        self.body = Some(Ok(bytes));
        self.headers
            .push(("Content-Type".into(), content_type.to_string()));
        self
    }

    /// Set by the generated code where the page says `$search` and `$count`
    /// need `ConsistencyLevel: eventual`.
    pub fn with_eventual_consistency(mut self) -> Self {
        self.eventual_consistency = true;
        self
    }

    fn option(mut self, name: &str, value: String) -> Self {
        self.query.retain(|(n, _)| n != name);
        self.query.push((name.to_string(), value));
        self
    }

    fn eventual(mut self) -> Self {
        let set = self
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("ConsistencyLevel"));
        if self.eventual_consistency && !set {
            self.headers
                .push(("ConsistencyLevel".into(), "eventual".into()));
        }
        self
    }

    /// `$select`: the properties to return, as strings or as a generated
    /// struct's field selectors (`[MessageField::Subject]`).
    pub fn select<I>(self, properties: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.option("$select", joined(properties))
    }
    /// `$expand`: the relationships to return inline (strings or selectors).
    pub fn expand<I>(self, relationships: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.option("$expand", joined(relationships))
    }
    /// `$filter`: an OData filter expression.
    pub fn filter(self, expression: &str) -> Self {
        self.option("$filter", expression.to_string())
    }
    /// `$orderby`: `name` or `name desc`, in order (strings, selectors, or
    /// [`desc`]`(selector)`).
    pub fn orderby<I>(self, keys: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.option("$orderby", joined(keys))
    }
    pub fn top(self, n: u32) -> Self {
        self.option("$top", n.to_string())
    }
    pub fn skip(self, n: u32) -> Self {
        self.option("$skip", n.to_string())
    }
    /// `$search` (with `ConsistencyLevel: eventual` where the page asks it).
    pub fn search(self, text: &str) -> Self {
        self.option("$search", text.to_string()).eventual()
    }
    /// `$count` (with `ConsistencyLevel: eventual` where the page asks it).
    pub fn count(self, count: bool) -> Self {
        self.option("$count", count.to_string()).eventual()
    }
    /// Any other query parameter, as given.
    pub fn query(self, name: &str, value: &str) -> Self {
        self.option(name, value.to_string())
    }
    /// Any request header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn method(&self) -> &http::Method {
        &self.method
    }
    /// The path, percent-encoded, relative to the service root.
    pub fn path(&self) -> &str {
        &self.path
    }
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }
    /// The body, if the call sends one (an error if it could not be written).
    pub fn body(&self) -> Option<Result<&[u8], &str>> {
        self.body
            .as_ref()
            .map(|b| b.as_deref().map_err(String::as_str))
    }

    /// The full URL against a service root (`https://graph.microsoft.com/v1.0`).
    pub fn url(&self, base: &str) -> String {
        let mut url = match &self.absolute {
            Some(absolute) => absolute.clone(),
            None => format!("{}{}", base.trim_end_matches('/'), self.path),
        };
        for (i, (name, value)) in self.query.iter().enumerate() {
            let sep = if i == 0 && !url.contains('?') {
                '?'
            } else {
                '&'
            };
            url.push(sep);
            url.push_str(&escape(name, QUERY));
            url.push('=');
            url.push_str(&escape(value, QUERY));
        }
        url
    }

    /// The request, for any HTTP client that speaks the `http` crate's types.
    pub fn into_request(self, base: &str) -> Result<http::Request<Vec<u8>>, Error> {
        let mut builder = http::Request::builder()
            .method(self.method.clone())
            .uri(self.url(base));
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let body = match self.body {
            Some(Ok(bytes)) => bytes,
            Some(Err(e)) => return Err(Error::Encode(e)),
            None => Vec::new(),
        };
        builder
            .body(body)
            .map_err(|e| Error::InvalidRequest(e.to_string()))
    }
}

impl<R: ResponseKind> Call<R> {
    /// The typed result of a response to this call (or the typed error).
    pub fn parse_response(&self, response: &http::Response<Vec<u8>>) -> Result<R::Output, Error> {
        R::parse(response)
    }
}

impl<T> Call<crate::Page<T>> {
    /// The call that fetches the page after `page` (its `@odata.nextLink`).
    pub fn next_page(&self, page: &CollectionPage<T>) -> Option<Call<crate::Page<T>>> {
        page.next_link.as_deref().map(|link| self.follow(link))
    }
}

impl<R> Call<R> {
    /// A `GET` of a link the service gave (`@odata.nextLink`,
    /// `@odata.deltaLink`), with this call's headers: the link already
    /// holds the query. Whether it gets a token is the host policy's call.
    pub fn follow(&self, link: &str) -> Call<R> {
        Call {
            method: http::Method::GET,
            path: String::new(),
            absolute: Some(link.to_string()),
            query: Vec::new(),
            headers: self.headers.clone(),
            body: None,
            eventual_consistency: self.eventual_consistency,
            kind: PhantomData,
        }
    }

    /// The full URL this call was given in place of a path (a link the
    /// service handed back), if any.
    pub fn absolute_url(&self) -> Option<&str> {
        self.absolute.as_deref()
    }

    /// The URL relative to the service root (`/users?$top=5`), as a
    /// `$batch` step names it; an absolute URL must lie under the root.
    pub fn relative_url(&self, base: &str) -> Result<String, Error> {
        under_root(&self.url(base), base)
    }
}

/// `url` relative to `root`, or an error where it is not under it.
pub(crate) fn under_root(url: &str, root: &str) -> Result<String, Error> {
    let root = root.trim_end_matches('/');
    match url.strip_prefix(root) {
        Some(rest) if rest.is_empty() || rest.starts_with(['/', '?']) => Ok(rest.to_string()),
        _ => Err(Error::InvalidRequest(format!(
            "`{url}` is not under the service root `{root}`"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_escape_values_and_keep_segments() {
        let p = PathBuilder::root()
            .segment("users")
            .key("a/b'c#d é")
            .segment("drive")
            .segment("root")
            .address("Folder A/b.txt")
            .segment("content");
        assert_eq!(
            p.as_str(),
            "/users/a%2Fb%27c%23d%20%C3%A9/drive/root:/Folder%20A/b.txt:/content"
        );
        let f = PathBuilder::root().segment("me").call(
            "reminderView",
            &[("startDateTime", "2017-06-05T10:00:00".odata_literal())],
        );
        assert_eq!(
            f.as_str(),
            "/me/reminderView(startDateTime='2017-06-05T10:00:00')"
        );
        assert_eq!("it's".odata_literal(), "'it''s'");
        assert_eq!(5i32.odata_literal(), "5");
    }

    #[test]
    fn query_options_and_consistency() {
        let call: Call<crate::Json<serde_json::Value>> =
            Call::new(http::Method::GET, &PathBuilder::root().segment("users"))
                .with_eventual_consistency()
                .select(&["id", "displayName"])
                .search("\"displayName:wa\"")
                .count(true)
                .top(5);
        let url = call.url("https://graph.microsoft.com/v1.0");
        assert_eq!(url, "https://graph.microsoft.com/v1.0/users?$select=id,displayName&$search=%22displayName:wa%22&$count=true&$top=5");
        assert_eq!(
            call.headers()
                .iter()
                .filter(|(n, _)| n == "ConsistencyLevel")
                .count(),
            1
        );
        let request = call
            .into_request("https://graph.microsoft.com/v1.0")
            .unwrap();
        assert_eq!(request.method(), http::Method::GET);
    }
}
