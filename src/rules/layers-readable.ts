import { defineRule } from './define.js';
import { withFilesystem } from './filesystem.js';
import { pass, warn } from './types.js';

export const layersReadable = defineRule({
  id: 'layers-readable',
  title: 'Every layer could be scanned',
  severity: 'medium',
  rationale:
    'Filesystem checks can only vouch for what they read. A layer in a compression imgaudit cannot read (zstd) is ' +
    'a blind spot: secrets, setuid files or tools in it are not seen, so the other filesystem verdicts are incomplete.',
  fix:
    'Export the image with gzip or uncompressed layers, e.g. rebuild with the default compression:\n' +
    'docker buildx build --output type=docker,compression=gzip -t IMAGE .',
  check: withFilesystem((filesystem) => {
    const unreadable = filesystem.layers.filter((layer) => !layer.readable);
    if (unreadable.length === 0) return pass(`all ${filesystem.layers.length} layers were scanned`);
    return warn(
      `${unreadable.length} of ${filesystem.layers.length} layers could not be scanned: unsupported layer compression`,
      unreadable.map((layer) => `layer ${layer.index}: ${layer.compression === 'unknown' ? 'unknown format' : layer.compression} (${layer.source})`),
    );
  }),
});
