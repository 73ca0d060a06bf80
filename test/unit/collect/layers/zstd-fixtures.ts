import { readFileSync } from 'node:fs';

/**
 * Made with the zstd tool (fzstd only decodes): a 358,400-byte GNU tar (etc/passwd, app/.env, the setuid
 * usr/bin/tool, data/big.txt of 345,050 bytes) as one frame with a checksum (`zstd -19 --check`), and the same tar
 * cut at byte 200,000 into two frames, the first without a checksum (`zstd -3 --no-check`, `zstd -3 --check`).
 */
export const ZSTD_LAYER = readFileSync(new URL('./fixtures/layer.tar.zst', import.meta.url));
export const ZSTD_LAYER_TWO_FRAMES = readFileSync(new URL('./fixtures/layer.tar.2frames.zst', import.meta.url));
export const ZSTD_LAYER_TAR_BYTES = 358_400;
