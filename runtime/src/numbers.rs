//! Number-like Edm types whose JSON spelling varies.

use base64::Engine as _;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};
use std::fmt;

/// `Edm.Int64`: a number, or a string holding one (Graph sends strings under
/// `IEEE754Compatible=true`). Written back as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Int64(pub i64);

impl Serialize for Int64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Int64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Int64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a 64-bit integer, as a number or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Int64, E> {
                Ok(Int64(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Int64, E> {
                i64::try_from(v).map(Int64).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Int64, E> {
                if v.fract() == 0.0 && v.abs() < 9.2e18 {
                    Ok(Int64(v as i64))
                } else {
                    Err(E::custom(format!("{v} is not a 64-bit integer")))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Int64, E> {
                v.trim().parse().map(Int64).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// `Edm.Double`: a number, or one of the strings `NaN`, `INF`, `-INF` that
/// OData uses for values JSON numbers cannot hold.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Double(pub f64);

impl Serialize for Double {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.is_nan() {
            serializer.serialize_str("NaN")
        } else if v.is_infinite() {
            serializer.serialize_str(if v > 0.0 { "INF" } else { "-INF" })
        } else {
            serializer.serialize_f64(v)
        }
    }
}

impl<'de> Deserialize<'de> for Double {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Double;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or \"NaN\", \"INF\" or \"-INF\"")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Double, E> {
                Ok(Double(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Double, E> {
                Ok(Double(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Double, E> {
                Ok(Double(v as f64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Double, E> {
                match v {
                    "NaN" => Ok(Double(f64::NAN)),
                    "INF" | "Infinity" => Ok(Double(f64::INFINITY)),
                    "-INF" | "-Infinity" => Ok(Double(f64::NEG_INFINITY)),
                    other => other.trim().parse().map(Double).map_err(E::custom),
                }
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// `Edm.Decimal`, kept as the exact decimal text it was read from, so no
/// digit is lost to a binary float. Written back as a JSON number.
///
/// It reads the number's text through serde_json's raw values, so it must be
/// deserialized by serde_json from text (`from_str`, `from_slice`,
/// `from_reader`), not from a `serde_json::Value`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal(String);

impl Decimal {
    /// Accepts decimal text such as `-12.50` or `1e-3`.
    pub fn parse(text: &str) -> Option<Decimal> {
        let t = text.trim();
        let valid = !t.is_empty()
            && t.parse::<f64>().is_ok_and(f64::is_finite)
            && t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'));
        valid.then(|| Decimal(t.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Decimal {
    fn default() -> Self {
        Decimal("0".to_string())
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match serde_json::value::RawValue::from_string(self.0.clone()) {
            Ok(raw) => raw.serialize(serializer),
            Err(_) => serializer.serialize_str(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        let unquoted = match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(inner) => inner,
            None => text,
        };
        Decimal::parse(unquoted)
            .ok_or_else(|| de::Error::custom(format!("{text} is not a decimal")))
    }
}

/// `Edm.Binary`: bytes, base64 in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Binary(pub Vec<u8>);

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl Binary {
    /// Bytes from base64 as JSON holds them (standard or URL-safe alphabet,
    /// padded or not).
    pub fn from_base64(text: &str) -> Option<Binary> {
        use base64::engine::general_purpose::{
            STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD,
        };
        let t = text.trim();
        [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(t).ok())
            .map(Binary)
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = crate::de::Key::deserialize(deserializer)?;
        let t = text.as_str().trim();
        Binary::from_base64(t).ok_or_else(|| de::Error::custom(format!("`{t}` is not base64")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int64_from_number_or_string() {
        assert_eq!(serde_json::from_str::<Int64>("42").unwrap(), Int64(42));
        assert_eq!(serde_json::from_str::<Int64>("\"-7\"").unwrap(), Int64(-7));
        assert!(serde_json::from_str::<Int64>("\"x\"").is_err());
        assert_eq!(
            serde_json::to_string(&Int64(9_007_199_254_740_993)).unwrap(),
            "9007199254740993"
        );
    }

    #[test]
    fn double_special_values() {
        for (json, back) in [
            ("\"NaN\"", "\"NaN\""),
            ("\"INF\"", "\"INF\""),
            ("\"-INF\"", "\"-INF\""),
            ("1.5", "1.5"),
        ] {
            let d: Double = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&d).unwrap(), back);
        }
    }

    #[test]
    fn decimal_keeps_every_digit() {
        let d: Decimal = serde_json::from_str("12345678901234567890.123456789").unwrap();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            "12345678901234567890.123456789"
        );
        let d: Decimal = serde_json::from_str("\"0.10\"").unwrap();
        assert_eq!(d.as_str(), "0.10");
        assert!(serde_json::from_str::<Decimal>("\"abc\"").is_err());
    }

    #[test]
    fn binary_base64() {
        let b: Binary = serde_json::from_str("\"aGVsbG8=\"").unwrap();
        assert_eq!(b.0, b"hello");
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"aGVsbG8=\"");
    }
}
