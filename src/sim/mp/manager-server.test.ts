/**
 * A manager's second reply to `shutdown` fails when the client has already
 * closed: `_handle_request` then pickles `('#TRACEBACK', format_exc())` of the
 * BrokenPipeError. Its text is the one CPython formats (seen in 3 of 20 runs of
 * scenario 2 under forkserver, 3.11.7 and 3.13.0; some of the model's seeds have it).
 */
import { describe, expect, it } from 'vitest';
import { loads } from '../pickle';
import { isTuple } from '../python';
import { runScenario } from '../run';

/** The first such traceback in the model's seeds (about one run in ten has one). */
function failedReplyTraceback(python: '3.11' | '3.13'): unknown {
  for (let seed = 1; seed <= 60; seed++) {
    const run = runScenario({ scenario: 2, startMethod: 'forkserver', python, seed });
    for (const p of run.pickles) {
      if (p.error !== null || !p.what.startsWith('traceback of the reply')) continue;
      const value = loads(Uint8Array.from(Buffer.from(p.hex, 'hex')));
      if (isTuple(value)) return value.items;
    }
  }
  return null;
}

describe('the traceback of a reply that could not be sent', () => {
  it('3.11: as 3.11.7 formats it', () => {
    expect(failedReplyTraceback('3.11')).toEqual([
      '#TRACEBACK',
      [
        'Traceback (most recent call last):',
        '  File ".../multiprocessing/managers.py", line 216, in _handle_request',
        '    c.send(msg)',
        '  File ".../multiprocessing/connection.py", line 206, in send',
        '    self._send_bytes(_ForkingPickler.dumps(obj))',
        '  File ".../multiprocessing/connection.py", line 427, in _send_bytes',
        '    self._send(header + buf)',
        '  File ".../multiprocessing/connection.py", line 384, in _send',
        '    n = write(self._handle, buf)',
        '        ^^^^^^^^^^^^^^^^^^^^^^^^',
        'BrokenPipeError: [Errno 32] Broken pipe',
        '',
      ].join('\n'),
    ]);
  });

  it('3.13: as 3.13.0 formats it (its own line and markers)', () => {
    expect(failedReplyTraceback('3.13')).toEqual([
      '#TRACEBACK',
      [
        'Traceback (most recent call last):',
        '  File ".../multiprocessing/managers.py", line 219, in _handle_request',
        '    c.send(msg)',
        '    ~~~~~~^^^^^',
        '  File ".../multiprocessing/connection.py", line 206, in send',
        '    self._send_bytes(_ForkingPickler.dumps(obj))',
        '    ~~~~~~~~~~~~~~~~^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  File ".../multiprocessing/connection.py", line 427, in _send_bytes',
        '    self._send(header + buf)',
        '    ~~~~~~~~~~^^^^^^^^^^^^^^',
        '  File ".../multiprocessing/connection.py", line 384, in _send',
        '    n = write(self._handle, buf)',
        'BrokenPipeError: [Errno 32] Broken pipe',
        '',
      ].join('\n'),
    ]);
  });
});
