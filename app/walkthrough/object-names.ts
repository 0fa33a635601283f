/**
 * A kernel object's name in a few words, from whose it is (kobj.create's
 * `owner` and `role`) rather than from its label's text, which is for display
 * only: the narration, the stage and the story all name objects this way.
 */
import type { KernelObjectView } from '../../src/sim/fold';

type Named = Pick<KernelObjectView, 'kind' | 'label' | 'owner' | 'role' | 'private'>;

/**
 * The object's name without the POSIX name or the address its label ends
 * with: `Lock`, `Queue._rlock` (multiprocessing's semaphores), and
 * `Server.listener`; any other object's label is already short.
 */
export function shortLabel(o: Named): string {
  if (o.kind === 'semaphore' && !o.private) {
    return o.role === '_semlock' ? o.owner : `${o.owner}.${o.role}`;
  }
  if (o.kind === 'listener') return `${o.owner}.${o.role}`;
  return o.label;
}
