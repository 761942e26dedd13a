//! Reads an OData CSDL file (`cleanMetadataWithDescriptions*.xml`) into a [`Schema`].
//!
//! A streaming quick-xml pass collects schemas, types, operations and the entity
//! container; descriptions come from inline `Org.OData.Core.V1.Description` annotations
//! and from out-of-line `<Annotations Target="...">` blocks. Aliases (`graph.`) are
//! expanded to their namespace after the pass, because a reference may precede the
//! schema that declares its alias.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::error::LoadError;
use crate::model::ApiVersion;
use crate::schema::{
    NavigationProperty, Operation, OperationKind, Property, Root, Schema, TypeDef, TypeKind, split_collection,
};

const DESCRIPTION_TERM: &str = "Org.OData.Core.V1.Description";

/// Parses CSDL text. `path` only names the file in errors.
pub fn parse(text: &str, version: ApiVersion, path: &Path) -> Result<Schema, LoadError> {
    let mut parser = Parser::default();
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut open: Vec<String> = Vec::new();
    loop {
        let position = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|error| xml_error(path, text, reader.error_position() as usize, &error.to_string()))?;
        match event {
            Event::Start(element) => {
                let name = local_name(&element);
                parser
                    .start(&name, &element, true)
                    .map_err(|message| xml_error(path, text, position, &message))?;
                open.push(name);
            }
            Event::Empty(element) => {
                let name = local_name(&element);
                parser
                    .start(&name, &element, false)
                    .map_err(|message| xml_error(path, text, position, &message))?;
                parser.end(&name);
            }
            Event::End(element) => {
                let name = String::from_utf8_lossy(element.local_name().as_ref()).into_owned();
                open.pop();
                parser.end(&name);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(unclosed) = open.last() {
        return Err(xml_error(
            path,
            text,
            text.len(),
            &format!("unexpected end of file: element <{unclosed}> is not closed (truncated file?)"),
        ));
    }
    if !parser.saw_schema {
        return Err(xml_error(path, text, 0, "expected an OData CSDL document with a <Schema> element"));
    }
    Ok(parser.finish(version))
}

fn local_name(element: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(element.local_name().as_ref()).into_owned()
}

fn xml_error(path: &Path, text: &str, offset: usize, message: &str) -> LoadError {
    let (line, column) = line_column(text, offset);
    LoadError::Xml { path: path.to_path_buf(), line, column, message: message.to_string() }
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = offset - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, column)
}

/// Where an inline annotation goes.
#[derive(Debug, Clone, Copy)]
enum Target {
    Type(usize),
    Property(usize, usize),
    Navigation(usize, usize),
    Operation(usize),
    Member,
    None,
}

#[derive(Default)]
struct Parser {
    saw_schema: bool,
    namespace: String,
    aliases: HashMap<String, String>,
    types: Vec<TypeDef>,
    operations: Vec<Operation>,
    roots: Vec<Root>,
    /// Out-of-line descriptions: target path → description.
    annotations: Vec<(String, String)>,
    current_type: Option<usize>,
    current_operation: Option<usize>,
    in_key: bool,
    annotations_target: Option<String>,
    /// Innermost annotatable element, with the element name that opened it.
    targets: Vec<(String, Target)>,
}

impl Parser {
    fn start(&mut self, name: &str, element: &BytesStart<'_>, has_children: bool) -> Result<(), String> {
        let attributes = attributes(element)?;
        let attribute = |key: &str| attributes.get(key).cloned();
        let mut target = Target::None;
        match name {
            "Schema" => {
                self.saw_schema = true;
                self.namespace = attribute("Namespace").ok_or("<Schema> without Namespace")?;
                if let Some(alias) = attribute("Alias") {
                    self.aliases.insert(alias, self.namespace.clone());
                }
            }
            "EntityType" | "ComplexType" | "EnumType" => {
                let kind = match name {
                    "EntityType" => TypeKind::Entity,
                    "ComplexType" => TypeKind::Complex,
                    _ => TypeKind::Enum,
                };
                self.types.push(TypeDef {
                    kind,
                    name: attribute("Name").ok_or_else(|| format!("<{name}> without Name"))?,
                    namespace: self.namespace.clone(),
                    base_type: attribute("BaseType"),
                    is_abstract: attribute("Abstract").as_deref() == Some("true"),
                    key: Vec::new(),
                    properties: Vec::new(),
                    navigation: Vec::new(),
                    members: Vec::new(),
                    description: None,
                    derived: Vec::new(),
                });
                let index = self.types.len() - 1;
                self.current_type = Some(index);
                target = Target::Type(index);
            }
            "Key" => self.in_key = true,
            "PropertyRef" if self.in_key => {
                if let (Some(index), Some(key)) = (self.current_type, attribute("Name")) {
                    self.types[index].key.push(key);
                }
            }
            "Property" => {
                if let Some(index) = self.current_type {
                    let ty = &mut self.types[index];
                    ty.properties.push(Property {
                        name: attribute("Name").ok_or("<Property> without Name")?,
                        type_name: attribute("Type").ok_or("<Property> without Type")?,
                        nullable: attribute("Nullable").as_deref() != Some("false"),
                        description: None,
                    });
                    target = Target::Property(index, ty.properties.len() - 1);
                }
            }
            "NavigationProperty" => {
                if let Some(index) = self.current_type {
                    let type_name = attribute("Type").ok_or("<NavigationProperty> without Type")?;
                    let (inner, collection) = split_collection(&type_name);
                    let ty = &mut self.types[index];
                    ty.navigation.push(NavigationProperty {
                        name: attribute("Name").ok_or("<NavigationProperty> without Name")?,
                        target: inner.to_string(),
                        collection,
                        contains_target: attribute("ContainsTarget").as_deref() == Some("true"),
                        description: None,
                    });
                    target = Target::Navigation(index, ty.navigation.len() - 1);
                }
            }
            "Member" => {
                if let Some(index) = self.current_type
                    && let Some(member) = attribute("Name")
                {
                    self.types[index].members.push(member);
                }
                target = Target::Member;
            }
            "Action" | "Function" => {
                let kind = if name == "Action" { OperationKind::Action } else { OperationKind::Function };
                self.operations.push(Operation {
                    kind,
                    name: attribute("Name").ok_or_else(|| format!("<{name}> without Name"))?,
                    namespace: self.namespace.clone(),
                    is_bound: attribute("IsBound").as_deref() == Some("true"),
                    binding_type: None,
                    binding_collection: false,
                    parameters: Vec::new(),
                    return_type: None,
                    description: None,
                });
                let index = self.operations.len() - 1;
                self.current_operation = Some(index);
                target = Target::Operation(index);
            }
            "Parameter" => {
                if let Some(index) = self.current_operation {
                    let operation = &mut self.operations[index];
                    let parameter_name = attribute("Name").unwrap_or_default();
                    let parameter_type = attribute("Type").unwrap_or_default();
                    if operation.is_bound && operation.binding_type.is_none() {
                        let (inner, collection) = split_collection(&parameter_type);
                        operation.binding_type = Some(inner.to_string());
                        operation.binding_collection = collection;
                    } else {
                        operation.parameters.push((parameter_name, parameter_type));
                    }
                }
            }
            "ReturnType" => {
                if let Some(index) = self.current_operation {
                    self.operations[index].return_type = attribute("Type");
                }
            }
            "EntitySet" | "Singleton" => {
                let type_name = attribute(if name == "EntitySet" { "EntityType" } else { "Type" })
                    .ok_or_else(|| format!("<{name}> without a type"))?;
                self.roots.push(Root {
                    name: attribute("Name").ok_or_else(|| format!("<{name}> without Name"))?,
                    type_name,
                    collection: name == "EntitySet",
                });
            }
            "Annotations" => self.annotations_target = attribute("Target"),
            "Annotation" => {
                if attribute("Term").as_deref() == Some(DESCRIPTION_TERM)
                    && let Some(description) = attribute("String")
                {
                    self.describe(description);
                }
            }
            _ => {}
        }
        if has_children || !matches!(target, Target::None) {
            self.targets.push((name.to_string(), target));
        }
        Ok(())
    }

    fn end(&mut self, name: &str) {
        if self.targets.last().is_some_and(|(opened, _)| opened == name) {
            self.targets.pop();
        }
        match name {
            "EntityType" | "ComplexType" | "EnumType" => self.current_type = None,
            "Action" | "Function" => self.current_operation = None,
            "Key" => self.in_key = false,
            "Annotations" => self.annotations_target = None,
            _ => {}
        }
    }

    /// Attaches a description to the innermost annotatable element, or to the
    /// out-of-line `<Annotations>` target.
    fn describe(&mut self, description: String) {
        let innermost = self
            .targets
            .iter()
            .rev()
            .map(|(_, target)| *target)
            .find(|target| !matches!(target, Target::None));
        match innermost {
            Some(Target::Type(index)) => {
                self.types[index].description.get_or_insert(description);
            }
            Some(Target::Property(index, property)) => {
                self.types[index].properties[property].description.get_or_insert(description);
            }
            Some(Target::Navigation(index, navigation)) => {
                self.types[index].navigation[navigation].description.get_or_insert(description);
            }
            Some(Target::Operation(index)) => {
                self.operations[index].description.get_or_insert(description);
            }
            Some(Target::Member) => {}
            Some(Target::None) | None => {
                if let Some(target) = &self.annotations_target {
                    self.annotations.push((target.clone(), description));
                }
            }
        }
    }

    fn finish(mut self, version: ApiVersion) -> Schema {
        let aliases = std::mem::take(&mut self.aliases);
        let expand = |name: &str| expand_alias(name, &aliases);
        for ty in &mut self.types {
            ty.base_type = ty.base_type.as_deref().map(expand);
            for property in &mut ty.properties {
                property.type_name = expand(&property.type_name);
            }
            for navigation in &mut ty.navigation {
                navigation.target = expand(&navigation.target);
            }
        }
        for operation in &mut self.operations {
            operation.binding_type = operation.binding_type.as_deref().map(expand);
            operation.return_type = operation.return_type.as_deref().map(expand);
            for (_, parameter_type) in &mut operation.parameters {
                *parameter_type = expand(parameter_type);
            }
        }
        for root in &mut self.roots {
            root.type_name = expand(&root.type_name);
        }
        let annotations = std::mem::take(&mut self.annotations);
        let mut schema = Schema::new(version, self.types, self.operations, self.roots);
        apply_annotations(&mut schema, annotations, &aliases);
        schema
    }
}

fn attributes(element: &BytesStart<'_>) -> Result<HashMap<String, String>, String> {
    let mut found = HashMap::new();
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|error| format!("malformed attribute: {error}"))?;
        let key = String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
        let value = attribute
            .unescape_value()
            .map_err(|error| format!("malformed attribute value of {key}: {error}"))?
            .into_owned();
        found.insert(key, value);
    }
    Ok(found)
}

/// `graph.user` → `microsoft.graph.user`; `Collection(graph.x)` likewise.
fn expand_alias(name: &str, aliases: &HashMap<String, String>) -> String {
    let (inner, collection) = split_collection(name);
    let expanded = match inner.split_once('.') {
        Some((prefix, rest)) => match aliases.get(prefix) {
            Some(namespace) => format!("{namespace}.{rest}"),
            None => inner.to_string(),
        },
        None => inner.to_string(),
    };
    if collection { format!("Collection({expanded})") } else { expanded }
}

/// Out-of-line annotations: `Target="microsoft.graph.user"` or `.../propertyName`.
fn apply_annotations(
    schema: &mut Schema,
    annotations: Vec<(String, String)>,
    aliases: &HashMap<String, String>,
) {
    for (target, description) in annotations {
        let (type_part, member) = match target.split_once('/') {
            Some((type_part, member)) => (type_part.to_string(), Some(member.to_string())),
            None => (target.clone(), None),
        };
        let Some(index) = schema.type_id(&expand_alias(&type_part, aliases)) else {
            continue;
        };
        let ty = &mut schema.types[index];
        match member {
            None => {
                ty.description.get_or_insert(description);
            }
            Some(member) => {
                if let Some(property) = ty.properties.iter_mut().find(|p| p.name == member) {
                    property.description.get_or_insert(description);
                } else if let Some(navigation) = ty.navigation.iter_mut().find(|n| n.name == member) {
                    navigation.description.get_or_insert(description);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="widget" BaseType="graph.entity">
        <Property Name="displayName" Type="Edm.String">
          <Annotation Term="Org.OData.Core.V1.Description" String="The name &amp; title." />
        </Property>
        <Property Name="config" Type="graph.configBase" />
        <NavigationProperty Name="parts" Type="Collection(graph.part)" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="part" BaseType="graph.entity" />
      <ComplexType Name="configBase" Abstract="true" />
      <ComplexType Name="basicConfig" BaseType="graph.configBase">
        <Property Name="user" Type="Edm.String" />
      </ComplexType>
      <EnumType Name="color"><Member Name="red" Value="0" /></EnumType>
      <Action Name="upload" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.widget" />
        <Parameter Name="value" Type="Edm.String" />
        <ReturnType Type="graph.widget" />
      </Action>
      <Function Name="delta" IsBound="true">
        <Parameter Name="bindingParameter" Type="Collection(graph.widget)" />
        <ReturnType Type="Collection(graph.widget)" />
      </Function>
      <EntityContainer Name="GraphService">
        <EntitySet Name="widgets" EntityType="microsoft.graph.widget" />
        <Singleton Name="me" Type="microsoft.graph.widget" />
      </EntityContainer>
      <Annotations Target="microsoft.graph.widget">
        <Annotation Term="Org.OData.Core.V1.Description" String="A widget." />
      </Annotations>
      <Annotations Target="microsoft.graph.widget/config">
        <Annotation Term="Org.OData.Core.V1.Description" String="How it is set up." />
      </Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

    fn tiny() -> Schema {
        parse(TINY, ApiVersion::V1, Path::new("tiny.xml")).unwrap()
    }

    #[test]
    fn reads_types_with_alias_expanded() {
        let schema = tiny();
        let widget = schema.find_type("widget").unwrap();
        assert_eq!(widget.base_type.as_deref(), Some("microsoft.graph.entity"));
        assert_eq!(widget.properties[1].type_name, "microsoft.graph.configBase");
        assert_eq!(widget.navigation[0].target, "microsoft.graph.part");
        assert!(widget.navigation[0].collection && widget.navigation[0].contains_target);
        assert_eq!(schema.key_of("microsoft.graph.widget"), ["id"]);
        assert!(!schema.all_properties("widget")[0].nullable);
        assert_eq!(schema.find_type("color").unwrap().members, ["red"]);
        assert_eq!(schema.all_derived("configBase"), ["microsoft.graph.basicConfig"]);
    }

    #[test]
    fn reads_inline_and_out_of_line_descriptions() {
        let schema = tiny();
        let widget = schema.find_type("microsoft.graph.widget").unwrap();
        assert_eq!(widget.description.as_deref(), Some("A widget."));
        assert_eq!(widget.properties[0].description.as_deref(), Some("The name & title."));
        assert_eq!(widget.properties[1].description.as_deref(), Some("How it is set up."));
        assert_eq!(widget.navigation[0].description, None);
    }

    #[test]
    fn reads_operations_and_roots() {
        let schema = tiny();
        let upload = &schema.bound_operations("widget", "UPLOAD")[0];
        assert_eq!(upload.parameters, [("value".to_string(), "Edm.String".to_string())]);
        assert_eq!(upload.return_type.as_deref(), Some("microsoft.graph.widget"));
        let delta = &schema.bound_operations("widget", "delta")[0];
        assert!(delta.binding_collection);
        assert!(schema.root("WIDGETS").unwrap().collection);
        assert!(!schema.root("me").unwrap().collection);
    }

    #[test]
    fn truncated_file_names_the_unclosed_element() {
        let cut = &TINY[..TINY.find("<EnumType").unwrap()];
        let error = parse(cut, ApiVersion::V1, Path::new("cut.xml")).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("cut.xml:"), "{message}");
        assert!(message.contains("not closed"), "{message}");
    }

    #[test]
    fn invalid_xml_gives_line_and_column() {
        let broken = "<Schema Namespace=\"x\">\n  <EntityType Name=\"a\"></Wrong>\n</Schema>";
        let error = parse(broken, ApiVersion::V1, Path::new("bad.xml")).unwrap_err();
        match error {
            LoadError::Xml { line, .. } => assert_eq!(line, 2),
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn line_column_counts_from_one() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("", 0), (1, 1));
    }
}
