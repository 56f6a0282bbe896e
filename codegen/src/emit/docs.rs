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

/// The markdown of a description with its links put back.
pub fn markdown(text: &str, links: &[DocLink], model: &Model<'_>, from: &[String]) -> String {
    let mut out = escape(text);
    for link in links {
        let shown = escape(&link.text);
        let Some(at) = out.find(&shown) else { continue };
        // Skip a match inside a link already put back.
        if out[..at].matches('[').count()
            > out[..at].matches("\\[").count() + out[..at].matches("](").count()
        {
            continue;
        }
        let replacement = if link.target.starts_with("http") {
            format!("[{shown}](<{}>)", link.target.replace('>', "%3E"))
        } else {
            match model.get(&link.target) {
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
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + word.len() + 1 > WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// One `#[doc]` per line (prettyplease prints a multi-line doc string as a
/// block comment), each starting with a space as `///` would.
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
            format!(" {l}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_wraps() {
        assert_eq!(escape("a <b> [c] *d*"), "a \\<b\\> \\[c\\] \\*d\\*");
        let long = "word ".repeat(60);
        assert!(wrap(&long).iter().all(|l| l.len() <= WIDTH));
        assert_eq!(wrap("  a  b "), vec!["a b".to_string()]);
    }
}
