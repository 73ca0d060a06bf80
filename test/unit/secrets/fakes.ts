/** Fake credentials built from blocks: the right shape for the detectors, obviously not live. */

const base64url = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');

export const fake = {
  awsAccessKeyId: 'AKIA' + 'IMGAUDITTEST0001',
  awsSessionKeyId: 'ASIA' + 'IMGAUDITTEST0002',
  awsSecretAccessKey: ('imgauditFakeAwsSecret' + '0'.repeat(40)).slice(0, 40),
  githubClassic: 'ghp_' + 'A'.repeat(36),
  githubFineGrained: 'github_pat_' + 'B'.repeat(22) + '_' + 'C'.repeat(59),
  gitlab: 'glpat-' + 'x'.repeat(20),
  npm: 'npm_' + 'N'.repeat(36),
  slackBot: 'xoxb-' + '1'.repeat(12) + '-' + '2'.repeat(13) + '-' + 'a'.repeat(24),
  stripeLive: 'sk_live_' + 'S'.repeat(24),
  googleApiKey: 'AIza' + 'G'.repeat(35),
  privateKey: '-----BEGIN RSA PRIVATE KEY-----\n' + 'M'.repeat(64) + '\n-----END RSA PRIVATE KEY-----',
  jwt: `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: 'imgaudit-test' })}.${'s'.repeat(43)}`,
  sendgrid: 'SG.' + 'a'.repeat(22) + '.' + 'b'.repeat(43),
  password: 'hunter2' + 'hunter2',
} as const;
