//! Doc comments from descriptions, cleaned for rustdoc: characters rustdoc
//! would read as markup are escaped, links to model types become intra-doc
//! links, web links stay links, and nothing can turn into a doctest.

use super::model::Model;
use crate::ir::DocLink;
use proc_macro2::TokenStream;
use quote::quote;

const WIDTH: usize = 96;

/// Escapes what rustdoc reads as markup or HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '[' | ']' | '<' | '>' | '*' | '_' | '`' | '#' | '|' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text, turning bare web addresses into autolinks (`<https://...>`)
/// so rustdoc neither mangles nor warns about them.
fn escape_with_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    let next_url = |s: &str| {
        [s.find("http://"), s.find("https://")]
            .into_iter()
            .flatten()
            .min()
    };
    while let Some(at) = next_url(rest) {
        out.push_str(&escape(&rest[..at]));
        let url_len = rest[at..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
            .unwrap_or(rest.len() - at);
        let url = rest[at..at + url_len].trim_end_matches(['.', ',', ';', ':', ')', ']', '!', '?']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &rest[at + url.len()..];
    }
    out.push_str(&escape(rest));
    out
}

/// The markdown of a description with its links put back.
pub fn markdown(text: &str, links: &[DocLink], model: &Model<'_>, from: &[String]) -> String {
    let mut out = escape_with_urls(text);
    for link in links {
        let shown = escape(&link.text);
        let Some(at) = out.find(&shown) else { continue };
        // Skip a match inside a link or an autolink already put back.
        let before = &out[..at];
        let unescaped =
            |c: char, escaped: &str| before.matches(c).count() - before.matches(escaped).count();
        let open_links = unescaped('[', "\\[") > unescaped(']', "\\]");
        if open_links || unescaped('<', "\\<") > unescaped('>', "\\>") {
            continue;
        }
        let replacement = if link.target.starts_with("http") {
            if out.contains(&format!("<{}>", link.target)) {
                continue;
            }
            format!("[{shown}](<{}>)", link.target.replace('>', "%3E"))
        } else {
            match model.get(&link.target) {
                // `[User]` alone where the text is the type's name in scope
                // (its own module, or its namespace's, which re-exports its
                // areas): rustdoc calls an explicit target there redundant.
                Some(t)
                    if model.types[t].rust_name == link.text
                        && (model.types[t].home == from || model.types[t].module == from) =>
                {
                    format!("[{shown}]")
                }
                Some(t) => {
                    let path = model.path_from(from, t, false).to_string().replace(' ', "");
                    format!("[{shown}]({path})")
                }
                None => continue,
            }
        };
        out.replace_range(at..at + shown.len(), &replacement);
    }
    out
}

/// Splits text into lines of about `WIDTH` characters at spaces.
fn wrap(text: &str) -> Vec<String> {
    // Lines of their own (list items) stay apart; a list item's next
    // lines are indented under its text.
    let mut lines = Vec::new();
    for source in text.split('\n') {
        let item = source.trim_start().starts_with("- ");
        let indent = if item {
            source.len() - source.trim_start().len()
        } else {
            0
        };
        let more = " ".repeat(indent + if item { 2 } else { 0 });
        let mut line = " ".repeat(indent);
        for word in source.split_whitespace() {
            if !line.trim().is_empty() && line.len() + word.len() + 1 > WIDTH {
                lines.push(std::mem::replace(&mut line, more.clone()));
            }
            if !line.trim().is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.trim().is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// One `#[doc]` per line (prettyplease prints a multi-line doc string as a
/// block comment), each starting with a space as `///` would.
/// A doc line holds no control character: a CR, a newline or a NUL from a
/// page would end the comment or be rejected by rustc ("bare CR").
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

pub fn doc_attrs(paragraphs: &[String]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs.iter().filter(|p| !p.trim().is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(wrap(p));
    }
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else {
            clean(&format!(" {l}"))
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_addresses_become_autolinks() {
        assert_eq!(
            escape_with_urls("See https://graph.microsoft.com/v1.0/users_x. Or \"http://a.b/c\"."),
            "See <https://graph.microsoft.com/v1.0/users_x>. Or \"<http://a.b/c>\"."
        );
        assert_eq!(escape_with_urls("no address_here"), "no address\\_here");
    }

    #[test]
    fn escapes_and_wraps() {
        assert_eq!(escape("a <b> [c] *d*"), "a \\<b\\> \\[c\\] \\*d\\*");
        let long = "word ".repeat(60);
        assert!(wrap(&long).iter().all(|l| l.len() <= WIDTH));
        assert_eq!(wrap("  a  b "), vec!["a b".to_string()]);
    }
}
