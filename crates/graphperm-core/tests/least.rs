//! Integration tests of the least-privilege engine against the shared Microsoft Graph data:
//! the call corpus, regressions of known failures of other tools, property tests, the
//! ranking over the whole data, realistic call sets, Learn examples and the data checks.

mod least {
    mod call_sets;
    mod corpus;
    mod learn;
    mod lint;
    mod properties;
    mod ranking;
    mod regression;
    pub mod support;
}
