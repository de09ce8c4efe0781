//! The architecture as a test: the layers of `src/` import only downwards,
//! the core never names the GUI, and no files import each other in a circle.
//!
//! Layers, bottom up: shared helpers (`files`, `errors`, `format`, `trace`)
//! → `model` → `data` → `engine` → `analysis` → `export` and `sample` →
//! `cli` and `ui` (which never import each other) → `main`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every source file as its module path (`engine::plan`, `ui`, `lib`) and text.
fn modules() -> BTreeMap<String, String> {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    files
        .into_iter()
        .map(|file| {
            let relative = file
                .strip_prefix("src")
                .unwrap()
                .with_extension("")
                .to_string_lossy()
                .replace('\\', "/");
            let module = relative.trim_end_matches("/mod").replace('/', "::");
            (module, std::fs::read_to_string(&file).unwrap())
        })
        .collect()
}

/// The top-level module of a module path.
fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

fn layer(top: &str) -> Option<usize> {
    Some(match top {
        "files" | "errors" | "format" | "trace" => 0,
        "model" => 1,
        "data" => 2,
        "engine" => 3,
        "analysis" => 4,
        "export" | "sample" | "project" => 5,
        "cli" | "ui" => 6,
        "main" | "lib" => 7,
        _ => return None,
    })
}

/// Text without comments, so a doc comment naming a module is no import.
fn code_of(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules a file refers to: `crate::a::b` and `super::c` paths,
/// resolved to the longest module that exists.
fn references(module: &str, text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let code = code_of(text);
    let parent: Vec<&str> = {
        let mut parts: Vec<&str> = module.split("::").collect();
        parts.pop();
        parts
    };
    let mut found = BTreeSet::new();
    let mut paths: Vec<Vec<String>> = Vec::new();
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent.clone())] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(prefix) {
            let after = &rest[at + prefix.len()..];
            let mut path: Vec<String> = base.iter().map(|s| (*s).to_owned()).collect();
            // `use super::{a, b::c}` names several paths at once.
            if let Some(group) = after.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let mut item_path = path.clone();
                    item_path.extend(segments(item.trim()));
                    paths.push(item_path);
                }
            } else {
                path.extend(segments(after));
                paths.push(path);
            }
            rest = after;
        }
    }
    for path in paths {
        for len in (1..=path.len()).rev() {
            let candidate = path[..len].join("::");
            if known.contains(&candidate) {
                if candidate != module {
                    found.insert(candidate);
                }
                break;
            }
        }
    }
    found
}

fn segments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split("::") {
        let name: String = part
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() || name == "self" {
            break;
        }
        out.push(name);
        if !part.chars().all(|c| c.is_alphanumeric() || c == '_') {
            break;
        }
    }
    out
}

#[test]
fn layers_import_only_downwards() {
    let modules = modules();
    assert!(modules.len() > 40, "{} modules", modules.len());
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let mut wrong = Vec::new();
    for (module, text) in &modules {
        let Some(own) = layer(top(module)) else {
            wrong.push(format!("{module}: in no layer"));
            continue;
        };
        for used in references(module, text, &known) {
            let other = top(&used);
            if other == top(module) {
                continue;
            }
            let Some(theirs) = layer(other) else { continue };
            if theirs >= own {
                wrong.push(format!("{module} imports {used}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_core_never_names_the_gui() {
    for (module, text) in modules() {
        if matches!(top(&module), "ui" | "main") {
            continue;
        }
        let code = code_of(&text);
        for gui in ["egui", "eframe", "rfd::"] {
            assert!(!code.contains(gui), "{module} names {gui}: only src/ui may");
        }
    }
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let graph: BTreeMap<&str, BTreeSet<String>> = modules
        .iter()
        .map(|(module, text)| {
            let mut edges = references(module, text, &known);
            // A parent declaring its children (`mod x;`, `pub use x::…`) is
            // how Rust lists a folder, not a dependency.
            edges.retain(|used| !used.starts_with(&format!("{module}::")));
            if module == "lib" || module == "main" {
                edges.clear();
            }
            (module.as_str(), edges)
        })
        .collect();
    // Depth-first search; a grey node met again closes a circle.
    fn visit<'a>(
        node: &'a str,
        graph: &'a BTreeMap<&'a str, BTreeSet<String>>,
        state: &mut BTreeMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        state.insert(node, 1);
        stack.push(node);
        for next in graph.get(node).into_iter().flatten() {
            let next = next.as_str();
            match state.get(next).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|n| *n == next).unwrap_or(0);
                    let mut circle: Vec<String> =
                        stack[from..].iter().map(|n| (*n).to_owned()).collect();
                    circle.push(next.to_owned());
                    return Some(circle);
                }
                0 => {
                    if let Some((key, _)) = graph.get_key_value(next)
                        && let Some(circle) = visit(key, graph, state, stack)
                    {
                        return Some(circle);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node, 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node).copied().unwrap_or(0) == 0
            && let Some(circle) = visit(node, &graph, &mut state, &mut Vec::new())
        {
            panic!("a circle of imports: {}", circle.join(" -> "));
        }
    }
}

/// The checker itself: it sees `super::{a, b}` groups and `crate::` paths.
#[test]
fn references_are_resolved_to_modules() {
    let known: BTreeSet<String> = ["ui", "ui::a", "ui::b", "engine", "engine::scores", "model"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let text = "use super::{a, b::Thing};\nuse crate::engine::scores::Scores;\n// crate::model\n";
    let found = references("ui::c", text, &known);
    let expected: BTreeSet<String> = ["ui::a", "ui::b", "engine::scores"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(found, expected);
}
