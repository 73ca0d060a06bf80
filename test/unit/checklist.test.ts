import { describe, expect, it } from 'vitest';
import { CHECKLIST, checklistRows } from '../../src/checklist.js';
import type { Finding } from '../../src/result.js';
import { RULES } from '../../src/rules/index.js';
import type { Status } from '../../src/rules/types.js';

const finding = (rule: string, status: Status, message = `${rule} ${status}`): Finding =>
  ({ rule, title: rule, status, severity: 'medium', message, evidence: [], evidenceOmitted: 0 }) as Finding;

const rowFor = (rows: ReturnType<typeof checklistRows>, item: string) => rows.find((row) => row.item === item)!;

describe('CHECKLIST', () => {
  it('has the 19 items of the production checklist, in order, each naming only registered rules', () => {
    expect(CHECKLIST).toHaveLength(19);
    expect(CHECKLIST[0]!.item).toBe('Base image pinned with SHA256');
    expect(CHECKLIST[18]!.item).toBe('BuildKit features leveraged');
    const ids = new Set<string>(RULES.map((rule) => rule.id));
    for (const { rules } of CHECKLIST) for (const id of rules) expect(ids).toContain(id);
  });
  it('says why an item has no rules', () => {
    for (const item of CHECKLIST) if (item.rules.length === 0) expect(item.unchecked).toBeTruthy();
  });
});

describe('checklistRows', () => {
  it('takes the worst status of the rules behind a row', () => {
    const rows = checklistRows([finding('no-apt-upgrade', 'pass'), finding('prefer-copy', 'warn', 'ADD used'), finding('no-latest-tag', 'pass')]);
    const row = rowFor(rows, 'Build reproducible (pinned deps)');
    expect(row.status).toBe('warn');
    expect(row.detail).toBe('ADD used');
    const failing = checklistRows([finding('no-apt-upgrade', 'fail', 'upgrade'), finding('prefer-copy', 'warn')]);
    expect(rowFor(failing, 'Build reproducible (pinned deps)').status).toBe('fail');
  });
  it('counts a rule error as a failure', () => {
    expect(rowFor(checklistRows([finding('exec-form', 'error')]), 'exec form for ENTRYPOINT/CMD').status).toBe('fail');
  });
  it('skips rows without rules and names the reason', () => {
    const row = rowFor(checklistRows([]), 'Read-only root filesystem compatible');
    expect(row).toMatchObject({ status: 'skip', detail: 'needs runtime checks' });
  });
  it('marks a pass that covers only part of the item', () => {
    const row = rowFor(checklistRows([finding('non-root-user', 'pass', 'runs as UID 10001')]), 'Non-root user configured');
    expect(row.status).toBe('pass');
    expect(row.detail).toBe('runs as UID 10001 (the UID of running processes needs runtime checks)');
  });
});
