//! The HTTP text of a method page: request lines of the HTTP request block,
//! and the request and response examples.

use crate::diag::{codes, Diagnostic};
use crate::extract::method_page::RequestLine;
use crate::ir::{Example, ExampleKind};
use crate::page::{Block, Page};

const METHODS: [&str; 5] = ["GET", "POST", "PATCH", "PUT", "DELETE"];

/// The request lines of one code block of the HTTP request section.
/// Header lines, bodies and comments inside the block are passed over.
pub fn request_lines(
    text: &str,
    fence_line: usize,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<RequestLine> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = fence_line + 1 + i;
        let trimmed = raw.trim();
        let Some((first, rest)) = trimmed.split_once(char::is_whitespace) else {
            continue;
        };
        let is_word = first.len() >= 3 && first.bytes().all(|b| b.is_ascii_uppercase());
        if !is_word {
            continue;
        }
        let rest = rest.trim();
        let looks_like_url =
            rest.starts_with('/') || rest.starts_with("http") || rest.starts_with('{');
        if !METHODS.contains(&first) {
            if looks_like_url {
                diags.push(Diagnostic::warning(
                    codes::UNKNOWN_HTTP_METHOD,
                    path,
                    line,
                    format!("`{first}` is not an HTTP method Graph documents; line skipped"),
                ));
            }
            continue;
        }
        match normalize_path(rest) {
            Some(p) => out.push(RequestLine {
                method: first.to_string(),
                has_query: rest.len() > p.len() + 1 && rest.contains('?'),
                path: p,
                line,
            }),
            None => diags.push(Diagnostic::warning(
                codes::REQUEST_LINE_NOT_A_PATH,
                path,
                line,
                format!("`{rest}` after {first} is not a path; line skipped"),
            )),
        }
    }
    out
}

/// Drops the host, the version prefix (`/v1.0`, `/beta`), the query string
/// and a trailing `HTTP/1.1`; `None` when what is left is not a path.
pub fn normalize_path(url: &str) -> Option<String> {
    let url = url.trim();
    let url = url
        .strip_suffix("HTTP/1.1")
        .or_else(|| url.strip_suffix("HTTP/2"))
        .unwrap_or(url)
        .trim();
    let lower = url.to_ascii_lowercase();
    let no_host = if lower.starts_with("https://") || lower.starts_with("http://") {
        let after_scheme = &url[url.find("//")? + 2..];
        match after_scheme.find('/') {
            Some(i) => &after_scheme[i..],
            None => "/",
        }
    } else {
        url
    };
    let mut path = no_host;
    for version in ["/v1.0", "/beta"] {
        // `get`: a prefix that ends inside a character is not the version.
        if path
            .get(..version.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(version))
        {
            let rest = &path[version.len()..];
            if rest.is_empty() || rest.starts_with('/') {
                path = rest;
            }
        }
    }
    let path = cut_query(path).trim();
    // `policies/claimsMappingPolicies`: a path written without its slash.
    let relative = path.starts_with(|c: char| c.is_ascii_alphabetic()) && path.contains('/');
    let is_path = (path.starts_with('/') || path.starts_with('{') || relative)
        && !has_space_outside_brackets(path);
    match (is_path, relative) {
        (false, _) => None,
        (true, true) => Some(format!("/{path}")),
        (true, false) => Some(path.to_string()),
    }
}

/// The path without its query string: the first `?` outside `{}` and `()`.
fn cut_query(path: &str) -> &str {
    let mut depth = 0i32;
    for (i, c) in path.char_indices() {
        match c {
            '{' | '(' => depth += 1,
            '}' | ')' => depth -= 1,
            '?' if depth <= 0 => return &path[..i],
            _ => {}
        }
    }
    path
}

/// Placeholders may hold spaces (`{id | userPrincipalName}`); prose may not.
fn has_space_outside_brackets(path: &str) -> bool {
    let mut depth = 0i32;
    path.chars().any(|c| {
        match c {
            '{' | '(' | '<' => depth += 1,
            '}' | ')' | '>' => depth -= 1,
            _ => {}
        }
        c.is_whitespace() && depth <= 0
    })
}

/// An example: an annotation comment (`"blockType": "request"` or
/// `"response"`) and the code block right after it.
pub fn example(
    comment: &str,
    comment_line: usize,
    next: Option<&Block>,
    page: &Page,
    diags: &mut Vec<Diagnostic>,
) -> Option<Example> {
    if !comment.contains("blockType") {
        return None;
    }
    let annotation: serde_json::Value = serde_json::from_str(comment.trim()).ok()?;
    let kind = match annotation.get("blockType").and_then(|v| v.as_str()) {
        Some("request") => ExampleKind::Request,
        Some("response") => ExampleKind::Response,
        _ => return None,
    };
    let Some(Block::Code { text, line, .. }) = next else {
        diags.push(Diagnostic::warning(
            codes::EXAMPLE_WITHOUT_CODE,
            &page.path,
            comment_line,
            "example annotation is not followed by a code block",
        ));
        return None;
    };
    let text_field = |k: &str| {
        annotation
            .get(k)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let flag = |k: &str| match annotation.get(k) {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    };
    let mut example = Example {
        kind,
        name: text_field("name"),
        odata_type: text_field("@odata.type").or_else(|| text_field("@type")),
        is_collection: flag("isCollection"),
        truncated: flag("truncated"),
        line: *line,
        source_path: page.path.clone(),
        ..Example::default()
    };
    read_http_text(&mut example, text);
    // Binary and text bodies (`Content-Type: application/pdf`) are not JSON.
    let json_body = example.headers.iter().all(|(name, value)| {
        !name.eq_ignore_ascii_case("content-type") || value.to_ascii_lowercase().contains("json")
    });
    if let Some(body) = example.body.as_ref().filter(|_| json_body) {
        if let Err(err) = parse_example_body(body) {
            diags.push(Diagnostic::warning(
                codes::INVALID_EXAMPLE_JSON,
                &page.path,
                example.body_line + err.line().saturating_sub(1),
                format!("example body is not JSON: {err}"),
            ));
        }
    }
    Some(example)
}

/// The first line (`GET /me` or `HTTP/1.1 200 OK`), the headers up to a
/// blank line, and the body after them.
fn read_http_text(example: &mut Example, text: &str) {
    let mut lines = text
        .lines()
        .enumerate()
        .skip_while(|(_, l)| l.trim().is_empty());
    if let Some((_, first)) = lines.next() {
        let first = first.trim();
        let (word, rest) = first.split_once(char::is_whitespace).unwrap_or((first, ""));
        // `HTTP/1.1 200 OK`, or `HTTP 201 Created` written without a version.
        if word.starts_with("HTTP/") || word == "HTTP" {
            example.status = rest.split_whitespace().next().and_then(|s| s.parse().ok());
        } else if METHODS.contains(&word) {
            example.method = Some(word.to_string());
            example.url = Some(rest.trim().to_string());
        } else {
            // A bare JSON response: the whole block is the body.
            example.body_line = example.line + 1;
            example.body = Some(text.to_string());
            return;
        }
    }
    let mut body_start = None;
    for (i, line) in lines.by_ref() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        match t.split_once(':') {
            Some((name, value))
                if !name.is_empty()
                    && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
            {
                example
                    .headers
                    .push((name.to_string(), value.trim().to_string()));
            }
            _ => {
                body_start = Some(i);
                break;
            }
        }
    }
    if let Some(start) = body_start {
        let body: Vec<&str> = text.lines().skip(start).collect();
        let body = body.join("\n");
        if !body.trim().is_empty() {
            example.body_line = example.line + 1 + start;
            example.body = Some(body);
        }
    }
}

/// An example body as JSON.
pub fn parse_example_body(body: &str) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(body.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_host_version_and_query() {
        let n = |s: &str| normalize_path(s);
        assert_eq!(
            n("https://graph.microsoft.com/v1.0/me/messages?$top=2").as_deref(),
            Some("/me/messages")
        );
        assert_eq!(
            n("/users/{id | userPrincipalName}/reminderView(startDateTime=a,endDateTime=b)")
                .as_deref(),
            Some("/users/{id | userPrincipalName}/reminderView(startDateTime=a,endDateTime=b)")
        );
        assert_eq!(n("/beta/me HTTP/1.1").as_deref(), Some("/me"));
        assert_eq!(
            n("/me/drive/root:/{item-path}:/content").as_deref(),
            Some("/me/drive/root:/{item-path}:/content")
        );
        assert_eq!(n("the users endpoint"), None);
        assert_eq!(
            n("policies/claimsMappingPolicies").as_deref(),
            Some("/policies/claimsMappingPolicies")
        );
        assert_eq!(
            n("/search(q='{a?b}')?x=1").as_deref(),
            Some("/search(q='{a?b}')")
        );
    }
}
