export { classifySecret } from './classify.js';
export { scanEnv } from './env.js';
export { scanHistory } from './history.js';
export { isSecretLikeName } from './names.js';
export { detectTokenKind } from './patterns.js';
export { redact } from './redact.js';
export { scanImageConfig } from './config.js';
