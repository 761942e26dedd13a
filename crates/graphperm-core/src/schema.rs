//! One API version's OData schema (CSDL): types, properties, navigation properties,
//! operations, entity sets and singletons, with case-insensitive lookups.
//!
//! Built by [`crate::load::csdl`]. Type names are stored fully qualified with the
//! namespace (`microsoft.graph.user`); the `graph.` alias is expanded while loading.

use rustc_hash::FxHashMap as HashMap;

use crate::model::ApiVersion;

/// What kind of type a [`TypeDef`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeKind {
    Entity,
    Complex,
    Enum,
}

impl TypeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TypeKind::Entity => "entity",
            TypeKind::Complex => "complex",
            TypeKind::Enum => "enum",
        }
    }
}

/// An entity, complex or enum type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub kind: TypeKind,
    /// Short name, e.g. `identityApiConnector`.
    pub name: String,
    pub namespace: String,
    /// Fully qualified base type name.
    pub base_type: Option<String>,
    pub is_abstract: bool,
    /// Key property names (declared on this type; inherited keys come from the base).
    pub key: Vec<String>,
    pub properties: Vec<Property>,
    pub navigation: Vec<NavigationProperty>,
    /// Enum members.
    pub members: Vec<String>,
    pub description: Option<String>,
    /// Fully qualified names of the types deriving directly from this one.
    pub derived: Vec<String>,
}

impl TypeDef {
    pub fn full_name(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

/// A structural property.
#[derive(Debug, Clone)]
pub struct Property {
    pub name: String,
    /// The type as written, alias expanded: `Edm.String`, `Collection(microsoft.graph.x)`.
    pub type_name: String,
    pub nullable: bool,
    pub description: Option<String>,
}

/// A navigation property (a relationship).
#[derive(Debug, Clone)]
pub struct NavigationProperty {
    pub name: String,
    /// Fully qualified target type (without `Collection(...)`).
    pub target: String,
    pub collection: bool,
    pub contains_target: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationKind {
    Function,
    Action,
}

/// A bound or unbound function or action.
#[derive(Debug, Clone)]
pub struct Operation {
    pub kind: OperationKind,
    pub name: String,
    pub namespace: String,
    pub is_bound: bool,
    /// The binding parameter's type (fully qualified, without `Collection(...)`).
    pub binding_type: Option<String>,
    pub binding_collection: bool,
    /// Parameters after the binding parameter: (name, type).
    pub parameters: Vec<(String, String)>,
    /// Return type as written (alias expanded), e.g. `Collection(microsoft.graph.user)`.
    pub return_type: Option<String>,
    pub description: Option<String>,
}

/// An entity set or singleton of the entity container.
#[derive(Debug, Clone)]
pub struct Root {
    pub name: String,
    /// Fully qualified entity type.
    pub type_name: String,
    /// True for entity sets, false for singletons.
    pub collection: bool,
}

/// One version's schema.
#[derive(Debug, Clone)]
pub struct Schema {
    pub version: ApiVersion,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    pub roots: Vec<Root>,
    /// Lower-cased full name → index in `types`.
    pub(crate) type_index: HashMap<String, usize>,
    /// Lower-cased short name → indexes in `types` (short names repeat across namespaces).
    pub(crate) short_index: HashMap<String, Vec<usize>>,
    /// Lower-cased root name → index in `roots`.
    pub(crate) root_index: HashMap<String, usize>,
    /// Lower-cased unbound operation name → indexes in `operations`.
    pub(crate) unbound_index: HashMap<String, Vec<usize>>,
    /// Per type: its base type's index.
    base_ids: Vec<Option<usize>>,
    /// Per type: the operations bound to exactly that type.
    bound_by_type: Vec<Vec<usize>>,
}

/// Deepest inheritance chain followed; malformed input with a cycle stops there.
const MAX_DEPTH: usize = 64;

/// The namespace every Graph type lives under (or below).
pub const GRAPH_NAMESPACE: &str = "microsoft.graph";

impl Schema {
    /// Builds the lookup indexes and derived-type lists. Called once by the loader.
    pub fn new(
        version: ApiVersion,
        types: Vec<TypeDef>,
        operations: Vec<Operation>,
        roots: Vec<Root>,
    ) -> Schema {
        let mut schema = Schema {
            version,
            types,
            operations,
            roots,
            type_index: HashMap::default(),
            short_index: HashMap::default(),
            root_index: HashMap::default(),
            unbound_index: HashMap::default(),
            base_ids: Vec::new(),
            bound_by_type: Vec::new(),
        };
        for (index, ty) in schema.types.iter().enumerate() {
            schema.type_index.insert(ty.full_name().to_ascii_lowercase(), index);
            schema.short_index.entry(ty.name.to_ascii_lowercase()).or_default().push(index);
        }
        let mut derived: Vec<(usize, String)> = Vec::new();
        for ty in &schema.types {
            if let Some(base) = &ty.base_type
                && let Some(&base_index) = schema.type_index.get(&base.to_ascii_lowercase())
            {
                derived.push((base_index, ty.full_name()));
            }
        }
        for (base_index, name) in derived {
            schema.types[base_index].derived.push(name);
        }
        schema.base_ids = schema
            .types
            .iter()
            .map(|ty| {
                ty.base_type
                    .as_deref()
                    .and_then(|base| schema.type_index.get(&base.to_ascii_lowercase()).copied())
            })
            .collect();
        schema.bound_by_type = vec![Vec::new(); schema.types.len()];
        for (index, operation) in schema.operations.iter().enumerate() {
            if operation.is_bound
                && let Some(binding) = &operation.binding_type
                && let Some(&type_index) = schema.type_index.get(&binding.to_ascii_lowercase())
            {
                schema.bound_by_type[type_index].push(index);
            }
        }
        for (index, root) in schema.roots.iter().enumerate() {
            schema.root_index.insert(root.name.to_ascii_lowercase(), index);
        }
        for (index, operation) in schema.operations.iter().enumerate() {
            if !operation.is_bound {
                schema.unbound_index.entry(operation.name.to_ascii_lowercase()).or_default().push(index);
            }
        }
        schema
    }

    /// A type by fully qualified name, or by short name in `microsoft.graph` first.
    pub fn find_type(&self, name: &str) -> Option<&TypeDef> {
        self.type_id(name).map(|index| &self.types[index])
    }

    pub fn type_id(&self, name: &str) -> Option<usize> {
        let lower = name.to_ascii_lowercase();
        if let Some(&index) = self.type_index.get(&lower) {
            return Some(index);
        }
        if let Some(&index) = self.type_index.get(&format!("{GRAPH_NAMESPACE}.{lower}")) {
            return Some(index);
        }
        self.short_index.get(&lower).and_then(|indexes| indexes.first().copied())
    }

    pub fn root(&self, name: &str) -> Option<&Root> {
        self.root_index.get(&name.to_ascii_lowercase()).map(|&index| &self.roots[index])
    }

    /// Indexes of a type and its base types, most derived first.
    pub fn ancestry_ids(&self, id: usize) -> Vec<usize> {
        let mut chain = Vec::with_capacity(4);
        let mut next = Some(id);
        while let Some(current) = next {
            if chain.contains(&current) || chain.len() >= MAX_DEPTH {
                break;
            }
            chain.push(current);
            next = self.base_ids.get(current).copied().flatten();
        }
        chain
    }

    /// The chain of a type and its base types, most derived first.
    pub fn ancestry(&self, name: &str) -> Vec<&TypeDef> {
        match self.type_id(name) {
            Some(id) => self.ancestry_ids(id).into_iter().map(|index| &self.types[index]).collect(),
            None => Vec::new(),
        }
    }

    /// A navigation property of a type or its base types, case-insensitively.
    pub fn find_navigation(&self, type_name: &str, name: &str) -> Option<&NavigationProperty> {
        self.ancestry(type_name)
            .into_iter()
            .find_map(|ty| ty.navigation.iter().find(|n| n.name.eq_ignore_ascii_case(name)))
    }

    /// A structural property of a type or its base types, case-insensitively.
    pub fn find_property(&self, type_name: &str, name: &str) -> Option<&Property> {
        self.ancestry(type_name)
            .into_iter()
            .find_map(|ty| ty.properties.iter().find(|p| p.name.eq_ignore_ascii_case(name)))
    }

    /// Every property of a type, inherited ones first (base-most type first).
    pub fn all_properties(&self, name: &str) -> Vec<&Property> {
        self.ancestry(name).into_iter().rev().flat_map(|ty| ty.properties.iter()).collect()
    }

    /// Every navigation property of a type, inherited ones first.
    pub fn all_navigation(&self, name: &str) -> Vec<&NavigationProperty> {
        self.ancestry(name).into_iter().rev().flat_map(|ty| ty.navigation.iter()).collect()
    }

    /// The key property names of a type (searching base types).
    pub fn key_of(&self, name: &str) -> Vec<String> {
        self.ancestry(name)
            .into_iter()
            .find(|ty| !ty.key.is_empty())
            .map(|ty| ty.key.clone())
            .unwrap_or_default()
    }

    /// Every type deriving from `name`, directly or not, breadth-first.
    pub fn all_derived(&self, name: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        let mut queue: Vec<String> = self.find_type(name).map(|ty| ty.derived.clone()).unwrap_or_default();
        while let Some(next) = queue.first().cloned() {
            queue.remove(0);
            if found.iter().any(|seen| seen.eq_ignore_ascii_case(&next)) || found.len() > 2048 {
                continue;
            }
            if let Some(ty) = self.find_type(&next) {
                queue.extend(ty.derived.iter().cloned());
            }
            found.push(next);
        }
        found
    }

    /// True when `name` is `ancestor` or derives from it.
    pub fn is_a(&self, name: &str, ancestor: &str) -> bool {
        match (self.type_id(name), self.type_id(ancestor)) {
            (Some(id), Some(ancestor_id)) => self.ancestry_ids(id).contains(&ancestor_id),
            _ => false,
        }
    }

    /// Operations bound to `type_name` or one of its base types, named `name`.
    pub fn bound_operations(&self, type_name: &str, name: &str) -> Vec<&Operation> {
        let Some(id) = self.type_id(type_name) else {
            return Vec::new();
        };
        self.ancestry_ids(id)
            .into_iter()
            .flat_map(|index| self.bound_by_type[index].iter())
            .map(|&index| &self.operations[index])
            .filter(|operation| operation.name.eq_ignore_ascii_case(name))
            .collect()
    }

    /// Unbound operations (function/action imports) named `name`.
    pub fn unbound_operations(&self, name: &str) -> Vec<&Operation> {
        self.unbound_index
            .get(&name.to_ascii_lowercase())
            .map(|indexes| indexes.iter().map(|&i| &self.operations[i]).collect())
            .unwrap_or_default()
    }
}

/// Splits `Collection(x)` into (`x`, true); anything else into (itself, false).
pub fn split_collection(type_name: &str) -> (&str, bool) {
    match type_name.strip_prefix("Collection(").and_then(|rest| rest.strip_suffix(')')) {
        Some(inner) => (inner, true),
        None => (type_name, false),
    }
}

/// The short name of a qualified type name: `microsoft.graph.user` → `user`.
pub fn short_name(type_name: &str) -> &str {
    type_name.rsplit('.').next().unwrap_or(type_name)
}

/// The name a type's page goes by: its name within `microsoft.graph`, so types of
/// nested namespaces keep theirs (`microsoft.graph.userIdentity` → `userIdentity`,
/// `microsoft.graph.callRecords.userIdentity` → `callRecords.userIdentity`: two types,
/// two pages). [`Schema::find_type`] finds a type by this name.
pub fn page_name(type_name: &str) -> &str {
    let prefix = GRAPH_NAMESPACE.len() + 1;
    match type_name.get(..prefix) {
        Some(head) if head.eq_ignore_ascii_case("microsoft.graph.") => &type_name[prefix..],
        _ => type_name,
    }
}
