// The format's choices (FORMAT_CHOICES) are what the page's builder offers:
// every field the reader knows must be there, with the values the reader
// accepts, and nothing the reader refuses.
import { describe, expect, it } from 'vitest';
import { FORMAT_CHOICES, KNOWN_FIELDS, parseDocument, SCENARIO_FORMAT } from './scenario-format';
import { seedDocument } from './scenarios';

describe('FORMAT_CHOICES', () => {
  it('lists every field the reader knows, and no other (but format, and the objects themselves)', () => {
    expect(FORMAT_CHOICES.document.map((f) => f.key).sort()).toEqual(
      KNOWN_FIELDS.document.filter((k) => k !== 'format' && k !== 'objects').sort(),
    );
    expect(FORMAT_CHOICES.object.map((f) => f.key).sort()).toEqual([...KNOWN_FIELDS.object].sort());
  });

  it('offers only values the reader accepts, and each of them', () => {
    const base = seedDocument(2) as unknown as Record<string, unknown>;
    for (const field of FORMAT_CHOICES.document) {
      if (field.kind !== 'choice') continue;
      for (const value of field.values) {
        const result = parseDocument({ ...base, [field.key]: value });
        // A choice may be impossible with the rest of seed 2, never unknown.
        if (!result.ok)
          for (const e of result.errors) expect(e).not.toMatch(new RegExp(`"${field.key}" must`));
      }
      expect(parseDocument({ ...base, [field.key]: 'nonsense' }).ok).toBe(false);
    }
    const objects = base['objects'] as Record<string, unknown>[];
    for (const field of FORMAT_CHOICES.object) {
      if (field.kind !== 'choice') continue;
      for (const value of field.values) {
        const changed = [{ ...objects[0], [field.key]: value }, ...objects.slice(1)];
        const result = parseDocument({ ...base, objects: changed });
        if (!result.ok)
          for (const e of result.errors) expect(e).not.toMatch(/objects\[0\]\.\w+ must be one of/);
      }
    }
  });

  it('says when the initializer means something, and suggests a name the reader takes', () => {
    const initializer = FORMAT_CHOICES.document.find((f) => f.key === 'initializer');
    expect(initializer?.kind).toBe('text');
    if (initializer?.kind !== 'text') return;
    expect(initializer.when?.(seedDocument(1) as never)).toBe(false);
    expect(initializer.when?.(seedDocument(5) as never)).toBe(true);
    const doc = { ...seedDocument(5), initializer: initializer.suggest };
    expect(parseDocument(doc)).toMatchObject({ ok: true });
    expect(doc.format).toBe(SCENARIO_FORMAT);
  });
});
