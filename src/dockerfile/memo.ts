/**
 * Memo slots on parsed objects (documents and instructions), used like a WeakMap (`get`/`set`).
 *
 * A document and its instructions belong to one parse and never change, so facts derived from them
 * can be kept on the objects themselves. The pipeline makes ~4 documents per changed file, and with
 * a module-level WeakMap per memo every one of them left an ephemeron entry in a dozen tables that
 * the garbage collector must trace specially; a slot is one element of a small array on the object,
 * gone with it. Each slot is private to the module that created it, as a WeakMap was.
 */
export interface MemoHolder {
  /** Slot values, by slot number; created on first use. Not part of the parsed data. */
  memo?: unknown[] | undefined;
}

let nextSlot = 0;

export class MemoSlot<K extends MemoHolder, V> {
  private readonly slot = nextSlot++;

  /** The value kept for `owner`, or undefined when none was set. */
  get(owner: K): V | undefined {
    const memo = owner.memo;
    return memo === undefined ? undefined : (memo[this.slot] as V | undefined);
  }

  set(owner: K, value: V): this {
    (owner.memo ??= [])[this.slot] = value;
    return this;
  }
}
