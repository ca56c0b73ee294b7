//! classify: what language a file is written in and what role it plays in the project.
//!
//! Role decides which rules see a file: most code rules look at production code only.

mod language;
mod role;

pub use language::Language;
pub use role::{
    Role, classify_role, in_folder, is_dev_folder, is_distributed_js_build, is_generated_text,
    is_in_sample_dir,
};
