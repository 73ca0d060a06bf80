import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  builtImageNames,
  composeImages,
  composeReferences,
  interpolate,
  readComposeFile,
} from '../../../src/docker/compose.js';
import { UsageError } from '../../../src/shared/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'imgaudit-compose-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function composeFile(folder: string, text: string): string {
  mkdirSync(join(dir, folder), { recursive: true });
  const file = join(dir, folder, 'docker-compose.yml');
  writeFileSync(file, text);
  return file;
}

describe('interpolate (compose variable substitution)', () => {
  const env = { TAG: '1.4.2', EMPTY: '' };
  it.each([
    ['myorg/api:${TAG}', 'myorg/api:1.4.2'],
    ['myorg/api:$TAG', 'myorg/api:1.4.2'],
    ['myorg/api:${MISSING:-latest}', 'myorg/api:latest'],
    ['myorg/api:${EMPTY:-dev}', 'myorg/api:dev'],
    ['myorg/api:${EMPTY-dev}', 'myorg/api:'],
    ['price$$', 'price$'],
  ])('%s → %s', (text, expected) => expect(interpolate(text, env)).toBe(expected));
});

describe('readComposeFile', () => {
  it('reads services, images and the project name from name:, the env, or the folder', async () => {
    const file = composeFile(
      'Shop_App',
      'services:\n  api:\n    image: myorg/api:${TAG:-1.0}\n    build: .\n  worker:\n    build: ./worker\n',
    );
    expect(await readComposeFile(file, {})).toEqual({
      name: 'Shop_App',
      services: [
        {
          service: 'api',
          image: 'myorg/api:1.0',
          imageAsWritten: 'myorg/api:${TAG:-1.0}',
          substituted: [],
          builds: true,
          dockerfile: relative(process.cwd(), join(dir, 'Shop_App', 'Dockerfile')),
          buildContext: relative(process.cwd(), join(dir, 'Shop_App')),
        },
        {
          service: 'worker',
          image: null,
          imageAsWritten: null,
          substituted: [],
          builds: true,
          dockerfile: relative(process.cwd(), join(dir, 'Shop_App', 'worker', 'Dockerfile')),
          buildContext: relative(process.cwd(), join(dir, 'Shop_App', 'worker')),
        },
      ],
    });
    expect((await readComposeFile(file, { COMPOSE_PROJECT_NAME: 'other' })).name).toBe('other');
    const named = composeFile('x', 'name: shop\nservices:\n  web:\n    image: nginx:1.27\n');
    expect((await readComposeFile(named, {})).name).toBe('shop');
  });

  it('finds each building service’s Dockerfile from its context and dockerfile, relative to the working directory', async () => {
    const file = composeFile(
      'df',
      'services:\n  a:\n    build:\n      context: ./svc\n      dockerfile: build/Dockerfile.prod\n  b:\n    build: https://github.com/x/y.git\n  c:\n    image: nginx\n',
    );
    const [a, b, c] = (await readComposeFile(file, {})).services;
    expect(a!.dockerfile).toBe(relative(process.cwd(), join(dir, 'df', 'svc', 'build', 'Dockerfile.prod')));
    expect(a!.dockerfile).not.toContain('\\');
    // The build context is the service's context, not the Dockerfile's folder.
    expect(a!.buildContext).toBe(relative(process.cwd(), join(dir, 'df', 'svc')));
    expect([b!.dockerfile, c!.dockerfile]).toEqual([null, null]);
  });

  it('rejects a missing file, bad YAML and a file without services', async () => {
    await expect(readComposeFile(join(dir, 'nope.yml'), {})).rejects.toThrow(UsageError);
    await expect(readComposeFile(composeFile('bad', 'services: [\n'), {})).rejects.toThrow(/not valid YAML/);
    await expect(readComposeFile(composeFile('empty', 'version: "3"\n'), {})).rejects.toThrow(/has no services/);
  });

  it('refuses YAML nested deeper than 100 levels as a usage error naming the file', async () => {
    const file = composeFile('deep', `services: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    await expect(readComposeFile(file, {})).rejects.toThrow(
      new UsageError(`--compose ${file}: YAML nested more than 100 levels deep: not accepted`),
    );
  });

  it('refuses a YAML alias bomb as a usage error naming the file', async () => {
    const text = `x: &x [a, a, a, a, a, a, a, a, a]\nservices:\n  api:\n    image: y\n    labels: [${Array(150).fill('*x').join(', ')}]\n`;
    const file = composeFile('bomb', text);
    await expect(readComposeFile(file, {})).rejects.toThrow(
      new UsageError(`--compose ${file}: too many YAML aliases (more than 100): not accepted`),
    );
  });
});

describe('composeReferences', () => {
  it('names built images the v2 way, falling back to v1', () => {
    expect(builtImageNames('Shop_App', 'worker')).toEqual(['shop_app-worker:latest', 'shopapp_worker:latest']);
    const project = {
      name: 'Shop_App',
      services: [
        { service: 'worker', image: null, imageAsWritten: null, substituted: [], builds: true, dockerfile: null },
        {
          service: 'api',
          image: 'myorg/api:1.0',
          imageAsWritten: 'myorg/api:1.0',
          substituted: [],
          builds: true,
          dockerfile: null,
        },
      ],
    };
    expect(composeReferences(project, ['shopapp_worker:latest'])).toEqual(['shopapp_worker:latest', 'myorg/api:1.0']);
    expect(composeReferences(project, ['shop_app-worker:latest', 'shopapp_worker:latest'])[0]).toBe(
      'shop_app-worker:latest',
    );
  });

  it('says when a build-only service has not been built', () => {
    const project = {
      name: 'shop',
      services: [
        { service: 'worker', image: null, imageAsWritten: null, substituted: [], builds: true, dockerfile: null },
      ],
    };
    expect(() => composeReferences(project, [])).toThrow(/"worker" has not been built.*docker compose build/);
  });

  it('names an invalid image as written, never with the value a variable gave it (regression: a ${VAR} echoed in full)', async () => {
    const secret = 'Deploy+Password+2026';
    const file = composeFile('secret-ref', 'services:\n  api:\n    image: registry.example.com/api:${DEPLOY_TOKEN}\n');
    const project = await readComposeFile(file, { DEPLOY_TOKEN: secret });
    expect(project.services[0]).toMatchObject({
      imageAsWritten: 'registry.example.com/api:${DEPLOY_TOKEN}',
      substituted: [`DEPLOY_TOKEN=${secret}`],
    });
    let message = '';
    try {
      composeImages(project, []);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('compose service "api": image "registry.example.com/api:${DEPLOY_TOKEN}"');
    expect(message).not.toContain(secret);
  });
});
