//! The model files the server hands to browsers (`GET /api/models/{model}/{file}`): which
//! files exist, where they are, and their ETags, computed once when the server starts.
//!
//! The folder is `--models-dir` (`PORTAL_MODELS_DIR`), else `models/` in the working
//! directory; never a path compiled into the binary.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::Error;

/// The files a model may serve: (model, file, content type).
pub const FILES: [(&str, &str, &str); 19] = [
    ("fraud", "model.onnx", "application/octet-stream"),
    ("fraud", "encoder.json", "application/json"),
    ("fraud", "model.json", "application/json"),
    ("hs", "tables.json", "application/json"),
    ("hs", "model.json", "application/json"),
    ("price", "model.onnx", "application/octet-stream"),
    ("price", "tables.json", "application/json"),
    ("price", "model.json", "application/json"),
    ("high-risk", "model.onnx", "application/octet-stream"),
    ("high-risk", "tables.json", "application/json"),
    ("high-risk", "model.json", "application/json"),
    ("supply-chain", "model.onnx", "application/octet-stream"),
    ("supply-chain", "model.json", "application/json"),
    ("rerouting", "model.onnx", "application/octet-stream"),
    ("rerouting", "model.json", "application/json"),
    ("delinquency", "model.onnx", "application/octet-stream"),
    ("delinquency", "model.json", "application/json"),
    ("tax-risk", "model.onnx", "application/octet-stream"),
    ("tax-risk", "model.json", "application/json"),
];

/// The models folder in effect: `given`, else `models/` in the working directory.
pub fn models_dir(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| PathBuf::from("models"))
}

/// One servable file.
#[derive(Debug, Clone)]
pub struct ModelFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its media type.
    pub content_type: &'static str,
    /// `"<sha256>"` of its bytes at start-up.
    pub etag: String,
}

/// The servable files found in a models folder.
#[derive(Debug, Clone, Default)]
pub struct ModelFiles {
    files: HashMap<(&'static str, &'static str), ModelFile>,
}

impl ModelFiles {
    /// Finds the [`FILES`] present under `dir` and hashes each once. Missing files are left out
    /// (logged): their model answers `data_unavailable`.
    pub fn scan(dir: &Path) -> Result<ModelFiles, Error> {
        let mut files = HashMap::new();
        for (model, name, content_type) in FILES {
            let path = dir.join(model).join(name);
            match std::fs::read(&path) {
                Ok(bytes) => {
                    let etag = format!("\"{:x}\"", Sha256::digest(&bytes));
                    files.insert(
                        (model, name),
                        ModelFile {
                            path,
                            content_type,
                            etag,
                        },
                    );
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    tracing::warn!(path = %path.display(), "model file missing");
                }
                Err(e) => return Err(Error::internal(format!("reading {}", path.display()), e)),
            }
        }
        Ok(ModelFiles { files })
    }

    /// The file `name` of `model`, if it is one of [`FILES`] and present.
    pub fn get(&self, model: &str, name: &str) -> Option<&ModelFile> {
        let (m, f, _) = FILES.iter().find(|(m, f, _)| *m == model && *f == name)?;
        self.files.get(&(*m, *f))
    }

    /// Whether `model/name` is one of [`FILES`] (present or not).
    pub fn is_known(model: &str, name: &str) -> bool {
        FILES.iter().any(|(m, f, _)| *m == model && *f == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_present_files_once_and_leaves_out_missing_ones() {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(tmp.path().join("fraud")).expect("dir");
        std::fs::write(tmp.path().join("fraud/model.onnx"), b"abc").expect("write");
        let m = ModelFiles::scan(tmp.path()).expect("scan");
        let f = m.get("fraud", "model.onnx").expect("present");
        assert_eq!(
            f.etag,
            "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\""
        );
        assert!(m.get("fraud", "encoder.json").is_none());
        assert!(ModelFiles::is_known("fraud", "encoder.json"));
        assert!(!ModelFiles::is_known("fraud", "../secret"));
        assert_eq!(models_dir(None), PathBuf::from("models"));
    }
}
