import type { LayerFacts } from '../facts.js';
import { defineRule } from './support/define.js';
import { fail, pass, warn } from './support/types.js';

export const layersReadable = defineRule({
  id: 'layers-readable',
  title: 'Every layer could be scanned',
  severity: 'medium',
  needs: ['filesystem'],
  categories: ['maintainability'],
  rationale:
    'Filesystem checks can only vouch for what they read. A layer in a compression imgaudit cannot read (zstd) is ' +
    'a blind spot: secrets, setuid files or tools in it are not seen, so the other filesystem verdicts are incomplete.',
  fix:
    'Export the image with gzip or uncompressed layers, e.g. rebuild with the default compression:\n' +
    'docker buildx build --output type=docker,compression=gzip -t IMAGE .',
  check: ({ filesystem }) => {
    const unreadable = filesystem.layers.filter((layer) => !layer.readable);
    const total = filesystem.layers.length;
    if (unreadable.length === 0) return pass(`all ${total} layers were scanned`);
    const evidence = unreadable.map(describe);
    const corrupt = unreadable.filter((layer) => layer.problem !== undefined).length;
    if (corrupt === 0)
      return warn(
        `${unreadable.length} of ${total} layers could not be scanned: unsupported layer compression`,
        evidence,
      );
    const unsupported = unreadable.length - corrupt;
    return fail(
      `${corrupt} of ${total} layers could not be read: corrupt layer data` +
        (unsupported > 0 ? ` (and ${unsupported} in an unsupported compression)` : ''),
      evidence,
    );
  },
});

function describe(layer: LayerFacts): string {
  if (layer.problem !== undefined) return `layer ${layer.index} (${layer.source}): ${layer.problem}`;
  return `layer ${layer.index}: ${layer.compression === 'unknown' ? 'unknown format' : layer.compression} (${layer.source})`;
}
