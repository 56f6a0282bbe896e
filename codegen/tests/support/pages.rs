//! Small pages written for tests, and the runs of `lint` over them.
#![allow(dead_code)] // each test file uses its own part

use graphgen::diag::Diagnostic;
use graphgen::drift::lint::{lint_with, LintOptions};

/// Writes the pages into a folder and lints them as `graphgen lint` does.
pub fn lint_pages(pages: &[(&str, &str)]) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in pages {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let inputs = [dir.path().to_path_buf()];
    let (decls, diags) = graphgen::read_pages(&inputs);
    let ir = graphgen::resolve::resolve(&decls, diags);
    let options = LintOptions {
        root: Some(dir.path().to_path_buf()),
        ..LintOptions::default()
    };
    lint_with(&decls, &ir, &options).findings
}

pub fn codes(found: &[Diagnostic]) -> Vec<(&str, &str, usize)> {
    found
        .iter()
        .map(|d| (d.code.as_str(), d.path.as_str(), d.line))
        .collect()
}

pub fn none_of(found: &[Diagnostic], code: &str) -> bool {
    found.iter().all(|d| d.code != code)
}

/// A resource page with the usual sections.
pub fn resource(name: &str, rows: &str, after: &str) -> String {
    format!("# {name} resource type\n\nNamespace: microsoft.graph\n\nA {name}.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n{rows}\n{after}\n## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n```json\n{{ \"id\": \"1\" }}\n```\n")
}

/// A method page with the usual sections.
pub fn method(heading: &str, request: &str, body: &str, response: &str, examples: &str) -> String {
    format!("# {heading}\n\nNamespace: microsoft.graph\n\nDoes it.\n\n## HTTP request\n\n```http\n{request}\n```\n\n## Request body\n\n{body}\n\n## Response\n\n{response}\n\n## Example\n\n{examples}\n")
}

pub const CSDL: &str = r#"<?xml version="1.0"?>
<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0"><edmx:DataServices>
<Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="microsoft.graph" Alias="graph">
  <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
  <EntityType Name="widget" BaseType="graph.entity"><Property Name="sizes" Type="Edm.String"/><Property Name="prompt" Type="graph.prompt"/></EntityType>
  <ComplexType Name="prompt"/>
  <ComplexType Name="mediaPrompt" BaseType="graph.prompt"/>
  <ComplexType Name="hit"><NavigationProperty Name="resource" Type="graph.widget"/></ComplexType>
  <EnumType Name="mode"><Member Name="on" Value="0"/></EnumType>
  <Action Name="play" IsBound="true"><Parameter Name="bindingParameter" Type="graph.widget"/><Parameter Name="prompts" Type="Collection(graph.prompt)"/></Action>
  <Function Name="pick" IsBound="true"><Parameter Name="bindingParameter" Type="graph.widget"/><Parameter Name="on" Type="graph.mode"/><ReturnType Type="Edm.String"/></Function>
</Schema></edmx:DataServices></edmx:Edmx>"#;

pub trait SeverityName {
    fn severity_name(&self) -> &'static str;
}

impl SeverityName for Diagnostic {
    fn severity_name(&self) -> &'static str {
        match self.severity {
            graphgen::diag::Severity::Error => "error",
            graphgen::diag::Severity::Warning => "warning",
            graphgen::diag::Severity::Note => "note",
        }
    }
}
