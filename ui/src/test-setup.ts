// What jsdom lacks and the window uses. ResizeObserver (Svelte's bind:clientHeight). The stub never
// reports a resize; the list then assumes its default height, which is all the tests need.
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;

// jsdom does no layout: a Range has no geometry. A zero rectangle places the selection toolbar at 0,0.
if (typeof Range !== "undefined" && !("getBoundingClientRect" in Range.prototype)) {
  Object.defineProperty(Range.prototype, "getBoundingClientRect", {
    value: () => ({ x: 0, y: 0, top: 0, left: 0, right: 0, bottom: 0, width: 0, height: 0, toJSON: () => ({}) }),
  });
}
