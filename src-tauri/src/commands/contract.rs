//! The command table the UI calls, kept equal to the code. Read from the commands' own
//! signatures in this folder: every `#[tauri::command]` is registered in `lib.rs` and every
//! registered command has one; `ui/src/ipc/commands.ts` lists each with its arguments as the UI
//! sends them (camelCase, as Tauri reads them) and what it resolves to. The UI's `call` and its
//! tests' fake shell are typed by that table, so a command or an argument renamed or retyped
//! here fails the UI's type check until the UI follows.
//!
//! `UPDATE_BINDINGS=1 cargo test -p tidings-app command_table` rewrites the file.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use syn::{FnArg, GenericArgument, Item, Pat, PathArguments, ReturnType, Type};

/// Arguments Tauri fills in itself: the UI never sends them.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "Webview", "WebviewWindow"];

/// One command: its name, its arguments as the UI sends them, what it resolves to.
struct Command {
    name: String,
    args: Vec<(String, String)>,
    returns: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The commands declared in `src/commands/*.rs`, by name, with the types they name.
fn declared(types: &mut BTreeSet<String>) -> Result<Vec<Command>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("src/commands"))
        .map_err(|e| e.to_string())?
        .map(|entry| entry.map(|e| e.path()).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    // Commands live in this folder's `.rs` files (its subfolders hold tests).
    files.retain(|path| path.extension().is_some_and(|e| e == "rs") && path.is_file());
    files.sort();
    let mut commands = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
        let parsed = syn::parse_file(&source).map_err(|e| format!("{}: {e}", file.display()))?;
        for item in parsed.items {
            let Item::Fn(function) = item else { continue };
            let is_command = function.attrs.iter().any(|attr| {
                attr.path()
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "command")
            });
            if !is_command {
                continue;
            }
            let name = function.sig.ident.to_string();
            let mut args = Vec::new();
            for input in &function.sig.inputs {
                let FnArg::Typed(typed) = input else {
                    return Err(format!("{name}: a command takes no self"));
                };
                if INJECTED.contains(&last_name(&typed.ty).as_str()) {
                    continue;
                }
                let Pat::Ident(ident) = &*typed.pat else {
                    return Err(format!("{name}: an argument without a plain name"));
                };
                let ts = typescript(&typed.ty, types).map_err(|e| format!("{name}: {e}"))?;
                args.push((camel_case(&ident.ident.to_string()), ts));
            }
            let returns = match &function.sig.output {
                ReturnType::Default => "void".to_owned(),
                ReturnType::Type(_, ty) => {
                    let ok = result_ok(ty).unwrap_or(ty);
                    typescript(ok, types).map_err(|e| format!("{name}: {e}"))?
                }
            };
            commands.push(Command {
                name,
                args,
                returns,
            });
        }
    }
    commands.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(commands)
}

/// The names `lib.rs` registers with `generate_handler!`.
fn registered() -> Vec<String> {
    let source = std::fs::read_to_string(root().join("src/lib.rs")).unwrap_or_default();
    let Some(start) = source.find("generate_handler![") else {
        return Vec::new();
    };
    let list = &source[start + "generate_handler![".len()..];
    let list = &list[..list.find(']').unwrap_or(list.len())];
    let mut names: Vec<String> = list
        .split(',')
        .map(|path| path.trim().rsplit("::").next().unwrap_or("").to_owned())
        .filter(|name| !name.is_empty())
        .collect();
    names.sort();
    names
}

fn last_name(ty: &Type) -> String {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        Type::Reference(reference) => last_name(&reference.elem),
        _ => String::new(),
    }
}

/// The one type argument of `Name<T>`.
fn argument(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|arg| match arg {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    })
}

/// `T` of `Result<T, E>`.
fn result_ok(ty: &Type) -> Option<&Type> {
    (last_name(ty) == "Result").then(|| argument(ty)).flatten()
}

/// The TypeScript of a Rust type that crosses the boundary; the model types it names are added
/// to `types`.
fn typescript(ty: &Type, types: &mut BTreeSet<String>) -> Result<String, String> {
    if let Type::Tuple(tuple) = ty {
        if tuple.elems.is_empty() {
            return Ok("void".to_owned());
        }
    }
    let name = last_name(ty);
    let inner = |types: &mut BTreeSet<String>| {
        argument(ty)
            .ok_or_else(|| format!("{name} without its type argument"))
            .and_then(|inner| typescript(inner, types))
    };
    Ok(match name.as_str() {
        "String" | "str" | "PathBuf" => "string".to_owned(),
        "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "f64" => "number".to_owned(),
        "bool" => "boolean".to_owned(),
        "Option" => format!("{} | null", inner(types)?),
        "Vec" => {
            let item = inner(types)?;
            if item.contains(' ') {
                format!("({item})[]")
            } else {
                format!("{item}[]")
            }
        }
        "Channel" => format!("Channel<{}>", inner(types)?),
        _ if binding(&name).is_some() => {
            types.insert(name.clone());
            name
        }
        _ => {
            return Err(format!(
                "no TypeScript binding for `{name}`: generate one with ts-rs"
            ))
        }
    })
}

/// Where the UI imports a generated type from: the core's bindings or the shell's own.
fn binding(name: &str) -> Option<&'static str> {
    let ui = root().join("../ui/src");
    if ui.join(format!("bindings/{name}.ts")).is_file() {
        Some("../bindings")
    } else if ui.join(format!("ipc/bindings/{name}.ts")).is_file() {
        Some("./bindings")
    } else {
        None
    }
}

fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The TypeScript file for `commands`.
fn render(commands: &[Command], types: &BTreeSet<String>) -> String {
    let mut out = String::from(
        "// The commands the shell answers (src-tauri/src/commands/), generated from their Rust\n\
         // signatures: `UPDATE_BINDINGS=1 cargo test -p tidings-app command_table`. Do not edit.\n",
    );
    if commands
        .iter()
        .any(|c| c.args.iter().any(|(_, t)| t.contains("Channel<")))
    {
        out.push_str("import type { Channel } from \"@tauri-apps/api/core\";\n");
    }
    for from in ["../bindings", "./bindings"] {
        let names: Vec<&str> = types
            .iter()
            .filter(|t| binding(t) == Some(from))
            .map(String::as_str)
            .collect();
        if !names.is_empty() {
            let _ = writeln!(
                out,
                "import type {{ {} }} from \"{from}\";",
                names.join(", ")
            );
        }
    }
    out.push_str(
        "\n/** Each command: the arguments the UI sends (camelCase, as Tauri reads them) and what it resolves to. */\n\
         export interface Commands {\n",
    );
    for command in commands {
        let args: Vec<String> = command
            .args
            .iter()
            .map(|(name, ty)| format!("{name}: {ty}"))
            .collect();
        let args = if args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            format!("{{ {} }}", args.join("; "))
        };
        let _ = writeln!(
            out,
            "  {}: {{ args: {args}; returns: {} }};",
            command.name, command.returns
        );
    }
    out.push_str("}\n\nexport type CommandName = keyof Commands;\n");
    out
}

fn generated() -> Result<String, String> {
    let mut types = BTreeSet::new();
    let commands = declared(&mut types)?;
    Ok(render(&commands, &types))
}

#[test]
fn every_command_is_registered_and_every_registered_one_declared() {
    let mut types = BTreeSet::new();
    let declared: Vec<String> = declared(&mut types)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert!(declared.len() >= 45, "{declared:?}");
    assert_eq!(registered(), declared);
}

#[test]
fn command_table_for_the_ui_is_current() {
    let path = root().join("../ui/src/ipc/commands.ts");
    let fresh = generated().unwrap_or_else(|e| panic!("{e}"));
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == fresh,
        "{} is out of date with the commands' signatures: run `UPDATE_BINDINGS=1 cargo test -p tidings-app command_table` and fix what the UI's type check then finds",
        Path::new("ui/src/ipc/commands.ts").display()
    );
}

#[test]
fn rust_types_become_the_typescript_the_ui_sends() {
    let mut types = BTreeSet::new();
    let ts = |source: &str, types: &mut BTreeSet<String>| {
        typescript(&syn::parse_str::<Type>(source).unwrap(), types)
    };
    assert_eq!(ts("Vec<i64>", &mut types).unwrap(), "number[]");
    assert_eq!(ts("Option<String>", &mut types).unwrap(), "string | null");
    assert_eq!(
        ts("Vec<Option<ListFilter>>", &mut types).unwrap(),
        "(ListFilter | null)[]"
    );
    assert_eq!(
        ts("Channel<ExportProgress>", &mut types).unwrap(),
        "Channel<ExportProgress>"
    );
    assert!(types.contains("ListFilter") && types.contains("ExportProgress"));
    assert_eq!(
        ts("Library", &mut types).unwrap_err(),
        "no TypeScript binding for `Library`: generate one with ts-rs"
    );
    assert_eq!(camel_case("article_id"), "articleId");
}
