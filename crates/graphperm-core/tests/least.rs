//! Integration tests of the least-privilege engine against the shared Microsoft Graph data:
//! the call corpus, regressions of known failures of other tools, and property tests.

mod least {
    mod call_sets;
    mod corpus;
    mod learn;
    mod properties;
    mod ranking;
    mod regression;
    pub mod support;
}
