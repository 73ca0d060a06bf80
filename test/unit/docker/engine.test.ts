import { describe, expect, it } from 'vitest';
import { createDockerClient } from '../../../src/docker/client.js';
import { engineIdentity, engineOf } from '../../../src/docker/engine.js';

/** GET /version of Debian's podman 4.3 (`podman system service`), shortened. */
const PODMAN = {
  Platform: { Name: 'linux/amd64/debian-12' },
  Components: [
    { Name: 'Podman Engine', Version: '4.3.1', Details: { APIVersion: '4.3.1', MinAPIVersion: '4.0.0' } },
    { Name: 'Conmon', Version: 'conmon version 2.1.6, commit: unknown' },
    { Name: 'OCI Runtime (runc)', Version: 'runc version 1.1.5+ds1' },
  ],
  Version: '4.3.1',
  ApiVersion: '1.41',
};

/** GET /version of Docker 26.1 (Debian trixie's docker.io), shortened. */
const DOCKER = {
  Platform: { Name: '' },
  Components: [
    { Name: 'Engine', Version: '26.1.5+dfsg1', Details: { ApiVersion: '1.45' } },
    { Name: 'containerd', Version: '1.7.24~ds1' },
  ],
  Version: '26.1.5+dfsg1',
  ApiVersion: '1.45',
};

describe('engineIdentity', () => {
  it('knows podman by its component', () => {
    expect(engineIdentity(PODMAN)).toEqual({ kind: 'podman', version: '4.3.1' });
  });

  it('knows Docker by its Engine component', () => {
    expect(engineIdentity(DOCKER)).toEqual({ kind: 'docker', version: '26.1.5+dfsg1' });
  });

  it('says other for an engine that names neither (an old API without components)', () => {
    expect(engineIdentity({ Version: '1.2.3' })).toEqual({ kind: 'other', version: '1.2.3' });
    expect(engineIdentity({ Components: null })).toEqual({ kind: 'other', version: '' });
  });
});

describe('engineOf', () => {
  it('asks the engine once per client', async () => {
    let calls = 0;
    const docker = {
      version: async () => {
        calls += 1;
        return PODMAN;
      },
    };
    const client = createDockerClient({ docker });
    expect(await engineOf(client)).toEqual({ kind: 'podman', version: '4.3.1' });
    expect(await engineOf(client)).toEqual({ kind: 'podman', version: '4.3.1' });
    expect(calls).toBe(1);
  });

  it('is null when the engine does not answer', async () => {
    const docker = {
      version: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
    };
    expect(await engineOf(createDockerClient({ docker }))).toBeNull();
  });
});
