//! `readiness`: audits a repository for production readiness.
//!
//! The pipeline, one module per stage: [`walk`] → [`classify`] → [`model`] → [`parse`] →
//! [`rules`] → [`findings`] → [`score`] → [`report`]. [`engine`] runs the stages; [`app`] turns
//! a command line into a run.

pub mod app;
pub mod classify;
pub mod cli;
pub mod config;
pub mod engine;
pub mod findings;
pub mod init;
pub mod model;
pub mod parse;
pub mod report;
pub mod rules;
pub mod score;
pub mod secrets;
pub mod walk;
