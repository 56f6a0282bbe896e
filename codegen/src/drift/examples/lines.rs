//! The line of a JSON path's value in an example's body.

/// The line (0-based, within the body) of a JSON path's value: each key of
/// the path found in turn after the one before (array indices skipped), good
/// enough to point a reader at it.
pub(super) fn line_of(body: &str, json_path: &str) -> usize {
    PathLines::find(body, json_path).unwrap_or_else(|| first_key_line(body, json_path))
}

/// Where a JSON path's value starts, walking the text with the path of
/// each value (array indices counted). Written by hand: serde_json keeps
/// no positions, and an example body may be cut short.
struct PathLines;

impl PathLines {
    fn find(body: &str, target: &str) -> Option<usize> {
        // The path of each open container, with the next array index.
        let mut stack: Vec<(String, Option<usize>)> = Vec::new();
        let mut key: Option<String> = None;
        let mut line = 0;
        let mut chars = body.char_indices().peekable();
        let here = |stack: &[(String, Option<usize>)], key: &Option<String>| -> String {
            let (path, index) = stack.last().cloned().unwrap_or(("$".to_string(), None));
            match (key, index) {
                (Some(k), _) => format!("{path}.{k}"),
                (None, Some(i)) => format!("{path}[{i}]"),
                (None, None) => path,
            }
        };
        while let Some((_, c)) = chars.next() {
            match c {
                '\n' => line += 1,
                '{' | '[' => {
                    let path = here(&stack, &key);
                    if path == target {
                        return Some(line);
                    }
                    stack.push((path, (c == '[').then_some(0)));
                    key = None;
                }
                '}' | ']' => {
                    stack.pop();
                    key = None;
                }
                ',' => {
                    key = None;
                    if let Some((_, Some(i))) = stack.last_mut() {
                        *i += 1;
                    }
                }
                '"' => {
                    let mut text = String::new();
                    while let Some((_, d)) = chars.next() {
                        match d {
                            '\\' => {
                                if let Some((_, e)) = chars.next() {
                                    text.push(e);
                                }
                            }
                            '"' => break,
                            '\n' => {
                                line += 1;
                                text.push(d)
                            }
                            _ => text.push(d),
                        }
                    }
                    let is_key = matches!(stack.last(), Some((_, None)))
                        && key.is_none()
                        && chars
                            .clone()
                            .find(|(_, x)| !x.is_whitespace())
                            .is_some_and(|(_, x)| x == ':');
                    if is_key {
                        key = Some(text);
                    } else if here(&stack, &key) == target {
                        return Some(line);
                    }
                }
                c if !c.is_whitespace() && c != ':' => {
                    if here(&stack, &key) == target {
                        return Some(line);
                    }
                    // A number or literal: skip the rest of it.
                    while chars
                        .peek()
                        .is_some_and(|(_, x)| !matches!(x, ',' | '}' | ']' | '\n'))
                    {
                        chars.next();
                    }
                }
                _ => {}
            }
        }
        None
    }
}

/// The line of the path's last key's first appearance after the ones
/// before it (indices ignored): where the scanner cannot follow the text.
fn first_key_line(body: &str, json_path: &str) -> usize {
    let mut offset = 0;
    for key in path_keys(json_path) {
        let needle = format!("\"{key}\"");
        match body[offset..].find(&needle) {
            Some(at) => offset += at + needle.len(),
            None => break,
        }
    }
    body[..offset].matches('\n').count()
}

/// `$.value[0].a.@odata.type` → `value`, `a`, `@odata.type` (an annotation
/// key holds dots and is always last).
fn path_keys(json_path: &str) -> Vec<&str> {
    let mut keys = Vec::new();
    let mut rest = json_path.strip_prefix('$').unwrap_or(json_path);
    while let Some(after) = rest.strip_prefix('.') {
        if after.starts_with('@') {
            keys.push(after);
            break;
        }
        let end = after.find(['.', '[']).unwrap_or(after.len());
        keys.push(&after[..end]);
        rest = &after[end..];
        while let Some(close) = rest
            .strip_prefix('[')
            .and_then(|r| r.find(']').map(|i| &r[i + 1..]))
        {
            rest = close;
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_paths_point_at_their_line() {
        assert_eq!(
            path_keys("$.value[0].a.@odata.type"),
            ["value", "a", "@odata.type"]
        );
        let body = "{\n \"a\": 1,\n \"value\": [\n  { \"a\": 2,\n    \"b\": 3 }\n ]\n}";
        assert_eq!(line_of(body, "$.value[0].a"), 3);
        assert_eq!(line_of(body, "$.value[0].b"), 4);
        assert_eq!(line_of(body, "$.a"), 1);
        // The second item's value, not the first's with the same key.
        let two = "{\n \"value\": [\n  { \"a\": \"x\" },\n  {\n   \"a\": \"y\",\n   \"b\": [1, \"z\"]\n  }\n ]\n}";
        assert_eq!(line_of(two, "$.value[1].a"), 4);
        assert_eq!(line_of(two, "$.value[1].b[1]"), 5);
        assert_eq!(line_of(two, "$.value[0]"), 2);
    }
}
