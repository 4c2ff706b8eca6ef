// A value derived from an object once (an index of its entries, say) and kept on that object,
// for as long as the object lives. Not in a module-level WeakMap: V8's young-generation
// collector keeps a WeakMap's values alive whatever their keys (only a full collection clears
// them), so a WeakMap entry per lint promoted each lint's files to the old generation, where
// full collections had to reclaim them (found by `npm run bench:ab`, docs/benchmarks.md).

/**
 * A slot for values of type `V` derived from objects; `name` shows in a debugger. A value
 * is derived again when `stale` says the owner changed since.
 */
export function keptWith<V>(name: string): (owner: object, derive: () => V, stale?: (value: V) => boolean) => V {
  const slot = Symbol(name);
  return (owner, derive, stale) => {
    const held = owner as { [slot]?: V };
    if (Object.hasOwn(held, slot) && !stale?.(held[slot] as V)) return held[slot] as V;
    const value = derive();
    // Not enumerable: spreads, deep equality and JSON do not see it.
    Object.defineProperty(held, slot, { value, writable: true });
    return value;
  };
}

/**
 * A value one step of the engine records on an object for a later step (the pod spec a
 * container was read from, for its fixes), kept on the object as keptWith keeps derived ones,
 * so it lives exactly as long as the object and no module holds it.
 */
export function attachedTo<V>(name: string): { get(owner: object): V | undefined; set(owner: object, value: V): void } {
  const slot = Symbol(name);
  return {
    get: (owner) => (owner as { [slot]?: V })[slot],
    set: (owner, value) => Object.defineProperty(owner, slot, { value, writable: true, configurable: true }),
  };
}
