/**
 * An unpickler for protocols 2-5: a stack machine over the binary opcodes
 * (everything the pickler writes, plus GLOBAL, BINPUT/LONG_BINPUT, NEWOBJ_EX,
 * TUPLE, LIST, DICT, POP, POP_MARK, DUP, LONG4, BINSTRING, BYTEARRAY8 and the
 * set opcodes).
 *
 * It turns bytes into model values, so what Python would construct by
 * calling a class or function is delegated to hooks (the simulation decides
 * what `RebuildProxy(...)` or `Token.__new__` produce); the defaults build
 * plain PyObjects, described on `UnpicklerHooks`.
 *
 * Model choices:
 * - sets and frozensets (EMPTY_SET, ADDITEMS, FROZENSET) come back as lists:
 *   the object model has no set type;
 * - a bytearray (BYTEARRAY8) comes back as bytes;
 * - an int must fit a JS number exactly (any |n| <= 2**53, and larger ones
 *   that happen to be representable); others are refused;
 * - dict keys keep Python's equality: 1, True and 1.0 are the same key;
 *   a key of tuples nested more than 500 deep is refused (RecursionError)
 *   where CPython would accept it.
 *
 * It never reads out of bounds and never loops (every opcode consumes at
 * least one byte). Malformed input raises `UnpicklingError`, whose `pyType`
 * is what CPython would raise (`_pickle.UnpicklingError`, `EOFError`,
 * `ValueError`, `TypeError`, `UnicodeDecodeError`...). Exceptions thrown by
 * hooks pass through unchanged.
 */

import { isGlobal, typeName, type PyTuple, type PyValue } from '../python';
import { decodeLong, decodeUtf8, Utf8DecodeError } from './codec';
import { UnpicklerMachine } from './unpickler-machine';
import { UnpicklingError, type UnpicklerHooks } from './unpickler-hooks';
import { OP, opcodeInfo } from './opcodes';

export { UnpicklingError, type UnpicklerHooks } from './unpickler-hooks';

/** `pickle.loads(bytes)`. */
export function loads(bytes: Uint8Array, hooks: UnpicklerHooks = {}): PyValue {
  return new Unpickler(bytes, hooks).load();
}

const HIGHEST_PROTOCOL = 5;

class Unpickler extends UnpicklerMachine {
  load(): PyValue {
    for (;;) {
      if (this.pos >= this.data.length) throw new UnpicklingError('Ran out of input', 'EOFError');
      const code = this.data[this.pos++]!;
      if (code === OP.STOP) return this.pop();
      this.step(code);
    }
  }

  // --- opcodes ----------------------------------------------------------------

  private step(code: number): void {
    switch (code) {
      case OP.PROTO: {
        const proto = this.readByte();
        if (proto > HIGHEST_PROTOCOL) {
          throw new UnpicklingError(`unsupported pickle protocol: ${proto}`, 'ValueError');
        }
        return;
      }
      case OP.FRAME: {
        // Frames only matter for streaming reads; check the promised bytes exist.
        const size = this.readUint(8);
        if (size > this.data.length - this.pos)
          throw new UnpicklingError('pickle data was truncated');
        return;
      }

      case OP.NONE:
        return this.push(null);
      case OP.NEWTRUE:
        return this.push(true);
      case OP.NEWFALSE:
        return this.push(false);
      case OP.BININT:
        return this.push(this.readInt4());
      case OP.BININT1:
        return this.push(this.readByte());
      case OP.BININT2:
        return this.push(this.readUint(2));
      case OP.LONG1:
        return this.push(this.int(decodeLong(this.read(this.readUint(1)))));
      case OP.LONG4: {
        const n = this.readInt4();
        if (n < 0) throw new UnpicklingError('LONG pickle has negative byte count');
        return this.push(this.int(decodeLong(this.read(n))));
      }
      case OP.BINFLOAT: {
        const b = this.read(8);
        return this.push({ t: 'float', v: new DataView(b.buffer, b.byteOffset, 8).getFloat64(0) });
      }

      case OP.SHORT_BINUNICODE:
        return this.push(this.readStr(this.readByte()));
      case OP.BINUNICODE:
        return this.push(this.readStr(this.readUint(4)));
      case OP.BINUNICODE8:
        return this.push(this.readStr(this.readUint(8)));
      case OP.SHORT_BINSTRING:
      case OP.BINSTRING: {
        // Python 2 str, decoded with the default encoding='ASCII'.
        const n = code === OP.SHORT_BINSTRING ? this.readUint(1) : this.readInt4();
        if (n < 0) throw new UnpicklingError('BINSTRING pickle has negative byte count');
        const bytes = this.read(n);
        const bad = bytes.findIndex((b) => b >= 0x80);
        if (bad >= 0) {
          throw new UnpicklingError(
            `'ascii' codec can't decode byte 0x${bytes[bad]!.toString(16)} in position ${bad}: ordinal not in range(128)`,
            'UnicodeDecodeError',
          );
        }
        let text = '';
        for (const b of bytes) text += String.fromCharCode(b);
        return this.push(text);
      }
      case OP.SHORT_BINBYTES:
        return this.push(this.read(this.readUint(1)).slice());
      case OP.BINBYTES:
        return this.push(this.read(this.readUint(4)).slice());
      case OP.BINBYTES8:
      case OP.BYTEARRAY8:
        return this.push(this.read(this.readUint(8)).slice());

      case OP.EMPTY_TUPLE:
        return this.push({ t: 'tuple', items: [] });
      case OP.TUPLE1:
      case OP.TUPLE2:
      case OP.TUPLE3: {
        // The last item is popped first; array literals, not unshift().
        const c = this.pop();
        if (code === OP.TUPLE1) return this.push({ t: 'tuple', items: [c] } satisfies PyTuple);
        const b = this.pop();
        if (code === OP.TUPLE2) return this.push({ t: 'tuple', items: [b, c] } satisfies PyTuple);
        const a = this.pop();
        return this.push({ t: 'tuple', items: [a, b, c] } satisfies PyTuple);
      }
      case OP.TUPLE:
        return this.push({ t: 'tuple', items: this.popMark() });

      case OP.EMPTY_LIST:
      case OP.EMPTY_SET:
        return this.push({ t: 'list', items: [] });
      case OP.LIST:
      case OP.FROZENSET:
        return this.push({ t: 'list', items: this.popMark() });
      case OP.APPEND: {
        const item = this.pop();
        this.listTarget('APPEND').items.push(item);
        return;
      }
      case OP.APPENDS:
      case OP.ADDITEMS: {
        const items = this.popMark();
        const target = this.listTarget(code === OP.APPENDS ? 'APPENDS' : 'ADDITEMS');
        for (const item of items) target.items.push(item);
        return;
      }

      case OP.EMPTY_DICT:
        return this.push({ t: 'dict', entries: [] });
      case OP.DICT:
        return this.push(this.newDict(this.popMark()));
      case OP.SETITEM: {
        const value = this.pop();
        const key = this.pop();
        this.setItems(this.top(), [key, value]);
        return;
      }
      case OP.SETITEMS: {
        const items = this.popMark();
        this.setItems(this.top(), items);
        return;
      }

      case OP.MARK:
        this.marks.push(this.stack.length);
        return;
      case OP.POP:
        // A POP with nothing above the innermost MARK discards that MARK (as CPython does).
        if (this.stack.length === this.fence() && this.marks.length > 0) this.marks.pop();
        else this.pop();
        return;
      case OP.POP_MARK:
        this.popMark();
        return;
      case OP.DUP:
        return this.push(this.top());

      case OP.BINGET:
        return this.memoGet(this.readByte());
      case OP.LONG_BINGET:
        return this.memoGet(this.readUint(4));
      case OP.BINPUT:
        return this.memoPut(this.readByte());
      case OP.LONG_BINPUT:
        return this.memoPut(this.readUint(4));
      case OP.MEMOIZE:
        return this.memoPut(this.memoCount);

      case OP.GLOBAL: {
        const module = this.lineStr();
        const qualname = this.lineStr();
        return this.push(this.hooks.findGlobal(module, qualname));
      }
      case OP.STACK_GLOBAL: {
        const qualname = this.pop();
        const module = this.pop();
        if (typeof module !== 'string' || typeof qualname !== 'string') {
          throw new UnpicklingError('STACK_GLOBAL requires str');
        }
        return this.push(this.hooks.findGlobal(module, qualname));
      }
      case OP.REDUCE: {
        const args = this.popArgsTuple();
        const callable = this.pop();
        if (!isGlobal(callable)) {
          throw new UnpicklingError(`'${typeName(callable)}' object is not callable`, 'TypeError');
        }
        return this.push(this.hooks.reduce(callable, args));
      }
      case OP.NEWOBJ:
      case OP.NEWOBJ_EX:
        return this.newobj(code === OP.NEWOBJ ? 'NEWOBJ' : 'NEWOBJ_EX');
      case OP.BUILD: {
        const state = this.pop();
        const obj = this.pop();
        return this.push(this.hooks.build(obj, state));
      }

      default: {
        const known = opcodeInfo(code);
        if (known !== undefined) {
          // Protocol 0/1 text opcodes, persistent ids, the extension registry
          // and out-of-band buffers: never written for the values modelled here.
          throw new UnpicklingError(`opcode ${known.name} is not supported by this unpickler`);
        }
        const shown =
          code >= 0x20 && code < 0x7f
            ? String.fromCharCode(code)
            : `\\x${code.toString(16).padStart(2, '0')}`;
        throw new UnpicklingError(`invalid load key, '${shown}'.`);
      }
    }
  }

  private lineStr(): string {
    const line = this.readLine();
    try {
      return decodeUtf8(line);
    } catch (err) {
      if (err instanceof Utf8DecodeError)
        throw new UnpicklingError(err.message, 'UnicodeDecodeError');
      throw err;
    }
  }
}
