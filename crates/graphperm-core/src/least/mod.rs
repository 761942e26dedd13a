//! The least-privilege engine: request URLs in, the least-privileged permissions per
//! scheme out.
