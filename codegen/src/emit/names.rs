//! Rust names for service names: deterministic, keyword-safe, and
//! collision-free within their scope (a collision is reported, and the later
//! name gets a numeric suffix).

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::BTreeSet;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// Makes `word` a valid identifier: keywords get a trailing `_` (raw
/// identifiers cannot spell `self`, `Self`, `crate` or `super`), and a
/// leading digit gets `prefix`.
fn sanitize(word: String, prefix: &str) -> String {
    let mut w: String = word
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if w.is_empty() {
        w = prefix.to_string();
    } else if w.starts_with(|c: char| c.is_ascii_digit()) {
        w = format!("{prefix}{w}");
    }
    if KEYWORDS.contains(&w.as_str()) {
        w.push('_');
    }
    w
}

pub fn type_name(name: &str) -> String {
    sanitize(name.to_upper_camel_case(), "T")
}

pub fn field_name(name: &str) -> String {
    sanitize(name.to_snake_case(), "n")
}

pub fn variant_name(name: &str) -> String {
    sanitize(name.to_upper_camel_case(), "V")
}

pub fn module_name(segment: &str) -> String {
    sanitize(segment.to_snake_case(), "m")
}

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Hands out names within one scope (a module's types, a struct's fields,
/// an enum's variants).
#[derive(Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Scope {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The name itself if free, else the first free `name2`, `name3`...
    /// (`name_2` for snake case). The second value says whether it collided.
    pub fn claim(&mut self, wanted: &str) -> (String, bool) {
        if self.taken.insert(wanted.to_string()) {
            return (wanted.to_string(), false);
        }
        // `self_` (an escaped keyword) becomes `self_2`, not `self__2`.
        let sep = if wanted.ends_with('_') {
            ""
        } else if wanted.contains('_')
            || wanted
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase())
        {
            "_"
        } else {
            ""
        };
        let mut n = 2;
        loop {
            let candidate = format!("{wanted}{sep}{n}");
            if self.taken.insert(candidate.clone()) {
                return (candidate, true);
            }
            n += 1;
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims a name for `what` (``property `x` of `y` ``), reporting a
    /// collision as a `name-collision` warning at `path:line`.
    pub fn claim_reported(
        &mut self,
        wanted: &str,
        what: &str,
        path: &str,
        line: usize,
        diags: &mut Vec<crate::diag::Diagnostic>,
    ) -> String {
        let (name, collided) = self.claim(wanted);
        if collided {
            diags.push(crate::diag::Diagnostic::warning(
                crate::diag::codes::NAME_COLLISION,
                path,
                line,
                format!("{what} has the same Rust name as another; emitted as `{name}`"),
            ));
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(type_name("playPromptOperation"), "PlayPromptOperation");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(field_name("clientContext"), "client_context");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("3dModel"), "n3d_model");
        assert_eq!(
            variant_name("completedSuccessfully"),
            "CompletedSuccessfully"
        );
        assert_eq!(variant_name("3des"), "V3des");
        assert_eq!(module_name("callRecords"), "call_records");
    }

    #[test]
    fn collisions_get_suffixes() {
        let mut scope = Scope::with_reserved(&["odata_type"]);
        assert_eq!(
            scope.claim("is_azure_ad_joined"),
            ("is_azure_ad_joined".to_string(), false)
        );
        assert_eq!(
            scope.claim("is_azure_ad_joined"),
            ("is_azure_ad_joined_2".to_string(), true)
        );
        assert_eq!(
            scope.claim("odata_type"),
            ("odata_type_2".to_string(), true)
        );
        scope.claim("self_");
        assert_eq!(scope.claim("self_"), ("self_2".to_string(), true));
        let mut types = Scope::default();
        types.claim("TimeStamp");
        assert_eq!(types.claim("TimeStamp").0, "TimeStamp2");
    }
}
