//! Diagnostics: every problem found in the input becomes one of these, with a
//! stable code and the place (`path:line`) it was found, never a panic.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// The stable diagnostic codes. Tests and suppression files name these, so a
/// code never changes meaning; new problems get new codes.
pub mod codes {
    pub const READ_FAILED: &str = "read-failed";
    pub const EMPTY_FILE: &str = "empty-file";
    pub const NOT_UTF8: &str = "not-utf8";
    pub const FILE_TOO_LARGE: &str = "file-too-large";
    pub const OUTSIDE_INPUT: &str = "outside-input";
    pub const INVALID_NAMESPACE: &str = "invalid-namespace";
    pub const INVALID_TYPE_NAME: &str = "invalid-type-name";
    pub const NO_TYPE_DEFINED: &str = "no-type-defined";
    pub const INVALID_ANNOTATION_JSON: &str = "invalid-annotation-json";
    pub const MISSING_PROPERTIES_TABLE: &str = "missing-properties-table";
    pub const MALFORMED_TABLE: &str = "malformed-table";
    pub const UNPARSED_TABLE: &str = "unparsed-table";
    pub const SHORT_ROW: &str = "short-row";
    pub const BAD_PROPERTY_NAME: &str = "bad-property-name";
    pub const UNRESOLVED_TYPE_LINK: &str = "unresolved-type-link";
    pub const UNKNOWN_TYPE: &str = "unknown-type";
    pub const UNRESOLVED_BASE_TYPE: &str = "unresolved-base-type";
    pub const DUPLICATE_TYPE: &str = "duplicate-type";
    pub const DUPLICATE_PROPERTY: &str = "duplicate-property";
    pub const DUPLICATE_MEMBER: &str = "duplicate-member";
    pub const TABLE_JSON_MISMATCH: &str = "table-json-mismatch";
    pub const TYPE_FROM_JSON: &str = "type-from-json";
    pub const PROPERTY_NOT_IN_JSON: &str = "property-not-in-json";
    pub const PROPERTY_ONLY_IN_JSON: &str = "property-only-in-json";
    pub const PROPERTY_NAME_CASE: &str = "property-name-case";
    pub const ENUM_VALUES_DISAGREE: &str = "enum-values-disagree";
    pub const ODATA_TYPE_HEADING_MISMATCH: &str = "odata-type-heading-mismatch";
    pub const INHERITANCE_CYCLE: &str = "inheritance-cycle";
    pub const NAME_COLLISION: &str = "name-collision";
    pub const INHERITED_PROPERTY_RETYPED: &str = "inherited-property-retyped";
    pub const INVALID_JSON_BLOCK: &str = "invalid-json-block";
    pub const EMIT_FAILED: &str = "emit-failed";
    pub const TYPE_NOT_EMITTED: &str = "type-not-emitted";
    pub const SELECTION_NOT_FOUND: &str = "selection-not-found";
    // Method pages.
    pub const NO_HTTP_REQUEST: &str = "no-http-request";
    pub const UNKNOWN_HTTP_METHOD: &str = "unknown-http-method";
    pub const REQUEST_LINE_NOT_A_PATH: &str = "request-line-not-a-path";
    pub const EXAMPLE_WITHOUT_CODE: &str = "example-without-code";
    pub const INVALID_EXAMPLE_JSON: &str = "invalid-example-json";
    pub const UNKNOWN_BOUND_TYPE: &str = "unknown-bound-type";
    pub const UNRESOLVED_RESPONSE_TYPE: &str = "unresolved-response-type";
    pub const RESPONSE_EXAMPLE_MISMATCH: &str = "response-example-mismatch";
    pub const PATH_NOT_EMITTED: &str = "path-not-emitted";
    pub const UNREADABLE_PERMISSIONS: &str = "unreadable-permissions";
    pub const UNREADABLE_PERMISSION_CELL: &str = "unreadable-permission-cell";
    pub const AMBIGUOUS_PERMISSIONS: &str = "ambiguous-permissions";
    // Includes.
    pub const INCLUDE_NOT_FOUND: &str = "include-not-found";
    pub const INCLUDE_LOOP: &str = "include-loop";
    pub const INCLUDE_OUTSIDE_ROOT: &str = "include-outside-root";
    pub const NOT_CHECKED: &str = "not-checked";
    // `check`.
    pub const STALE_OUTPUT: &str = "stale-output";
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: String,
    pub message: String,
    pub path: String,
    pub line: usize,
    /// Where the place is in an included file: the page that included it
    /// and the line of its include directive.
    #[serde(
        default,
        rename = "includedFrom",
        skip_serializing_if = "Option::is_none"
    )]
    pub included_from: Option<crate::ir::Source>,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: &str,
        path: &str,
        line: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code: code.to_string(),
            message: message.into(),
            path: path.to_string(),
            line,
            included_from: None,
        }
    }
    pub fn error(code: &str, path: &str, line: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, path, line, message)
    }
    pub fn warning(code: &str, path: &str, line: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, path, line, message)
    }
    pub fn note(code: &str, path: &str, line: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, path, line, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}[{}]: {}",
            self.path, self.line, self.severity, self.code, self.message
        )?;
        match &self.included_from {
            Some(page) => write!(f, " (included by {}:{})", page.path, page.line),
            None => Ok(()),
        }
    }
}

/// True when any diagnostic is an error (exit code 1 for the CLI).
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}
