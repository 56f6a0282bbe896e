//! The operations half of the IR (`shared/IR.md`, Operation): one per
//! call a method page documents, what a client needs to make the call.

use super::Source;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// The page's `#` heading as written (`call: playPrompt`).
    pub name: String,
    pub description: String,
    pub source: Source,
    /// The product area of the method page (front matter `ms.prod`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// `GET`, `POST`, `PATCH`, `PUT` or `DELETE`.
    pub method: String,
    /// Request lines without method, host, version or query string,
    /// placeholders as written.
    pub paths: Vec<String>,
    pub binding: Option<Binding>,
    pub parameters: Vec<Parameter>,
    /// OData system query options the page says the method supports, lower
    /// case, sorted.
    pub query_options: Vec<String>,
    pub headers: Vec<Header>,
    pub request_body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// The page's permission tables, in page order.
    pub permissions: Vec<Permissions>,
    /// The request and response examples (read by `lint` and the client
    /// tests; not part of the JSON contract).
    #[serde(skip)]
    pub examples: Vec<Example>,
    /// The Response section's prose names the type that comes back (not
    /// only the response example): what `lint` compares other pages with.
    #[serde(skip)]
    pub response_named: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BindingKind {
    Action,
    Function,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Binding {
    pub kind: BindingKind,
    pub name: String,
    pub namespace: String,
    pub bound_to: Option<String>,
    pub collection: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "type")]
    pub type_name: String,
    pub collection: bool,
    /// `false` where the page marks the parameter required.
    pub nullable: bool,
    pub description: String,
    pub source: Source,
    /// The page gives no type: the type is read from an example value
    /// (or is a string by default), not documented.
    #[serde(skip)]
    pub type_guessed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub name: String,
    pub required: bool,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestBody {
    /// Qualified type, or `Edm.Stream` for binary content.
    #[serde(rename = "type")]
    pub type_name: String,
    pub collection: bool,
    /// The names the page's request body table lists.
    pub properties: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub status: u16,
    /// Qualified type of the body; `None` where there is none.
    #[serde(rename = "type")]
    pub type_name: Option<String>,
    pub collection: bool,
}

/// One permissions table of a method page (or one row of a table with a
/// row per resource), with what the page says around it (`shared/IR.md`,
/// Permissions).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    /// The resource or scenario the entry is for, as written; `None` for
    /// a page's only table.
    pub applies_to: Option<String>,
    /// Delegated (work or school account); `None` where the page says
    /// nothing readable for the kind.
    pub delegated_work: Option<Grant>,
    /// Delegated (personal Microsoft account).
    pub delegated_personal: Option<Grant>,
    pub application: Option<Grant>,
    /// The table's first row.
    pub source: Source,
}

/// What one kind of permission needs.
#[derive(Debug, Clone, Default, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    /// `false` only where the page says the kind is not supported (or not
    /// applicable); `alternatives` is then empty. Supported with no
    /// alternative: the page says no permission is needed ("None.").
    pub supported: bool,
    /// Any one alternative is enough; each lists scopes that are all
    /// needed. Least privileged first.
    pub alternatives: Vec<Vec<String>>,
    /// How many of the first alternatives the page marks least privileged.
    pub least_privileged: usize,
    /// Scopes the page marks with an asterisk, a footnote the page explains
    /// (resource-specific consent, in the Teams pages).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marked: Vec<String>,
    /// The row (or cell) of the page that says it: where a finding about
    /// it points. Not part of the JSON contract.
    #[serde(skip)]
    pub line: usize,
}

impl Grant {
    pub fn unsupported() -> Grant {
        Grant::default()
    }
}

/// What the page says, wherever it says it (the row's line aside).
impl PartialEq for Grant {
    fn eq(&self, other: &Self) -> bool {
        (
            self.supported,
            &self.alternatives,
            self.least_privileged,
            &self.marked,
        ) == (
            other.supported,
            &other.alternatives,
            other.least_privileged,
            &other.marked,
        )
    }
}

/// One request or response example of a method page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Example {
    pub kind: ExampleKind,
    /// The annotation's `name` (request) or `@odata.type` (response).
    pub name: Option<String>,
    pub odata_type: Option<String>,
    pub is_collection: bool,
    pub truncated: bool,
    /// Request: method and URL as written; response: status code.
    pub method: Option<String>,
    pub url: Option<String>,
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    /// The body as written, and its first line in the page.
    pub body: Option<String>,
    pub body_line: usize,
    /// The code block's first line.
    pub line: usize,
    pub source_path: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ExampleKind {
    #[default]
    Request,
    Response,
}
