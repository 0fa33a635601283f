/**
 * fork() copies a process's memory. The model's memory is plain data, so the
 * copy is a deep clone that keeps aliasing (two names bound to one Lock still
 * name one Lock in the child) and copies typed arrays (bytes).
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
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(cloneValue(item, seen));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [k, v] of Object.entries(value)) copy[k] = cloneValue(v, seen);
  return copy;
}
