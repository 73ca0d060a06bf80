import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import type { LayerFacts } from '../../../src/facts.js';
import { cachesLeftBy, packageInstallCleanup } from '../../../src/rules/package-install-cleanup.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, historyEntry, makeFacts } from '../helpers/facts.js';

const BASE = historyEntry('/bin/sh -c #(nop) ADD file:5b1e63e2d4c4b9a0 in / ', 7_800_000);

describe('cachesLeftBy (one recorded history step)', () => {
  it.each([
    ['RUN /bin/sh -c apk add curl # buildkit', ['/var/cache/apk']],
    ['/bin/sh -c apk update && apk add --virtual .build-deps gcc', ['/var/cache/apk']],
    ['RUN |1 VERSION=1.2 /bin/sh -c apk add --update curl=${VERSION} # buildkit', ['/var/cache/apk']],
    ['/bin/sh -c apt-get update && apt-get install -y curl', ['/var/lib/apt/lists']],
    ['/bin/sh -c apt-get update     && DEBIAN_FRONTEND=noninteractive apt-get install -y curl', ['/var/lib/apt/lists']],
    ['/bin/sh -c apt-get update && apt-get install -y curl && apt-get clean', ['/var/lib/apt/lists']],
    ['/bin/sh -c rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl', ['/var/lib/apt/lists']],
    ['RUN /bin/sh -c apt update; apt install -y curl # buildkit', ['/var/lib/apt/lists']],
    ['/bin/sh -c sudo /usr/bin/apt-get -o Acquire::Retries=3 install -y jq', ['/var/lib/apt/lists']],
    ['/bin/bash -o pipefail -c apt-get update && apt-get install -y curl', ['/var/lib/apt/lists']],
  ])('%s → %j', (createdBy, expected) => {
    expect(cachesLeftBy(createdBy)).toEqual(expected);
  });

  it.each([
    'RUN /bin/sh -c apk add --no-cache curl # buildkit',
    'RUN /bin/sh -c apk --no-cache add curl # buildkit',
    '/bin/sh -c apk add curl && rm -rf /var/cache/apk/*',
    '/bin/sh -c apk add curl; apk cache clean',
    '/bin/sh -c apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    '/bin/sh -c apt-get update   && apt-get install -y --no-install-recommends      curl   && rm -rf /var/lib/apt/lists',
    "/bin/sh -c apt-get update && apt-get install -y curl && rm -rf '/var/lib/apt/lists/'*",
    '/bin/sh -c set -eux; apt-get update; apt-get install -y curl; apt-get distclean',
    '/bin/sh -c apt-get update && apt-get upgrade -y',
    '/bin/sh -c echo "apk add curl" > /notes.txt',
    '/bin/sh -c #(nop)  LABEL note="apt-get install curl"',
    'COPY apt-get /usr/bin/ # buildkit',
    '/bin/sh -c apt-get remove -y curl',
  ])('%s leaves no cache', (createdBy) => {
    expect(cachesLeftBy(createdBy)).toEqual([]);
  });

  it('reads steps split over lines with continuations', () => {
    expect(
      cachesLeftBy(
        'RUN /bin/sh -c apt-get update \\\n && apt-get install -y curl \\\n && rm -rf /var/lib/apt/lists/* # buildkit',
      ),
    ).toEqual([]);
    expect(cachesLeftBy('RUN /bin/sh -c apt-get update \\\n && apt-get install -y curl # buildkit')).toEqual([
      '/var/lib/apt/lists',
    ]);
  });
});

describe('package-install-cleanup', () => {
  const APK = 'RUN /bin/sh -c apk add curl # buildkit';
  const history = [BASE, historyEntry(APK, 2_400_000), historyEntry('CMD ["sh"]')];

  it('passes the good image and skips without history', () => {
    expect(judgeRule(packageInstallCleanup, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('pass');
    expect(judgeRule(packageInstallCleanup, makeFacts({ config: { history: [] } }), DEFAULT_RULE_OPTIONS).status).toBe(
      'skip',
    );
  });

  it('fails naming the history step, from the history alone', () => {
    const verdict = judgeRule(packageInstallCleanup, makeFacts({ config: { history } }), DEFAULT_RULE_OPTIONS);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual(['history #1: RUN /bin/sh -c apk add curl keeps /var/cache/apk']);
  });

  it('links the step to the cache bytes the filesystem scan measured in its layer', () => {
    const layers: LayerFacts[] = [
      {
        index: 0,
        source: 'a',
        compression: 'gzip',
        readable: true,
        fileBytes: 7_800_000,
        entryCount: 9,
        createdBy: BASE.createdBy,
      },
      {
        index: 1,
        source: 'b',
        compression: 'gzip',
        readable: true,
        fileBytes: 2_400_000,
        entryCount: 9,
        createdBy: APK,
      },
    ];
    const measured = factsWithFilesystem(
      {
        layers,
        packageCaches: [{ path: '/var/cache/apk', bytes: 1_400_000, files: 2, layerIndexes: [1] }],
        packageCacheBytes: 1_400_000,
      },
      { history },
    );
    expect(judgeRule(packageInstallCleanup, measured, DEFAULT_RULE_OPTIONS).evidence).toEqual([
      'history #1: RUN /bin/sh -c apk add curl keeps /var/cache/apk (1.4 MB of it in the final image)',
    ]);
    // A cache that came from another layer is not this step's.
    const elsewhere = factsWithFilesystem(
      {
        layers,
        packageCaches: [{ path: '/var/cache/apk', bytes: 1_400_000, files: 2, layerIndexes: [0] }],
        packageCacheBytes: 1_400_000,
      },
      { history },
    );
    expect(judgeRule(packageInstallCleanup, elsewhere, DEFAULT_RULE_OPTIONS).evidence).toEqual([
      'history #1: RUN /bin/sh -c apk add curl keeps /var/cache/apk',
    ]);
  });
});
