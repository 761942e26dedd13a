//! Integration tests of the least-privilege engine against the shared Microsoft Graph data:
//! the call corpus, regressions of known failures of other tools, property tests, the
//! ranking over the whole data, realistic call sets, Learn examples and the data checks;
//! and, over a synthetic fixture, how the engine reads the catalogue by id.

mod least {
    mod call_sets;
    mod catalogue_ids;
    mod corpus;
    mod learn;
    mod lint;
    mod properties;
    mod ranking;
    mod regression;
    pub mod support;
}
