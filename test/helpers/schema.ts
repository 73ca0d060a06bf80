import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** Throws with every schema violation when a report does not match docs/report.schema.json. */
export function assertValidReport(report: unknown): void {
  if (!validate(report)) {
    throw new Error(`report does not match docs/report.schema.json:\n${JSON.stringify(validate.errors, null, 2)}`);
  }
}

// The SARIF standard's own schema (oasis-tcs/sarif-spec, Documents/CommitteeSpecifications/2.1.0), kept verbatim as test data.
const sarifSchema = JSON.parse(readFileSync(new URL('./sarif-2.1.0.schema.json', import.meta.url), 'utf8'));
const validateSarifLog = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(sarifSchema);

/** Throws with every violation when a log does not match the SARIF 2.1.0 schema. */
export function assertValidSarif(log: unknown): void {
  if (!validateSarifLog(log))
    throw new Error(`not valid SARIF 2.1.0:\n${JSON.stringify(validateSarifLog.errors, null, 2)}`);
}
