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

// CycloneDX 1.5's own schema and the two it refers to, as @cyclonedx/cyclonedx-library ships them (a devDependency):
// read from disk, so the $refs resolve offline.
const cycloneDxSchemas = new URL('../../node_modules/@cyclonedx/cyclonedx-library/res/schema/', import.meta.url);
const cycloneDxSchema = (name: string) => JSON.parse(readFileSync(new URL(name, cycloneDxSchemas), 'utf8'));
/** The bom schema names the others by file name (`spdx.SNAPSHOT.schema.json`), their own $id without SNAPSHOT. */
const referenced = (name: string) => ({ ...cycloneDxSchema(name), $id: `http://cyclonedx.org/schema/${name}` });
const cycloneDxAjv = new Ajv({ allErrors: true, strict: false })
  .addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/)
  .addFormat('iri-reference', true)
  .addFormat('idn-email', true)
  .addFormat('uri', true)
  .addSchema(referenced('spdx.SNAPSHOT.schema.json'))
  .addSchema(referenced('jsf-0.82.SNAPSHOT.schema.json'));
const validateCycloneDxBom = cycloneDxAjv.compile(cycloneDxSchema('bom-1.5.SNAPSHOT.schema.json'));

/** Throws with every violation when a BOM does not match the CycloneDX 1.5 JSON schema. */
export function assertValidCycloneDx(bom: unknown): void {
  if (!validateCycloneDxBom(bom))
    throw new Error(`not valid CycloneDX 1.5:\n${JSON.stringify(validateCycloneDxBom.errors, null, 2)}`);
}
