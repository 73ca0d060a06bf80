import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { noAddUrl } from '../../../src/rules/no-add-url.js';
import { withDockerfile } from '../helpers/dockerfile.js';

const judge = (text: string) => judgeRule(noAddUrl, withDockerfile(text));

describe('no-add-url', () => {
  it('fails ADD of a URL or a git repository without --checksum', () => {
    expect(judge('FROM alpine\nADD https://x.test/a.tgz /tmp/\n')).toMatchObject({ status: 'fail', line: 2 });
    expect(judge('FROM alpine\nADD git@github.com:o/r.git /src\n').status).toBe('fail');
    expect(judge('FROM alpine\nADD ["https://x.test/a.tgz", "/tmp/"]\n').status).toBe('fail');
  });
  it('passes --checksum and local sources', () => {
    expect(judge(`FROM alpine\nADD --checksum=sha256:${'d'.repeat(64)} https://x.test/a.tgz /tmp/\n`).status).toBe(
      'pass',
    );
    expect(judge('FROM alpine\nADD rootfs.tar.gz /\n').status).toBe('pass');
  });
});
