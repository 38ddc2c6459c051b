//! Build script of the perf floor: generates Tauri's context (config, assets, capabilities).

fn main() {
    tauri_build::build();
}
