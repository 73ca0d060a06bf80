import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { MANAGED_LABEL } from '../../../../src/shared/cleanup.js';
import { containerName } from '../../../../src/collect/runtime/container.js';
import {
  containerSpec,
  DEFAULT_RUNTIME_OPTIONS,
  OWNER_HOST_LABEL,
  OWNER_PID_LABEL,
} from '../../../../src/collect/runtime/index.js';
import { containerUlimits, ownHardLimits } from '../../../../src/collect/runtime/ulimits.js';
import { makeFacts } from '../../helpers/facts.js';

const { config } = makeFacts();

describe('containerSpec', () => {
  it('runs the image as it is, with no network, bounded resources, a capped log and no new privileges', () => {
    const spec = containerSpec(config, { ...DEFAULT_RUNTIME_OPTIONS, env: ['APP_MODE=audit'] }, false);
    expect(spec).toEqual({
      Image: config.id,
      Env: ['APP_MODE=audit'],
      Labels: { [MANAGED_LABEL]: 'true', [OWNER_PID_LABEL]: String(process.pid), [OWNER_HOST_LABEL]: hostname() },
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      Tty: false,
      OpenStdin: false,
      HostConfig: {
        NetworkMode: 'none',
        Memory: 256 * 1024 * 1024,
        PidsLimit: 256,
        Ulimits: containerUlimits(ownHardLimits(), 256),
        Privileged: false,
        SecurityOpt: ['no-new-privileges'],
        Init: false,
        LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
      },
    });
    expect(spec).not.toHaveProperty('Entrypoint');
    expect(spec).not.toHaveProperty('Cmd');
    expect(spec).not.toHaveProperty('User');
  });

  it('gives the twin a read-only root and a small /tmp', () => {
    expect(containerSpec(config, DEFAULT_RUNTIME_OPTIONS, true).HostConfig).toMatchObject({
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,noexec,nosuid,size=16m' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
    });
  });
});

describe('containerName', () => {
  it('names the image and is unique', () => {
    const name = containerName(config.id);
    expect(name).toMatch(/^imgaudit-9c7a54a9a43c-[0-9a-f]{8}$/);
    expect(containerName(config.id, '-ro')).toMatch(/^imgaudit-9c7a54a9a43c-[0-9a-f]{8}-ro$/);
    expect(containerName(config.id)).not.toBe(name);
  });
});
