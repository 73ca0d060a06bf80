import { defineRule } from './support/define.js';
import { formatBytes } from '../shared/text.js';
import { fail, pass, warn } from './support/types.js';

export const imageSize = defineRule({
  id: 'image-size',
  title: 'Image size within limits',
  severity: 'medium',
  needs: ['config'],
  categories: ['efficiency'],
  rationale:
    'Every megabyte is pulled on each deploy and cold start, and every extra package is attack surface and CVE ' +
    'noise. A production image should carry the application and its runtime, not the toolchain that built it.',
  fix:
    'Build in one stage, copy only the artifact into a slim or distroless runtime stage.\n' +
    'FROM golang:1.22 AS build\n' +
    'RUN CGO_ENABLED=0 go build -o /out/server .\n' +
    'FROM gcr.io/distroless/static-debian12\n' +
    'COPY --from=build /out/server /server',
  check: ({ config, filesystem }, { sizeWarnBytes, sizeFailBytes }) => {
    // The files of every layer when all were read: the same number on every engine. What inspect says is the
    // unpacked size on a graph driver but the compressed blobs on the containerd image store.
    const unpacked =
      filesystem && filesystem.layers.length > 0 && filesystem.layers.every((layer) => layer.readable && !layer.foreign)
        ? filesystem.layers.reduce((sum, layer) => sum + layer.fileBytes, 0)
        : null;
    const bytes = unpacked ?? config.sizeBytes;
    const size = formatBytes(bytes);
    const evidence = [
      unpacked === null ? `${bytes} bytes (the engine's image size)` : `${bytes} bytes of files in its layers`,
    ];
    if (bytes > sizeFailBytes) return fail(`${size} is above the ${formatBytes(sizeFailBytes)} limit`, evidence);
    if (bytes > sizeWarnBytes)
      return warn(`${size} is above the ${formatBytes(sizeWarnBytes)} warning threshold`, evidence);
    return pass(`${size}, within ${formatBytes(sizeWarnBytes)}`, evidence);
  },
});
