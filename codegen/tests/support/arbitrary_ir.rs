//! An arbitrary IR for the `emit` fuzz target and its regression test:
//! hostile names, keywords, digits, non-ASCII, collisions, deep and cyclic
//! inheritance, namespaces under types. Shared by path with `fuzz/`.

use arbitrary::{Arbitrary, Unstructured};
use graphgen::ir::{Ir, Kind, Member, Property, Source, TypeDef, IR_VERSION};

/// Names the generator must survive, beside arbitrary strings.
const HOSTILE: &[&str] = &[
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "Option",
    "Box",
    "String",
    "Vec",
    "Nullable",
    "Unrecognized",
    "serde",
    "core",
    "std",
    "graphgen_runtime",
    "1080p",
    "3d",
    "_",
    "__",
    "é",
    "ü_x",
    "a-b",
    "a.b",
    "",
    "additionalProperties",
    "odata_type",
    "@odata.type",
    "Focused",
    "focused",
    "FOCUSED",
    "user",
    "User",
    "microsoft",
    "graph",
];

fn name(u: &mut Unstructured) -> arbitrary::Result<String> {
    if u.ratio(3, 4)? {
        Ok(u.choose(HOSTILE)?.to_string())
    } else {
        String::arbitrary(u)
    }
}

fn namespace(u: &mut Unstructured) -> arbitrary::Result<String> {
    Ok(match u.int_in_range(0..=4)? {
        0 => "microsoft.graph".to_string(),
        1 => "microsoft.graph.callRecords".to_string(),
        // A namespace under a type of the same name.
        2 => "microsoft.graph.user".to_string(),
        3 => format!("microsoft.graph.{}", name(u)?),
        _ => name(u)?,
    })
}

pub fn ir(u: &mut Unstructured) -> arbitrary::Result<Ir> {
    let count = u.int_in_range(1..=12)?;
    let mut types: Vec<TypeDef> = Vec::new();
    let mut qualified = Vec::new();
    for _ in 0..count {
        let (ns, n) = (namespace(u)?, name(u)?);
        qualified.push(format!("{ns}.{n}"));
        let kind = *u.choose(&[Kind::Entity, Kind::Complex, Kind::Enum])?;
        types.push(TypeDef {
            kind,
            name: n,
            namespace: ns,
            base_type: None,
            is_abstract: bool::arbitrary(u)?,
            open_type: bool::arbitrary(u)?,
            key_property: None,
            flags: kind == Kind::Enum && bool::arbitrary(u)?,
            description: String::arbitrary(u)?,
            source: Source {
                path: "fuzz.md".into(),
                line: 1,
            },
            area: u
                .choose(&[None, Some("users"), Some("cloud-printing"), Some("area-x")])?
                .map(String::from),
            links: Vec::new(),
            properties: Vec::new(),
            members: Vec::new(),
            base_line: 1,
        });
    }
    let prims = [
        "Edm.String",
        "Edm.Int32",
        "Edm.Int64",
        "Edm.Boolean",
        "Edm.Double",
        "Edm.DateTimeOffset",
        "Edm.Guid",
        "Edm.Binary",
        "Edm.Untyped",
        "Edm.Duration",
        "Edm.Date",
    ];
    for t in types.iter_mut() {
        // Any base, the type itself and cycles included.
        if t.kind != Kind::Enum && u.ratio(1, 2)? {
            t.base_type = Some(u.choose(&qualified)?.clone());
        }
        for _ in 0..u.int_in_range(0..=6)? {
            if t.kind == Kind::Enum {
                t.members.push(Member {
                    name: name(u)?,
                    value: Option::<i64>::arbitrary(u)?,
                    description: String::new(),
                });
                continue;
            }
            let type_name = if u.ratio(1, 2)? {
                u.choose(&prims)?.to_string()
            } else {
                u.choose(&qualified)?.clone()
            };
            t.properties.push(Property {
                name: name(u)?,
                type_name,
                collection: bool::arbitrary(u)?,
                nullable: bool::arbitrary(u)?,
                read_only: false,
                navigation: bool::arbitrary(u)?,
                inherited_from: None,
                description: String::arbitrary(u)?,
                source: Source {
                    path: "fuzz.md".into(),
                    line: 2,
                },
                links: Vec::new(),
            });
        }
    }
    Ok(Ir {
        ir_version: IR_VERSION,
        types,
        operations: Vec::new(),
        diagnostics: Vec::new(),
    })
}

/// Emits the IR twice: the same bytes, and every file parses.
pub fn check_emit(ir: &Ir) {
    let options = graphgen::emit::EmitOptions::new();
    let (first, _) = graphgen::emit::emit(ir, &options);
    let (second, _) = graphgen::emit::emit(ir, &options);
    assert_eq!(first, second, "emission is not deterministic");
    for file in &first {
        if let Err(e) = syn::parse_file(&file.contents) {
            panic!("{} does not parse: {e}\n{}", file.name, file.contents);
        }
    }
}
