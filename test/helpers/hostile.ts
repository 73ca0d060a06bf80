/**
 * The fake secrets planted in every field of the hostile fixture image (test/fixtures/hostile/Dockerfile) and of the
 * hostile inspect data the unit tests build: no report, no stderr line and no cache file may hold one in full.
 * All are fake and shaped only to be recognised.
 */
export const HOSTILE_SECRETS = {
  /** CMD and ENTRYPOINT in exec form: `export STRIPE_KEY=…`. */
  stripe: 'sk_live_' + 'IMGAUDITHOSTILEFIXTURE00',
  /** HEALTHCHECK: `wget --header "Authorization: Bearer …"`. */
  github: 'ghp_' + 'IMGAUDITHOSTILEFIXTURE' + '0'.repeat(14),
  /** A label. */
  slack: 'xoxb-' + '123456789012-1234567890123-' + 'IMGAUDITHOSTILEFIXTUREabc',
  /** The password of a URL in a label. */
  urlPassword: 'Hostile-Deploy-Pass-42',
  /** A label whose name says secret, with a value of no known shape. */
  labelApiKey: 'plainvalue-hostile-apikey',
  /** A JWT in a label. */
  jwt: 'eyJhbGciOiJIUzI1NiJ9' + '.' + 'eyJzdWIiOiJob3N0aWxlIn0' + '.' + 'IMGAUDITHOSTILEsignature0',
  /** `RUN printf 'aws_access_key_id = …\naws_secret_access_key = …'`: the build history. */
  awsKeyId: 'AKIA' + 'IMGAUDITHOSTILE1',
  awsSecret: 'imgauditHostileFixtureAwsSecretKey' + '000000',
  /** ENV, echoed by the container into its log. */
  dbPassword: 'hostile-db-password-not-real',
  /** Printed by the container: `starting, token=…`. */
  gitlab: 'glpat-' + 'IMGAUDITHOSTILEFIXTURE0',
  /** Printed by the container as an `Authorization: Basic …` header (base64 of hostile:s3cr3t-basic-password). */
  basic: 'aG9zdGlsZTpzM2NyM3QtYmFzaWMtcGFzc3dvcmQ=',
  /** A PyPI token written to /root/.pypirc by a RUN step (history and a file). */
  pypi: 'pypi-AgE' + 'IMGAUDITHOSTILEFIXTURE'.repeat(3),
  /** An npm token in /app/.npmrc. */
  npm: 'npm_' + 'IMGAUDITHOSTILEFIXTURE' + '0'.repeat(14),
  /** The body of a private key in /app/deploy_key.pem. */
  privateKeyBody: 'MIIEowIBAAKCAQEAimgauditHostileFixtureNotARealKey0000000000000000',
} as const;

export const HOSTILE_SECRET_VALUES: readonly string[] = Object.values(HOSTILE_SECRETS);

/** The secrets among `values` that `text` holds in full. */
export function leakedSecrets(text: string, values: readonly string[] = HOSTILE_SECRET_VALUES): string[] {
  return values.filter((value) => text.includes(value));
}
