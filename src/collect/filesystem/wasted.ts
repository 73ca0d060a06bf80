import type { WastedFile } from '../../facts.js';
import type { FinalView } from '../layers/types.js';
import { absolute, compareText } from './paths.js';

const TOP_WASTED_FILES = 10;
const UNKNOWN_STEP = '(unknown step)';

/**
 * Bytes a pull downloads but the container never sees: every stored copy of a file that a later layer removed or
 * replaced. A file written in 3 layers counts its 2 hidden copies; a file deleted later counts all of them.
 */
export function detectWaste(
  view: FinalView,
  layerCreatedBy: readonly (string | null)[],
): { wastedBytes: number; wastedFiles: WastedFile[] } {
  let wastedBytes = 0;
  const byPath = new Map<string, { bytes: number; layerIndexes: number[] }>();
  for (const layer of view.layers) {
    for (const { path, type, size } of layer.entries) {
      if (type !== 'file' || view.isVisible(path, layer.index)) continue;
      wastedBytes += size;
      if (size === 0) continue;
      const wasted = byPath.get(path);
      if (!wasted) byPath.set(path, { bytes: size, layerIndexes: [layer.index] });
      else {
        wasted.bytes += size;
        if (!wasted.layerIndexes.includes(layer.index)) wasted.layerIndexes.push(layer.index);
      }
    }
  }
  const wastedFiles = top(byPath, TOP_WASTED_FILES).map(([path, { bytes, layerIndexes }]) => {
    const ascending = [...layerIndexes].sort((a, b) => a - b);
    return {
      path: absolute(path),
      bytes,
      layerIndexes: ascending,
      createdBy: ascending.map((index) => layerCreatedBy[index] ?? UNKNOWN_STEP),
    };
  });
  return { wastedBytes, wastedFiles };
}

type Wasted = [path: string, totals: { bytes: number; layerIndexes: number[] }];

const byBytesThenPath = ([pathA, a]: Wasted, [pathB, b]: Wasted) => b.bytes - a.bytes || compareText(pathA, pathB);

/** The `count` largest without sorting them all: a `rm -rf` of a big tree leaves 100k+ paths. */
function top(byPath: ReadonlyMap<string, Wasted[1]>, count: number): Wasted[] {
  const best: Wasted[] = [];
  for (const item of byPath) {
    if (best.length === count && byBytesThenPath(item, best[count - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && byBytesThenPath(item, best[at - 1]!) < 0) at--;
    best.splice(at, 0, item);
    if (best.length > count) best.pop();
  }
  return best;
}
