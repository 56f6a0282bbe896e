//! Inheritance in the emitted code: a derived type holds its base as
//! `base`, a property a derived page lists again stays in the base (the
//! base's type kept, with a warning when the page retypes it), and entity
//! types get field selectors of their own and inherited properties.

use graphgen::ir_from_sources;

const ENTITY: &str = "# entity resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| id | String | The key. |\n| importance | [importance](importance.md) | How important. |\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.entity\" } -->\n```json\n{ \"id\": \"String\" }\n```\n";

const IMPORTANCE: &str = "# importance enum type\n\nNamespace: microsoft.graph\n\n| Member | Description |\n|:--|:--|\n| low | Low. |\n| high | High. |\n";

const NOTE: &str = "# note resource type\n\nNamespace: microsoft.graph\n\nInherits from [entity](entity.md).\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| id | String | Listed again, same type. |\n| importance | String | Listed again, as a string. |\n| body | [itemBody](itemBody.md) | The text. |\n";

const ITEM_BODY: &str = "# itemBody resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| content | String | The text. |\n";

#[test]
fn a_derived_type_holds_its_base_and_a_property_listed_again_stays_there() {
    let ir = ir_from_sources([
        ("entity.md", ENTITY),
        ("importance.md", IMPORTANCE),
        ("note.md", NOTE),
        ("itemBody.md", ITEM_BODY),
    ]);
    let (files, diags) = graphgen::emit::emit(&ir, &graphgen::emit::EmitOptions::new());
    let source: String = files.iter().map(|f| f.contents.as_str()).collect();
    let note = source
        .split("pub struct Note {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .expect("struct Note");
    assert!(
        note.contains("pub base: super::microsoft_graph::Entity,"),
        "{note}"
    );
    assert!(note.contains("pub body:"), "{note}");
    // `id` and `importance` are the base's fields, with the base's types.
    assert!(
        !note.contains("pub id:") && !note.contains("pub importance:"),
        "{note}"
    );
    assert!(source.contains("impl ::core::ops::Deref for Note {"));
    assert!(source.contains("pub fn base(&self) -> &super::microsoft_graph::Entity"));
    // Retyped (String for the enum) is a warning at the derived page's row;
    // listed again with the same type is not.
    let retyped: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "inherited-property-retyped")
        .collect();
    assert_eq!(retyped.len(), 1, "{diags:?}");
    assert_eq!((retyped[0].path.as_str(), retyped[0].line), ("note.md", 12));
    assert!(retyped[0].message.contains("`importance`"));
    // Selectors: entity types, with inherited properties; complex types none.
    assert!(source.contains("pub enum NoteField {"));
    let selector = source
        .split("pub enum NoteField {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .expect("enum NoteField");
    let variants: Vec<&str> = selector
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    assert_eq!(variants, ["Id", "Importance", "Body"]);
    assert!(source.contains("Self::Importance => \"importance\","));
    assert!(!source.contains("ItemBodyField"));
}
