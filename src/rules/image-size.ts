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
  check: ({ config }, { sizeWarnBytes, sizeFailBytes }) => {
    const size = formatBytes(config.sizeBytes);
    const evidence = [`${config.sizeBytes} bytes`];
    if (config.sizeBytes > sizeFailBytes)
      return fail(`${size} is above the ${formatBytes(sizeFailBytes)} limit`, evidence);
    if (config.sizeBytes > sizeWarnBytes)
      return warn(`${size} is above the ${formatBytes(sizeWarnBytes)} warning threshold`, evidence);
    return pass(`${size}, within ${formatBytes(sizeWarnBytes)}`, evidence);
  },
});
