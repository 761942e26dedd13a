//! Renderers of catalogue changes (work in progress).
