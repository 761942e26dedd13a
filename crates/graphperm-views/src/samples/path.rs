//! SDK request-builder names for the typed steps of a path walk
//! ([`graphperm_core::resolve::Step`]: the resolver's steps where the path is in the
//! version's schema, else [`graphperm_core::resolve::steps_without_schema`]).

use graphperm_core::resolve::Step;

/// The path segments in request-builder terms, as SDK namespaces and modules spell them:
/// keys are `item`, casts `graph<Type>`, `$value` is `content`.
pub fn builder_segments(steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .map(|step| match step {
            Step::Navigation { name } => name.clone(),
            Step::Key { .. } => "item".to_string(),
            Step::AlternateKey { collection, arguments } => {
                let keys: Vec<String> = arguments.iter().map(|(key, _)| super::quote::pascal(key)).collect();
                format!("{collection}With{}", keys.join("With"))
            }
            Step::Cast { type_name } => format!("graph{}", super::quote::pascal(type_name)),
            Step::Function { name, .. } | Step::Action { name, .. } => name.clone(),
            Step::Ref => "ref".to_string(),
            Step::Count => "count".to_string(),
            Step::Value => "content".to_string(),
            Step::ItemWithPath { name, .. } => format!("{name}ItemWithPath"),
        })
        .collect()
}
