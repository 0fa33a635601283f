/**
 * Values as the memory panel shows them: a JSON-safe summary (type, a short
 * repr, the handles the value holds), made for every `var.set` event.
 */
import { pyRepr, typeName, type PyValue } from '../python';
import type { ValueView } from '../trace';

/** A JSON-safe summary of a value: type, short repr, the handles it holds. */
export function viewOf(value: PyValue): ValueView {
  const handles: number[] = [];
  collectHandles(value, handles, new Set());
  return { type: typeName(value), repr: shortRepr(value, 2), handles };
}

function collectHandles(value: PyValue, out: number[], seen: Set<object>): void {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return;
  if (seen.has(value)) return;
  seen.add(value);
  switch (value.t) {
    case 'tuple':
    case 'list':
      value.items.forEach((v) => collectHandles(v, out, seen));
      return;
    case 'dict':
      value.entries.forEach(([, v]) => collectHandles(v, out, seen));
      return;
    case 'obj':
      for (const [k, v] of Object.entries(value.dict)) {
        if ((k === 'handle' || k === '_handle') && typeof v === 'number' && !out.includes(v))
          out.push(v);
        else collectHandles(v, out, seen);
      }
      return;
    default:
      return;
  }
}

/** `repr` kept short: objects as `<Lock>`, containers to a depth. */
export function shortRepr(value: PyValue, depth: number): string {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array)
    return pyRepr(value);
  switch (value.t) {
    case 'obj':
      return `<${typeName(value)}>`;
    case 'global':
      return `<function ${value.qualname}>`;
    case 'tuple': {
      if (depth === 0) return '(...)';
      const inner = value.items.map((v) => shortRepr(v, depth - 1));
      return inner.length === 1 ? `(${inner[0]},)` : `(${inner.join(', ')})`;
    }
    case 'list':
      return depth === 0
        ? '[...]'
        : `[${value.items.map((v) => shortRepr(v, depth - 1)).join(', ')}]`;
    case 'dict':
      return depth === 0
        ? '{...}'
        : `{${value.entries.map(([k, v]) => `${shortRepr(k, 0)}: ${shortRepr(v, depth - 1)}`).join(', ')}}`;
    default:
      return pyRepr(value);
  }
}
