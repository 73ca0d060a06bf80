import { FILESYSTEM_CONTENT_WANTED } from '../../../../src/collect/filesystem/index.js';
import { detectPackages } from '../../../../src/collect/filesystem/packages.js';
import { layerSink } from '../../../../src/collect/layers/layer-reader.js';
import { mergeLayers } from '../../../../src/collect/layers/merge.js';
import type { LayerIndex } from '../../../../src/collect/layers/types.js';
import { packTar, type TarItem } from '../layers/tar.js';

/** Layers as the scan reads them: tar bytes through the real layer reader, every detector's `wants` applied. */
export async function scanned(...layers: readonly (readonly TarItem[])[]): Promise<LayerIndex[]> {
  const result: LayerIndex[] = [];
  for (const [index, items] of layers.entries()) {
    const bytes = await packTar(items);
    const { sink, done } = layerSink(`layer${index}`, 'tar', FILESYSTEM_CONTENT_WANTED, {
      pause: () => undefined,
      resume: () => undefined,
    });
    // Small pieces: every reader sees its file cut at odd places.
    for (let at = 0; at < bytes.length; at += 1000) sink.write(bytes.subarray(at, at + 1000));
    sink.end();
    result.push({ ...(await done), index });
  }
  return result;
}

/** The package inventory of these layers, read as the scan reads them. */
export const inventoryOf = async (...layers: readonly (readonly TarItem[])[]) =>
  detectPackages(mergeLayers(await scanned(...layers)));
