//! Tidings' fuzz targets share their checks: [`checks`] (also run over the saved regression
//! inputs by the normal test suite).

pub mod checks;
