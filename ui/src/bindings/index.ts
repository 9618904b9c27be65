// The types that cross the IPC boundary. Each `<Type>.ts` beside this file is generated from the Rust
// model in crates/tidings-core (ts-rs); this index only re-exports them, so import from "../bindings".
export type { Article } from "./Article";
export type { ArticleStatus } from "./ArticleStatus";
export type { ArticleSummary } from "./ArticleSummary";
export type { ClipOutcome } from "./ClipOutcome";
export type { Collection } from "./Collection";
export type { ExportFormat } from "./ExportFormat";
export type { ExportReport } from "./ExportReport";
export type { ExportSelection } from "./ExportSelection";
export type { Highlight } from "./Highlight";
export type { HighlightEntry } from "./HighlightEntry";
export type { HighlightFilter } from "./HighlightFilter";
export type { HighlightInput } from "./HighlightInput";
export type { HighlightUpdate } from "./HighlightUpdate";
export type { ImportFailure } from "./ImportFailure";
export type { ImportFormat } from "./ImportFormat";
export type { ImportProgress } from "./ImportProgress";
export type { ImportReport } from "./ImportReport";
export type { LibraryBackup } from "./LibraryBackup";
export type { LibraryInfo } from "./LibraryInfo";
export type { ListFilter } from "./ListFilter";
export type { ListSort } from "./ListSort";
export type { Note } from "./Note";
export type { ReextractReport } from "./ReextractReport";
export type { SearchHit } from "./SearchHit";
export type { TagCount } from "./TagCount";
export type { ViewCounts } from "./ViewCounts";
