import type { HistoryEntry } from '../facts.js';
import { defineRule } from './support/define.js';
import { stepText } from '../secrets/history-step.js';
import { historyEvidence } from './support/history.js';
import { fail, pass, skip, warn } from './support/types.js';

/** Legacy builder: `/bin/sh -c #(nop) ADD file:<hex> in /dest `; BuildKit and others: `ADD [--opts] src… dest # buildkit`. */
const LEGACY_ADD = /#\(nop\)\s*ADD\s+\S+\s+in\s+(\S+)\s*$/;
const ADD_STEP = /^ADD\s/;
const REMOTE = /https?:\/\//i;

function addDestination(createdBy: string): string | null {
  const legacy = LEGACY_ADD.exec(createdBy);
  if (legacy) return legacy[1] ?? null;
  const step = stepText(createdBy);
  if (!ADD_STEP.test(step)) return null;
  return step.split(/\s+/).at(-1) ?? null;
}

/** The base image's root filesystem: a local ADD to exactly `/` as the very first step. Only `FROM` put it there. */
function isBaseRootfs(entry: HistoryEntry, index: number, destination: string): boolean {
  return index === 0 && destination === '/' && !REMOTE.test(entry.createdBy);
}

export const preferCopy = defineRule({
  id: 'prefer-copy',
  title: 'COPY instead of ADD',
  severity: 'low',
  needs: ['config'],
  categories: ['security', 'maintainability'],
  rationale:
    'ADD silently extracts local archives and downloads remote URLs without checksum verification or cleanup, so ' +
    'the result depends on what a server returned at build time. COPY does only what it says; downloads belong in a RUN ' +
    'step that verifies them.',
  fix:
    'Use COPY for local files; fetch remote files in a RUN step that checks a pinned checksum.\n' +
    'COPY config.yaml /etc/app/config.yaml\n' +
    'RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-1.2.3.tgz \\\n' +
    ' && echo "<sha256>  /tmp/tool.tgz" | sha256sum -c - \\\n' +
    ' && tar -xzf /tmp/tool.tgz -C /usr/local/bin && rm /tmp/tool.tgz',
  check: ({ config }) => {
    if (config.history.length === 0) return skip('the image has no build history');
    const adds = config.history
      .map((entry, index) => ({ entry, index, destination: addDestination(entry.createdBy) }))
      .filter(({ entry, index, destination }) => destination !== null && !isBaseRootfs(entry, index, destination));
    if (adds.length === 0) return pass('no ADD steps');
    const evidence = adds.map(({ entry, index }) => historyEvidence(index, entry));
    const remote = adds.filter(({ entry }) => REMOTE.test(entry.createdBy)).length;
    if (remote > 0)
      return fail(
        `${remote} ADD step${remote === 1 ? '' : 's'} fetch${remote === 1 ? 'es' : ''} a remote URL`,
        evidence,
      );
    return warn(`${adds.length} ADD step${adds.length === 1 ? '' : 's'} where COPY would do`, evidence);
  },
});
