import { describe, expect, it } from 'vitest';
import type { ConfigFacts } from '../../../src/facts.js';
import { execForm } from '../../../src/rules/exec-form.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const verdictFor = (config: Partial<ConfigFacts>) => judgeRule(execForm, makeFacts({ config }), DEFAULT_RULE_OPTIONS);
const SHELL_CMD = ['/bin/sh', '-c', '/bin/busybox httpd -f -p 8080 -h /'];

describe('exec-form', () => {
  it('passes exec-form ENTRYPOINT + CMD with the PID 1 command line as evidence', () => {
    const verdict = verdictFor({});
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toEqual(['["/tini","--","/app/server"]']);
  });

  it('passes an exec-form CMD alone', () => {
    expect(verdictFor({ entrypoint: null, cmd: ['/app/server'] }).status).toBe('pass');
  });

  it('fails a shell-form ENTRYPOINT', () => {
    const verdict = verdictFor({ entrypoint: ['/bin/sh', '-c', './app.sh'], entrypointShellForm: true, cmd: null });
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence[0]).toContain('./app.sh');
  });

  it('fails a shell-form CMD when there is no ENTRYPOINT', () => {
    expect(verdictFor({ entrypoint: null, cmd: SHELL_CMD, cmdShellForm: true }).status).toBe('fail');
  });

  it('fails an exec-form shell wrapper, which the collector flags as shell form', () => {
    const verdict = verdictFor({
      entrypoint: null,
      cmd: ['sh', '-c', 'service nginx start && service app start'],
      cmdShellForm: true,
    });
    expect(verdict.status).toBe('fail');
  });

  it('warns when ENTRYPOINT is exec form but CMD is shell form', () => {
    expect(verdictFor({ cmd: SHELL_CMD, cmdShellForm: true }).status).toBe('warn');
  });

  it('warns when neither ENTRYPOINT nor CMD is set', () => {
    expect(verdictFor({ entrypoint: null, cmd: null }).status).toBe('warn');
    expect(verdictFor({ entrypoint: [], cmd: [] }).status).toBe('warn');
  });

  it('judges CMD when ENTRYPOINT is an empty list', () => {
    expect(verdictFor({ entrypoint: [], cmd: SHELL_CMD, cmdShellForm: true }).status).toBe('fail');
  });
});
