//! Change history of a sync cache (work in progress).
