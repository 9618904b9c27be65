// The keyboard: every shortcut, its action, and how a key event maps to it. The help dialog (?)
// lists this same table, so what it shows is what works.

export type Action =
  | "next"
  | "previous"
  | "open"
  | "back"
  | "archive"
  | "star"
  | "toggle-read"
  | "delete"
  | "highlight"
  | "note"
  | "tags"
  | "export"
  | "search"
  | "clip"
  | "shortcuts"
  | "select"
  | "extend-next"
  | "extend-previous"
  | "select-all"
  | "open-original"
  | "undo"
  | "escape";

export interface Shortcut {
  keys: string[];
  action: Action;
  label: string;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ["j"], action: "next", label: "Next article" },
  { keys: ["k"], action: "previous", label: "Previous article" },
  { keys: ["o", "Enter"], action: "open", label: "Open the article" },
  { keys: ["u"], action: "back", label: "Back to the list" },
  { keys: ["x"], action: "select", label: "Select or unselect the article" },
  { keys: ["J", "K"], action: "extend-next", label: "Extend the selection down / up" },
  { keys: ["Mod+A"], action: "select-all", label: "Select every article in the list" },
  { keys: ["m"], action: "toggle-read", label: "Mark read / unread" },
  { keys: ["a"], action: "archive", label: "Archive (again: back to the inbox)" },
  { keys: ["s"], action: "star", label: "Star / unstar" },
  { keys: ["#", "Delete"], action: "delete", label: "Move to the trash (with undo)" },
  { keys: ["h"], action: "highlight", label: "Highlight the selected text" },
  { keys: ["n"], action: "note", label: "Write a note on the article" },
  { keys: ["t"], action: "tags", label: "Edit tags and collections" },
  { keys: ["v"], action: "open-original", label: "Open the original in the browser" },
  { keys: ["e", "Mod+E"], action: "export", label: "Export the selection or collection" },
  { keys: ["/", "Mod+F"], action: "search", label: "Search" },
  { keys: ["Mod+L"], action: "clip", label: "Clip a URL (or paste one anywhere)" },
  { keys: ["Mod+Z"], action: "undo", label: "Undo the last delete or archive" },
  { keys: ["?", "F1"], action: "shortcuts", label: "Show these shortcuts" },
  { keys: ["Esc"], action: "escape", label: "Close, clear the search, or go back" },
];

/** Whether the platform's main modifier is ⌘ (macOS) rather than Ctrl. */
export const IS_MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** A key as the help shows it: "Mod+L" becomes "Ctrl+L" or "⌘L". */
export function keyLabel(key: string): string {
  if (!key.startsWith("Mod+")) return key;
  return IS_MAC ? `⌘${key.slice(4)}` : `Ctrl+${key.slice(4)}`;
}

/** Whether the key event comes from a place where typing is text (a field, an editor). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target as HTMLInputElement).type;
    return !["checkbox", "radio", "button", "submit", "range", "color"].includes(type);
  }
  return false;
}

/** The action a key event asks for, or null. While typing, only the modifier shortcuts and Esc act. */
export function actionFor(event: KeyboardEvent): Action | null {
  const mod = IS_MAC ? event.metaKey : event.ctrlKey;
  if (event.key === "Escape") return "escape";
  if (event.key === "F1") return "shortcuts";
  if (mod && !event.altKey) {
    switch (event.key.toLowerCase()) {
      case "l":
        return "clip";
      case "f":
        return "search";
      case "e":
        return "export";
      case "z":
        return isTyping(event.target) || event.shiftKey ? null : "undo";
      case "a":
        return isTyping(event.target) ? null : "select-all";
      default:
        return null;
    }
  }
  if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case "j":
      return "next";
    case "k":
      return "previous";
    case "J":
      return "extend-next";
    case "K":
      return "extend-previous";
    case "o":
    case "Enter":
      return "open";
    case "u":
      return "back";
    case "x":
      return "select";
    case "m":
      return "toggle-read";
    case "a":
      return "archive";
    case "s":
      return "star";
    case "#":
    case "Delete":
      return "delete";
    case "h":
      return "highlight";
    case "n":
      return "note";
    case "t":
      return "tags";
    case "v":
      return "open-original";
    case "e":
      return "export";
    case "/":
      return "search";
    case "?":
      return "shortcuts";
    default:
      return null;
  }
}
