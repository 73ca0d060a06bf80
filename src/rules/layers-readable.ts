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
    'Filesystem checks can only vouch for what they read. A layer that could not be scanned (corrupt, of an unknown ' +
    'format, or a foreign layer the archive leaves out) is a blind spot: secrets, setuid files or tools in it are ' +
    'not seen, so the other filesystem verdicts are incomplete.',
  fix:
    'Rebuild or pull the image again: a corrupt layer is one the engine cannot load either.\n' +
    'docker build --no-cache -t IMAGE .',
  check: ({ filesystem }) => {
    const unreadable = filesystem.layers.filter((layer) => !layer.readable);
    const total = filesystem.layers.length;
    if (unreadable.length === 0) return pass(`all ${total} layers were scanned`);
    const evidence = unreadable.map(describe);
    const corrupt = unreadable.filter((layer) => layer.problem !== undefined).length;
    const foreign = unreadable.filter((layer) => layer.problem === undefined && layer.foreign === true).length;
    const unknown = unreadable.length - corrupt - foreign;
    const notScanned = [
      ...(foreign > 0 ? [`${foreign} foreign, not in the archive by design`] : []),
      ...(unknown > 0 ? [`${unknown} in an unknown format`] : []),
    ].join(', ');
    if (corrupt === 0)
      return warn(`${unreadable.length} of ${total} layers could not be scanned: ${notScanned}`, evidence);
    return fail(
      `${corrupt} of ${total} layers could not be read: corrupt layer data` +
        (notScanned === '' ? '' : ` (and ${notScanned})`),
      evidence,
    );
  },
});

function describe(layer: LayerFacts): string {
  if (layer.problem !== undefined) return `layer ${layer.index} (${layer.source}): ${layer.problem}`;
  if (layer.foreign) return `layer ${layer.index}: foreign, not in the archive (${layer.source})`;
  return `layer ${layer.index}: unknown format (${layer.source})`;
}
