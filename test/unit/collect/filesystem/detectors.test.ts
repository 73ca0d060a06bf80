import { describe, expect, it } from 'vitest';
import { DETECTORS, type AnyDetector } from '../../../../src/collect/filesystem/detectors.js';
import { buildFilesystemFacts } from '../../../../src/collect/filesystem/index.js';
import { evaluate } from '../../../../src/evaluate/evaluate.js';
import { makeFacts } from '../../helpers/facts.js';
import { context, dir, file, image } from './layers.js';

const view = () =>
  image([
    dir('usr/bin'),
    file('usr/bin/passwd', { mode: 0o4755 }),
    file('etc/passwd', { content: 'root:x:0:0:root:/root:/bin/sh\napp:x:10001:10001::/app:/sbin/nologin\n' }),
    file('app/.env', { content: 'X=1\n' }),
  ]);

const throwing = (name: string, of: AnyDetector): AnyDetector => ({
  ...of,
  name,
  detect: () => {
    throw new TypeError('boom: hostile input');
  },
});

describe('the detector registry', () => {
  it('provides every filesystem fact exactly once, and each detector fails to the same facts it provides', () => {
    const provided = DETECTORS.flatMap((detector) => Object.keys(detector.failed));
    expect(new Set(provided).size).toBe(provided.length);
    const facts = buildFilesystemFacts(view(), context());
    expect([...provided, 'fileCount', 'layers', 'pathLayers'].sort()).toEqual(Object.keys(facts).sort());
    for (const detector of DETECTORS) {
      expect(Object.keys(detector.detect(view(), context())).sort(), detector.name).toEqual(
        Object.keys(detector.failed).sort(),
      );
    }
  });
});

describe('a detector that throws (regression: one throwing detector aborted the batch)', () => {
  const permissions = DETECTORS.find((detector) => detector.name === 'permissions')!;
  const registry = DETECTORS.map((detector) =>
    detector === permissions ? throwing('permissions', detector) : detector,
  );
  const facts = buildFilesystemFacts(view(), context({ user: '10001' }), registry);

  it('costs only its own facts, and says which and why', () => {
    expect(facts.detectorErrors).toEqual([
      { detector: 'permissions', facts: ['setuid', 'setgid', 'worldWritable'], message: 'boom: hostile input' },
    ]);
    expect(facts.setuid).toEqual([]);
    expect(facts.users.map((user) => user.name)).toEqual(['root', 'app']);
    expect(facts.sensitiveFiles.map((found) => found.path)).toEqual(['/app/.env']);
  });

  it('makes exactly the rules that read those facts say error, naming the detector; the rest judge as usual', () => {
    const base = makeFacts({ config: { user: '10001' } });
    const result = evaluate({ ...base, filesystem: facts });
    const byRule = Object.fromEntries(result.findings.map((finding) => [finding.rule, finding]));
    expect(byRule['no-setuid-binaries']).toMatchObject({
      status: 'error',
      message: expect.stringContaining('the permissions detector failed (boom: hostile input)'),
    });
    expect(byRule['no-world-writable']?.status).toBe('error');
    expect(byRule['no-sensitive-files']?.status).toBe('fail');
    expect(byRule['user-exists']?.status).toBe('pass');
    expect(result.passed).toBe(false);
    expect(result.gateReasons).toContain(
      `rule no-setuid-binaries could not run: ${byRule['no-setuid-binaries']!.message}`,
    );
  });

  it('leaves the facts plain data: the report still serialises them', () => {
    expect(JSON.parse(JSON.stringify(facts)).setuid).toEqual([]);
  });
});
