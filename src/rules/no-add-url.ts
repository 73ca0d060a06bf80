import { defineRule } from './support/define.js';
import { allInstructions, copySources, flagValue, lineEvidence } from './support/dockerfile.js';
import { fail, pass } from './support/types.js';

const REMOTE = /^(?:https?:\/\/|git@|git:\/\/)/i;

export const noAddUrl = defineRule({
  id: 'no-add-url',
  title: 'No ADD of a remote URL without a checksum',
  severity: 'medium',
  needs: ['dockerfile'],
  categories: ['security', 'reliability'],
  rationale:
    '`ADD https://…` puts whatever the server returns into the image, unverified, and the build changes when the ' +
    'file does. BuildKit checks `ADD --checksum=sha256:…`; otherwise download in a RUN step that verifies a pinned ' +
    'checksum.',
  fix:
    'Give ADD the checksum (BuildKit, Dockerfile syntax 1.6+), or download and verify in RUN.\n' +
    '# syntax=docker/dockerfile:1\n' +
    'ADD --checksum=sha256:<digest> https://example.com/tool-1.2.3.tar.gz /tmp/',
  check: ({ dockerfile }) => {
    const offenders = allInstructions(dockerfile).filter(
      (instruction) =>
        instruction.keyword === 'ADD' &&
        flagValue(instruction, 'checksum') === undefined &&
        copySources(instruction).some((source) => REMOTE.test(source)),
    );
    if (offenders.length === 0) return pass('no ADD of a remote URL without --checksum');
    return {
      ...fail(
        `${offenders.length} ADD of a remote URL without --checksum`,
        offenders.map((instruction) => lineEvidence(instruction)),
      ),
      line: offenders[0]!.line,
    };
  },
});
