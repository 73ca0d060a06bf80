import type { FileSecretFinding } from '../../facts.js';
import { redact } from '../../secrets/redact.js';
import { CONTENT_SIZE_CAP, type ContentWanted, type FinalView, type LayerSecret } from '../layers/types.js';
import { absolute, baseName, compareText, isDotenvName, isInSystemTree } from './paths.js';
import { findSecretsInFile } from './secret-text.js';

/** Files that hold credentials by convention, wanted wherever they are. */
const CREDENTIAL_FILES = new Set([
  '.npmrc',
  'npmrc',
  '.pypirc',
  '.netrc',
  '_netrc',
  '.git-credentials',
  'credentials',
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
  'id_ecdsa_sk',
  'id_ed25519_sk',
]);
const CREDENTIAL_SUFFIXES = ['.tfstate', '.tfstate.backup', '.tfvars'];
const DOCKER_CONFIG = '.docker/config.json';
const DOCKER_CONFIG_BELOW = `/${DOCKER_CONFIG}`;
/** Keys and text configuration: wanted only outside the distribution's and packages' trees. */
const KEY_EXTENSIONS = new Set(['pem', 'key']);
const CONFIG_EXTENSIONS = new Set([
  'json',
  'yml',
  'yaml',
  'ini',
  'conf',
  'cfg',
  'properties',
  'toml',
  'sh',
  'env',
  'xml',
]);
const JSON_SIZE_CAP = 256 * 1024;
const BINARY_SNIFF_BYTES = 8 * 1024;

/** Cheap per entry: a few string operations and Set lookups; the tree check runs only for a wanted extension. */
export const wants: ContentWanted = (path, size) => {
  if (size > CONTENT_SIZE_CAP) return false;
  const base = baseName(path);
  if (CREDENTIAL_FILES.has(base) || isDotenvName(base)) return true;
  if (path === DOCKER_CONFIG || path.endsWith(DOCKER_CONFIG_BELOW)) return true;
  for (const suffix of CREDENTIAL_SUFFIXES) if (base.endsWith(suffix)) return true;
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return false;
  const extension = base.slice(dot + 1).toLowerCase();
  if (!KEY_EXTENSIONS.has(extension) && !CONFIG_EXTENSIONS.has(extension)) return false;
  if (extension === 'json' && size > JSON_SIZE_CAP) return false;
  return !isInSystemTree(path);
};

/**
 * Scans every layer's captured copy, not just the visible one: a secret a later layer deleted or overwrote is still
 * in the image for anyone who extracts that layer.
 */
export function detectFileSecrets(view: FinalView): FileSecretFinding[] {
  const findings: FileSecretFinding[] = [];
  for (const layer of view.layers) {
    for (const { kind, path, preview, line } of layer.secrets ?? scanLayerSecrets(layer.contents)) {
      const deleted = !view.isVisible(path, layer.index);
      findings.push({ kind, path: absolute(path), layerIndex: layer.index, deleted, preview, line });
    }
  }
  return findings.sort(
    (a, b) =>
      compareText(a.path, b.path) ||
      a.layerIndex - b.layerIndex ||
      (a.line ?? 0) - (b.line ?? 0) ||
      compareText(a.kind, b.kind),
  );
}

/** The secrets in one layer's captured files, redacted: what the layer store keeps instead of their content. */
export function scanLayerSecrets(contents: ReadonlyMap<string, Buffer>): LayerSecret[] {
  const secrets: LayerSecret[] = [];
  for (const [path, content] of contents) {
    // Other detectors' files (etc/passwd, os-release) are not scanned.
    if (!wants(path, content.length) || looksBinary(content)) continue;
    for (const { kind, value, line } of findSecretsInFile(content.toString('utf8'), baseName(path))) {
      secrets.push({ path, kind, preview: `${kind}: ${redact(value)}`, line });
    }
  }
  return secrets;
}

/** Contents without the files the secret scan wanted: those never leave the scan, in memory or on disk. */
export function withoutSecretFiles(contents: ReadonlyMap<string, Buffer>): Map<string, Buffer> {
  return new Map([...contents].filter(([path, content]) => !wants(path, content.length)));
}

function looksBinary(content: Buffer): boolean {
  return content.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}
