//! The "JSON representation" block of a resource page, read tolerantly.
//!
//! Written by hand because these blocks are illustrations, not JSON: they
//! carry comments, `...`, trailing or missing commas and bare words, which
//! serde_json and json5 reject whole. This scanner recovers every top-level
//! `"key": value` it can, each with its line, and skips what it cannot read.

/// A value of the block, reduced to what tells its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonValue {
    Str(String),
    Number(String),
    Bool,
    Null,
    /// An object; its `@odata.type` if it names one.
    Object(Option<String>),
    /// An array; its first element if any.
    Array(Option<Box<JsonValue>>),
    /// A bare word that is not JSON (`String`, `...`).
    Bare(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonEntry {
    pub key: String,
    pub value: JsonValue,
    /// Line offset from the block's first line (0-based).
    pub line_offset: usize,
}

struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            bytes: text.as_bytes(),
            text,
            pos: 0,
            line: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
        }
        Some(b)
    }

    /// Skips white space and `//` or `/* */` comments.
    fn skip_trivia(&mut self) {
        while let Some(b) = self.peek() {
            if b.is_ascii_whitespace() {
                self.bump();
            } else if self.bytes[self.pos..].starts_with(b"//") {
                while let Some(c) = self.peek() {
                    if c == b'\n' {
                        break;
                    }
                    self.bump();
                }
            } else if self.bytes[self.pos..].starts_with(b"/*") {
                self.pos += 2;
                while self.peek().is_some() && !self.bytes[self.pos..].starts_with(b"*/") {
                    self.bump();
                }
                self.pos = (self.pos + 2).min(self.bytes.len());
            } else {
                break;
            }
        }
    }

    /// Reads a string literal; the opening quote is the current byte.
    fn string(&mut self) -> String {
        self.bump();
        let start = self.pos;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                b'"' => {
                    let s = self.text[start..self.pos].to_string();
                    self.bump();
                    return s;
                }
                b'\n' => break, // an unterminated string ends with its line
                _ => {
                    self.bump();
                }
            }
        }
        self.text[start..self.pos].to_string()
    }

    /// Reads a bracketed run (`{...}` or `[...]`) and returns its inside.
    fn balanced(&mut self) -> &'a str {
        let start = self.pos + 1;
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'"' => {
                    self.string();
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        let inner = &self.text[start..self.pos];
                        self.bump();
                        return inner;
                    }
                }
                _ => {}
            }
            self.bump();
        }
        self.text.get(start..).unwrap_or("")
    }

    fn value(&mut self) -> JsonValue {
        self.skip_trivia();
        match self.peek() {
            Some(b'"') => JsonValue::Str(self.string()),
            Some(b'{') => {
                let inner = self.balanced();
                let odata = scan_object_body(inner)
                    .into_iter()
                    .find(|e| e.key == "@odata.type")
                    .and_then(|e| match e.value {
                        JsonValue::Str(s) => Some(s),
                        _ => None,
                    });
                JsonValue::Object(odata)
            }
            Some(b'[') => {
                let inner = self.balanced();
                let mut sub = Scanner::new(inner);
                sub.skip_trivia();
                if sub.peek().is_none() {
                    JsonValue::Array(None)
                } else {
                    JsonValue::Array(Some(Box::new(sub.value())))
                }
            }
            _ => {
                let start = self.pos;
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'\n' | b'}' | b']') {
                        break;
                    }
                    self.bump();
                }
                let word = self.text[start..self.pos].trim();
                match word {
                    "true" | "false" => JsonValue::Bool,
                    "null" => JsonValue::Null,
                    w if !w.is_empty() && w.parse::<f64>().is_ok() => {
                        JsonValue::Number(w.to_string())
                    }
                    w => JsonValue::Bare(w.to_string()),
                }
            }
        }
    }
}

/// Reads the entries of an object's inside (without its braces).
fn scan_object_body(text: &str) -> Vec<JsonEntry> {
    let mut sc = Scanner::new(text);
    let mut entries = Vec::new();
    loop {
        sc.skip_trivia();
        match sc.peek() {
            None => break,
            Some(b'"') => {
                let line_offset = sc.line;
                let key = sc.string();
                sc.skip_trivia();
                if sc.peek() != Some(b':') {
                    continue;
                }
                sc.bump();
                let value = sc.value();
                entries.push(JsonEntry {
                    key,
                    value,
                    line_offset,
                });
            }
            Some(b'{') | Some(b'[') => {
                sc.balanced();
            }
            Some(_) => {
                sc.bump();
            }
        }
    }
    entries
}

/// The top-level entries of a JSON representation block, or `None` when the
/// block holds no object at all.
pub fn scan_block(text: &str) -> Option<Vec<JsonEntry>> {
    let open = text.find('{')?;
    let lines_before = text[..open].matches('\n').count();
    let mut sc = Scanner::new(&text[open..]);
    let body = sc.balanced();
    let mut entries = scan_object_body(body);
    for e in &mut entries {
        e.line_offset += lines_before;
    }
    Some(entries)
}

/// Whether the block is strict JSON (lint reports blocks that are not).
pub fn is_strict_json(text: &str) -> bool {
    // IgnoredAny validates without building anything.
    serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerates_illustrations() {
        let block = r##"{
  "id": "String (identifier)", // the key
  "size": 1024,
  "flag": true
  "owner": {"@odata.type": "microsoft.graph.identitySet"},
  "tags": ["String"],
  "items": [{"@odata.type": "#microsoft.graph.item"}],
  "empty": [ ],
  "state": "a | b | c",
  ...
  "last": null,
}"##;
        let entries = scan_block(block).unwrap_or_default();
        let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            ["id", "size", "flag", "owner", "tags", "items", "empty", "state", "last"]
        );
        assert_eq!(
            entries[0].value,
            JsonValue::Str("String (identifier)".into())
        );
        assert_eq!(entries[0].line_offset, 1);
        assert_eq!(entries[1].value, JsonValue::Number("1024".into()));
        assert_eq!(entries[2].value, JsonValue::Bool);
        assert_eq!(
            entries[3].value,
            JsonValue::Object(Some("microsoft.graph.identitySet".into()))
        );
        assert_eq!(
            entries[4].value,
            JsonValue::Array(Some(Box::new(JsonValue::Str("String".into()))))
        );
        assert_eq!(
            entries[5].value,
            JsonValue::Array(Some(Box::new(JsonValue::Object(Some(
                "#microsoft.graph.item".into()
            )))))
        );
        assert_eq!(entries[6].value, JsonValue::Array(None));
        assert_eq!(entries[8].line_offset, 10);
        assert!(!is_strict_json(block));
    }

    #[test]
    fn broken_blocks_do_not_panic() {
        for text in [
            "",
            "{",
            "{\"a\": ",
            "{\"a\": \"unterminated\n}",
            "[1,2]",
            "{\"a\": [{\"b\": }",
        ] {
            let _ = scan_block(text);
        }
        assert_eq!(scan_block("no object"), None);
    }
}
