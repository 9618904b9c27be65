// The shell's own IPC types. Each `<Type>.ts` beside this file is generated from src-tauri/src/events.rs
// (ts-rs; `UPDATE_BINDINGS=1 cargo test -p tidings-app bindings`); this index only re-exports them.
export type { ApiStatus } from "./ApiStatus";
export type { AppAbout } from "./AppAbout";
export type { FeedsUpdated } from "./FeedsUpdated";
