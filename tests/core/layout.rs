//! The architecture as a test: the core never imports the GUI.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_core_never_imports_egui() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    assert!(files.len() > 10);
    for file in files {
        let relative = file
            .strip_prefix("src")
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if relative.starts_with("ui/") || relative == "ui.rs" || relative == "main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for gui in ["egui", "eframe", "rfd::"] {
            assert!(
                !text.contains(gui),
                "{} names {gui}: only src/ui may",
                file.display()
            );
        }
    }
}
