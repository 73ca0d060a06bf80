import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { noSystemVolumes } from '../../../src/rules/no-system-volumes.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { makeFacts } from '../helpers/facts.js';

const verdictFor = (volumes: string[]) =>
  judgeRule(noSystemVolumes, makeFacts({ config: { volumes } }), DEFAULT_RULE_OPTIONS);

describe('no-system-volumes', () => {
  it('passes without volumes and with application volumes', () => {
    expect(verdictFor([]).status).toBe('pass');
    const data = verdictFor(['/data', '/var/lib/postgresql/data', '/process', '/device', '/run']);
    expect(data.status).toBe('pass');
    expect(data.evidence).toEqual([
      'VOLUME /data',
      'VOLUME /var/lib/postgresql/data',
      'VOLUME /process',
      'VOLUME /device',
      'VOLUME /run',
    ]);
  });

  it.each(['/proc', '/sys', '/dev', '/sys/fs/cgroup', '/dev/shm', '/proc/', '//proc', '/dev//'])(
    'fails on %s',
    (path) => {
      expect(verdictFor([path]).status).toBe('fail');
    },
  );

  it('fails on the Docker socket and says what it is', () => {
    const verdict = verdictFor(['/var/run/docker.sock', '/run/docker.sock', '/data']);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual([
      'VOLUME /var/run/docker.sock (the Docker socket)',
      'VOLUME /run/docker.sock (the Docker socket)',
    ]);
  });
});
