/**
 * The pickle layer: CPython-exact pickling of model values, unpickling, and a
 * `pickletools.dis`-style disassembler for showing pickles to learners.
 */

export { dumps, PicklingFailure, type PicklerOptions, type Reduction } from './pickler';
export { loads, UnpicklingError, type UnpicklerHooks } from './unpickler';
export {
  disassemble,
  formatDis,
  tryDisassemble,
  DisassemblyError,
  type DisOp,
} from './disassemble';
export { OP, OPCODES, opcodeInfo, opcodeName, type OpcodeInfo } from './opcodes';
