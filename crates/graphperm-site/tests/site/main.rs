//! Integration tests of the static site: build it from the synthetic fixture and from
//! the shared upstream data, check every internal link resolves to a written file, the
//! sitemap, and serving over HTTP (`python3 -m http.server`) at the root and under a prefix.

mod build;
mod links;
mod serve;
mod support;
