// Every reason the format gives for refusing a document, in both languages:
// some document brings each one about (a reason no document gives is dead
// text), its English is the command line's, and the Chinese page says it in
// Chinese, quoting the document's own names.
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/sim/scenario-format';
import { REASON_TEXTS, reasonText, type ReasonId } from '../../src/sim/scenario-reasons';
import { seedDocument } from '../../src/sim/scenarios';
import { builder as zh } from '../messages-zh-CN';
import { reasonsShown } from './address';

const HAN = /\p{Script=Han}/u;

/** A document (the seed's first, changed) that is refused for each reason. */
function refusedFor(id: ReasonId): unknown {
  const seed: Record<string, unknown> = { ...seedDocument(1) };
  const [lock, queue] = seedDocument(1).objects;
  const withObjects = (...objects: unknown[]) => ({ ...seed, objects });
  const pool5: Record<string, unknown> = { ...seedDocument(5) };
  switch (id) {
    case 'notAnObject':
      return [seed];
    case 'unknownField':
      return { ...seed, colour: 'red' };
    case 'badFormat':
      return { ...seed, format: 'mpviz-scenario/0' };
    case 'badNumber':
      return { ...seed, number: 0 };
    case 'missing':
      return { ...seed, title: undefined };
    case 'badText':
      return { ...seed, title: 'two\nlines' };
    case 'notIdentifier':
      return { ...seed, name: '1st' };
    case 'nameTaken':
      return { ...seed, name: 'lambda' };
    case 'sameNames':
      return { ...pool5, initializer: pool5['name'] };
    case 'badChoice':
      return { ...seed, container: 'thread' };
    case 'objectsNotList':
      return { ...seed, objects: 'lock' };
    case 'objectNotObject':
      return withObjects(lock, 7);
    case 'objectUnknownField':
      return withObjects({ ...lock!, size: 1 }, queue);
    case 'initializerNeedsPool':
      return { ...pool5, container: 'process' };
    case 'initializerUnnamed':
      return { ...pool5, initializer: undefined };
    case 'initializerUnused':
      return { ...seed, initializer: 'setup' };
    case 'callNeedsPool':
      return { ...seed, container: 'process', call: 'map' };
    case 'badRead':
      return { ...seed, call: 'imap', read: 'yes' };
    case 'readNeedsCall':
      return { ...seed, call: 'map', read: true };
    case 'managerUnused':
      return { ...seed, manager: 'shared' };
    case 'slotCount':
      return withObjects(lock, lock, queue);
    case 'valueNotTaken':
      return withObjects({ ...lock!, value: 2 }, queue);
    case 'badValue':
      return withObjects({ ...lock!, type: 'Semaphore', value: 0 }, queue);
    case 'noManagerSimpleQueue':
      return withObjects(lock, { ...queue!, type: 'SimpleQueue', from: 'manager' });
    case 'plainJoinableQueue':
      return withObjects(lock, { ...queue!, type: 'JoinableQueue', from: 'mp' });
  }
}

describe.each(Object.keys(REASON_TEXTS) as ReasonId[])('the reason %s', (id) => {
  const result = parseDocument(JSON.parse(JSON.stringify(refusedFor(id))));
  if (result.ok) throw new Error(`a document meant to be refused for ${id} was taken`);
  const index = result.reasons.findIndex((r) => r.id === id);

  it('is what some document is refused for', () => {
    expect(result.reasons.map((r) => r.id)).toContain(id);
  });

  it('is the English the command line prints', () => {
    expect(result.errors).toEqual(result.reasons.map((r) => reasonText(r)));
    expect(reasonsShown(result.reasons)).toEqual(result.errors);
  });

  it('is said in Chinese on the Chinese page, quoting the same names', () => {
    const reason = result.reasons[index]!;
    const chinese = reasonText(reason, zh.builder.reasons);
    expect(chinese).toMatch(HAN);
    expect(chinese).not.toMatch(/undefined|\[object /);
    const quoted = Object.values(reason.args ?? {})
      .flat()
      .map(String)
      .filter((q) => !/^(lock|queue)$/.test(q));
    for (const q of quoted) expect(chinese).toContain(q);
    // No English left but what it quotes: the document's names and values, and JSON in quotes.
    const rest = quoted
      .reduce((text, q) => text.split(q).join(''), chinese)
      .replace(/"[^"]*"|“[^”]*”/g, '');
    expect(rest).not.toMatch(/\b[a-z]+ [a-z]+\b/i);
  });
});
