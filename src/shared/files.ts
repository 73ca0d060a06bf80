import { readFile } from 'node:fs/promises';

/** A text file's content; when it cannot be read, the error `fail` makes of the reason (`ENOENT`, `EACCES`, …). */
export async function readTextFile(path: string, fail: (reason: string) => Error): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw fail((error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
}
