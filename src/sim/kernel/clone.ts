/**
 * fork() copies a process's memory. The model's memory is plain data (objects,
 * arrays, Maps, bytes), so the copy is a deep clone that keeps aliasing (two
 * names bound to one Lock still name one Lock in the child), keeps the order
 * of keys and Map entries, and copies typed arrays (bytes).
 */
export function cloneMemory<T>(value: T): T {
  return cloneValue(value, new Map()) as T;
}

function cloneValue(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (value instanceof Uint8Array) {
    const copy = value.slice();
    seen.set(value, copy);
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map<unknown, unknown>();
    seen.set(value, copy);
    for (const [k, v] of value) copy.set(cloneValue(k, seen), cloneValue(v, seen));
    return copy;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (let i = 0; i < value.length; i++) copy.push(cloneValue(value[i], seen));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  // Own enumerable keys in Object.entries order (memory holds plain data, no inherited keys).
  const source = value as Record<string, unknown>;
  for (const k in source) copy[k] = cloneValue(source[k], seen);
  return copy;
}
