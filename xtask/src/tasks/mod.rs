//! The commands behind `cargo xtask build | test | demo | mock` (`setup` is [`crate::tools::ensure_tools`]).

pub mod bench;
pub mod build;
pub mod demo;
pub mod e2e;
pub mod fuzz;
pub mod mock;
pub mod mock_npm;
pub mod runtimes;
pub mod short_names;
pub mod test;
