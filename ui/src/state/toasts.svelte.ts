// Short messages at the bottom of the window: what just happened, with an Undo or Retry when there is one.

export interface Toast {
  id: number;
  message: string;
  kind: "info" | "error";
  action: { label: string; run: () => void } | null;
}

/** How long a toast stays, in milliseconds. */
export const TOAST_MS = 6000;

export class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** The undo of the latest undoable action (Ctrl/Cmd+Z), while its toast is up. */
  #undo: { toast: number; run: () => void } | null = null;

  show(message: string, options: { kind?: Toast["kind"]; action?: Toast["action"]; undo?: () => void; ms?: number } = {}): number {
    const id = this.#next++;
    const action = options.undo ? { label: "Undo", run: options.undo } : (options.action ?? null);
    this.items = [...this.items.slice(-3), { id, message, kind: options.kind ?? "info", action }];
    if (options.undo) this.#undo = { toast: id, run: options.undo };
    this.#timers.set(id, setTimeout(() => this.dismiss(id), options.ms ?? TOAST_MS));
    return id;
  }

  error(message: string, action?: Toast["action"]): number {
    return this.show(message, { kind: "error", action: action ?? null, ms: TOAST_MS * 2 });
  }

  dismiss(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.items = this.items.filter((t) => t.id !== id);
    if (this.#undo?.toast === id) this.#undo = null;
  }

  /** Runs a toast's action (and closes it). */
  act(id: number): void {
    const toast = this.items.find((t) => t.id === id);
    this.dismiss(id);
    toast?.action?.run();
  }

  /** Undoes the latest undoable action, if its toast is still up; false when there is none. */
  undo(): boolean {
    if (!this.#undo) return false;
    this.act(this.#undo.toast);
    return true;
  }
}
