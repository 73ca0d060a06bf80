import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImageResult } from '../../src/evaluate/result.js';
import { HOSTILE_SECRET_VALUES, leakedSecrets } from '../helpers/hostile.js';
import { assertValidReport } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, runCli, runJson } from './helpers.js';
import { startRegistry, stopRegistry } from './registry-server.js';

/** No engine answers there: a registry audit must not need one. */
const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent.sock' };
const DOCKER26_HOST = `unix://${process.env.IMGAUDIT_DOCKER26_SOCKET_DIR ?? '/run/imgaudit-docker26'}/docker.sock`;
const REASON = 'needs the runtime checks: the image came from a registry: nothing runs without an engine';
const USER = { name: 'auditor', password: 'registry-pass-3141' };
const IMAGES = { good: FIXTURES.good, hostile: FIXTURES.hostile, 'fs-risky': FIXTURES.fsRisky } as const;
const OPEN = 'imgaudit-it-open';
const LOCKED = 'imgaudit-it-auth';

let open = '';
let locked = '';
let dir = '';
/** Tags this file made on the engines, removed at the end (the images keep their fixture tags). */
const tagged: { host: string | null; ref: string }[] = [];
let docker26 = false;

function docker(args: readonly string[], options: { docker26?: boolean; input?: string } = {}): Promise<string> {
  const [command, prefix] = options.docker26 ? ['bash', ['scripts/docker26.sh']] : ['docker', []];
  return new Promise((resolve, reject) => {
    const child = execFile(command, [...prefix, ...args], { timeout: 180_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`docker ${args.join(' ')}: ${stderr.trim() || error.message}`)) : resolve(stdout),
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** Tags a fixture image as HOST/NAME:TAG on an engine and pushes it there; the tag is removed afterwards. */
async function push(source: string, target: string, options: { docker26?: boolean; config?: string } = {}) {
  await docker(['tag', source, target], options);
  tagged.push({ host: options.docker26 ? DOCKER26_HOST : null, ref: target });
  await docker([...(options.config ? ['--config', options.config] : []), 'push', target], options);
}

/** The facts an engine measures differently (sizes), or only it has (runtime, engine, its tags), or only a source has. */
function comparable(image: ImageResult, options: { id?: boolean } = {}) {
  const {
    runtime: _runtime,
    input: _input,
    engine: _engine,
    sizeBytes: _size,
    repoTags: _tags,
    repoDigests: _digests,
    id: imageId,
    ...facts
  } = image.facts;
  return {
    ...facts,
    ...(options.id === false ? {} : { id: imageId }),
    history: facts.history.map((step) => ({ ...step, sizeBytes: 0 })),
    // Docker 20.10 saves plain layer tars and pushes them gzipped: where a layer was read and how it was packed differ.
    ...(facts.filesystem
      ? {
          filesystem: {
            ...facts.filesystem,
            layers: facts.filesystem.layers.map(({ source: _source, compression: _compression, ...layer }) => layer),
          },
        }
      : {}),
  };
}

const ran = (image: ImageResult) =>
  Object.fromEntries(image.findings.filter((f) => f.status !== 'skip').map((f) => [f.rule, f.status]));

async function configDir(config: unknown): Promise<string> {
  const target = await mkdtemp(join(dir, 'docker-config-'));
  await writeFile(join(target, 'config.json'), JSON.stringify(config));
  return target;
}

const authOf = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

describeWithEngine('a registry without an engine: registry:// and --source registry', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'imgaudit-registry-it-'));
    [open, locked] = await Promise.all([startRegistry(OPEN), startRegistry(LOCKED, USER)]);
    for (const [name, ref] of Object.entries(IMAGES)) await push(ref, `${open}/${name}:1.0.0`);
    const login = await configDir({});
    await docker(['--config', login, 'login', '-u', USER.name, '--password-stdin', locked], { input: USER.password });
    await push(FIXTURES.good, `${locked}/good:1.0.0`, { config: login });
    // Docker 26 (containerd store) pushes an OCI index with an attestation manifest and gzip layers.
    docker26 = await docker(['version'], { docker26: true }).then(
      () => true,
      () => false,
    );
    if (docker26) await push(FIXTURES.hostile, `${open}/hostile26:1.0.0`, { docker26: true });
    else if (process.env.CI === 'true')
      throw new Error('the Docker 26 engine does not answer (bash scripts/ensure-docker26.sh)');
  }, 300_000);

  afterAll(async () => {
    for (const { host, ref } of tagged) await docker(['rmi', ref], { docker26: host !== null }).catch(() => undefined);
    await Promise.all([stopRegistry(OPEN), stopRegistry(LOCKED)]);
    await rm(dir, { recursive: true, force: true });
  }, 120_000);

  it.each(Object.keys(IMAGES))(
    '%s: the same configuration and filesystem facts (paths, secrets, users) and verdicts as the engine audit',
    async (name) => {
      const ref = IMAGES[name as keyof typeof IMAGES];
      const source = `registry://${open}/${name}:1.0.0`;
      const [engine, registry] = await Promise.all([
        runJson(['--no-config', '--no-run', '--no-cache', ref]),
        runJson(['--no-config', '--no-cache', source], NO_ENGINE),
      ]);
      assertValidReport(registry.report);
      const fromEngine = engine.report.images[0]!;
      const fromRegistry = registry.report.images[0]!;
      expect(registry.code).toBe(engine.code);
      expect(fromRegistry.ref).toBe(source);
      expect(fromRegistry.facts.input).toEqual({ path: source, format: 'registry', name: `${open}/${name}:1.0.0` });
      // Docker 20.10 pushes the config blob it has: the image id is the same.
      expect(fromRegistry.id).toBe(fromEngine.id);
      expect(fromRegistry.facts.engine).toBeUndefined();
      expect(comparable(fromRegistry)).toEqual(comparable(fromEngine));
      expect(fromRegistry.facts.filesystem!.layers.map((layer) => [layer.source, layer.compression])).toEqual(
        fromRegistry.facts.layerDiffIds.map(() => [expect.stringMatching(/^blobs\/sha256\/[0-9a-f]{64}$/), 'gzip']),
      );
      expect(fromRegistry.facts.filesystem!.users).toEqual(fromEngine.facts.filesystem!.users);
      expect(fromRegistry.facts.filesystem!.secrets).toEqual(fromEngine.facts.filesystem!.secrets);
      expect(ran(fromRegistry)).toEqual(
        Object.fromEntries(Object.entries(ran(fromEngine)).filter(([rule]) => !rule.startsWith('runtime'))),
      );
      const runtime = fromRegistry.findings.find((finding) => finding.rule === 'runtime-non-root')!;
      expect([runtime.status, runtime.message]).toEqual(['skip', REASON]);
      expect(registry.stderr).toBe('');
    },
  );

  it('the hostile image from a registry: no secret reaches any report format', async () => {
    const formats = ['table', 'json', 'markdown', 'html', 'sarif', 'junit'];
    const runs = await Promise.all(
      formats.map((format) =>
        runCli(['--no-config', '--format', format, `registry://${open}/hostile:1.0.0`], NO_ENGINE),
      ),
    );
    for (const run of runs) {
      expect(run.stdout.length).toBeGreaterThan(100);
      expect(leakedSecrets(run.stdout + run.stderr, HOSTILE_SECRET_VALUES)).toEqual([]);
    }
  });

  it('--source registry reads a plain reference from its registry; a digest reference reads that manifest', async () => {
    const plain = await runJson(['--no-config', '--source', 'registry', `${open}/good:1.0.0`], NO_ENGINE);
    const image = plain.report.images[0]!;
    expect(image.ref).toBe(`${open}/good:1.0.0`);
    expect(image.facts.input?.format).toBe('registry');
    const digest = image.facts.repoDigests[0]!.split('@')[1]!;
    expect(image.facts.repoDigests).toEqual([`${open}/good@${digest}`]);
    const pinned = await runJson(['--no-config', `registry://${open}/good@${digest}`], NO_ENGINE);
    expect(pinned.report.images[0]!.id).toBe(image.id);
    expect(pinned.report.images[0]!.facts.input?.name).toBe(`${open}/good@${digest}`);
    expect(comparable(pinned.report.images[0]!)).toEqual(comparable(image));
  });

  it('an image Docker 26 pushed (OCI index, attestation, gzip layers) has the facts of its audit on that engine', async (context) => {
    if (!docker26) return context.skip();
    const [engine, registry] = await Promise.all([
      runJson(['--no-config', '--no-run', '--no-cache', FIXTURES.hostile], { DOCKER_HOST: DOCKER26_HOST }),
      runJson(['--no-config', '--no-cache', `registry://${open}/hostile26:1.0.0`], NO_ENGINE),
    ]);
    const fromEngine = engine.report.images[0]!;
    const fromRegistry = registry.report.images[0]!;
    // The containerd store names an image by its index digest; the registry's image is its config.
    expect(fromRegistry.facts.repoDigests).toEqual([`${open}/hostile26@${fromEngine.id}`]);
    expect(comparable(fromRegistry, { id: false })).toEqual(comparable(fromEngine, { id: false }));
    expect(fromRegistry.facts.filesystem!.secrets.length).toBeGreaterThan(0);
    expect(registry.code).toBe(engine.code);
  });

  it('--load runs the runtime phase of a registry image on the engine, and removes the image it loaded', async (context) => {
    if (!docker26) return context.skip();
    // Docker 26's build of the hostile image has a config the main engine does not have: it is loaded from its gzip blobs.
    const source = `registry://${open}/hostile26:1.0.0`;
    const first = await runJson(['--no-config', '--no-fs', '--no-run', source], NO_ENGINE);
    const id = first.report.images[0]!.id;
    const present = () =>
      docker(['image', 'inspect', id]).then(
        () => true,
        () => false,
      );
    expect(await present()).toBe(false);
    const run = await runJson(['--no-config', '--no-cache', '--load', '--window', '3', source]);
    const image = run.report.images[0]!;
    expect(image.facts.runtime).toBeDefined();
    expect(image.findings.find((finding) => finding.rule === 'runtime-non-root')!.status).not.toBe('skip');
    expect(await present()).toBe(false);
  }, 120_000);

  it('a registry with htpasswd: config.json auths work, a wrong password is an auth error, none says to log in', async () => {
    const source = `registry://${locked}/good:1.0.0`;
    const right = await configDir({ auths: { [locked]: { auth: authOf(USER.name, USER.password) } } });
    const ok = await runJson(['--no-config', source], { ...NO_ENGINE, DOCKER_CONFIG: right });
    expect(ok.code).toBe(0);
    expect(ok.report.images[0]!.facts.input?.name).toBe(`${locked}/good:1.0.0`);

    const wrong = await configDir({ auths: { [`http://${locked}`]: { auth: authOf(USER.name, 'not-the-password') } } });
    const refused = await runCli(['--no-config', source], { ...NO_ENGINE, DOCKER_CONFIG: wrong });
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([
      3,
      '',
      `imgaudit: the registry ${locked} refused access to the manifest of ${locked}/good:1.0.0 (HTTP 401): check the ` +
        `credentials (docker login ${locked})\n`,
    ]);
    const anonymous = await runCli(['--no-config', source], { ...NO_ENGINE, DOCKER_CONFIG: join(dir, 'none') });
    expect([anonymous.code, anonymous.stderr]).toEqual([
      3,
      `imgaudit: the registry ${locked} needs a user and password for the manifest of ${locked}/good:1.0.0 ` +
        `(docker login ${locked})\n`,
    ]);
    for (const run of [refused, anonymous]) expect(run.stderr).not.toMatch(/not-the-password|registry-pass/);
  });

  it('credentials from a credential helper (credHelpers), asked with the registry on stdin', async () => {
    const bin = await mkdtemp(join(dir, 'bin-'));
    const helper = join(bin, 'docker-credential-imgaudit-test');
    await writeFile(
      helper,
      `#!/bin/sh\nread server\n[ "$server" = "${locked}" ] || exit 1\n` +
        `echo '{"ServerURL":"${locked}","Username":"${USER.name}","Secret":"${USER.password}"}'\n`,
    );
    await chmod(helper, 0o755);
    const config = await configDir({ credHelpers: { [locked]: 'imgaudit-test' } });
    const run = await runJson(['--no-config', `registry://${locked}/good:1.0.0`], {
      ...NO_ENGINE,
      DOCKER_CONFIG: config,
      PATH: `${bin}${delimiter}${process.env.PATH}`,
    });
    expect([run.code, run.stderr]).toEqual([0, '']);
  });

  it('a missing tag or repository is "not found" (exit 2); a registry that is not there is exit 3', async () => {
    const tag = await runCli(['--no-config', `registry://${open}/good:9.9.9`], NO_ENGINE);
    expect([tag.code, tag.stderr]).toEqual([
      2,
      `imgaudit: image ${open}/good:9.9.9 not found in the registry ${open}\n`,
    ]);
    const repository = await runCli(['--no-config', '--source', 'registry', `${open}/nothing/here:1`], NO_ENGINE);
    expect([repository.code, repository.stderr]).toEqual([
      2,
      `imgaudit: image ${open}/nothing/here:1 not found in the registry ${open}\n`,
    ]);
    const gone = await runCli(['--no-config', 'registry://127.0.0.1:2/good:1.0.0'], NO_ENGINE);
    expect([gone.code, gone.stderr]).toEqual([
      3,
      'imgaudit: cannot reach the registry 127.0.0.1:2 (ECONNREFUSED) for the manifest of 127.0.0.1:2/good:1.0.0\n',
    ]);
  });
});
