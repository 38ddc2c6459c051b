//! Build script: generates Tauri's context and, from the one place commands are declared
//! (`src/commands.rs`), the permissions and the invoke handler for Meridian's own commands.
//!
//! A command is declared once, as a `#[tauri::command]` function in `src/commands.rs`. From
//! that list this script generates the `allow-…` permissions and `$OUT_DIR/handler.rs` (the
//! `generate_handler!` call `lib.rs` includes), and it refuses to build while
//! `capabilities/default.json` grants a different set; a shell test checks `ui/src/app/api.ts`.

use std::collections::BTreeSet;
use std::path::Path;

/// The `#[tauri::command]` functions of `src/commands.rs`, in file order.
fn declared_commands(source: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "#[tauri::command]" {
            continue;
        }
        let signature = lines.next().unwrap_or_default().trim();
        let name = signature
            .trim_start_matches("pub ")
            .trim_start_matches("async ")
            .trim_start_matches("fn ")
            .split(['(', '<'])
            .next()
            .unwrap_or_default();
        assert!(
            !name.is_empty() && signature.contains("fn "),
            "src/commands.rs: #[tauri::command] must be followed by `pub fn name(` on the next line, found {signature:?}"
        );
        commands.push(name.to_owned());
    }
    commands
}

/// The app-command permissions a capability file grants (`allow-foo-bar` → `foo_bar`).
fn granted_commands(capability: &str) -> BTreeSet<String> {
    capability
        .split('"')
        .filter_map(|token| token.strip_prefix("allow-"))
        .map(|name| name.replace('-', "_"))
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed=src/commands.rs");
    println!("cargo:rerun-if-changed=capabilities/default.json");
    let source = std::fs::read_to_string("src/commands.rs").expect("read src/commands.rs");
    let commands = declared_commands(&source);

    let capability =
        std::fs::read_to_string("capabilities/default.json").expect("read capabilities");
    let declared: BTreeSet<String> = commands.iter().cloned().collect();
    let granted = granted_commands(&capability);
    let missing: Vec<_> = declared.difference(&granted).collect();
    let stale: Vec<_> = granted.difference(&declared).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "capabilities/default.json disagrees with src/commands.rs: grant {missing:?} (as \"allow-name-with-dashes\") and remove {stale:?}"
    );

    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    let handler = format!(
        "::tauri::generate_handler![{}]\n",
        commands
            .iter()
            .map(|name| format!("crate::commands::{name}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(Path::new(&out_dir).join("handler.rs"), handler).expect("write handler.rs");
    std::fs::write(
        Path::new(&out_dir).join("commands.txt"),
        commands.join("\n"),
    )
    .expect("write commands.txt");

    // tauri-build wants a 'static list; a build script runs once, so leaking it is free.
    let names: &'static [&'static str] = Box::leak(
        commands
            .into_iter()
            .map(|name| &*Box::leak(name.into_boxed_str()))
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("tauri build step failed: check tauri.conf.json and capabilities/");
}
