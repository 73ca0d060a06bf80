import { describe, expect, it } from 'vitest';
import { scanHistory, scanImageConfig } from '../../../src/secrets/index.js';
import { fake } from './fakes.js';

const NOP = '/bin/sh -c #(nop)  ';

/** `kind source name location` of each finding, for compact comparisons. */
const summary = (createdBy: string[]) =>
  scanHistory(createdBy).findings.map(({ kind, source, name, location }) => `${kind} ${source} ${name} ${location}`);

function expectNoValues(redacted: readonly string[], values: readonly string[]) {
  for (const text of redacted) for (const value of values) expect(text).not.toContain(value);
}

describe('scanHistory: legacy builder ENV', () => {
  it('reports one pair with its history index and redacts it', () => {
    const { findings, redacted } = scanHistory([`${NOP}ENV DB_PASSWORD=${fake.password}`]);
    expect(findings).toEqual([
      {
        kind: 'secret-like-name',
        source: 'history-env',
        name: 'DB_PASSWORD',
        location: 'history #0 ENV DB_PASSWORD',
        preview: 'hun…(14 chars)',
        historyIndex: 0,
      },
    ]);
    expect(redacted).toEqual([`${NOP}ENV DB_PASSWORD=hun…(14 chars)`]);
  });

  it('reads several pairs and skips the harmless ones', () => {
    expect(summary([`${NOP}ENV A=1 B=2`])).toEqual([]);
    const step = `${NOP}ENV APP_PORT=8080 DB_PASSWORD=${fake.password} DB_PASSWORD_FILE=/run/secrets/db AWS_ACCESS_KEY_ID=${fake.awsAccessKeyId}`;
    expect(summary([step])).toEqual([
      'secret-like-name history-env DB_PASSWORD history #0 ENV DB_PASSWORD',
      'aws-access-key-id history-env AWS_ACCESS_KEY_ID history #0 ENV AWS_ACCESS_KEY_ID',
    ]);
    expect(scanHistory([step]).redacted[0]).toBe(
      `${NOP}ENV APP_PORT=8080 DB_PASSWORD=hun…(14 chars) DB_PASSWORD_FILE=/run/secrets/db AWS_ACCESS_KEY_ID=AKIA…(20 chars)`,
    );
  });

  it('reads quoted values whole', () => {
    const { findings, redacted } = scanHistory([`${NOP}ENV X="a b" DB_PASSWORD="correct horse battery" Y='c d'`]);
    expect(findings.map(({ name, preview }) => `${name} ${preview}`)).toEqual(['DB_PASSWORD corr…(21 chars)']);
    expect(redacted[0]).toBe(`${NOP}ENV X="a b" DB_PASSWORD="corr…(21 chars)" Y='c d'`);
  });

  it('reads values with spaces as the builder records them, quotes dropped', () => {
    // `ENV GREETING="hello world" DB_PASSWORD="correct horse battery staple"` is recorded without its quotes.
    const { findings, redacted } = scanHistory([
      `${NOP}ENV GREETING=hello world DB_PASSWORD=correct horse battery staple`,
    ]);
    expect(findings.map(({ name, preview }) => `${name} ${preview}`)).toEqual(['DB_PASSWORD corr…(28 chars)']);
    expect(redacted[0]).toBe(`${NOP}ENV GREETING=hello world DB_PASSWORD=corr…(28 chars)`);
  });

  it('reads the old space-separated `ENV KEY value` form', () => {
    const { findings, redacted } = scanHistory([`${NOP}ENV DB_PASSWORD ${fake.password} too`]);
    expect(findings.map(({ name, preview }) => `${name} ${preview}`)).toEqual(['DB_PASSWORD hunt…(18 chars)']);
    expect(redacted[0]).toBe(`${NOP}ENV DB_PASSWORD hunt…(18 chars)`);
  });

  it('ignores references, placeholders and describing names', () => {
    const step = `${NOP}ENV DB_PASSWORD_FILE=/run/secrets/db PWD=/app AUTHOR=me API_KEY=\${API_KEY} TOKEN= DEBUG_AUTH=false`;
    expect(scanHistory([step])).toEqual({ findings: [], redacted: [step] });
  });
});

describe('scanHistory: ARG', () => {
  it('reports a default value', () => {
    const { findings, redacted } = scanHistory([`${NOP}ARG NPM_TOKEN=${fake.npm}`]);
    expect(findings).toEqual([
      {
        kind: 'npm-token',
        source: 'history-arg',
        name: 'NPM_TOKEN',
        location: 'history #0 ARG NPM_TOKEN',
        preview: 'npm_…(40 chars)',
        historyIndex: 0,
      },
    ]);
    expect(redacted).toEqual([`${NOP}ARG NPM_TOKEN=npm_…(40 chars)`]);
  });

  it('reports nothing for an ARG without a value', () => {
    expect(summary([`${NOP}ARG NAME`, `${NOP}ARG NPM_TOKEN`, 'ARG GITHUB_TOKEN'])).toEqual([]);
  });
});

describe('scanHistory: build args on RUN', () => {
  it('reads exactly N pairs, then the command', () => {
    const step = `|2 NPM_TOKEN=${fake.npm} OTHER=y /bin/sh -c npm ci`;
    const { findings, redacted } = scanHistory([step]);
    expect(findings).toEqual([
      {
        kind: 'npm-token',
        source: 'build-arg',
        name: 'NPM_TOKEN',
        location: 'history #0 RUN build arg NPM_TOKEN',
        preview: 'npm_…(40 chars)',
        historyIndex: 0,
      },
    ]);
    expect(redacted).toEqual(['|2 NPM_TOKEN=npm_…(40 chars) OTHER=y /bin/sh -c npm ci']);
  });

  it('ends the last value where the shell starts, so a value with spaces stays whole', () => {
    const { findings, redacted } = scanHistory(['|2 A=1 DB_PASSWORD=correct horse /bin/sh -c make install']);
    expect(findings.map(({ name, preview }) => `${name} ${preview}`)).toEqual(['DB_PASSWORD cor…(13 chars)']);
    expect(redacted).toEqual(['|2 A=1 DB_PASSWORD=cor…(13 chars) /bin/sh -c make install']);
  });

  it('ends the last value after one word for an exec-form RUN', () => {
    const { findings, redacted } = scanHistory([`|1 NPM_TOKEN=${fake.npm} npm ci --omit=dev`]);
    expect(findings.map(({ name }) => name)).toEqual(['NPM_TOKEN']);
    expect(redacted).toEqual(['|1 NPM_TOKEN=npm_…(40 chars) npm ci --omit=dev']);
  });

  it('does not report a build arg again when the command spells out its value', () => {
    const { findings, redacted } = scanHistory([`|1 NPM_TOKEN=${fake.npm} /bin/sh -c echo ${fake.npm} > .npmrc`]);
    expect(findings.map(({ source }) => source)).toEqual(['build-arg']);
    expect(redacted).toEqual(['|1 NPM_TOKEN=npm_…(40 chars) /bin/sh -c echo npm_…(40 chars) > .npmrc']);
  });
});

describe('scanHistory: BuildKit', () => {
  it('reads ENV, ARG and RUN with and without the `# buildkit` marker', () => {
    const steps = [
      `ENV DB_PASSWORD=${fake.password} # buildkit`,
      `ENV API_KEY=${fake.password}`,
      'ARG TOKEN=abc # buildkit',
      `RUN |1 NPM_TOKEN=${fake.npm} /bin/sh -c npm ci # buildkit`,
      'RUN /bin/sh -c npm run build # buildkit',
      'COPY . /app # buildkit',
    ];
    expect(summary(steps)).toEqual([
      'secret-like-name history-env DB_PASSWORD history #0 ENV DB_PASSWORD',
      'secret-like-name history-env API_KEY history #1 ENV API_KEY',
      'secret-like-name history-arg TOKEN history #2 ARG TOKEN',
      'npm-token build-arg NPM_TOKEN history #3 RUN build arg NPM_TOKEN',
    ]);
    const { redacted } = scanHistory(steps);
    expect(redacted[0]).toBe('ENV DB_PASSWORD=hun…(14 chars) # buildkit');
    expect(redacted[3]).toBe('RUN |1 NPM_TOKEN=npm_…(40 chars) /bin/sh -c npm ci # buildkit');
    expect(redacted.slice(4)).toEqual(steps.slice(4));
  });
});

describe('scanHistory: tokens in commands', () => {
  it('reports a token in a RUN command with no name', () => {
    const step = `/bin/sh -c curl -H "Authorization: token ${fake.githubClassic}" https://api.github.com/user`;
    const { findings, redacted } = scanHistory([step]);
    expect(findings).toEqual([
      {
        kind: 'github-token',
        source: 'history-command',
        name: '',
        location: 'history #0 RUN command',
        preview: 'ghp_…(40 chars)',
        historyIndex: 0,
      },
    ]);
    expect(redacted).toEqual(['/bin/sh -c curl -H "Authorization: token ghp_…(40 chars)" https://api.github.com/user']);
  });

  it('reports a repeated token once and redacts every occurrence', () => {
    const step = `RUN /bin/sh -c echo ${fake.awsAccessKeyId} > a && echo ${fake.awsAccessKeyId} >> b # buildkit`;
    const { findings, redacted } = scanHistory([step]);
    expect(findings.map(({ kind, location }) => `${kind} ${location}`)).toEqual([
      'aws-access-key-id history #0 RUN command',
    ]);
    expect(redacted).toEqual(['RUN /bin/sh -c echo AKIA…(20 chars) > a && echo AKIA…(20 chars) >> b # buildkit']);
  });

  it('reports the password of a URL with credentials, not references', () => {
    const { findings, redacted } = scanHistory([
      '/bin/sh -c git clone https://deploy:s3cretpw@git.example.com/app.git',
      '/bin/sh -c git clone https://${GIT_USER}:${GIT_TOKEN}@git.example.com/app.git',
    ]);
    expect(findings.map(({ kind, location, preview }) => `${kind} ${location} ${preview}`)).toEqual([
      'url-credentials history #0 RUN command s3…(8 chars)',
    ]);
    expect(redacted[0]).toBe('/bin/sh -c git clone https://deploy:s3…(8 chars)@git.example.com/app.git');
  });

  it('redacts a whole private key block', () => {
    const step = `/bin/sh -c echo "${fake.privateKey.replaceAll('\n', '\\n')}" > /root/.ssh/id_rsa`;
    const { findings, redacted } = scanHistory([step]);
    expect(findings.map(({ kind }) => kind)).toEqual(['private-key']);
    expect(redacted[0]).toMatch(/^\/bin\/sh -c echo "----…\(\d+ chars\)" > \/root\/\.ssh\/id_rsa$/);
    expect(redacted[0]).not.toContain('MMMM');
  });

  it('scans other instructions too, located by instruction', () => {
    expect(summary([`${NOP}LABEL note=${fake.slackBot}`])).toEqual(['slack-token history-command  history #0 LABEL']);
  });

  it('leaves ordinary commands alone', () => {
    const steps = [
      '/bin/sh -c apt-get update && apt-get install -y curl',
      '/bin/busybox --install -s /bin',
      `${NOP}COPY file:${'a'.repeat(64)} in /bin/busybox `,
      'RUN /bin/sh -c pip install -r requirements.txt # buildkit',
    ];
    expect(scanHistory(steps)).toEqual({ findings: [], redacted: steps });
  });
});

describe('scanHistory: a whole build', () => {
  const steps = [
    `${NOP}ADD file:${'f'.repeat(64)} in / `,
    `${NOP}ARG NPM_TOKEN=${fake.npm}`,
    `${NOP}ENV AWS_ACCESS_KEY_ID=${fake.awsAccessKeyId} AWS_SECRET_ACCESS_KEY=${fake.awsSecretAccessKey} DB_PASSWORD=${fake.password}`,
    `|1 NPM_TOKEN=${fake.npm} /bin/sh -c npm ci`,
    `/bin/sh -c echo ${fake.password} > /etc/app/db.conf`,
    `RUN /bin/sh -c curl -H "Authorization: Bearer ${fake.jwt}" https://api.example.com # buildkit`,
    `${NOP}CMD ["node" "server.js"]`,
  ];

  it('sets historyIndex to the position of each step', () => {
    expect(scanHistory(steps).findings.map(({ historyIndex, name }) => `${historyIndex} ${name}`)).toEqual([
      '1 NPM_TOKEN',
      '2 AWS_ACCESS_KEY_ID',
      '2 AWS_SECRET_ACCESS_KEY',
      '2 DB_PASSWORD',
      '3 NPM_TOKEN',
      '5 ',
    ]);
  });

  it('keeps every string in place and no secret value anywhere, even where it was not detected', () => {
    const { findings, redacted } = scanHistory(steps);
    expect(redacted).toHaveLength(steps.length);
    expectNoValues(redacted, [fake.npm, fake.awsAccessKeyId, fake.awsSecretAccessKey, fake.password, fake.jwt]);
    expectNoValues(
      [JSON.stringify(findings)],
      [fake.npm, fake.awsAccessKeyId, fake.awsSecretAccessKey, fake.password, fake.jwt],
    );
    expect(redacted[4]).toBe('/bin/sh -c echo hun…(14 chars) > /etc/app/db.conf');
    expect(redacted[0]).toBe(steps[0]);
    expect(redacted[6]).toBe(steps[6]);
  });

  it('stays linear on long runs of whitespace (a `\\s+#…$` suffix regex took ~100 s here)', () => {
    const long = [`${NOP}ENV K${' '.repeat(200_000)}v`, `RUN /bin/sh -c echo${'\t'.repeat(200_000)}x # buildkit`];
    const started = performance.now();
    scanHistory(long);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('returns empty lists for an empty history', () => {
    expect(scanHistory([])).toEqual({ findings: [], redacted: [] });
  });
});

describe('scanImageConfig', () => {
  it('reports a secret seen in ENV and in the history that set it once, with the other places', () => {
    const token = `npm_${'Z'.repeat(36)}`;
    const createdBy = [
      '/bin/sh -c #(nop)  ENV DB_PASSWORD=correct-horse-battery',
      `/bin/sh -c #(nop)  ARG NPM_TOKEN=${token}`,
      `|1 NPM_TOKEN=${token} /bin/sh -c npm ci`,
    ];
    const { findings, redact } = scanImageConfig({
      env: ['DB_PASSWORD=correct-horse-battery', 'PATH=/usr/bin'],
      createdBy,
    });
    const redacted = createdBy.map(redact);
    expect(findings.map((f) => [f.location, f.alsoAt])).toEqual([
      ['ENV DB_PASSWORD', ['history #0 ENV DB_PASSWORD']],
      ['history #1 ARG NPM_TOKEN', ['history #2 RUN build arg NPM_TOKEN']],
    ]);
    expect(redacted.join('\n')).not.toContain('correct-horse-battery');
    expect(redacted.join('\n')).not.toContain(token);
  });

  it('keeps two different values under one name apart', () => {
    const { findings } = scanImageConfig({
      env: ['API_TOKEN=second-value-123'],
      createdBy: ['/bin/sh -c #(nop)  ENV API_TOKEN=first-value-456'],
    });
    expect(findings).toHaveLength(2);
  });
});
