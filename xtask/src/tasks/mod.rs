//! The commands behind `cargo xtask build | test | demo` (`setup` is [`crate::tools::ensure_tools`]).

pub mod build;
pub mod demo;
pub mod test;
