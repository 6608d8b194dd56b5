//! Writes that survive a crash once acknowledged: the bytes are flushed to the disk, then the
//! directory entry that names them, before the caller commits the row or the marker that points
//! at them.

use std::fs::File;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` (through a temporary file renamed into place, so a crash leaves
/// either nothing or the whole file) and flushes file and directory to the disk.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("a file path needs a folder"))?;
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension("partial");
    {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    sync_dir(dir)
}

/// Flushes a directory's entries (new, renamed or removed files) to the disk.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Flushes every file under `dir` (recursively) and every directory, deepest first.
pub fn sync_tree(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            sync_tree(&path)?;
        } else {
            File::open(&path)?.sync_all()?;
        }
    }
    sync_dir(dir)
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_whole_files_and_leaves_no_partial_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a/b/file");
        super::write(&path, b"bytes").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"bytes");
        assert!(!path.with_extension("partial").exists());
        super::sync_tree(dir.path()).expect("sync");
    }
}
