// The stream's keyboard: its shortcuts, their actions, and how a key event maps to one. The help
// dialog (?) lists this same table. In the stream these keys come before the list's (lib/keys.ts).
import { isTyping } from "./keys";

export type StreamAction =
  | "next"
  | "previous"
  | "open"
  | "keep"
  | "dismiss"
  | "dismiss-above"
  | "toggle-seen"
  | "open-original"
  | "refresh"
  | "close";

export interface StreamShortcut {
  keys: string[];
  action: StreamAction;
  label: string;
}

export const STREAM_SHORTCUTS: StreamShortcut[] = [
  { keys: ["j", "↓"], action: "next", label: "Next item" },
  { keys: ["k", "↑"], action: "previous", label: "Previous item" },
  { keys: ["o", "Enter"], action: "open", label: "Open the item (again: close it)" },
  { keys: ["s"], action: "keep", label: "Keep: save its article in the library" },
  { keys: ["x"], action: "dismiss", label: "Dismiss the item" },
  { keys: ["Shift+X"], action: "dismiss-above", label: "Dismiss every item above" },
  { keys: ["u"], action: "toggle-seen", label: "Mark seen / unseen" },
  { keys: ["v"], action: "open-original", label: "Open the original in the browser" },
  { keys: ["r"], action: "refresh", label: "Poll the feeds now" },
];

/** The stream action a key event asks for, or null (typing, a modifier, or not a stream key).
 *  Enter on a button or link is that control's own business. */
export function streamActionFor(event: KeyboardEvent): StreamAction | null {
  if (event.key === "Escape") return "close";
  if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case "j":
    case "ArrowDown":
      return "next";
    case "k":
    case "ArrowUp":
      return "previous";
    case "o":
      return "open";
    case "Enter":
      return event.target instanceof HTMLElement && event.target.closest("button, a, summary, select") ? null : "open";
    case "s":
      return "keep";
    case "x":
      return "dismiss";
    case "X":
      return "dismiss-above";
    case "u":
      return "toggle-seen";
    case "v":
      return "open-original";
    case "r":
      return "refresh";
    default:
      return null;
  }
}
