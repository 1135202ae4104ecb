import type { TextEdit } from '../dockerfile/index.js';

/**
 * Maps an offset in a rewritten text back to the original, through the edit batches that produced
 * it (each batch sorted, in the coordinates of the text it was applied to). An offset inside
 * inserted text maps to the insertion point.
 */
export function mapBack(offset: number, batches: readonly TextEdit[][]): number {
  let o = offset;
  for (let b = batches.length - 1; b >= 0; b--) o = mapThroughBatch(o, batches[b] as TextEdit[]);
  return o;
}

function mapThroughBatch(offset: number, edits: TextEdit[]): number {
  let delta = 0;
  for (const e of edits) {
    const newStart = e.start + delta;
    if (offset < newStart) return offset - delta;
    if (offset < newStart + e.text.length) return e.start;
    delta += e.text.length - (e.end - e.start);
  }
  return offset - delta;
}
